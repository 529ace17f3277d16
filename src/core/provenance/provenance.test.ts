import { Base8, mulPointEscalar } from '@zk-kit/baby-jubjub';
import { derivePublicKey as zkDerive, signMessage } from '@zk-kit/eddsa-poseidon';
import { poseidon2 } from 'poseidon-lite';
import { describe, expect, it } from 'vitest';
import { FIELD_PRIME } from '../field.js';
import { derivePublicKey, generatePrivateKey, poseidonHash, publicKeyFingerprint, secretScalar, sign, verify } from './index.js';

describe('provenance signing helpers', () => {
  it('derive keys and sign exactly as @zk-kit/eddsa-poseidon', () => {
    const key = generatePrivateKey();
    expect(key).toHaveLength(32);
    const A = derivePublicKey(key);
    expect(A).toEqual(zkDerive(key));
    expect(A).toEqual(mulPointEscalar(Base8, secretScalar(key)));
    const sig = sign(key, 123n);
    expect(sig).toEqual(signMessage(key, 123n));
    expect(verify(123n, sig, A)).toBe(true);
    expect(verify(124n, sig, A)).toBe(false);
    expect(() => sign(key, FIELD_PRIME)).toThrow(/field element/);
  });

  it('fingerprint = Poseidon(A.x, A.y)', () => {
    const A = derivePublicKey('lab');
    expect(publicKeyFingerprint(A)).toBe(poseidon2([A[0], A[1]]));
    expect(poseidonHash([A[0], A[1]])).toBe(publicKeyFingerprint(A));
  });
});
