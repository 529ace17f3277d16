import { describe, expect, it } from 'vitest';
import { FIELD_PRIME, mod } from '../field.js';
import { CircuitBuilder } from './builder.js';
import { firstUnsatisfied, isSatisfied } from './check.js';
import { argmax, decompose, expose, inputCodes, requantize, signBit } from './gadgets.js';
import type { LC } from './lc.js';
import { evaluate, wireLC } from './lc.js';

/** A circuit whose private inputs are k free integer wires x_0…x_{k−1} (set by a hint), no checks. */
function freeInputs(nOutputs: number, k: number): { cs: CircuitBuilder; xs: LC[] } {
  const cs = new CircuitBuilder(nOutputs, k);
  const xs = Array.from({ length: k }, (_, i) => wireLC(cs.privateInputWire(i)));
  cs.hint((w, input) => input.forEach((v, i) => (w[cs.privateInputWire(i)] = v)));
  return { cs, xs };
}

function forge(w: readonly bigint[], changes: Record<number, bigint>): bigint[] {
  const f = [...w];
  for (const [k, v] of Object.entries(changes)) f[Number(k)] = v;
  return f;
}

/** Wire ids of the bits a decomposition allocated, found as the A side of its sum constraint. */
/** The bits of the decomposition whose sum is constraint `constraintIndex`: the booleanity constraints (b·b = b) just before it, in bit order. */
function bitsOf(cs: CircuitBuilder, constraintIndex: number): number[] {
  const bits: number[] = [];
  for (let k = constraintIndex - 1; k >= 0; k--) {
    const [a, b, c] = cs.constraints[k]!;
    const w = a.wires[0];
    if (a.wires.length !== 1 || b.wires.length !== 1 || c.wires.length !== 1 || b.wires[0] !== w || c.wires[0] !== w) break;
    bits.unshift(w!);
  }
  return bits;
}

describe('decompose', () => {
  it('accepts the honest bits and rejects non-boolean bits that keep the sum', () => {
    const { cs, xs } = freeInputs(0, 1);
    const bits = decompose(cs, xs[0]!, 0n, 8);
    const r1cs = cs.toR1cs();
    const w = cs.witness([173n]);
    expect(isSatisfied(r1cs, w)).toBe(true);
    // 173 = 0b10101101: move weight from bit 2 into bit 1 (b1 = 2): the sum holds, booleanity fails.
    expect(isSatisfied(r1cs, forge(w, { [bits[2]!]: 0n, [bits[1]!]: 2n }))).toBe(false);
    expect(isSatisfied(r1cs, forge(w, { [bits[0]!]: 0n }))).toBe(false);
  });

  it('cannot represent a value outside [0, 2^n): the honest prover fails and a wrapped value is rejected', () => {
    const { cs, xs } = freeInputs(0, 1);
    decompose(cs, xs[0]!, 0n, 8);
    expect(() => cs.witness([256n])).toThrow(/interval/);
    expect(() => cs.witness([-1n])).toThrow(/interval/);
    // A cheating prover sets x = −1 (= p − 1 in the field) and any bits: no boolean bits sum to p − 1.
    const w = cs.witness([0n]);
    const r1cs = cs.toR1cs();
    expect(isSatisfied(r1cs, forge(w, { [cs.privateInputWire(0)]: FIELD_PRIME - 1n }))).toBe(false);
  });
});

describe('requantize + ReLU', () => {
  const cases: [string, bigint, bigint, number, boolean][] = [
    ['signed, relu, shift 4', -1000n, 1000n, 4, true],
    ['signed, no relu, shift 3', -777n, 500n, 3, false],
    ['signed, relu, shift 0', -50n, 60n, 0, true],
    ['non-negative, shift 5', 0n, 4000n, 5, true],
    ['lopsided negative, shift 2', -5000n, 9n, 2, true],
    // lo = −1 with hi > 0 and k = 0: the only negative value is −1, and ReLU(−1) must be 0. A
    // sign test off by one (z ≥ −1 taken as non-negative) would pass −1 through unchanged.
    ['lo = −1, relu, shift 0', -1n, 5n, 0, true],
    // The same edge after the rounding offset: z = x + 2 has lo = −1.
    ['z lo = −1, relu, shift 2', -3n, 10n, 2, true],
  ];
  for (const [name, lo, hi, k, relu] of cases) {
    it(`${name}: every value in [lo, hi] matches round-then-relu and a wrong output fails`, () => {
      const { cs, xs } = freeInputs(1, 1);
      const r = requantize(cs, xs[0]!, lo, hi, k, relu);
      expose(cs, r.value, cs.outputWire(0));
      const r1cs = cs.toR1cs();
      const step = (hi - lo) / 97n + 1n;
      for (let x = lo; x <= hi; x += step) {
        for (const v of [x, hi]) {
          const w = cs.witness([v]);
          const q = k === 0 ? v : (v + (1n << BigInt(k - 1))) >> BigInt(k);
          const expected = relu && q < 0n ? 0n : q;
          expect(w[cs.outputWire(0)]).toBe(expected);
          expect(firstUnsatisfied(r1cs, w)).toBe(-1);
          expect(isSatisfied(r1cs, forge(w, { [cs.outputWire(0)]: expected + 1n }))).toBe(false);
        }
      }
    });
  }

  it('costs bits + 2 constraints for a signed interval with ReLU', () => {
    const { cs, xs } = freeInputs(0, 1);
    const before = cs.constraints.length;
    const r = requantize(cs, xs[0]!, -(1n << 20n), 1n << 20n, 8, true);
    expect(cs.constraints.length - before).toBe(r.bits + 2);
  });

  it('is free when the interval fixes the answer', () => {
    const { cs, xs } = freeInputs(0, 1);
    expect(requantize(cs, xs[0]!, -100n, -3n, 0, true).bits).toBe(0);
    expect(requantize(cs, xs[0]!, 0n, 100n, 0, true).bits).toBe(0);
    expect(cs.constraints.length).toBe(0);
  });

  it('rejects a negative pre-activation passed off as positive (sign bit flipped, bits re-solved)', () => {
    const { cs, xs } = freeInputs(1, 1);
    const r = requantize(cs, xs[0]!, -1024n, 1023n, 2, true);
    expose(cs, r.value, cs.outputWire(0));
    const r1cs = cs.toR1cs();
    const w = cs.witness([-400n]);
    expect(w[cs.outputWire(0)]).toBe(0n);
    // The decomposition constraint is the first one after the m+1 booleanity constraints.
    const bits = bitsOf(cs, r.bits);
    const m = bits.length - 1;
    // Cheat: claim z ≥ 0 with output 100 by setting the sign bit and writing 400 in the low bits.
    const cheat: Record<number, bigint> = { [bits[m]!]: 1n, [cs.outputWire(0)]: 100n };
    bits.slice(0, m).forEach((b, i) => (cheat[b] = (400n >> BigInt(i)) & 1n));
    const y = cs.constraints[r.bits + 1]![2].wires[0]!;
    cheat[y] = 100n;
    expect(isSatisfied(r1cs, forge(w, cheat))).toBe(false);
  });

  it('rejects a remainder pushed out of range (quotient lowered, remainder bits overfilled)', () => {
    const { cs, xs } = freeInputs(1, 1);
    const r = requantize(cs, xs[0]!, 0n, 4095n, 4, false);
    expose(cs, r.value, cs.outputWire(0));
    const r1cs = cs.toR1cs();
    const w = cs.witness([1000n]); // (1000 + 8) >> 4 = 63
    expect(w[cs.outputWire(0)]).toBe(63n);
    const bits = bitsOf(cs, r.bits);
    // Claim quotient 62: lower bit 4 (weight 16) and add 16 to the remainder through bit 3 = 3.
    const b4 = bits[4]!;
    expect(w[b4]).toBe(1n);
    const forged = forge(w, { [b4]: 0n, [bits[3]!]: w[bits[3]!]! + 2n, [cs.outputWire(0)]: 62n });
    expect(isSatisfied(r1cs, forged)).toBe(false);
  });
});

describe('sign output', () => {
  it('is 1 for x ≥ 0, 0 below, and a flipped bit fails', () => {
    const { cs, xs } = freeInputs(1, 1);
    signBit(cs, xs[0]!, -300n, 200n, cs.outputWire(0));
    const r1cs = cs.toR1cs();
    for (const v of [-300n, -1n, 0n, 1n, 200n]) {
      const w = cs.witness([v]);
      expect(w[1]).toBe(v >= 0n ? 1n : 0n);
      expect(isSatisfied(r1cs, w)).toBe(true);
      expect(isSatisfied(r1cs, forge(w, { 1: 1n - w[1]! }))).toBe(false);
    }
  });
  it('is a constrained constant when the interval decides it', () => {
    const { cs, xs } = freeInputs(1, 1);
    signBit(cs, xs[0]!, 5n, 200n, cs.outputWire(0));
    const w = cs.witness([7n]);
    expect(w[1]).toBe(1n);
    expect(isSatisfied(cs.toR1cs(), forge(w, { 1: 0n }))).toBe(false);
  });
});

describe('argmax output', () => {
  function argmaxCircuit(n: number) {
    const { cs, xs } = freeInputs(1, n);
    const lo = xs.map(() => -1000n);
    const hi = xs.map(() => 1000n);
    argmax(cs, xs, lo, hi, cs.outputWire(0));
    return { cs, r1cs: cs.toR1cs(), xs };
  }

  /**
   * The strongest forgery: claim class c and recompute every wire the gadget owns (selectors,
   * products, and the difference bits, from the field value of each difference, truncated).
   */
  function forgeClass(cs: CircuitBuilder, xs: LC[], w: bigint[], c: number): bigint[] {
    const f = [...w];
    const n = xs.length;
    // Wire layout of the gadget: selectors then products, allocated right after output and inputs.
    const base = 1 + 1 + n;
    const sels = Array.from({ length: n }, (_, j) => base + j);
    const prods = Array.from({ length: n }, (_, j) => base + n + j);
    const v = xs.map((x) => evaluate(x, w));
    sels.forEach((s, j) => (f[s] = j === c ? 1n : 0n));
    prods.forEach((p, j) => (f[p] = j === c ? v[j]! : 0n));
    f[1] = BigInt(c);
    // Difference decompositions: constraints whose A side is a bit sum and C side mentions a product.
    for (const [a, , cc] of cs.constraints) {
      if (!cc.wires.some((k) => prods.includes(k))) continue;
      const d = mod(cc.wires.reduce((acc, wire, i) => acc + cc.coefs[i]! * f[wire]!, 0n));
      a.wires.forEach((bit, i) => (f[bit] = (d >> BigInt(i)) & 1n));
    }
    return f;
  }

  it('proves the largest logit and rejects every other class', () => {
    const { cs, r1cs, xs } = argmaxCircuit(4);
    const w = cs.witness([3n, -20n, 999n, 998n]);
    expect(w[1]).toBe(2n);
    expect(isSatisfied(r1cs, w)).toBe(true);
    expect(isSatisfied(r1cs, forgeClass(cs, xs, w, 2))).toBe(true); // the forger's method is faithful
    for (const c of [0, 1, 3]) expect(isSatisfied(r1cs, forgeClass(cs, xs, w, c))).toBe(false);
    expect(isSatisfied(r1cs, forge(w, { 1: 3n }))).toBe(false);
  });

  it('breaks ties toward the lowest index, and the other tie-break is rejected', () => {
    const { cs, r1cs, xs } = argmaxCircuit(3);
    const w = cs.witness([7n, 50n, 50n]);
    expect(w[1]).toBe(1n);
    expect(isSatisfied(r1cs, w)).toBe(true);
    expect(isSatisfied(r1cs, forgeClass(cs, xs, w, 2))).toBe(false);
  });

  it('rejects a class outside the range of labels', () => {
    const { cs, r1cs, xs } = argmaxCircuit(3);
    const w = cs.witness([1n, 2n, 3n]);
    const f = forgeClass(cs, xs, w, 2);
    expect(isSatisfied(r1cs, forge(f, { 1: 5n }))).toBe(false);
  });
});

describe('input codes', () => {
  it('range-checks every code with its bits; a non-boolean bit (a code out of range) fails', () => {
    const cs = new CircuitBuilder(1, 2 * 4);
    const [a, b] = inputCodes(cs, 2, 4);
    expose(cs, new Map([...a!, ...[...b!].map(([k, v]) => [k, v * 100n] as [number, bigint])]), cs.outputWire(0));
    const r1cs = cs.toR1cs();
    const w = cs.witness([5n, 15n]);
    expect(w[1]).toBe(5n + 1500n);
    expect(isSatisfied(r1cs, w)).toBe(true);
    expect(() => cs.witness([16n, 0n])).toThrow(/outside/);
    // Code 17 for the first element through a bit worth 2 at position 3 (8·2 + 1): booleanity fails.
    const bit3 = cs.privateInputWire(3);
    const bit0 = cs.privateInputWire(0);
    expect(isSatisfied(r1cs, forge(w, { [bit3]: 2n, [bit0]: 1n, [cs.privateInputWire(2)]: 0n, 1: 17n + 1500n }))).toBe(false);
  });
});

describe('logits output', () => {
  it('exposes the exact value and nothing else satisfies it', () => {
    const { cs, xs } = freeInputs(1, 1);
    expose(cs, xs[0]!, cs.outputWire(0));
    const w = cs.witness([-12345n]);
    expect(mod(w[1]!)).toBe(FIELD_PRIME - 12345n);
    expect(isSatisfied(cs.toR1cs(), w)).toBe(true);
    expect(isSatisfied(cs.toR1cs(), forge(w, { 1: -12344n }))).toBe(false);
  });
});

describe('public inputs', () => {
  it('binds each public input with p · 1 = p, one constraint per input, so none is a free wire of the R1CS', () => {
    for (const n of [1, 2, 3]) {
      const cs = new CircuitBuilder(1, 1, n);
      const r1cs = cs.toR1cs();
      const publics = Array.from({ length: n }, (_, i) => cs.publicInputWire(i));
      expect(r1cs.constraints).toHaveLength(n);
      for (const p of publics) {
        const t = { wires: [p], coefs: [1n] };
        expect(r1cs.constraints).toContainEqual([t, { wires: [0], coefs: [1n] }, t]);
      }
      const w = cs.witness([0n], publics.map((_, i) => 1000n + BigInt(i)));
      expect(publics.map((p) => w[p])).toEqual(publics.map((_, i) => 1000n + BigInt(i)));
      expect(isSatisfied(r1cs, w)).toBe(true);
    }
  });
});
