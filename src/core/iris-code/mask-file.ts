/**
 * The occlusion mask beside an iris-code bundle, and the capture device's signature over it
 * (issue 14, F7; decisions in docs/IRIS.md "The mask, signed by the capture device").
 *
 * The mask is computed outside the proof and is not proved. Left unsigned, a person who knows
 * their enrolled code could choose a mask that keeps only the bits where a new code disagrees with
 * it, and enrol twice. So the capture device that signs the strip also signs the mask, bound to the
 * same capture: it signs
 *     Poseidon("zkinfer-irismask", capture signal, height · 2^32 + width, packed mask bits…)
 * with the same EdDSA-Poseidon key, where the capture signal is Poseidon("zkinfer-capture1", M)
 * of the strip's signed message M — the value every proof of that capture publishes. A registry
 * checks that signature with the key whose fingerprint the proof carries, for the capture signal
 * the proof carries. This signature lives outside the circuit on purpose: the signed metadata of
 * the strip's message is inside it (part of M), and adding an element there would change the iris
 * packages' circuits and keys.
 *
 * Public API (no tfjs, no snarkjs: the page's bundle imports it):
 * - `MASK_FORMAT`, `MaskFile` (format `zkinfer-iris-mask`, version 1, optional `device`),
 *   `makeMaskFile(mask, h, w, device?)`, `parseMaskFile(raw, expect?)` → the mask bits,
 *   `readMaskFile(raw, expect?)` → `SignedMask` (bits, size and the device's signature if any).
 * - `maskMessage(mask, h, w, capture)`, `signMask(key, mask, h, w, capture)` (the device's side),
 *   `checkMaskSignature(signedMask, {capture, signer})` (the registry's side) → `{ok}` or the why.
 */
import { fail } from '../errors.js';
import { packCodes } from '../circuit/pack.js';
import { bitsToHex, hexToBits } from '../package/signals.js';
import { poseidonHashMany } from '../provenance/hash.js';
import type { BabyJubPoint, EdDSASignature, PrivateKey } from '../provenance/sign.js';
import { derivePublicKey, publicKeyFingerprint, sign, verify } from '../provenance/sign.js';

export const MASK_FORMAT = 'zkinfer-iris-mask';

/** "zkinfer-irismask" as a 128-bit big-endian integer: the domain tag of signed masks. */
export const MASK_TAG = [...new TextEncoder().encode('zkinfer-irismask')].reduce((v, b) => (v << 8n) | BigInt(b), 0n);

/** The capture device's signature over a mask, for one capture. */
export interface MaskSignature {
  readonly publicKey: BabyJubPoint;
  readonly signature: EdDSASignature;
  /** The capture signal the device signed the mask for (decimal in files). */
  readonly capture: bigint;
}

/** A mask as the registry takes it: bits (1 = masked), size, and the device's signature if any. */
export interface SignedMask {
  readonly mask: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly device?: MaskSignature;
}

export interface MaskFile {
  readonly format: typeof MASK_FORMAT;
  readonly version: 1;
  readonly height: number;
  readonly width: number;
  /** Row-major pixels, 1 = masked, as hex (four pixels per digit, the first the most significant). */
  readonly mask: string;
  /** The capture device's signature (decimal field elements); absent on an unsigned mask. */
  readonly device?: { readonly publicKey: readonly [string, string]; readonly signature: { readonly R8: readonly [string, string]; readonly S: string }; readonly capture: string };
}

function checkSize(mask: Uint8Array, height: number, width: number): void {
  if (!(Number.isInteger(height) && Number.isInteger(width) && height >= 1 && width >= 1 && height < 2 ** 16 && width < 2 ** 16)) throw new RangeError(`bad mask size ${height}×${width}`);
  if (mask.length !== height * width) throw new RangeError(`a ${height}×${width} mask has ${height * width} pixels, got ${mask.length}`);
}

/** The field element the device signs for `mask` (any non-zero byte counts as masked). */
export function maskMessage(mask: Uint8Array, height: number, width: number, capture: bigint): bigint {
  checkSize(mask, height, width);
  const bits = Array.from(mask, (m) => (m ? 1n : 0n));
  return poseidonHashMany([MASK_TAG, capture, (BigInt(height) << 32n) | BigInt(width), ...packCodes(bits, 1)]);
}

/** What the capture device does with the mask of the strip it signed (capture: that strip's capture signal). */
export function signMask(privateKey: PrivateKey, mask: Uint8Array, height: number, width: number, capture: bigint): MaskSignature {
  return { publicKey: derivePublicKey(privateKey), signature: sign(privateKey, maskMessage(mask, height, width, capture)), capture };
}

export type MaskCheck = { readonly ok: true } | { readonly ok: false; readonly why: string };

/**
 * Was this mask signed by the device whose key fingerprint is `signer`, for the capture `capture`
 * (both from a verified proof)? Each refusal says what is wrong.
 */
export function checkMaskSignature(m: SignedMask, expected: { readonly capture: string; readonly signer: string }): MaskCheck {
  const d = m.device;
  if (!d) return { ok: false, why: 'the mask carries no signature of the capture device' };
  let fingerprint: string;
  try {
    fingerprint = publicKeyFingerprint(d.publicKey).toString();
  } catch {
    return { ok: false, why: 'the mask\'s public key is not a pair of field elements' };
  }
  if (fingerprint !== expected.signer) {
    return { ok: false, why: `the mask was signed by another key (fingerprint ${fingerprint}) than the one that signed the capture (${expected.signer})` };
  }
  if (d.capture.toString() !== expected.capture) return { ok: false, why: 'the mask was signed for another capture (its capture signal is not the proof\'s)' };
  let valid: boolean;
  try {
    valid = verify(maskMessage(m.mask, m.height, m.width, d.capture), d.signature, d.publicKey);
  } catch {
    valid = false;
  }
  return valid ? { ok: true } : { ok: false, why: 'the mask is not the one the device signed (it was changed or swapped)' };
}

export function makeMaskFile(mask: Uint8Array, height: number, width: number, device?: MaskSignature): MaskFile {
  checkSize(mask, height, width);
  const pair = (p: BabyJubPoint) => [p[0].toString(), p[1].toString()] as const;
  return {
    format: MASK_FORMAT,
    version: 1,
    height,
    width,
    mask: bitsToHex(Array.from(mask, (m) => (m ? 1 : 0))),
    ...(device ? { device: { publicKey: pair(device.publicKey), signature: { R8: pair(device.signature.R8), S: device.signature.S.toString() }, capture: device.capture.toString() } } : {}),
  };
}

const DECIMAL = /^[0-9]{1,78}$/;

/** Reads a mask file, its device signature included (not checked here: see checkMaskSignature). */
export function readMaskFile(raw: unknown, expect?: { height: number; width: number }): SignedMask {
  const bad = (why: string): never => fail('input', 'bad-mask-file', `not an iris occlusion mask file: ${why}`);
  const m = raw as Partial<MaskFile> | null;
  if (typeof m !== 'object' || m === null || m.format !== MASK_FORMAT) return bad(`expected "format": "${MASK_FORMAT}"`);
  if (m.version !== 1) return bad(`version ${JSON.stringify(m.version)} is not supported (version 1 is)`);
  if (!Number.isInteger(m.height) || !Number.isInteger(m.width) || m.height! < 1 || m.width! < 1 || typeof m.mask !== 'string') return bad('it needs integer "height" and "width" and a hex "mask"');
  if (expect && (m.height !== expect.height || m.width !== expect.width)) {
    fail('input', 'iris-mask-size', `the mask is ${m.height}×${m.width}; this package's strips are ${expect.height}×${expect.width}`);
  }
  const bits = Uint8Array.from(hexToBits(m.mask, m.height! * m.width!));
  if (m.device === undefined) return { mask: bits, height: m.height!, width: m.width! };
  const d = m.device as { publicKey?: unknown; signature?: { R8?: unknown; S?: unknown }; capture?: unknown } | null;
  const field = (v: unknown, what: string): bigint => (typeof v === 'string' && DECIMAL.test(v) ? BigInt(v) : bad(`"device.${what}" must be a decimal number`));
  const point = (v: unknown, what: string): BabyJubPoint => (Array.isArray(v) && v.length === 2 ? [field(v[0], `${what}[0]`), field(v[1], `${what}[1]`)] : bad(`"device.${what}" must be [x, y]`));
  if (typeof d !== 'object' || d === null || typeof d.signature !== 'object' || d.signature === null) return bad('"device" must hold "publicKey", "signature" and "capture"');
  return {
    mask: bits,
    height: m.height!,
    width: m.width!,
    device: { publicKey: point(d.publicKey, 'publicKey'), signature: { R8: point(d.signature.R8, 'signature.R8'), S: field(d.signature.S, 'signature.S') }, capture: field(d.capture, 'capture') },
  };
}

/** The mask bits of a mask file (signed or not); `expect` (the package's strip size) refuses another size. */
export function parseMaskFile(raw: unknown, expect?: { height: number; width: number }): Uint8Array {
  return readMaskFile(raw, expect).mask;
}
