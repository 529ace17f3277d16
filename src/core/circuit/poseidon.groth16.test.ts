/**
 * The Poseidon gadget's constraints proved, not just checked: a Groth16 proof (development key,
 * snarkjs prover) that the public output is Poseidon(x, y) of private x, y.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FIELD_PRIME } from '../field.js';
import { writeWtns } from '../formats/wtns.js';
import { createDevelopmentKey } from '../prover/devSetup.js';
import { exportVerificationKey, prove, releaseCurve, verify } from '../prover/snark.js';
import { poseidonHash } from '../provenance/hash.js';
import { CircuitBuilder } from './builder.js';
import { expose } from './gadgets.js';
import { wireLC } from './lc.js';
import { poseidon } from './poseidon.js';

afterAll(releaseCurve);

describe('Poseidon in a real Groth16 proof', () => {
  it('proves Poseidon(x, y) = public output and the proof verifies; a wrong output does not', async () => {
    const cs = new CircuitBuilder(1, 2);
    const xs = [0, 1].map((i) => wireLC(cs.privateInputWire(i)));
    cs.hint((w, input) => input.forEach((v, i) => (w[cs.privateInputWire(i)] = v)));
    expose(cs, poseidon(cs, xs), cs.outputWire(0));
    const r1cs = cs.toR1cs();
    const inputs = [123456789n, FIELD_PRIME - 5n];
    const zkey = await createDevelopmentKey(r1cs);
    const { proof, publicSignals } = await prove(zkey, writeWtns(cs.witness(inputs)));
    expect(publicSignals).toEqual([String(poseidonHash(inputs))]);
    const vkey = await exportVerificationKey(zkey);
    expect(await verify(vkey, publicSignals, proof)).toBe(true);
    expect(await verify(vkey, [String(poseidonHash(inputs) + 1n)], proof)).toBe(false);
  });
});
