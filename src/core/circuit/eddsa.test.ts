import { Base8, addPoint, inCurve, mulPointEscalar, subOrder } from '@zk-kit/baby-jubjub';
import { derivePublicKey, deriveSecretScalar, signMessage, verifySignature } from '@zk-kit/eddsa-poseidon';
import { poseidon5 } from 'poseidon-lite';
import { describe, expect, it } from 'vitest';
import { FIELD_PRIME, mod } from '../field.js';
import { assertBitsLessThan, edwardsAdd, edwardsDouble, fixedBaseMul, variableBaseMulDoubled } from './babyjub.js';
import { CircuitBuilder } from './builder.js';
import { firstUnsatisfied, isSatisfied } from './check.js';
import { expose } from './gadgets.js';
import { wireLC } from './lc.js';
import { verifyEdDSAPoseidon } from './eddsa.js';

type Point = [bigint, bigint];

/** A circuit whose private inputs are k free field elements. */
function free(k: number, nOutputs = 0) {
  const cs = new CircuitBuilder(nOutputs, k);
  const xs = Array.from({ length: k }, (_, i) => wireLC(cs.privateInputWire(i)));
  cs.hint((w, input) => input.slice(0, k).forEach((v, i) => (w[cs.privateInputWire(i)] = mod(v))));
  return { cs, xs };
}

let seed = 12345n;
function rand(bound: bigint): bigint {
  seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 256n) - 1n);
  return (seed >> 3n) % bound;
}

// One verifier circuit, inputs [A.x, A.y, R8.x, R8.y, S, M].
const verifier = (() => {
  const { cs, xs } = free(6);
  const before = cs.constraints.length;
  verifyEdDSAPoseidon(cs, { A: { x: xs[0]!, y: xs[1]! }, R8: { x: xs[2]!, y: xs[3]! }, S: xs[4]!, M: xs[5]! });
  return { cs, r1cs: cs.toR1cs(), cost: cs.constraints.length - before };
})();

function accepts(A: Point, R8: Point, S: bigint, M: bigint): boolean {
  return firstUnsatisfied(verifier.r1cs, verifier.cs.witness([A[0], A[1], R8[0], R8[1], S, M])) === -1;
}

const keys = ['provenance key 1', 'provenance key 2', 'lab signer'];

describe('EdDSA-Poseidon verifier', () => {
  it(`costs ${verifier.cost} constraints (circomlib: 4,217; budget 4,638)`, () => {
    console.log(`EdDSA-Poseidon verifier: ${verifier.cost} constraints, ${verifier.r1cs.nWires} wires`);
    expect(verifier.cost).toBeLessThanOrEqual(4638);
  });

  it('accepts what @zk-kit/eddsa-poseidon signs, for several keys and random messages', () => {
    for (const key of keys) {
      const A = derivePublicKey(key);
      for (let k = 0; k < 2; k++) {
        const M = rand(FIELD_PRIME);
        const sig = signMessage(key, M);
        expect(verifySignature(M, sig, A)).toBe(true);
        expect(accepts(A, sig.R8, sig.S, M)).toBe(true);
      }
    }
  });

  it('rejects forgeries the reference rejects', () => {
    const A = derivePublicKey(keys[0]!);
    const M = 42n;
    const sig = signMessage(keys[0]!, M);
    const byB = signMessage(keys[1]!, M);
    const cases: [string, Point, Point, bigint, bigint][] = [
      ['wrong S', A, sig.R8, mod(sig.S + 1n), M],
      ['wrong R8 (another valid point)', A, byB.R8, sig.S, M],
      ['signature by another key', A, byB.R8, byB.S, M],
      ['message changed after signing', A, sig.R8, sig.S, M + 1n],
      ['S + l (same point S·B8, malleated)', A, sig.R8, sig.S + subOrder, M],
      ['R8 off the curve', A, [sig.R8[0], mod(sig.R8[1] + 1n)], sig.S, M],
      ['A off the curve', [A[0], mod(A[1] + 1n)], sig.R8, sig.S, M],
    ];
    for (const [name, a, r, s, m] of cases) {
      expect(verifySignature(m, { R8: r, S: s }, a), name).toBe(false);
      expect(accepts(a, r, s, m), name).toBe(false);
    }
  });

  it('rejects S ≥ l even when S·B8 is right (S + l < 2^251 fits the bits)', () => {
    // Find a signature with S + l < 2^251 so that only the S < l comparison can reject it.
    for (let m = 1n; ; m++) {
      const sig = signMessage(keys[2]!, m);
      if (sig.S + subOrder < 1n << 251n) {
        const A = derivePublicKey(keys[2]!);
        expect(accepts(A, sig.R8, sig.S, m)).toBe(true);
        expect(accepts(A, sig.R8, sig.S + subOrder, m)).toBe(false);
        return;
      }
    }
  });

  it('rejects a public key of small order, which the reference would accept for any message', () => {
    // 8A = O: S·B8 = R8 + 8hA holds with R8 = S·B8, whatever M. circomlib rejects it; so do we.
    for (const A of [[0n, FIELD_PRIME - 1n] as Point, [0n, 1n] as Point]) {
      const S = 1234567n;
      const R8 = mulPointEscalar(Base8, S);
      expect(verifySignature(99n, { R8, S }, A)).toBe(true);
      expect(accepts(A, R8, S, 99n)).toBe(false);
    }
  });

  it('handles the cofactor as the reference: A + (0, −1) has the same 8A, and a signature under it verifies in both', () => {
    const key = keys[0]!;
    const A = derivePublicKey(key);
    const A2: Point = addPoint(A, [0n, FIELD_PRIME - 1n]);
    expect(inCurve(A2)).toBe(true);
    // Sign by hand as signMessage does (S = r + h·s, s = 8·secret scalar), with h over A2.
    const s = deriveSecretScalar(key) * 8n;
    const r = 777777777n;
    const R8 = mulPointEscalar(Base8, r);
    const M = 5n;
    const h = poseidon5([R8[0], R8[1], A2[0], A2[1], M]);
    const S = (r + h * s) % subOrder;
    expect(verifySignature(M, { R8, S }, A2)).toBe(true);
    expect(accepts(A2, R8, S, M)).toBe(true);
  });

  it('rejects the honest witness tampered at random internal wires', () => {
    const A = derivePublicKey(keys[1]!);
    const sig = signMessage(keys[1]!, 7n);
    const w = verifier.cs.witness([A[0], A[1], sig.R8[0], sig.R8[1], sig.S, 7n]);
    expect(isSatisfied(verifier.r1cs, w)).toBe(true);
    for (let k = 0; k < 60; k++) {
      const i = 7 + Number(rand(BigInt(w.length - 7)));
      const t = [...w];
      t[i] = mod(t[i]! + 1n + rand(5n));
      expect(isSatisfied(verifier.r1cs, t), `wire ${i}`).toBe(false);
    }
  });
});

describe('Baby Jubjub gadgets against @zk-kit/baby-jubjub', () => {
  it('add, double, fixed-base and variable-base multiplication', () => {
    const { cs, xs } = free(4, 10);
    const P = { x: xs[0]!, y: xs[1]! };
    const Q = { x: xs[2]!, y: xs[3]! };
    const sum = edwardsAdd(cs, P, Q);
    const dbl = edwardsDouble(cs, P);
    const kBits = Array.from({ length: 254 }, () => cs.wire());
    cs.hint((w, input) => kBits.forEach((b, i) => (w[b] = (input[4]! >> BigInt(i)) & 1n)));
    const sBits = kBits.slice(0, 251);
    const fixed = fixedBaseMul(cs, sBits);
    const four = edwardsDouble(cs, edwardsDouble(cs, P));
    const variable = variableBaseMulDoubled(cs, four, kBits);
    [sum.x, sum.y, dbl.x, dbl.y, fixed.x, fixed.y, variable.x, variable.y].forEach((lc, i) => expose(cs, lc, cs.outputWire(i)));
    const r1cs = cs.toR1cs();
    for (let n = 0; n < 3; n++) {
      const p = mulPointEscalar(Base8, rand(subOrder));
      const q = mulPointEscalar(Base8, rand(subOrder));
      const k = n === 0 ? FIELD_PRIME - 1n : rand(FIELD_PRIME);
      const kS = k & ((1n << 251n) - 1n);
      const w = cs.witness([p[0], p[1], q[0], q[1], k]);
      expect(firstUnsatisfied(r1cs, w)).toBe(-1);
      const out = w.slice(1, 9).map(mod);
      expect(out.slice(0, 2)).toEqual(addPoint(p, q));
      expect(out.slice(2, 4)).toEqual(addPoint(p, p));
      expect(out.slice(4, 6)).toEqual(mulPointEscalar(Base8, kS));
      expect(out.slice(6, 8)).toEqual(mulPointEscalar(p, 8n * k));
    }
  });

  it('assertBitsLessThan accepts exactly the values below the constant', () => {
    for (const [c, n] of [
      [subOrder, 251],
      [FIELD_PRIME, 254],
      [0b1011000n, 8],
    ] as const) {
      const cs = new CircuitBuilder(0, n);
      const bits = Array.from({ length: n }, (_, i) => cs.privateInputWire(i));
      cs.hint((w, input) => bits.forEach((b, i) => (w[b] = (input[0]! >> BigInt(i)) & 1n)));
      bits.forEach((b) => cs.constrainBoolean(b));
      assertBitsLessThan(cs, bits, c);
      const r1cs = cs.toR1cs();
      const top = (1n << BigInt(n)) - 1n;
      for (const v of [0n, c - 1n, c, c + 1n, top, c - 2n, rand(c), c + rand(top - c)]) {
        expect(isSatisfied(r1cs, cs.witness([v])), `${v} < ${c}`).toBe(v < c);
      }
    }
  });
});
