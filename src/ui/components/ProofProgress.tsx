/** Stages, a progress bar and the elapsed time of a running proof, with Cancel. */
import { useEffect, useState } from 'react';

const STAGES = ['Load key', 'Compile', 'Witness', 'Prove'] as const;

interface Props {
  readonly startedAt: number;
  readonly stage: string;
  readonly fraction: number;
  readonly message: string;
  readonly onCancel: () => void;
}

export function ProofProgress({ startedAt, stage, fraction, message, onCancel }: Props) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(t);
  }, []);
  const at = STAGES.indexOf(stage as (typeof STAGES)[number]);
  return (
    <div className="progress">
      <ol className="stages" aria-label="Proof stages">
        {STAGES.map((s, i) => (
          <li key={s} className={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined}>
            {s}
          </li>
        ))}
      </ol>
      <progress aria-label="Proof progress" max={1} value={fraction} />
      <p role="status" aria-live="polite">
        {stage}: {message} — <span className="elapsed">{((now - startedAt) / 1000).toFixed(1)} s</span>
      </p>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
