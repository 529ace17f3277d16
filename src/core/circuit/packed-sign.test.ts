/**
 * Packed `sign` outputs (more than 253 bits, circuit/pack.ts): each bit is the boolean top bit of
 * its sign decomposition, and public signal e is Σ 2^j · bit(253e + j). Forged witnesses that keep
 * every other constraint as it was must fail: a flipped bit (with its element adjusted to match), an
 * element that does not match its bits, and a non-boolean "bit" that keeps the element's value.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../compile.js';
import { mod } from '../field.js';
import { GraphMaker, rng, specFor } from '../test-support/random-graph.js';
import { firstUnsatisfied } from './check.js';
import { PACK_BITS_PER_ELEMENT, packCodes, unpackBits } from './pack.js';

const SIZE = 300;
const random = rng(2026);
const g = new GraphMaker(random, [5]);
const graph = g.graph(g.dense(g.relu(g.dense(g.input, 6)), SIZE), 'sign');
const spec = specFor([5], 6, random);
const c = compileModel(graph, { inputSpec: spec, output: 'sign', activationBits: 8, weightBits: 10 });
const codes = [5n, 60n, 17n, 33n, 0n];

/** The bit wires of output element e, from its packing constraint (C = Σ 2^j·b_j − out_e). */
function packedBitWires(e: number): number[] {
  const out = 1 + e;
  const row = c.r1cs.constraints.find(([a, b, cc]) => a.wires.length === 0 && b.wires.length === 0 && cc.wires.includes(out))!;
  const [, , cc] = row;
  const wires: number[] = [];
  cc.wires.forEach((w, i) => {
    if (w === out) return;
    const coef = cc.coefs[i]!;
    wires[coef.toString(2).length - 1] = w;
  });
  return wires;
}

describe('packed sign output', () => {
  it(`${SIZE} bits are ${Math.ceil(SIZE / PACK_BITS_PER_ELEMENT)} public outputs, equal to the packed reference bits`, () => {
    expect(c.r1cs.nOutputs).toBe(2);
    const w = c.witness(codes);
    expect(firstUnsatisfied(c.r1cs, w)).toBe(-1);
    const signals = c.outputSignals(w);
    expect(signals).toEqual(c.referenceOutput(codes));
    const bits = unpackBits(signals, SIZE);
    expect(bits.length).toBe(SIZE);
    expect(packCodes(bits.map(BigInt), 1)).toEqual(signals);
    // Both values occur, so the flips below test real bits.
    expect(new Set(bits).size).toBe(2);
    expect(packedBitWires(0).length).toBe(253);
    expect(packedBitWires(1).length).toBe(SIZE - 253);
  });

  it('refuses a flipped bit, even with its element adjusted to the flipped bits', () => {
    const w = c.witness(codes);
    for (const [e, j] of [[0, 0], [0, 252], [1, 10]] as const) {
      const bitWire = packedBitWires(e)[j]!;
      const forged = [...w];
      forged[bitWire] = 1n - w[bitWire]!;
      expect(firstUnsatisfied(c.r1cs, forged)).not.toBe(-1);
      forged[1 + e] = w[1 + e]! + (forged[bitWire]! - w[bitWire]!) * (1n << BigInt(j));
      expect(firstUnsatisfied(c.r1cs, forged)).not.toBe(-1);
    }
  });

  it('refuses an element that does not match its bits', () => {
    const w = c.witness(codes);
    for (const delta of [1n, 1n << 252n, 1n << 253n]) {
      const forged = [...w];
      forged[1] = mod(w[1]! + delta);
      expect(firstUnsatisfied(c.r1cs, forged)).not.toBe(-1);
    }
  });

  it('refuses a non-boolean bit that keeps the element: 2 at bit j in place of 1 at bit j + 1', () => {
    const w = c.witness(codes);
    const wires = packedBitWires(0);
    const j = wires.findIndex((b, i) => i + 1 < wires.length && w[b] === 0n && w[wires[i + 1]!] === 1n);
    expect(j).toBeGreaterThanOrEqual(0);
    const forged = [...w];
    forged[wires[j]!] = 2n;
    forged[wires[j + 1]!] = 0n;
    expect(forged[1]).toBe(w[1]);
    expect(firstUnsatisfied(c.r1cs, forged)).not.toBe(-1);
  });

  it('reads an element with its top bit set as the bit string it is, not a negative number', () => {
    // 2^252 + 5 > r/2: a signed reading of the output wire would make it negative.
    const w = c.witness(codes);
    w[1] = (1n << 252n) + 5n;
    expect(c.outputSignals(w)[0]).toBe((1n << 252n) + 5n);
  });

  it('unpacking refuses an element with a bit beyond its share', () => {
    expect(() => unpackBits([0n, 1n << 47n], SIZE)).toThrow(/element 1/);
    expect(() => unpackBits([1n << 253n, 0n], SIZE)).toThrow(/element 0/);
    expect(unpackBits([0n, 1n << 46n], SIZE)[299]).toBe(1);
  });
});
