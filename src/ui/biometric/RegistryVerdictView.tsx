/** What the registry said about a bundle: enrolled, upgraded, or refused with a named reason. */
import type { RegistryVerdict } from '../../core/registry/index.js';
import { demoDeviceFingerprint, DEMO_DEVICE_NAME } from '../../core/iris-code/demo-device.js';
import { trust } from '../hooks/useTrustedSigners.js';

const REFUSED: Record<string, string> = {
  'already-enrolled': 'Already enrolled:',
  'untrusted-signer': 'Untrusted capture device:',
  'other-package': 'A bundle of another package:',
  'invalid-proof': 'The proof does not verify:',
  'not-iris-package': 'Not an iris-code package:',
  'too-occluded': 'Too little iris is visible:',
};

/** `onRetry`: after the demo device was trusted from here. */
export function RegistryVerdictView({ verdict, onRetry }: { verdict: RegistryVerdict; onRetry?: () => void }) {
  if (verdict.status === 'enrolled') {
    return (
      <div className="verdict valid" role="status" data-testid="registry-verdict" data-status="enrolled">
        <strong>Enrolled</strong> as entry {verdict.entry.id} with package {verdict.entry.packageName}: the proof verifies, the capture device is trusted and
        no enrolled code is within the threshold{verdict.notCompared ? ` (${verdict.notCompared} entr${verdict.notCompared === 1 ? 'y' : 'ies'} of other packages or too occluded not compared)` : ''}.
      </div>
    );
  }
  if (verdict.status === 'upgraded') {
    return (
      <div className="verdict valid" role="status" data-testid="registry-verdict" data-status="upgraded">
        <strong>Upgraded</strong> entry {verdict.entry.id} from {verdict.previous.packageName} to {verdict.entry.packageName}: the same signed capture, re-derived with the new
        model; no new capture was needed.
      </div>
    );
  }
  const demo = verdict.reason === 'untrusted-signer' && verdict.signer === demoDeviceFingerprint();
  return (
    <div className="verdict invalid" role="alert" data-testid="registry-verdict" data-status="refused" data-reason={verdict.reason}>
      <strong>{REFUSED[verdict.reason] ?? 'Refused:'}</strong> {verdict.message}
      {verdict.distance !== undefined && (
        <>
          {' '}
          Distance <strong data-testid="registry-distance">{verdict.distance.toFixed(3)}</strong>
          {verdict.entryId !== undefined ? ` to entry ${verdict.entryId}` : ''}.
        </>
      )}{' '}
      Nothing was stored; the registry is as it was.
      {demo && (
        <div className="row">
          <button type="button" onClick={() => void trust(demoDeviceFingerprint(), DEMO_DEVICE_NAME).then(() => onRetry?.())}>
            Trust the demo capture device (public development key) and try again
          </button>
        </div>
      )}
    </div>
  );
}
