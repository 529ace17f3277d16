import { describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { seededRng } from '../seeded-rng.js';
import { irisCode } from './gabor.js';
import { occlusionMask } from './mask.js';
import { type IrisCode, hammingDistance } from './match.js';
import { segmentIris } from './segment.js';
import { synthEye } from './synth.js';
import { unwrapIris } from './unwrap.js';

function randomCode(seed: number, columns = 128, bitsPerColumn = 16): IrisCode {
  const rand = seededRng(seed);
  const bits = Uint8Array.from({ length: columns * bitsPerColumn }, () => (rand() < 0.5 ? 1 : 0));
  return { bits, valid: new Uint8Array(bits.length).fill(1), bitsPerColumn };
}

function shifted(code: IrisCode, columns: number): IrisCode {
  const n = code.bits.length;
  const by = (((columns * code.bitsPerColumn) % n) + n) % n;
  const move = (a: Uint8Array) => Uint8Array.from(a, (_, k) => a[(k - by + n) % n]!);
  return { bits: move(code.bits), valid: move(code.valid), bitsPerColumn: code.bitsPerColumn };
}

function codeOf(eye: number, capture: number): IrisCode {
  const { image } = synthEye(eye, capture);
  const seg = segmentIris(image);
  const strip = unwrapIris(image, seg);
  return irisCode(strip, occlusionMask(image, seg, strip));
}

describe('fractional Hamming distance', () => {
  it('is 0 for a code and itself, 1 for its complement, about ½ for independent codes', () => {
    const a = randomCode(1);
    const complement = { ...a, bits: a.bits.map((b) => 1 - b) };
    expect(hammingDistance(a, a).distance).toBe(0);
    expect(hammingDistance(a, complement, { maxShift: 0 }).distance).toBe(1);
    const d = hammingDistance(a, randomCode(2), { maxShift: 0 }).distance;
    expect(d).toBeGreaterThan(0.45);
    expect(d).toBeLessThan(0.55);
  });

  it('finds a rotation within the search range, and not beyond it', () => {
    const a = randomCode(3);
    const r = hammingDistance(a, shifted(a, 5), { maxShift: 8 });
    expect(r).toEqual({ distance: 0, shift: 5, compared: a.bits.length });
    expect(hammingDistance(a, shifted(a, -7), { maxShift: 8 }).shift).toBe(-7);
    expect(hammingDistance(a, shifted(a, 12), { maxShift: 8 }).distance).toBeGreaterThan(0.4);
  });

  it('counts only bits usable in both codes', () => {
    const a = randomCode(4);
    const b = { ...a, bits: a.bits.slice(), valid: a.valid.slice() };
    // Flip the first half of b's bits but mark them unusable: the distance stays 0.
    for (let k = 0; k < 1024; k++) {
      b.bits[k] = 1 - b.bits[k]!;
      b.valid[k] = 0;
    }
    expect(hammingDistance(a, b, { maxShift: 0 })).toEqual({ distance: 0, shift: 0, compared: 1024 });
  });

  it('refuses codes too occluded to compare, and codes of different layouts, by name', () => {
    const a = randomCode(5);
    const hidden = { ...a, valid: new Uint8Array(a.bits.length) };
    hidden.valid.fill(1, 0, 100);
    expect(() => hammingDistance(a, hidden)).toThrow(ZkinferError);
    expect(() => hammingDistance(a, hidden)).toThrow(/Too little iris/);
    expect(() => hammingDistance(a, randomCode(6, 64))).toThrow(/different layouts/);
  });

  it('puts captures of one synthetic eye closer than captures of different eyes', () => {
    const a0 = codeOf(60, 0);
    const a1 = codeOf(60, 1);
    const b0 = codeOf(61, 0);
    const genuine = hammingDistance(a0, a1).distance;
    const impostor = hammingDistance(a0, b0).distance;
    expect(genuine).toBeLessThan(0.3);
    expect(impostor).toBeGreaterThan(0.38);
  });
});
