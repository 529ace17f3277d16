/** Stages, a progress bar and the elapsed time of a running proof (or another long job: `what`, `stages`), with Cancel. */
import { useEffect, useState } from 'react';

const STAGES: readonly string[] = ['Load key', 'Compile', 'Witness', 'Prove'];

interface Props {
  readonly startedAt: number;
  readonly stage: string;
  readonly fraction: number;
  readonly message: string;
  readonly onCancel: () => void;
  /** The job's name in the labels ("Proof stages", "Proof progress"). */
  readonly what?: string;
  readonly stages?: readonly string[];
}

export function ProofProgress({ startedAt, stage, fraction, message, onCancel, what = 'Proof', stages = STAGES }: Props) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(t);
  }, []);
  const at = stages.indexOf(stage);
  return (
    <div className="progress">
      <ol className="stages" aria-label={`${what} stages`}>
        {stages.map((s, i) => (
          <li key={s} className={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined}>
            {s}
          </li>
        ))}
      </ol>
      <progress aria-label={`${what} progress`} max={1} value={fraction} />
      <p role="status" aria-live="polite">
        {stage}: {message} — <span className="elapsed">{((now - startedAt) / 1000).toFixed(1)} s</span>
      </p>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
