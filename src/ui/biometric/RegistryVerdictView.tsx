/** What the registry said about a bundle: enrolled, upgraded, or refused with a named reason. */
import type { RegistryVerdict } from '../../core/registry/index.js';
// unchecked.js, not the registry's index: the registry loads snarkjs, which the page's bundle does not carry.
import { uncheckedSentence } from '../../core/registry/unchecked.js';
import { demoDeviceFingerprint, DEMO_DEVICE_NAME } from '../../core/iris-code/demo-device.js';
import { trust } from '../hooks/useTrustedSigners.js';

const REFUSED: Record<string, string> = {
  'already-enrolled': 'Already enrolled:',
  'untrusted-signer': 'Untrusted capture device:',
  'other-package': 'A bundle of another package:',
  'invalid-proof': 'The proof does not verify:',
  'not-iris-package': 'Not an iris-code package:',
  'too-occluded': 'Too little iris is visible:',
  'mask-not-signed': 'Mask not signed by the device:',
};

/** The entries the code could not be compared with: a flag on an enrolment or upgrade, never hidden. */
function UncheckedNote({ verdict }: { verdict: Extract<RegistryVerdict, { status: 'enrolled' | 'upgraded' }> }) {
  const sentence = uncheckedSentence(verdict.unchecked);
  if (!sentence) return null;
  return (
    <p className="warning" data-testid="registry-unchecked" data-count={verdict.notCompared}>
      <strong>Not fully checked:</strong> {sentence.charAt(0).toUpperCase() + sentence.slice(1)}.
    </p>
  );
}

/** `onRetry`: after the demo device was trusted from here. */
export function RegistryVerdictView({ verdict, onRetry }: { verdict: RegistryVerdict; onRetry?: () => void }) {
  if (verdict.status === 'enrolled') {
    return (
      <div className="verdict valid" role="status" data-testid="registry-verdict" data-status="enrolled">
        <strong>Enrolled</strong> as entry {verdict.entry.id} with package {verdict.entry.packageName}: the proof verifies, the capture device is trusted, the mask is the
        one it signed, and no enrolled code it could be compared with is within the threshold.
        <UncheckedNote verdict={verdict} />
      </div>
    );
  }
  if (verdict.status === 'upgraded') {
    return (
      <div className="verdict valid" role="status" data-testid="registry-verdict" data-status="upgraded">
        <strong>Upgraded</strong> entry {verdict.entry.id} from {verdict.previous.packageName} to {verdict.entry.packageName}: the same signed capture, re-derived with the new
        model; no new capture was needed, and no other {verdict.entry.packageName} code is within the threshold.
        <UncheckedNote verdict={verdict} />
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
