/**
 * The input ranges of a model being published: one range for every feature, or one per feature
 * (up to MAX_FEATURE_ROWS), the input bits and the input kind. Fields hold text; the page reads
 * them (services/input-ranges.ts) and names what is wrong.
 */
import { useId } from 'react';
import type { InputKind } from '../../core/model/input-spec.js';
import type { FeatureRow, RangeForm } from '../services/input-ranges.js';
import { featureRows, kindsFor, MAX_FEATURE_ROWS } from '../services/input-ranges.js';

const KIND_TEXT: Record<InputKind, string> = {
  tabular: 'tabular: one typed value per feature',
  digit: 'digit: a handwritten digit (MNIST-style preprocessing)',
  image: 'image: a picture used as is',
  'iris-strip': 'iris strip: a normalised iris strip',
};

interface Props {
  readonly form: RangeForm;
  readonly shape: readonly number[];
  readonly onChange: (form: RangeForm) => void;
  readonly disabled?: boolean;
}

export function RangeFields({ form, shape, onChange, disabled }: Props) {
  const id = useId();
  const count = shape.reduce((a, b) => a * b, 1);
  const perFeatureAllowed = count <= MAX_FEATURE_ROWS;
  const rows = form.mode === 'per-feature' ? featureRows(form, shape) : [];
  const setRow = (i: number, patch: Partial<FeatureRow>) => {
    const next = [...rows];
    next[i] = { ...next[i]!, ...patch };
    onChange({ ...form, features: next });
  };
  return (
    <fieldset className="ranges" disabled={disabled}>
      <legend>Ranges of the {count.toLocaleString('en')} input features</legend>
      <div className="row" role="radiogroup" aria-label="Range mode">
        <label className="check">
          <input type="radio" name={`${id}-mode`} checked={form.mode === 'global'} onChange={() => onChange({ ...form, mode: 'global' })} /> One range for every feature
        </label>
        <label className="check">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={form.mode === 'per-feature'}
            disabled={!perFeatureAllowed && form.mode !== 'per-feature'}
            onChange={() => onChange({ ...form, mode: 'per-feature', features: featureRows(form, shape) })}
          />{' '}
          One range per feature{!perFeatureAllowed && ` (up to ${MAX_FEATURE_ROWS} features here; load an input spec for more)`}
        </label>
      </div>
      {form.mode === 'global' && (
        <div className="range-grid">
          <div>
            <label htmlFor={`${id}-min`}>Minimum</label>
            <input id={`${id}-min`} type="text" inputMode="decimal" value={form.min} onChange={(e) => onChange({ ...form, min: e.target.value })} />
          </div>
          <div>
            <label htmlFor={`${id}-max`}>Maximum</label>
            <input id={`${id}-max`} type="text" inputMode="decimal" value={form.max} onChange={(e) => onChange({ ...form, max: e.target.value })} />
          </div>
        </div>
      )}
      {form.mode === 'per-feature' && !perFeatureAllowed && (
        <p className="hint" data-testid="ranges-from-spec">
          {rows.length.toLocaleString('en')} per-feature ranges from the loaded input spec (from {Math.min(...rows.map((r) => Number(r.min)))} to{' '}
          {Math.max(...rows.map((r) => Number(r.max)))}).
        </p>
      )}
      {form.mode === 'per-feature' && perFeatureAllowed && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Per-feature ranges (scrolls sideways)">
          <table className="feature-ranges">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Name</th>
                <th scope="col">Minimum</th>
                <th scope="col">Maximum</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>
                    <input type="text" aria-label={`Feature ${i + 1} name`} value={r.name} onChange={(e) => setRow(i, { name: e.target.value })} />
                  </td>
                  <td>
                    <input type="text" inputMode="decimal" aria-label={`Feature ${i + 1} minimum`} value={r.min} onChange={(e) => setRow(i, { min: e.target.value })} />
                  </td>
                  <td>
                    <input type="text" inputMode="decimal" aria-label={`Feature ${i + 1} maximum`} value={r.max} onChange={(e) => setRow(i, { max: e.target.value })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="range-grid">
        <div>
          <label htmlFor={`${id}-bits`}>Input bits</label>
          <input id={`${id}-bits`} type="text" inputMode="numeric" value={form.bits} aria-describedby={`${id}-bits-hint`} onChange={(e) => onChange({ ...form, bits: e.target.value })} />
          <p className="hint" id={`${id}-bits-hint`}>
            Levels per feature: 2^bits (8 for pictures: their 256 grey levels).
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-kind`}>Input kind</label>
          <select id={`${id}-kind`} value={form.kind} onChange={(e) => onChange({ ...form, kind: e.target.value as InputKind })}>
            {kindsFor(shape).map((k) => (
              <option key={k} value={k}>
                {KIND_TEXT[k]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </fieldset>
  );
}
