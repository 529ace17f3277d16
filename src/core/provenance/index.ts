/** Off-circuit provenance helpers: the twins of circuit/poseidon.ts, pack.ts and eddsa.ts. */
export { POSEIDON_MAX_INPUTS, poseidonHash, poseidonHashMany } from './hash.js';
export { PACK_BITS_PER_ELEMENT, packCodes, packedLength } from '../circuit/pack.js';
export type { BabyJubPoint, EdDSASignature, PrivateKey } from './sign.js';
export { derivePublicKey, generatePrivateKey, publicKeyFingerprint, secretScalar, sign, verify } from './sign.js';
