import { describe, expect, it } from 'vitest';
import { codeImageSize, codeMaskPixels, codePixels, countUsable, maskPixels, stripPixels } from './bit-images.js';

const px = (a: Uint8ClampedArray, i: number) => Array.from(a.slice(4 * i, 4 * i + 4));

describe('Biometric page pictures', () => {
  it('draws the strip in grey, off-picture pixels in mid grey', () => {
    const out = stripPixels(Float32Array.from([0, 1, 0.5, NaN, 2]));
    expect([0, 1, 2, 3, 4].map((i) => px(out, i))).toEqual([
      [0, 0, 0, 255],
      [255, 255, 255, 255],
      [128, 128, 128, 255],
      [96, 96, 96, 255],
      [255, 255, 255, 255],
    ]);
  });

  it('draws masked strip pixels red', () => {
    const out = maskPixels(Uint8Array.from([0, 1]));
    expect(px(out, 0)).toEqual([0, 0, 0, 255]);
    expect(px(out, 1)).toEqual([200, 40, 40, 255]);
  });

  it('lays the code out as probe columns × bits per column, so a one-column shift is a sideways shift', () => {
    // 3 probe columns of 2 bits: bits (column-major) 1,0 | 0,1 | 1,1.
    const code = { bits: Uint8Array.from([1, 0, 0, 1, 1, 1]), valid: Uint8Array.from([1, 1, 1, 0, 1, 1]), bitsPerColumn: 2 };
    expect(codeImageSize(code)).toEqual({ width: 3, height: 2 });
    const plain = codePixels(code, false);
    // Row 0 is the first bit of each column, row 1 the second.
    const white = [255, 255, 255, 255];
    const black = [0, 0, 0, 255];
    expect([0, 1, 2, 3, 4, 5].map((i) => px(plain, i))).toEqual([white, black, white, black, white, white]);
    const withMask = codePixels(code, true);
    // Bit 3 (column 1, row 1) is unusable: shown in light red for a 1.
    expect(px(withMask, 4)).toEqual([240, 150, 150, 255]);
    expect(px(codeMaskPixels(code), 4)).toEqual([200, 40, 40, 255]);
    expect(px(codeMaskPixels(code), 1)).toEqual([0, 0, 0, 255]);
    expect(countUsable(code)).toBe(5);
  });
});
