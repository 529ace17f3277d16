/**
 * EdDSA-Poseidon on Baby Jubjub off the circuit, for the `source sign` CLI and the data sources:
 * thin wrappers over @zk-kit/eddsa-poseidon (the maintained successor of circomlibjs' eddsa), so
 * signatures verify in circuit/eddsa.ts and in circomlib's EdDSAPoseidonVerifier alike.
 *
 * Key derivation is the library's (and circomlibjs'): Blake-512 of the private key bytes, pruned,
 * secret scalar s = ⌊pruned / 8⌋ mod l, public key A = s·B8.
 */
import { derivePublicKey as zkDerivePublicKey, deriveSecretScalar, signMessage, verifySignature } from '@zk-kit/eddsa-poseidon';
import { FIELD_PRIME } from '../field.js';
import { poseidonHash } from './hash.js';

export type BabyJubPoint = readonly [x: bigint, y: bigint];

export interface EdDSASignature {
  readonly R8: BabyJubPoint;
  readonly S: bigint;
}

/** Private keys are bytes (any length; 32 random bytes is the norm) or a UTF-8 string. */
export type PrivateKey = Uint8Array | string;

/** 32 bytes from the platform's CSPRNG (Web Crypto, in Node ≥ 20, browsers and workers). */
export function generatePrivateKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

export function derivePublicKey(privateKey: PrivateKey): BabyJubPoint {
  const [x, y] = zkDerivePublicKey(privateKey);
  return [x, y];
}

/** The secret scalar s (A = s·B8). */
export function secretScalar(privateKey: PrivateKey): bigint {
  return deriveSecretScalar(privateKey);
}

/** Sign one field element (e.g. Poseidon(tag, packed codes, metadata)). */
export function sign(privateKey: PrivateKey, message: bigint): EdDSASignature {
  if (message < 0n || message >= FIELD_PRIME) throw new RangeError('the message must be a field element');
  const { R8, S } = signMessage(privateKey, message);
  return { R8: [R8[0], R8[1]], S };
}

/** The reference verification (no small-order check on A: the circuit adds it, as circomlib). */
export function verify(message: bigint, signature: EdDSASignature, publicKey: BabyJubPoint): boolean {
  return verifySignature(message, { R8: [...signature.R8], S: signature.S }, [...publicKey]);
}

/** A public key's fingerprint: Poseidon(A.x, A.y), one field element a registry can list. */
export function publicKeyFingerprint(publicKey: BabyJubPoint): bigint {
  return poseidonHash([publicKey[0], publicKey[1]]);
}
