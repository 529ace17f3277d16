/** The outcome of a proof: the label, what a verifier learns and does not, and the bundle. */
import { useEffect, useRef } from 'react';
import type { CircuitOrigin, ProveOutcome } from '../../client/workers/prover.js';
import { describeOutput } from '../../core/package/signals.js';
import { BundleView } from './BundleView.js';
import { ProvenanceResult } from './ProvenanceResult.js';

interface Props {
  readonly outcome: ProveOutcome;
  readonly elapsedMs: number;
  readonly keyCached: boolean;
  readonly circuit: CircuitOrigin;
  readonly packageName: string;
  readonly packageId: string;
  readonly developmentKey: boolean;
  /** The typed values changed since this proof: it no longer speaks for them. */
  readonly stale?: boolean;
}

const CIRCUIT_ORIGIN: Record<CircuitOrigin, string> = {
  compiled: 'circuit compiled',
  cache: "circuit read from this device's cache",
  warm: 'circuit already compiled',
};

export function ProofResult({ outcome, elapsedMs, keyCached, circuit, packageName, packageId, developmentKey, stale }: Props) {
  const b = outcome.bundle;
  const t = outcome.timings;
  const line = useRef<HTMLParagraphElement>(null);
  // A new proof: move focus to its result (announced by the live region) so it is not missed.
  useEffect(() => line.current?.focus(), [b]);
  return (
    <div className={`result${stale ? ' stale' : ''}`} aria-label="Proof result" data-stale={stale ? 'true' : 'false'}>
      {stale && (
        <p className="stale-note" role="status" data-testid="stale-note">
          The input changed since this proof: it is the proof for the previous values, not for what you see now. Prove again to get a proof
          for the current input.
        </p>
      )}
      <p className="label-line" role="status" aria-live="polite" tabIndex={-1} ref={line} data-testid="proof-live">
        {stale ? 'Previous proof' : 'Proved output'}: <strong data-testid="proved-label">{describeOutput(outcome.output)}</strong>
      </p>
      <p className="hint" data-testid="proof-timing">
        Proof made in {(elapsedMs / 1000).toFixed(2)} s (witness {t.witness.toFixed(0)} ms, prove {t.prove.toFixed(0)} ms
        {circuit === 'compiled' ? `, compile ${t.compile.toFixed(0)} ms` : ''}) · {keyCached ? 'key cached' : 'key loaded with the package'} ·{' '}
        {CIRCUIT_ORIGIN[circuit]}
        {outcome.singleThread ? ' · single-threaded' : ''}
      </p>
      {outcome.outOfRange.length > 0 && <p className="warning">Some features were outside their range and clamped.</p>}
      <div className="learns">
        <div>
          <h3>A verifier learns</h3>
          <ul>
            <li>
              the output <strong>{describeOutput(outcome.output)}</strong>
            </li>
            <li>
              that package <strong>{packageName}</strong> (id {packageId.slice(0, 12)}…) computed it, with its labels and keys
            </li>
            <li>that the input lay within the model&apos;s published ranges</li>
            {outcome.challenge ? <li>that the proof answers the challenge &ldquo;{outcome.challenge}&rdquo;</li> : <li>no challenge: anyone holding the bundle can show it again</li>}
            {developmentKey && <li>that the package uses a development key (demo trust only)</li>}
            {outcome.binding?.kind === 'signature' && <li>the fingerprint of the key that signed your values</li>}
            {outcome.binding?.kind === 'commitment' && <li>a salted commitment to your values (it hides them; only your opening reveals them)</li>}
          </ul>
        </div>
        <div>
          <h3>A verifier does not learn</h3>
          <ul>
            <li>any of your values, or how close they were to a boundary</li>
            <li>the model&apos;s scores or confidence</li>
            {outcome.binding?.kind === 'signature' && <li>the signature, or anything the source signed with your values</li>}
            <li>
              anything else about you: the bundle holds only the package id, the public signals (the output, the challenge
              {outcome.binding ? (outcome.binding.kind === 'signature' ? ', the signer’s fingerprint' : ', the commitment') : ''}) and the proof
            </li>
          </ul>
        </div>
      </div>
      <div className="not-covered">
        <h3>What this proof does not cover</h3>
        {outcome.binding?.kind === 'signature' ? (
          <p>Whether the data source measured correctly: the proof says the source&apos;s key signed these values, not that they are true.</p>
        ) : (
          <p>
            Where the input came from, who entered it and when: the proof says the model gives this output on <em>some</em> input within its
            ranges, not that the input is a real measurement.
          </p>
        )}
      </div>
      <ProvenanceResult outcome={outcome} packageName={packageName} disabled={stale} />
      <BundleView bundle={b} name={packageName} disabled={stale} />
    </div>
  );
}
