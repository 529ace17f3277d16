/** The EdDSA-Poseidon verifier proved with Groth16: public key and message public, signature private. */
import { afterAll, describe, expect, it } from 'vitest';
import { writeWtns } from '../formats/wtns.js';
import { createDevelopmentKey } from '../prover/devSetup.js';
import { exportVerificationKey, prove, releaseCurve, verify } from '../prover/snark.js';
import { derivePublicKey, sign } from '../provenance/sign.js';
import { CircuitBuilder } from './builder.js';
import { expose } from './gadgets.js';
import { wireLC } from './lc.js';
import { verifyEdDSAPoseidon } from './eddsa.js';

afterAll(releaseCurve);

describe('EdDSA-Poseidon in a real Groth16 proof', () => {
  it('proves a signature by a public key on a public message', async () => {
    // Outputs: A.x, A.y, M (copied from private inputs and verified); private: R8.x, R8.y, S.
    const cs = new CircuitBuilder(3, 6);
    const v = Array.from({ length: 6 }, (_, i) => wireLC(cs.privateInputWire(i)));
    cs.hint((w, input) => input.forEach((x, i) => (w[cs.privateInputWire(i)] = x)));
    verifyEdDSAPoseidon(cs, { A: { x: v[0]!, y: v[1]! }, R8: { x: v[2]!, y: v[3]! }, S: v[4]!, M: v[5]! });
    [v[0]!, v[1]!, v[5]!].forEach((lc, i) => expose(cs, lc, cs.outputWire(i)));
    const r1cs = cs.toR1cs();
    const A = derivePublicKey('groth16 signer');
    const M = 31337n;
    const sig = sign('groth16 signer', M);
    const zkey = await createDevelopmentKey(r1cs);
    const vkey = await exportVerificationKey(zkey);
    const { proof, publicSignals } = await prove(zkey, writeWtns(cs.witness([A[0], A[1], sig.R8[0], sig.R8[1], sig.S, M])));
    expect(publicSignals).toEqual([A[0], A[1], M].map(String));
    expect(await verify(vkey, publicSignals, proof)).toBe(true);
    expect(await verify(vkey, [String(A[0]), String(A[1]), String(M + 1n)], proof)).toBe(false);
  });
});
