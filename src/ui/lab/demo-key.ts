/**
 * The Lab page's demo key. ITS PRIVATE KEY IS PUBLIC: it ships with the app, so anyone can sign
 * anything with it. It exists so that a visitor can try the whole signed-data flow (Lab → signed
 * file → Prove → Verify); a verifier must never trust it for real data, and the app labels it so
 * wherever it shows it.
 */
import { derivePublicKey } from '../../core/provenance/sign.js';
import { formatFingerprint } from '../../core/provenance/input.js';

export const DEMO_LAB_NAME = 'Demo Lab (public demo key, not for real data)';

/** 32 bytes, hex; made once with generatePrivateKey. Public on purpose (see above). */
const DEMO_LAB_PRIVATE_KEY_HEX = 'bf17e7b4afa5715797d9ada2434982a379447a758288be2890cff47ad6f38cba';

export function demoLabPrivateKey(): Uint8Array {
  return Uint8Array.from({ length: 32 }, (_, i) => parseInt(DEMO_LAB_PRIVATE_KEY_HEX.slice(2 * i, 2 * i + 2), 16));
}

let fingerprint: string | undefined;

/** Poseidon(A.x, A.y) of the demo key, as proofs carry it. */
export function demoLabFingerprint(): string {
  return (fingerprint ??= formatFingerprint(derivePublicKey(demoLabPrivateKey())));
}
