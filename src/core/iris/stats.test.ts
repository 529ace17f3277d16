import { describe, expect, it } from 'vitest';
import type { IrisCode } from './match.js';
import { distanceBins, distanceSummary, pairDistances } from './stats.js';

/** A 64-bit code (8 columns of 8 bits), every bit usable unless said. */
const code = (bits: number[], valid = bits.map(() => 1)): IrisCode => ({ bits: Uint8Array.from(bits), valid: Uint8Array.from(valid), bitsPerColumn: 8 });
const ones = Array.from({ length: 64 }, () => 1);

describe('iris distance statistics', () => {
  it('splits pairs into genuine and impostor by eye, and counts pairs too occluded to compare', () => {
    const a = code(ones);
    const a2 = code(ones.map((b, i) => (i < 8 ? 0 : b))); // 8 of 64 bits differ at every shift: 0.125
    const other = code(ones.map((_, i) => i % 2));
    const hidden = code(ones, ones.map(() => 0));
    const r = pairDistances(
      [
        { eye: 0, code: a },
        { eye: 0, code: a2 },
        { eye: 1, code: other },
        { eye: 2, code: hidden },
      ],
      { maxShift: 0, minBits: 10 },
    );
    expect(r.genuine).toEqual([0.125]);
    expect(r.impostor).toEqual([0.5, 0.5]);
    expect(r.incomparable).toBe(3);
  });

  it('summarises: means, d′, and false matches / non-matches at the threshold (≤ is a match)', () => {
    const s = distanceSummary([0.1, 0.2, 0.3], [0.3, 0.5], 0.3);
    expect(s.genuine.mean).toBeCloseTo(0.2, 12);
    expect(s.impostor).toMatchObject({ n: 2 });
    expect(s.impostor.mean).toBeCloseTo(0.4, 12);
    expect(s.falseMatches).toBe(1);
    expect(s.fmr).toBe(0.5);
    expect(s.falseNonMatches).toBe(0);
    const sdG = Math.sqrt(0.02 / 3);
    expect(s.dPrime).toBeCloseTo(0.2 / Math.sqrt((sdG ** 2 + 0.01) / 2), 9);
  });

  it('bins distances in per cent of the set, a bin edge in the bin it opens', () => {
    expect(distanceBins([0.3, 0.31, 0.05, 0.299], 0.02)).toEqual([
      { from: 0.04, count: 1, percent: 25 },
      { from: 0.28, count: 1, percent: 25 },
      { from: 0.3, count: 2, percent: 50 },
    ]);
  });
});
