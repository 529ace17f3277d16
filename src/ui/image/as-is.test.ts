import { describe, expect, it } from 'vitest';
import { pictureAsIs } from './as-is.js';

const img = (width: number, height: number, f: (x: number, y: number) => number) => ({
  width,
  height,
  data: Float64Array.from({ length: width * height }, (_, i) => f(i % width, Math.floor(i / width))),
});

describe('a picture used as is', () => {
  it('keeps a picture of the grid size exactly (snapped to the 8-bit grid), without inverting it', () => {
    const bright = img(8, 8, (x, y) => (x + y) / 14);
    const r = pictureAsIs(bright, { h: 8, w: 8 });
    expect(r.pixels).toEqual(Array.from(bright.data, (v) => Math.round(v * 255) / 255));
    expect(r.stretched).toBe(false);
    // A light picture stays light: no MNIST-style inversion.
    expect(pictureAsIs(img(8, 8, () => 0.9), { h: 8, w: 8 }).pixels.every((p) => p === Math.round(0.9 * 255) / 255)).toBe(true);
  });

  it('does not crop or centre: a dot in a corner stays in that corner', () => {
    const r = pictureAsIs(img(16, 16, (x, y) => (x < 4 && y < 4 ? 1 : 0)), { h: 8, w: 8 });
    expect(r.pixels[0]).toBe(1);
    expect(r.pixels[1 * 8 + 1]).toBe(1);
    expect(r.pixels[2 * 8 + 2]).toBe(0);
    expect(r.pixels[7 * 8 + 7]).toBe(0);
  });

  it('resizes by area averaging to H×W, rows first', () => {
    // Left half black, right half white, 4× the grid: each grid pixel is one uniform 4×4 block.
    const r = pictureAsIs(img(32, 8, (x) => (x < 16 ? 0 : 1)), { h: 2, w: 8 });
    expect(r.pixels).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect(r.stretched).toBe(false);
    // A pixel straddling the edge gets the mean of what it covers.
    expect(pictureAsIs(img(3, 1, (x) => (x === 1 ? 1 : 0)), { h: 1, w: 2 }).pixels).toEqual([snapHalf(), snapHalf()]);
  });

  it('says when the picture had to be stretched to the grid', () => {
    expect(pictureAsIs(img(40, 40, () => 0.5), { h: 8, w: 32 }).stretched).toBe(true);
    expect(pictureAsIs(img(64, 16, () => 0.5), { h: 8, w: 32 }).stretched).toBe(false);
  });
});

function snapHalf(): number {
  // Source pixel 1 covers half of each output pixel (1.5 source pixels wide): mean 1/3.
  return Math.round((1 / 3) * 255) / 255;
}
