import { describe, expect, it } from 'vitest';
import { IRIS_MODELS, irisInputSpec } from './model.js';
import { IRIS_STRIP_BITS, LEGACY_STRIP_BITS, stripBitsMismatch } from './strip-format.js';
import { decodeInput, encodeInput } from '../model/input.js';

describe('iris strip format', () => {
  it('every iris-code version reads the same 4-bit strip (one signed capture proves with v1 and v2)', () => {
    expect(IRIS_STRIP_BITS).toBe(4);
    for (const v of IRIS_MODELS) {
      const spec = irisInputSpec(v.bank);
      expect(spec.bits).toBe(IRIS_STRIP_BITS);
      expect(spec.kind).toBe('iris-strip');
      expect(spec.shape).toEqual([v.bank.stripHeight, v.bank.stripWidth, 1]);
    }
  });

  it('puts a strip on 16 grey levels: 0…15, and decoding gives the grid values back', () => {
    const spec = irisInputSpec(IRIS_MODELS[0]!.bank);
    const values = Array.from({ length: spec.features.length }, (_, i) => (i % 101) / 100);
    const { codes } = encodeInput(spec, values);
    expect(codes.every((c) => c >= 0n && c <= 15n)).toBe(true);
    expect(codes[100]).toBe(15n);
    expect(codes[50]).toBe(8n); // 0.5 × 15 = 7.5 rounds up
    const grid = decodeInput(spec, codes);
    expect(grid[100]).toBe(1);
    expect(encodeInput(spec, grid).codes).toEqual(codes);
  });

  it('names why an 8-bit capture of the old app cannot be proved, with the package or without', () => {
    const named = stripBitsMismatch(LEGACY_STRIP_BITS, IRIS_STRIP_BITS, 'iris-v1');
    expect(named).toContain('signed as 8-bit codes by an earlier version');
    expect(named).toContain('package "iris-v1" reads 4-bit strips');
    expect(named).toContain('capture the eye again');
    expect(stripBitsMismatch(LEGACY_STRIP_BITS, IRIS_STRIP_BITS)).toContain('the iris-code packages read 4-bit strips');
    expect(stripBitsMismatch(6, IRIS_STRIP_BITS, 'x')).not.toContain('earlier version');
  });
});
