/**
 * A proved iris code on the Biometric page, from the strip on screen or from a stored signed
 * capture: the code as a bit image, and registering it in this device's registry (or downloading
 * the bundle and the signed mask for the Register page or `zkinfer registry add`).
 */
import { useState } from 'react';
import type { RegistryVerdict } from '../../core/registry/index.js';
import type { IrisCode } from '../../core/iris/index.js';
import { Alert } from '../components/Alert.js';
import { downloadText } from '../services/files.js';
import { DistanceHistogram } from './DistanceHistogram.js';
import { PixelCanvas } from './PixelCanvas.js';
import { RegistryVerdictView } from './RegistryVerdictView.js';
import { codeImageSize, codePixels } from './bit-images.js';
import type { IrisProof } from './prove-iris.js';
import { IRIS_PACKAGES, agreement } from './prove-iris.js';
import { enrol } from './useRegistry.js';

/** iris-v1's threshold (its model states it; the histogram's reference figures are iris-v1's). */
export const REGISTRY_THRESHOLD = 0.32;

const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const CIRCUIT = { compiled: 'compiled', cache: 'read from this device\'s cache', warm: 'already loaded' } as const;

interface Props {
  readonly proof: IrisProof;
  /** The page's float reference code of the same strip, when the strip is on screen. */
  readonly reference?: IrisCode;
  /** Said when the proof is of an earlier strip than the one shown. */
  readonly staleNote?: string;
  readonly testId?: string;
}

export function ProofResult({ proof, reference, staleNote, testId = 'iris-proof' }: Props) {
  const [verdict, setVerdict] = useState<RegistryVerdict>();
  const [registering, setRegistering] = useState<string>();
  const [registerError, setRegisterError] = useState<string>();

  const register = async () => {
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

  const size = codeImageSize(proof.code);
  const usable = proof.code.valid.reduce((n, v) => n + v, 0);
  const v1 = proof.packageName === IRIS_PACKAGES[0];
  return (
    <div className={`result${staleNote ? ' stale' : ''}`} data-testid={testId}>
      {staleNote && <p className="stale-note">{staleNote}</p>}
      <p>
        Proved with <strong>{proof.packageName}</strong> in {(proof.proveMs / 1000).toFixed(1)} s{' '}
        <span className="hint" data-testid="prove-phases">
          (circuit {CIRCUIT[proof.phases.circuit]}
          {proof.phases.compileMs > 0 ? ` ${s1(proof.phases.compileMs)}` : ''}, witness {s1(proof.phases.witnessMs)}, Groth16 {s1(proof.phases.groth16Ms)}, code decoded in {s1(proof.phases.decodeMs)})
        </span>
        : a {proof.code.bits.length.toLocaleString('en')}-bit code ({usable.toLocaleString('en')} usable) of{' '}
        {proof.capture.what}, bound to the capture device&apos;s signature.
        {reference && (
          <>
            {' '}
            On the usable bits, the proved code agrees with this page&apos;s float reference on <strong data-testid="proof-agreement">{(100 * agreement(proof.code, reference)).toFixed(1)} %</strong>
            {v1 ? ' (the proof reads the strip at 4 bits per pixel, the reference at full precision: responses near zero can differ)' : ' (the page shows the v1 reference; another filter bank gives another code)'}.
          </>
        )}
      </p>
      <PixelCanvas width={size.width} height={size.height} pixels={codePixels(proof.code, true)} scale={4} label={`The proved iris code, ${proof.code.bits.length} bits`} testId="proved-code" />
      <div className="row">
        <button type="button" className="primary" onClick={() => void register()} disabled={registering !== undefined}>
          Register this code
        </button>
        <button type="button" onClick={() => downloadText(`iris-${proof.packageName}-bundle.json`, JSON.stringify(proof.bundle, null, 2) + '\n')}>
          Download bundle
        </button>
        <button type="button" onClick={() => downloadText(`iris-${proof.packageName}-mask.json`, JSON.stringify(proof.capture.maskFile) + '\n')}>
          Download signed mask
        </button>
      </div>
      <p className="hint">
        Registering sends nothing anywhere: the registry is kept on this device (see Register). The bundle holds the code, the proof and the device fingerprint — not the picture or the
        strip; the mask file holds the occlusion mask and the device&apos;s signature over it, which the registry checks.
      </p>
      {registering && <p role="status">{registering}</p>}
      {registerError && <Alert title="Not registered:">{`${registerError} Nothing was stored.`}</Alert>}
      {verdict && <RegistryVerdictView verdict={verdict} onRetry={() => void register()} />}
      {verdict?.status === 'refused' && verdict.distance !== undefined && v1 && <DistanceHistogram threshold={REGISTRY_THRESHOLD} mark={{ distance: verdict.distance, label: 'this code' }} />}
    </div>
  );
}
