/**
 * The private data of a signature-bound package: only values a data source signed. The user opens
 * the signed data file; it is checked here (services/signed-input.ts) and its values fill in,
 * read-only, with the signer named. A refused file changes nothing: the message says why.
 */
import { useEffect, useId, useState } from 'react';
import type { Manifest } from '../../core/package/manifest.js';
import { Alert } from './Alert.js';
import { DropZone } from './DropZone.js';
import { useTrustedSigners } from '../hooks/useTrustedSigners.js';
import type { SignedData } from '../services/signed-input.js';
import { checkSignedFile } from '../services/signed-input.js';
import { shortFingerprint, signerName } from '../services/signer.js';
import { href, navigate } from '../router.js';
import { takeHandedOver } from '../lab/handoff.js';

interface Props {
  readonly pkg: { readonly id: string; readonly manifest: Manifest };
  readonly signed?: SignedData;
  readonly onSigned: (data: SignedData) => void;
  readonly packageNames: () => ReadonlyMap<string, string>;
  readonly disabled?: boolean;
}

/** Above this many values the read-only list is folded away. */
const MANY = 64;

export function SignedInputPanel({ pkg, signed, onSigned, packageNames, disabled }: Props) {
  const id = useId();
  const [refused, setRefused] = useState<{ title: string; message: string }>();
  const { signers } = useTrustedSigners();
  const spec = pkg.manifest.input;

  const use = (fileName: string, text: string) => {
    const r = checkSignedFile(fileName, text, pkg, packageNames());
    if (r.ok) {
      setRefused(undefined);
      onSigned(r.data);
    } else {
      setRefused({ title: r.title, message: signed ? `${r.message} Your signed data from ${signed.fileName} is kept.` : r.message });
    }
  };
  const open = async (file: File) => use(file.name, await file.text());

  // A file the Lab page signed and handed over ("Prove with it").
  useEffect(() => {
    const p = takeHandedOver(pkg.id);
    if (p) use(p.fileName, p.text);
  }, [pkg.id]);

  const trusted = signed && signers.some((s) => s.fingerprint === signed.fingerprint);
  const values = signed && (
    <fieldset className="features" disabled={disabled}>
      <legend>Signed values ({spec.features.length}, read-only)</legend>
      {spec.features.map((f, i) => (
        <div className="feature" key={i}>
          <label htmlFor={`${id}-v${i}`}>
            {f.name}
            {f.unit ? ` (${f.unit})` : ''}
          </label>
          <input id={`${id}-v${i}`} type="text" readOnly value={String(signed.values[i])} />
        </div>
      ))}
    </fieldset>
  );

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>2. Your signed data</h2>
      <p className="hint">
        Package <strong>{pkg.manifest.name}</strong> proves only values signed by a data source (a lab): the proof shows the verifier that
        a key they trust signed exactly the values the model read. Open the signed data file the source gave you; it stays on this device.
        No signed file? The{' '}
        <a
          href={href('lab')}
          onClick={(e) => {
            e.preventDefault();
            navigate(href('lab'));
          }}
        >
          Lab page
        </a>{' '}
        signs a sample patient with a demo key.
      </p>
      <DropZone label="Signed data file" accept=".json,application/json" hint="Drop the signed data file (JSON) here, or choose it." onFiles={(files) => void open(files[0]!)} />
      {refused && <Alert title={refused.title}>{refused.message}</Alert>}
      {signed ? (
        <>
          <p className="note signed-by" role="status" data-testid="signed-by">
            Signed by <strong>{signerName(signed.fingerprint, signers)}</strong> (key <span className="mono" title={signed.fingerprint}>{shortFingerprint(signed.fingerprint)}</span>)
            {trusted ? ', a signer you trust on this device' : ''} — from {signed.fileName}
            {signed.metadataNames.length > 0 ? `, with ${signed.metadataNames.join(', ')}` : ''}.
          </p>
          {spec.features.length > MANY ? (
            <details>
              <summary>The {spec.features.length} signed values</summary>
              {values}
            </details>
          ) : (
            values
          )}
        </>
      ) : (
        <p className="hint" data-testid="signed-missing">
          No signed data yet: the values come only from a signed file.
        </p>
      )}
    </section>
  );
}
