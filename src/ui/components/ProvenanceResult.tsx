/**
 * What a proof says about where its input came from (docs/PROVENANCE.md): the data source that
 * signed it, and whether this device trusts that source; or the input commitment, with the
 * opening (values and salt) offered as its own download — it is never part of the bundle.
 */
import type { ProveOutcome } from '../../client/workers/prover.js';
import { useTrustedSigners } from '../hooks/useTrustedSigners.js';
import { downloadText } from '../services/files.js';
import { shortFingerprint, signerName } from '../services/signer.js';

interface Props {
  readonly outcome: ProveOutcome;
  readonly packageName: string;
  readonly disabled?: boolean;
}

export function ProvenanceResult({ outcome, packageName, disabled }: Props) {
  const { signers } = useTrustedSigners();
  const b = outcome.binding;
  if (!b) return null;
  if (b.kind === 'signature') {
    const trusted = signers.some((s) => s.fingerprint === b.signer);
    return (
      <div className="provenance" data-testid="proof-signer">
        <h3>Where the input came from</h3>
        <p>
          The input was signed by <strong>{signerName(b.signer, signers)}</strong> (key <span className="mono" title={b.signer}>{shortFingerprint(b.signer)}</span>
          ): a verifier learns this key&apos;s fingerprint, not the signature or the values.{' '}
          {trusted ? (
            <span data-testid="signer-trust">This device trusts this signer.</span>
          ) : (
            <span data-testid="signer-trust">
              This signer is not in this device&apos;s trusted list: a verifier accepts the proof only if they trust this key (add it on the Verify page).
            </span>
          )}
        </p>
      </div>
    );
  }
  const opening = outcome.opening;
  return (
    <div className="provenance" data-testid="proof-commitment">
      <h3>Your input commitment</h3>
      <p>
        The proof commits to your values with a fresh random salt: commitment <span className="mono" title={b.commitment}>{shortFingerprint(b.commitment)}</span>. Without the
        opening nobody can tell which values it hides; with it anyone can check that this proof was about exactly them (zkinfer open).
      </p>
      {opening ? (
        <div className="row">
          <button
            type="button"
            disabled={disabled}
            onClick={() => downloadText(`zkinfer-opening-${packageName}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, JSON.stringify(opening, null, 2) + '\n')}
          >
            Download the opening
          </button>
          <span className="hint">Private: it holds your input and the salt. It is not in the bundle or the history; keep it if you may need it.</span>
        </div>
      ) : (
        <p className="hint">The opening of this proof is no longer in memory (it is never stored on this device).</p>
      )}
    </div>
  );
}
