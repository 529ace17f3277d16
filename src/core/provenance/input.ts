/**
 * Input provenance off the circuit (issue 11; decisions in docs/PROVENANCE.md): the two ways a
 * package can bind its private input, the values they hash, and the witness values they need.
 * The circuit side is circuit/binding.ts; both are tested equal.
 *
 * - commitment: public C = Poseidon(packed codes…, salt) (provenance/hash.ts `poseidonHashMany`),
 *   salt a random field element (≥ 253 bits of entropy); the opening (codes, salt) stays with the user.
 * - signature: a data source signs M = Poseidon(header, packed codes…, metadata…) with
 *   EdDSA-Poseidon on Baby Jubjub; the circuit recomputes M from the codes the model reads and
 *   verifies the signature; public: the key's fingerprint Poseidon(A.x, A.y).
 */
import { FIELD_PRIME } from '../field.js';
import { packCodes } from '../circuit/pack.js';
import { poseidonHashMany } from './hash.js';
import type { BabyJubPoint, EdDSASignature, PrivateKey } from './sign.js';
import { derivePublicKey, publicKeyFingerprint, sign, verify } from './sign.js';

/** What a package binds its input to, chosen at publish time. */
export type InputBinding =
  | { readonly kind: 'none' }
  | { readonly kind: 'commitment' }
  /**
   * `metadata`: how many free field elements (date, subject reference, …) the source signs with the
   * codes. `capture` (opt-in, absent = off): proofs also publish the capture signal
   * Poseidon(CAPTURE_TAG, M) of the signed message M, which links proofs of one signed capture
   * (a model upgrade re-proving it) — see `captureSignal`.
   */
  | { readonly kind: 'signature'; readonly metadata: number; readonly capture?: true };

export type BindingKind = InputBinding['kind'];

export const NO_BINDING: InputBinding = { kind: 'none' };

/** At most this many metadata elements (they are private witness values, 1 Poseidon element each). */
export const MAX_METADATA = 16;

/** The private values a binding needs in the witness. */
export type BindingWitness =
  | { readonly kind: 'commitment'; readonly salt: bigint }
  | { readonly kind: 'signature'; readonly publicKey: BabyJubPoint; readonly signature: EdDSASignature; readonly metadata: readonly bigint[] };

/** Public signals a binding adds after the challenge: 1 (commitment; signer), 2 with the capture signal, 0 for none. */
export function bindingSignals(b: InputBinding): number {
  if (b.kind === 'signature' && b.capture) return 2;
  return b.kind === 'none' ? 0 : 1;
}

export function validateBinding(raw: unknown): InputBinding {
  const r = raw as Record<string, unknown> | undefined;
  if (r === undefined) return NO_BINDING;
  if (typeof r !== 'object' || r === null) throw new RangeError('the input binding must be an object');
  if (r.kind === 'none' && Object.keys(r).length === 1) return NO_BINDING;
  if (r.kind === 'commitment' && Object.keys(r).length === 1) return { kind: 'commitment' };
  const capture = r.capture === true;
  if (r.kind === 'signature' && Object.keys(r).length === (capture ? 3 : 2) && Number.isInteger(r.metadata) && (r.metadata as number) >= 0 && (r.metadata as number) <= MAX_METADATA) {
    return capture ? { kind: 'signature', metadata: r.metadata as number, capture: true } : { kind: 'signature', metadata: r.metadata as number };
  }
  throw new RangeError(`the input binding must be {"kind": "none"}, {"kind": "commitment"} or {"kind": "signature", "metadata": 0…${MAX_METADATA}} (plus "capture": true for the capture signal; leave it out for none)`);
}

/** "zkinfer-input-v1" as a 128-bit big-endian integer: the domain tag of signed input messages. */
export const INPUT_MESSAGE_TAG = [...new TextEncoder().encode('zkinfer-input-v1')].reduce((v, b) => (v << 8n) | BigInt(b), 0n);

/**
 * The first element of a signed message: tag · 2^96 + count · 2^32 + bits · 2^16 + metadata
 * count (224 bits, below r). It fixes the domain and how the packed stream is cut into codes, so
 * a signature over 30 codes of 12 bits is never one over 45 codes of 8 bits (same stream length).
 */
export function inputMessageHeader(count: number, bits: number, metadata: number): bigint {
  if (!Number.isInteger(count) || count < 1 || count >= 2 ** 48) throw new RangeError(`bad code count ${count}`);
  if (!Number.isInteger(bits) || bits < 1 || bits >= 2 ** 16) throw new RangeError(`bad code width ${bits}`);
  if (!Number.isInteger(metadata) || metadata < 0 || metadata > MAX_METADATA) throw new RangeError(`at most ${MAX_METADATA} metadata elements, got ${metadata}`);
  return (INPUT_MESSAGE_TAG << 96n) | (BigInt(count) << 32n) | (BigInt(bits) << 16n) | BigInt(metadata);
}

function checkField(xs: readonly bigint[], what: string): void {
  xs.forEach((x, i) => {
    if (typeof x !== 'bigint' || x < 0n || x >= FIELD_PRIME) throw new RangeError(`${what} ${i} is not a field element in [0, r)`);
  });
}

/** The message a data source signs: Poseidon(header, packed codes…, metadata…). */
export function inputMessage(codes: readonly bigint[], bits: number, metadata: readonly bigint[] = []): bigint {
  checkField(metadata, 'metadata element');
  return poseidonHashMany([inputMessageHeader(codes.length, bits, metadata.length), ...packCodes(codes, bits), ...metadata]);
}

/** "zkinfer-capture1" as a 128-bit big-endian integer: the domain tag of the capture signal. */
export const CAPTURE_TAG = [...new TextEncoder().encode('zkinfer-capture1')].reduce((v, b) => (v << 8n) | BigInt(b), 0n);

/**
 * The capture signal of a signed message M: Poseidon(CAPTURE_TAG, M). Every proof of the same
 * signed capture (codes and metadata) publishes the same value, whatever the package reading it —
 * that is its purpose (a registry links a v2 code to the v1 enrolment of the same capture). It
 * hides the codes as far as they are unpredictable: anyone holding a candidate input can test it.
 * The tag keeps it from equalling M or any other Poseidon value of M a key signs.
 */
export function captureSignal(message: bigint): bigint {
  checkField([message], 'message');
  return poseidonHashMany([CAPTURE_TAG, message]);
}

/** The commitment: Poseidon(packed codes…, salt). */
export function inputCommitment(codes: readonly bigint[], bits: number, salt: bigint): bigint {
  checkField([salt], 'salt');
  return poseidonHashMany([...packCodes(codes, bits), salt]);
}

/**
 * A fresh salt: 32 bytes of the platform's CSPRNG reduced mod r. 2^256 / r ≈ 5.3, so every
 * value has probability ≤ 6/2^256: more than 253 bits of min-entropy (the brief asks ≥ 248).
 */
export function randomSalt(): bigint {
  const b = crypto.getRandomValues(new Uint8Array(32));
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v % FIELD_PRIME;
}

export interface SignedInput {
  readonly codes: readonly bigint[];
  readonly bits: number;
  readonly metadata: readonly bigint[];
  readonly message: bigint;
  readonly publicKey: BabyJubPoint;
  readonly signature: EdDSASignature;
}

/** What a data source does: sign the codes (as the package's input spec encodes them) and metadata. */
export function signInput(privateKey: PrivateKey, codes: readonly bigint[], bits: number, metadata: readonly bigint[] = []): SignedInput {
  const message = inputMessage(codes, bits, metadata);
  return { codes, bits, metadata, message, publicKey: derivePublicKey(privateKey), signature: sign(privateKey, message) };
}

/** Checks a signature over codes and metadata off the circuit (as the circuit does, minus the small-order check). */
export function verifyInputSignature(codes: readonly bigint[], bits: number, metadata: readonly bigint[], publicKey: BabyJubPoint, signature: EdDSASignature): boolean {
  try {
    return verify(inputMessage(codes, bits, metadata), signature, publicKey);
  } catch {
    return false;
  }
}

/** A fingerprint as printed and accepted: the decimal field element (what the public signal holds). */
export function formatFingerprint(publicKey: BabyJubPoint): string {
  return publicKeyFingerprint(publicKey).toString();
}

/** Parses a fingerprint given as decimal or 0x-hex; undefined if it is not a field element. */
export function parseFingerprint(text: string): bigint | undefined {
  const t = text.trim();
  if (!/^(0x[0-9a-fA-F]{1,64}|[0-9]{1,78})$/.test(t)) return undefined;
  const v = BigInt(t);
  return v < FIELD_PRIME ? v : undefined;
}

/** The witness's auxiliary private values for a binding, in the order circuit/binding.ts reads them. */
export function bindingAux(binding: InputBinding, w: BindingWitness | undefined): bigint[] {
  switch (binding.kind) {
    case 'none':
      return [];
    case 'commitment':
      if (w?.kind !== 'commitment') throw new RangeError('this circuit binds a commitment: give a salt');
      checkField([w.salt], 'salt');
      return [w.salt];
    case 'signature': {
      if (w?.kind !== 'signature') throw new RangeError('this circuit verifies a signature: give the signed input');
      if (w.metadata.length !== binding.metadata) throw new RangeError(`this circuit signs ${binding.metadata} metadata elements, ${w.metadata.length} were given`);
      const values = [w.publicKey[0], w.publicKey[1], w.signature.R8[0], w.signature.R8[1], w.signature.S, ...w.metadata];
      // S ≥ l (a forgery) is passed on: the circuit's S < l check is what refuses it.
      checkField(values, 'signature or metadata value');
      return values;
    }
  }
}
