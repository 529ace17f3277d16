/**
 * Data-source keys as people see them: a fingerprint read from what a verifier pastes or drops
 * (a fingerprint, a public key [x, y], a key file or a signed data file), and the name shown
 * for a fingerprint (the verifier's own name for it, the demo key's label, or the number).
 */
import { formatFingerprint, parseFingerprint } from '../../core/provenance/input.js';
import { parsePoint } from '../../core/provenance/signed-file.js';
import { DEMO_LAB_NAME, demoLabFingerprint } from '../lab/demo-key.js';
import type { TrustedSigner } from '../../client/trusted-signers.js';

/**
 * The fingerprint of a key given as text: a decimal or 0x-hex fingerprint, a JSON public key
 * [x, y], or a JSON file with a "publicKey" (a key file, a signed data file). From a public key
 * the fingerprint is computed, never read.
 */
export function signerFingerprint(text: string): string {
  const t = text.trim();
  if (t === '') throw new Error('give a key fingerprint, a public key [x, y] or a file with a "publicKey"');
  const v = parseFingerprint(t);
  if (v !== undefined) return v.toString();
  let raw: unknown;
  try {
    raw = JSON.parse(t);
  } catch {
    throw new Error('this is neither a key fingerprint (a decimal or 0x-hex number) nor JSON with a public key');
  }
  const key = Array.isArray(raw) ? raw : (raw as { publicKey?: unknown } | null)?.publicKey;
  if (key === undefined) throw new Error('this JSON holds no "publicKey": give a key file, a signed data file, a public key [x, y] or a fingerprint');
  try {
    return formatFingerprint(parsePoint(key, 'publicKey'));
  } catch (e) {
    throw new Error(`the public key is not readable: ${(e as Error).message}`);
  }
}

/** 1234…5678: enough to tell keys apart at a glance; the full number is shown beside it. */
export const shortFingerprint = (f: string) => (f.length > 16 ? `${f.slice(0, 8)}…${f.slice(-6)}` : f);

/** What to call a signer: the verifier's name for it, else the demo key's label, else its fingerprint. */
export function signerName(fingerprint: string, trusted: readonly TrustedSigner[]): string {
  const own = trusted.find((s) => s.fingerprint === fingerprint);
  if (own) return own.name;
  if (fingerprint === demoLabFingerprint()) return DEMO_LAB_NAME;
  return `key ${shortFingerprint(fingerprint)}`;
}
