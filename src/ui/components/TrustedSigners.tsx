/**
 * The verifier's trusted data sources, kept on this device (IndexedDB): add one by fingerprint,
 * public key, key file or signed data file, name it, remove it. A signature-bound proof is
 * accepted only when its signer is listed here.
 */
import { useId, useState } from 'react';
import { trust, untrust, useTrustedSigners } from '../hooks/useTrustedSigners.js';
import { signerFingerprint, shortFingerprint } from '../services/signer.js';
import { demoLabFingerprint } from '../lab/demo-key.js';
import { demoDeviceFingerprint } from '../../core/iris-code/demo-device.js';

/** `onChange`: after the list changed (the page re-checks the bundle it shows). */
export function TrustedSignersPanel({ onChange }: { onChange?: () => void }) {
  const id = useId();
  const { signers, loaded } = useTrustedSigners();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string>();

  const add = async (text: string, what: string) => {
    let fingerprint: string;
    try {
      fingerprint = signerFingerprint(text);
    } catch (e) {
      setProblem(`${what}: ${(e as Error).message}. The list was not changed.`);
      return;
    }
    setProblem(undefined);
    await trust(fingerprint, name.trim() || `key ${shortFingerprint(fingerprint)}`);
    setName('');
    setKey('');
    onChange?.();
  };

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Trusted data sources</h2>
      <p className="hint">
        A proof of signed data is accepted only if you trust the key that signed it. This list is kept on this device. Anyone can make a key,
        so add only keys you got from the source itself.
      </p>
      {loaded && signers.length === 0 && <p data-testid="no-trusted">No trusted data sources yet.</p>}
      {signers.length > 0 && (
        <ul className="signers" aria-label="Trusted data sources">
          {signers.map((s) => (
            <li key={s.fingerprint}>
              <strong>{s.name}</strong> <span className="mono" title={s.fingerprint}>{shortFingerprint(s.fingerprint)}</span>
              {(s.fingerprint === demoLabFingerprint() || s.fingerprint === demoDeviceFingerprint()) && <span className="warning"> demo key: its private key is public</span>}{' '}
              <button
                type="button"
                aria-label={`Remove ${s.name}`}
                onClick={() =>
                  void untrust(s.fingerprint).then(() => {
                    onChange?.();
                  })
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add(key, 'The key');
        }}
      >
        <label htmlFor={`${id}-name`}>Name of the source</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. City Hospital lab" />
        <label htmlFor={`${id}-key`}>Public key or fingerprint</label>
        <div className="row">
          <input id={`${id}-key`} className="mono" value={key} onChange={(e) => setKey(e.target.value)} placeholder='fingerprint, or ["x", "y"]' />
          <button type="submit" disabled={!key.trim()}>
            Trust this key
          </button>
        </div>
        <label htmlFor={`${id}-file`}>Or a key file or signed data file (only its public key is read)</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,application/json"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) void f.text().then((t) => add(t, f.name));
          }}
        />
      </form>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
