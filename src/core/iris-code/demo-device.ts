/**
 * The demo capture device's key: a PUBLIC DEVELOPMENT KEY. Its private key is in this source file,
 * so anyone can sign any strip with it and a registry that trusts it accepts anything. It exists so
 * that the demo flow (synthetic eye → signed strip → proof → registry) runs without a real capture
 * device; every place that shows it says what it is. Same idea as the Lab's "Demo Lab" key
 * (src/ui/lab/demo-key.ts), a different key.
 *
 * Public API: `DEMO_DEVICE_NAME`, `demoDevicePrivateKey()`, `demoDeviceFingerprint()`.
 */
import { formatFingerprint } from '../provenance/input.js';
import { derivePublicKey } from '../provenance/sign.js';

export const DEMO_DEVICE_NAME = 'Demo capture device (public DEVELOPMENT key: anyone can sign with it; never trust it for real enrolments)';

/** 32 bytes, hex; made once from the OS's randomness. Public on purpose (see above). */
const DEMO_DEVICE_PRIVATE_KEY_HEX = '486fa422d0cf5a1c6296a77b804283c54a31990349c3cb7dcd959c9b113539fa';

export function demoDevicePrivateKey(): Uint8Array {
  return Uint8Array.from({ length: 32 }, (_, i) => parseInt(DEMO_DEVICE_PRIVATE_KEY_HEX.slice(2 * i, 2 * i + 2), 16));
}

let fingerprint: string | undefined;

/** Poseidon(A.x, A.y) of the demo device's key, as proofs carry it. */
export function demoDeviceFingerprint(): string {
  return (fingerprint ??= formatFingerprint(derivePublicKey(demoDevicePrivateKey())));
}
