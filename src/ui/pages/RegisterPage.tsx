/**
 * Register (issue 14): this device's iris registry. A bundle is enrolled only if it verifies
 * against the chosen iris-code package, its capture device is trusted, the mask beside it is the one
 * that device signed for the capture, and its code is farther than the threshold from every
 * enrolled code of that package; a bundle of the same signed capture under another package
 * upgrades its entry (if its new code matches no other entry of that package). Everything is kept in this browser (IndexedDB); nothing is
 * sent anywhere. Refusals are named and change nothing.
 */
import { useId, useState } from 'react';
import type { RegistryVerdict } from '../../core/registry/index.js';
import { demoDeviceFingerprint } from '../../core/iris-code/demo-device.js';
import { hexToBits } from '../../core/package/signals.js';
import type { SignedMask } from '../../core/iris-code/mask-file.js';
import { readMaskFile } from '../../core/iris-code/mask-file.js';
import { Alert } from '../components/Alert.js';
import { DropZone } from '../components/DropZone.js';
import { TrustedSignersPanel } from '../components/TrustedSigners.js';
import { DistanceHistogram } from '../biometric/DistanceHistogram.js';
import { REGISTRY_THRESHOLD } from '../biometric/IrisProve.js';
import { RegistryVerdictView } from '../biometric/RegistryVerdictView.js';
import { IRIS_PACKAGES } from '../biometric/prove-iris.js';
import { enrol, useRegistry } from '../biometric/useRegistry.js';
import { shortFingerprint } from '../services/signer.js';

interface Picked {
  readonly name: string;
  readonly text: string;
}

export function RegisterPage() {
  const id = useId();
  const { registry, problem } = useRegistry();
  const [pkgName, setPkgName] = useState<string>(IRIS_PACKAGES[0]);
  const [bundle, setBundle] = useState<Picked>();
  const [mask, setMask] = useState<{ name: string; mask: SignedMask }>();
  const [inputError, setInputError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [verdict, setVerdict] = useState<RegistryVerdict>();
  const [failure, setFailure] = useState<string>();

  const pickBundle = async (files: File[]) => {
    const f = files[0]!;
    setVerdict(undefined);
    setInputError(undefined);
    setBundle({ name: f.name, text: await f.text() });
  };

  const pickMask = async (files: File[]) => {
    const f = files[0]!;
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(await f.text());
      } catch {
        throw new Error('not JSON');
      }
      setMask({ name: f.name, mask: readMaskFile(raw, { height: 32, width: 256 }) });
      setInputError(undefined);
    } catch (e) {
      // The mask chosen before (if any) stays.
      setInputError(`${f.name}: ${(e as Error).message}. Choose the signed mask file saved with the bundle (format "zkinfer-iris-mask").`);
    }
  };

  const submit = async () => {
    if (!bundle) return;
    setVerdict(undefined);
    setFailure(undefined);
    let raw: unknown;
    try {
      raw = JSON.parse(bundle.text);
    } catch {
      setInputError(`${bundle.name} is not JSON, so it is not a proof bundle. Choose the bundle saved on the Biometric page (or by zkinfer prove).`);
      return;
    }
    try {
      setVerdict(await enrol({ packageName: pkgName, bundle: raw, mask: mask?.mask, onStatus: setStatus }));
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setStatus(undefined);
    }
  };

  const entries = registry?.entries ?? [];
  return (
    <>
      <h1>Register: iris codes enrolled on this device</h1>
      <p className="promise">
        A registry of iris codes, each with the proof that a published model derived it from a capture signed by a trusted device. It is kept in this browser; this
        page sends nothing anywhere.
      </p>
      {problem && <Alert title="The stored registry cannot be read:">{`${problem}. It was left as it is.`}</Alert>}
      <section className="card" aria-labelledby={`${id}-add-h`}>
        <h2 id={`${id}-add-h`}>Enrol a bundle</h2>
        <div className="row">
          <label htmlFor={`${id}-pkg`}>Iris-code package</label>
          <select id={`${id}-pkg`} value={pkgName} onChange={(e) => setPkgName(e.target.value)} style={{ width: 'auto' }}>
            {IRIS_PACKAGES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="sources">
          <div>
            <DropZone label="Proof bundle" accept=".json,application/json" onFiles={(f) => void pickBundle(f)} hint={bundle ? `Chosen: ${bundle.name}` : 'The bundle saved on the Biometric page.'} />
          </div>
          <div>
            <DropZone
              label="Signed occlusion mask"
              accept=".json,application/json"
              onFiles={(f) => void pickMask(f)}
              hint={mask ? `Chosen: ${mask.name}${mask.mask.device ? '' : ' (unsigned: the registry will refuse it)'}` : 'The mask file saved with the bundle, signed by the capture device. A bundle without it is refused.'}
            />
          </div>
        </div>
        <div className="row">
          <button type="button" className="primary" onClick={() => void submit()} disabled={!bundle || status !== undefined}>
            Enrol
          </button>
        </div>
        {inputError && (
          <p className="field-error" role="alert">
            {inputError}
          </p>
        )}
        {status && <p role="status">{status}</p>}
        {failure && <Alert title="Not enrolled:">{`${failure} Nothing was stored.`}</Alert>}
        {verdict && <RegistryVerdictView verdict={verdict} onRetry={() => void submit()} />}
      </section>

      <section className="card" aria-labelledby={`${id}-list-h`}>
        <h2 id={`${id}-list-h`}>Enrolled ({entries.length})</h2>
        {entries.length === 0 ? (
          <p data-testid="registry-empty">Nothing enrolled yet.</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Enrolled codes">
            <table data-testid="registry-entries">
              <thead>
                <tr>
                  <th>Entry</th>
                  <th>Package</th>
                  <th>Capture device</th>
                  <th>Usable bits</th>
                  <th>Enrolled</th>
                  <th>Upgrades</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td>{e.id}</td>
                    <td>{e.packageName}</td>
                    <td>
                      <span className="mono" title={e.signer}>
                        {shortFingerprint(e.signer)}
                      </span>
                      {e.signer === demoDeviceFingerprint() && <span className="warning"> demo device</span>}
                    </td>
                    <td>{hexToBits(e.valid, e.bits).reduce((n, v) => n + v, 0)}</td>
                    <td>{new Date(e.enrolledAt).toLocaleString()}</td>
                    <td>{e.upgrades.length === 0 ? '—' : e.upgrades.map((u) => `from ${u.fromPackageName}`).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby={`${id}-hist-h`}>
        <h2 id={`${id}-hist-h`}>Same eye or another?</h2>
        <DistanceHistogram threshold={REGISTRY_THRESHOLD} mark={verdict?.status === 'refused' && verdict.distance !== undefined && pkgName === IRIS_PACKAGES[0] ? { distance: verdict.distance, label: 'this bundle' } : undefined} />
      </section>
      <TrustedSignersPanel />
    </>
  );
}

