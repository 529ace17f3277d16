/**
 * The Verify page's word on where a proof's input came from: the trusted signer of a valid
 * signature-bound proof, the commitment of a commitment-bound one, and for a proof whose signer is
 * not trusted, who signed it and a way to trust that key (after which the page checks again).
 */
import { useId, useState } from 'react';
import type { VerifiedFacts } from '../../core/package/verify.js';
import { trust, useTrustedSigners } from '../hooks/useTrustedSigners.js';
import { demoLabFingerprint } from '../lab/demo-key.js';
import { shortFingerprint, signerName } from '../services/signer.js';

export function BindingFacts({ binding }: { binding: VerifiedFacts['binding'] }) {
  const { signers } = useTrustedSigners();
  if (!binding || binding.kind === 'none') return null;
  if (binding.kind === 'signature') {
    return (
      <li data-testid="verified-signer">
        input signed by <strong>{signerName(binding.signer, signers)}</strong> (key <span className="mono" title={binding.signer}>{shortFingerprint(binding.signer)}</span>), a
        data source you trust
        {binding.signer === demoLabFingerprint() ? ' — but this is the public demo key: anyone can sign with it' : ''}
      </li>
    );
  }
  return (
    <li data-testid="verified-commitment">
      input commitment <span className="mono">{binding.commitment}</span>: the prover can show you the opening (values and salt) to prove which input
      this was (zkinfer open)
    </li>
  );
}

/** Untrusted signer: the proof checks, but the key is not in the list. */
export function UntrustedSigner({ signer, onTrusted }: { signer: string; onTrusted: () => void }) {
  const id = useId();
  const { signers } = useTrustedSigners();
  const demo = signer === demoLabFingerprint();
  const [name, setName] = useState(demo ? 'Demo Lab (demo key)' : '');
  return (
    <div className="untrusted" data-testid="untrusted-signer">
      <p>
        Signed by <strong>{signerName(signer, signers)}</strong>, key <span className="mono">{signer}</span>.{' '}
        {demo
          ? 'This is the Lab page’s demo key, whose private key is public: trust it only to try the demo.'
          : 'Trust it only if you know this key belongs to the data source (ask the source for its fingerprint).'}
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void trust(signer, name.trim() || `key ${shortFingerprint(signer)}`).then(onTrusted);
        }}
      >
        <label htmlFor={`${id}-n`}>Name</label>
        <input id={`${id}-n`} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">Trust this signer</button>
      </form>
    </div>
  );
}
