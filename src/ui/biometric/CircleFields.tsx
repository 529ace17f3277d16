/** The circles as numbers: the same edits as the handles, typed (and readable by a screen reader). */
import { useId } from 'react';
import type { Circle, IrisSegmentation } from '../../core/iris/index.js';
import type { Which } from './circles.js';
import { setCircle } from './circles.js';

interface Props {
  readonly circles: IrisSegmentation;
  readonly size: { width: number; height: number };
  readonly onChange: (next: IrisSegmentation) => void;
}

const PARTS: { key: keyof Circle; label: string }[] = [
  { key: 'x', label: 'centre x' },
  { key: 'y', label: 'centre y' },
  { key: 'r', label: 'radius' },
];

export function CircleFields({ circles, size, onChange }: Props) {
  const id = useId();
  return (
    <div className="circle-fields">
      {(['pupil', 'iris'] as Which[]).map((which) => (
        <fieldset key={which}>
          <legend>{which === 'pupil' ? 'Pupil' : 'Iris'} (pixels)</legend>
          {PARTS.map(({ key, label }) => (
            <div key={key} className="circle-field">
              <label htmlFor={`${id}-${which}-${key}`}>{label}</label>
              <input
                id={`${id}-${which}-${key}`}
                type="number"
                step={1}
                value={circles[which][key]}
                onChange={(e) => {
                  const v = e.currentTarget.valueAsNumber;
                  if (Number.isFinite(v)) onChange({ ...circles, [which]: setCircle(circles[which], { [key]: v }, size) });
                }}
              />
            </div>
          ))}
        </fieldset>
      ))}
    </div>
  );
}
