import { describe, expect, it } from 'vitest';
import { seededRng } from '../seeded-rng.js';
import { DEFAULT_BANK, codeLength, gaborKernel, irisCode } from './gabor.js';
import { createImage } from './image.js';

function randomStrip(seed: number) {
  const strip = createImage(256, 32);
  const rand = seededRng(seed);
  // Smooth-ish texture: random values, blurred along the rows by a running mean.
  for (let i = 0; i < 32; i++) {
    let acc = 0.5;
    for (let j = 0; j < 256; j++) strip.data[i * 256 + j] = acc = 0.7 * acc + 0.3 * rand();
  }
  return strip;
}

const noMask = new Uint8Array(32 * 256);

describe('reference Gabor iris code', () => {
  it('has at least 2,048 bits from a 32×256 strip, two scales, even and odd', () => {
    expect(codeLength(DEFAULT_BANK)).toBe(2048);
    expect(DEFAULT_BANK.filters.length).toBeGreaterThanOrEqual(2);
    const code = irisCode(randomStrip(1), noMask);
    expect(code.bits.length).toBe(2048);
    const ones = code.bits.reduce((s, b) => s + b, 0);
    expect(ones).toBeGreaterThan(800);
    expect(ones).toBeLessThan(1248);
  });

  it('uses kernels without a DC response (the odd part antisymmetric, the even part mean-free)', () => {
    for (const f of DEFAULT_BANK.filters) {
      const k = gaborKernel(f);
      expect(Math.abs(k.even.reduce((s, v) => s + v, 0))).toBeLessThan(1e-9);
      expect(Math.abs(k.odd.reduce((s, v) => s + v, 0))).toBeLessThan(1e-9);
    }
  });

  it('is unchanged by exposure (gain and offset of the strip)', () => {
    const strip = randomStrip(2);
    const brighter = createImage(256, 32);
    for (let k = 0; k < strip.data.length; k++) brighter.data[k] = 0.8 * strip.data[k]! + 0.1;
    const a = irisCode(strip, noMask).bits;
    const b = irisCode(brighter, noMask).bits;
    let same = 0;
    for (let k = 0; k < a.length; k++) same += a[k] === b[k] ? 1 : 0;
    expect(same / a.length).toBeGreaterThan(0.995);
  });

  it('shifts by bitsPerColumn bits when the strip shifts by one probe column (rotation)', () => {
    const strip = randomStrip(3);
    const turned = createImage(256, 32);
    const step = DEFAULT_BANK.columnStep;
    for (let i = 0; i < 32; i++) for (let j = 0; j < 256; j++) turned.data[i * 256 + ((j + 3 * step) % 256)] = strip.data[i * 256 + j]!;
    const a = irisCode(strip, noMask);
    const b = irisCode(turned, noMask);
    const n = a.bits.length;
    let same = 0;
    for (let k = 0; k < n; k++) same += a.bits[k] === b.bits[(k + 3 * a.bitsPerColumn) % n] ? 1 : 0;
    expect(same).toBe(n);
  });

  it('marks bits whose filters fall on masked pixels as unusable, and only those', () => {
    const mask = new Uint8Array(32 * 256);
    for (let i = 16; i < 32; i++) for (let j = 100; j < 160; j++) mask[i * 256 + j] = 1;
    const code = irisCode(randomStrip(4), mask);
    const bank = DEFAULT_BANK;
    const perColumn = code.bitsPerColumn;
    for (let k = 0; k < code.bits.length; k++) {
      const column = Math.floor(k / perColumn) * bank.columnStep;
      const row = bank.probeRows[Math.floor((k % perColumn) / (bank.filters.length * 2))]!;
      if (row >= 16 && column >= 100 && column < 160) expect(code.valid[k]).toBe(0);
      if (column < 60 || column > 200) expect(code.valid[k]).toBe(1);
    }
  });

  it('refuses a strip of another size', () => {
    const strip = createImage(128, 16);
    expect(() => irisCode(strip, new Uint8Array(128 * 16))).toThrow(/codes 32×256 strips .* the strip given is 16×128/);
  });
});
