/** The outcome of a proof: the label, what a verifier learns and does not, and the bundle. */
import type { ProveOutcome } from '../../client/workers/prover.js';
import { outputText } from '../services/history.js';
import { BundleView } from './BundleView.js';

interface Props {
  readonly outcome: ProveOutcome;
  readonly elapsedMs: number;
  readonly keyCached: boolean;
  readonly recompiled: boolean;
}

export function ProofResult({ outcome, elapsedMs, keyCached, recompiled }: Props) {
  const b = outcome.bundle;
  const t = outcome.timings;
  return (
    <div className="result" aria-label="Proof result">
      <p className="label-line">
        Proved output: <strong data-testid="proved-label">{outputText(b)}</strong>
      </p>
      <p className="hint" data-testid="proof-timing">
        Proof made in {(elapsedMs / 1000).toFixed(2)} s (witness {t.witness.toFixed(0)} ms, prove {t.prove.toFixed(0)} ms
        {recompiled ? `, compile ${t.compile.toFixed(0)} ms` : ''}) · {keyCached ? 'key cached' : 'key loaded with the package'} ·{' '}
        {recompiled ? 'circuit compiled' : 'circuit already compiled'}
        {outcome.singleThread ? ' · single-threaded' : ''}
      </p>
      {outcome.outOfRange.length > 0 && <p className="warning">Some features were outside their range and clamped.</p>}
      <div className="learns">
        <div>
          <h3>A verifier learns</h3>
          <ul>
            <li>
              the output <strong>{outputText(b)}</strong>
            </li>
            <li>
              that model <strong>{b.model.name}</strong> (sha256 {b.model.modelHash.slice(0, 12)}…) computed it
            </li>
            <li>that the input lay within the model&apos;s published ranges</li>
            {b.model.developmentKey && <li>that the package uses a development key (demo trust only)</li>}
          </ul>
        </div>
        <div>
          <h3>A verifier does not learn</h3>
          <ul>
            <li>any of your values, or how close they were to a boundary</li>
            <li>the model&apos;s scores or confidence</li>
            <li>anything else about you: the bundle holds only the output, the model&apos;s hashes and the proof</li>
          </ul>
        </div>
      </div>
      <BundleView bundle={b} />
    </div>
  );
}
