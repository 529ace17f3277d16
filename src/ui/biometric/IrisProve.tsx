/**
 * Sign and prove on the Biometric page: the demo capture device signs the strip on screen and its
 * mask, the signed capture is kept on this device if the user wants it (for a later model
 * upgrade), and the prover worker proves the chosen iris-code package on it. Registering is
 * ProofResult's.
 */
import { useId, useState } from 'react';
import { DEMO_DEVICE_NAME, demoDeviceFingerprint } from '../../core/iris-code/demo-device.js';
import { Alert } from '../components/Alert.js';
import { ProofProgress } from '../components/ProofProgress.js';
import { ProofResult } from './ProofResult.js';
import { IRIS_PACKAGES, proveCapture, signStrip } from './prove-iris.js';
import { saveCapture } from './stored-captures.js';
import type { Analysis } from './useEyeAnalysis.js';
import { useIrisRun } from './useIrisRun.js';

export { REGISTRY_THRESHOLD } from './ProofResult.js';

interface Props {
  readonly analysis: Analysis;
  readonly what: string;
  /** Called after a signed capture was stored on this device. */
  readonly onStored?: () => void;
}

export function IrisProve({ analysis, what, onStored }: Props) {
  const id = useId();
  const [pkgName, setPkgName] = useState<string>(IRIS_PACKAGES[0]);
  const [keep, setKeep] = useState(true);
  const [storeError, setStoreError] = useState<string>();
  const { run, proof, start, cancel } = useIrisRun();
  const [provedFrom, setProvedFrom] = useState<Analysis>();

  const prove = () =>
    start(pkgName, async (pkg, onProgress, signal) => {
      setStoreError(undefined);
      const capture = await signStrip(pkg, analysis.strip, what, signal);
      if (keep) {
        // Kept on this device only; a failure to store is said, and the proof goes on.
        await saveCapture(capture).then(onStored, (e: Error) => setStoreError(`The signed capture could not be kept on this device: ${e.message}`));
      }
      const p = await proveCapture(pkg, capture, onProgress, signal);
      setProvedFrom(analysis);
      return p;
    });

  const stale = proof && provedFrom !== analysis;
  return (
    <>
      <p className="warning demo-key" role="note" data-testid="demo-device-warning">
        <strong>Demo capture device.</strong> The strip and its mask are signed here with <strong>{DEMO_DEVICE_NAME}</strong>. A real capture device signs in its own
        hardware; this key&apos;s private half ships with the app. Fingerprint: <span className="mono">{demoDeviceFingerprint()}</span>
      </p>
      <div className="row">
        <label htmlFor={`${id}-pkg`}>Iris-code model</label>
        <select id={`${id}-pkg`} value={pkgName} onChange={(e) => setPkgName(e.target.value)} disabled={run.status === 'running'} style={{ width: 'auto' }}>
          {IRIS_PACKAGES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <button type="button" className="primary" onClick={() => void prove()} disabled={run.status === 'running'}>
          Sign and prove
        </button>
      </div>
      <label className="check">
        <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} /> Keep the signed capture on this device (strip codes, mask and the device&apos;s signatures, in this
        browser&apos;s storage; never the picture), to prove it again after a model upgrade
      </label>
      {run.status === 'running' && <ProofProgress startedAt={run.startedAt} stage={run.stage} fraction={run.fraction} message={run.message} onCancel={cancel} />}
      {run.status === 'error' && <Alert title="Not proved:">{run.message}</Alert>}
      {storeError && <Alert title="Not kept:">{storeError}</Alert>}
      {proof && (
        <ProofResult
          key={proof.n}
          proof={proof.proof}
          reference={provedFrom?.code}
          staleNote={stale ? `This proof is of an earlier strip (${proof.proof.capture.what}); prove again for the one shown above.` : undefined}
        />
      )}
    </>
  );
}
