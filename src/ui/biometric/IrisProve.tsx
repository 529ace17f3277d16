/**
 * Prove and register on the Biometric page: the demo capture device signs the strip, the prover
 * worker proves the iris-code package on it, and the registry on this device enrols the bundle
 * (or says it is already enrolled, with the distance). The bundle and the mask file can be saved
 * for the Register page or the CLI (`zkinfer registry add`).
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { RegistryVerdict } from '../../core/registry/index.js';
import { DEMO_DEVICE_NAME, demoDeviceFingerprint } from '../../core/iris-code/demo-device.js';
import { maskFileInWorker } from '../../client/workers/verifier.js';
import { isAbortError } from '../../client/workers/bridge.js';
import { Alert } from '../components/Alert.js';
import { ProofProgress } from '../components/ProofProgress.js';
import { toProgress } from '../hooks/useProveSession.js';
import { useLeaveWarning } from '../hooks/useLeaveWarning.js';
import { downloadText } from '../services/files.js';
import { DistanceHistogram } from './DistanceHistogram.js';
import { PixelCanvas } from './PixelCanvas.js';
import { RegistryVerdictView } from './RegistryVerdictView.js';
import { codeImageSize, codePixels } from './bit-images.js';
import type { IrisProof } from './prove-iris.js';
import { IRIS_PACKAGES, agreement, loadIrisPackage, proveIris } from './prove-iris.js';
import type { Analysis } from './useEyeAnalysis.js';
import { enrol } from './useRegistry.js';

type Run = { status: 'idle' } | { status: 'running'; startedAt: number; stage: string; fraction: number; message: string } | { status: 'error'; message: string };

/** iris-v1's threshold (its model states it; the histogram's figures are iris-v1's). */
export const REGISTRY_THRESHOLD = 0.32;

export function IrisProve({ analysis, what }: { analysis: Analysis; what: string }) {
  const id = useId();
  const [pkgName, setPkgName] = useState<string>(IRIS_PACKAGES[0]);
  const [run, setRun] = useState<Run>({ status: 'idle' });
  const [proof, setProof] = useState<IrisProof & { what: string; analysis: Analysis }>();
  const [verdict, setVerdict] = useState<RegistryVerdict>();
  const [registering, setRegistering] = useState<string>();
  const [registerError, setRegisterError] = useState<string>();
  const ctrl = useRef<AbortController | undefined>(undefined);
  useLeaveWarning(run.status === 'running');
  useEffect(() => () => ctrl.current?.abort(), []);

  const prove = async () => {
    const c = new AbortController();
    ctrl.current = c;
    const startedAt = performance.now();
    setVerdict(undefined);
    setRegisterError(undefined);
    setRun({ status: 'running', startedAt, stage: 'Load key', fraction: 0.01, message: `loading ${pkgName}` });
    try {
      const pkg = await loadIrisPackage(pkgName, true, (m) => !c.signal.aborted && setRun({ status: 'running', startedAt, stage: 'Load key', fraction: 0.01, message: m }));
      const p = await proveIris(pkg, analysis.strip, (e) => !c.signal.aborted && setRun({ status: 'running', startedAt, ...toProgress(e) }), c.signal);
      setProof({ ...p, what, analysis });
      setRun({ status: 'idle' });
    } catch (e) {
      // The earlier proof (if any) stays; a cancel is not an error.
      setRun(isAbortError(e) ? { status: 'idle' } : { status: 'error', message: (e as Error).message });
    }
  };

  const register = async () => {
    if (!proof) return;
    setVerdict(undefined);
    setRegisterError(undefined);
    try {
      setVerdict(await enrol({ packageName: proof.packageName, bundle: proof.bundle, mask: proof.mask, onStatus: setRegistering }));
    } catch (e) {
      setRegisterError((e as Error).message);
    } finally {
      setRegistering(undefined);
    }
  };

  const stale = proof && proof.analysis !== analysis;
  const size = proof ? codeImageSize(proof.code) : undefined;
  const usable = proof ? proof.code.valid.reduce((n, v) => n + v, 0) : 0;
  return (
    <>
      <p className="warning demo-key" role="note" data-testid="demo-device-warning">
        <strong>Demo capture device.</strong> The strip is signed here with <strong>{DEMO_DEVICE_NAME}</strong>. A real capture device signs in its own hardware;
        this key&apos;s private half ships with the app. Fingerprint: <span className="mono">{demoDeviceFingerprint()}</span>
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
      {run.status === 'running' && <ProofProgress startedAt={run.startedAt} stage={run.stage} fraction={run.fraction} message={run.message} onCancel={() => ctrl.current?.abort()} />}
      {run.status === 'error' && <Alert title="Not proved:">{run.message}</Alert>}
      {proof && size && (
        <div className={`result${stale ? ' stale' : ''}`} data-testid="iris-proof">
          {stale && <p className="stale-note">This proof is of an earlier strip ({proof.what}); prove again for the one shown above.</p>}
          <p>
            Proved with <strong>{proof.packageName}</strong> in {(proof.proveMs / 1000).toFixed(1)} s: a {proof.code.bits.length.toLocaleString('en')}-bit code ({usable.toLocaleString('en')} usable), bound to
            the capture device&apos;s signature. On the usable bits, the proved code agrees with this page&apos;s float reference on{' '}
            <strong data-testid="proof-agreement">{(100 * agreement(proof.code, proof.analysis.code)).toFixed(1)} %</strong>
            {proof.packageName === IRIS_PACKAGES[0] ? '' : ' (the page shows the v1 reference; another filter bank gives another code)'}.
          </p>
          <PixelCanvas width={size.width} height={size.height} pixels={codePixels(proof.code, true)} scale={4} label={`The proved iris code, ${proof.code.bits.length} bits`} testId="proved-code" />
          <div className="row">
            <button type="button" className="primary" onClick={() => void register()} disabled={registering !== undefined}>
              Register this code
            </button>
            <button type="button" onClick={() => downloadText(`iris-${proof.packageName}-bundle.json`, JSON.stringify(proof.bundle, null, 2) + '\n')}>
              Download bundle
            </button>
            <button type="button" onClick={() => void maskFileInWorker(proof.mask, proof.stripSize.height, proof.stripSize.width).then((f) => downloadText(`iris-${proof.packageName}-mask.json`, JSON.stringify(f) + '\n'))}>
              Download mask
            </button>
          </div>
          <p className="hint">Registering sends nothing anywhere: the registry is kept on this device (see Register). The bundle holds the code, the proof and the device fingerprint — not the picture or the strip.</p>
          {registering && <p role="status">{registering}</p>}
          {registerError && <Alert title="Not registered:">{`${registerError} Nothing was stored.`}</Alert>}
          {verdict && <RegistryVerdictView verdict={verdict} onRetry={() => void register()} />}
          {verdict?.status === 'refused' && verdict.distance !== undefined && proof.packageName === IRIS_PACKAGES[0] && <DistanceHistogram threshold={REGISTRY_THRESHOLD} mark={{ distance: verdict.distance, label: 'this code' }} />}
        </div>
      )}
    </>
  );
}
