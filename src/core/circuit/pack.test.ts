import { describe, expect, it } from 'vitest';
import { CircuitBuilder } from './builder.js';
import { isSatisfied } from './check.js';
import { inputCodes } from './gadgets.js';
import { evaluate, wireLC } from './lc.js';
import { PACK_BITS_PER_ELEMENT, packCodes, packCodesLC, packedLength } from './pack.js';

function codesOf(count: number, bits: number, seed: number): bigint[] {
  let s = seed;
  return Array.from({ length: count }, () => {
    let v = 0n;
    for (let i = 0; i < bits; i++) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      v |= BigInt((s >> 16) & 1) << BigInt(i);
    }
    return v;
  });
}

describe('packing', () => {
  it('uses ⌈n·bits / 253⌉ elements, each below 2^253', () => {
    expect(packedLength(784, 8)).toBe(25);
    expect(packedLength(1, 1)).toBe(1);
    expect(packedLength(253, 1)).toBe(1);
    expect(packedLength(254, 1)).toBe(2);
    for (const x of packCodes(Array(100).fill(255n), 8)) expect(x < 1n << 253n).toBe(true);
  });

  it('is a bit stream, codes straddling elements', () => {
    // 3 codes of 100 bits: code 2 takes bits 200…252 of element 0 and 0…46 of element 1.
    const c = [1n, 2n, (1n << 99n) | 1n];
    const [e0, e1] = packCodes(c, 100);
    expect(e0).toBe(1n | (2n << 100n) | (1n << 200n));
    expect(e1).toBe(1n << (99n - 53n));
    expect(() => packCodes([256n], 8)).toThrow(/outside/);
  });

  for (const [count, bits] of [
    [784, 8],
    [10, 253],
    [7, 100],
    [300, 1],
    [33, 23],
  ] as const) {
    it(`equals the off-circuit packer in the circuit: ${count} codes of ${bits} bits, as LCs and as bit wires`, () => {
      const codes = codesOf(count, bits, count * 31 + bits);
      const cs = new CircuitBuilder(0, count * bits);
      const lcs = inputCodes(cs, count, bits);
      const w = cs.witness(codes);
      expect(isSatisfied(cs.toR1cs(), w)).toBe(true);
      const want = packCodes(codes, bits);
      const before = cs.constraints.length;
      const viaLc = packCodesLC(lcs, bits);
      const viaBits = packCodesLC(
        Array.from({ length: count }, (_, k) => Array.from({ length: bits }, (_, i) => cs.privateInputWire(k * bits + i))),
        bits,
      );
      expect(cs.constraints.length).toBe(before);
      expect(viaLc.map((e) => evaluate(e, w))).toEqual(want);
      expect(viaBits.map((e) => evaluate(e, w))).toEqual(want);
    });
  }

  it('refuses a combination that is not Σ 2^i·b_i', () => {
    expect(() => packCodesLC([new Map([[5, 3n]])], 2)).toThrow(/bit wires/);
    expect(() => packCodesLC([wireLC(0)], 1)).toThrow(/bit wires/);
    expect(() => packCodesLC([[1, 2, 3]], 2)).toThrow(/expected 2/);
    expect(PACK_BITS_PER_ELEMENT).toBe(253);
  });
});
