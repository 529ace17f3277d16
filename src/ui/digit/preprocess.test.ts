import { describe, expect, it } from 'vitest';
import type { InkImage } from './preprocess.js';
import { centreOfMass, greyFromRgba, inkBox, preprocessDigit, resampleArea, snap, toInk } from './preprocess.js';

/** A blank w×h ink image with the given rectangles filled with `v`. */
function image(w: number, h: number, rects: [x: number, y: number, rw: number, rh: number, v?: number][]): InkImage {
  const data = new Float64Array(w * h);
  for (const [x, y, rw, rh, v = 1] of rects) for (let j = y; j < y + rh; j++) for (let i = x; i < x + rw; i++) data[j * w + i] = v;
  return { width: w, height: h, data };
}

const grid = (p: readonly number[], size = 28) => ({ width: size, height: size, data: p });

describe('digit preprocessing', () => {
  it('gives an all-zero grid, marked empty, when there is no ink', () => {
    const r = preprocessDigit(image(100, 100, []));
    expect(r.empty).toBe(true);
    expect(r.pixels).toHaveLength(784);
    expect(r.pixels.every((p) => p === 0)).toBe(true);
    // Faint noise below the ink threshold is no ink either.
    expect(preprocessDigit(image(50, 50, [[10, 10, 5, 5, 0.05]])).empty).toBe(true);
  });

  it('crops to the bounding box of the ink', () => {
    expect(inkBox(image(100, 80, [[30, 10, 6, 50], [50, 20, 4, 4]]))).toEqual({ x: 30, y: 10, width: 24, height: 50 });
    expect(inkBox(image(10, 10, []))).toBeUndefined();
  });

  it('scales the longer side to 20 px keeping the aspect ratio, from any size', () => {
    // A tall stroke off in a corner of a 280×280 pad: 160 tall, 24 wide.
    const tall = preprocessDigit(image(280, 280, [[200, 100, 24, 160]]));
    expect(tall.crop).toEqual({ x: 200, y: 100, width: 24, height: 160 });
    expect(tall.scaled).toEqual({ width: 3, height: 20 });
    const ink = inkBox(grid(tall.pixels))!;
    expect(ink.height).toBe(20);
    expect(ink.width).toBe(3);
    // A wide bar in a tiny image is enlarged: 6×2 becomes 20×7 (6.67 rounds to 7).
    const wide = preprocessDigit(image(9, 5, [[1, 1, 6, 2]]));
    expect(wide.scaled).toEqual({ width: 20, height: 7 });
    expect(inkBox(grid(wide.pixels))).toMatchObject({ width: 20, height: 7 });
  });

  it('puts the centre of mass at the centre of the 28×28 grid', () => {
    // An "L": its mass is low and to the left, so the box itself is not centred.
    const r = preprocessDigit(image(120, 200, [[10, 10, 20, 150], [10, 140, 90, 20]]));
    const com = centreOfMass(r.pixels, 28, 28)!;
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
    const box = inkBox(grid(r.pixels))!;
    expect(box.x + box.width / 2).not.toBeCloseTo(14, 0);
  });

  it('snaps every value to k/255', () => {
    // Soft ink (0.3) and an odd scale give fractional averages.
    const r = preprocessDigit(image(97, 61, [[3, 5, 37, 51, 0.3], [20, 10, 11, 13]]));
    expect(r.pixels.some((p) => p > 0 && p < 1)).toBe(true);
    for (const p of r.pixels) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(p).toBe(Math.round(p * 255) / 255);
    }
    expect(snap(0.5)).toBe(128 / 255);
    expect(snap(-1)).toBe(0);
    expect(snap(2)).toBe(1);
    expect(snap(NaN)).toBe(0);
  });

  it('averages areas when resampling', () => {
    const img = image(4, 4, [[0, 0, 2, 4]]);
    expect(Array.from(resampleArea(img, { x: 0, y: 0, width: 4, height: 4 }, 2, 2))).toEqual([1, 0, 1, 0]);
    expect(Array.from(resampleArea(img, { x: 0, y: 0, width: 4, height: 4 }, 1, 1))).toEqual([0.5]);
    // Enlarging keeps the values.
    for (const v of resampleArea(image(1, 1, [[0, 0, 1, 1, 0.4]]), { x: 0, y: 0, width: 1, height: 1 }, 3, 2)) expect(v).toBeCloseTo(0.4, 12);
  });

  it('turns dark ink on light paper into white-on-black ink, and keeps white-on-black as it is', () => {
    // RGBA: a 4×4 white picture with a black 2×2 square; one transparent pixel counts as paper.
    const rgba = new Uint8ClampedArray(4 * 16).fill(255);
    for (const i of [5, 6, 9, 10]) rgba.set([0, 0, 0, 255], 4 * i);
    rgba[4 * 15 + 3] = 0;
    const grey = greyFromRgba(rgba, 4, 4);
    expect(grey.data[0]).toBe(1);
    expect(grey.data[5]).toBe(0);
    expect(grey.data[15]).toBe(1);
    const paper = toInk(grey);
    expect(paper.inverted).toBe(true);
    expect(Array.from(paper.image.data).filter((v) => v === 1)).toHaveLength(4);
    expect(paper.image.data[0]).toBe(0);

    const dark = toInk({ width: 4, height: 1, data: [0, 0.9, 0, 0] });
    expect(dark.inverted).toBe(false);
    expect(Array.from(dark.image.data)).toEqual([0, 1, 0, 0]);
    // Grey paper (0.8) with darker ink (0.3): the paper becomes 0, the ink 1.
    expect(Array.from(toInk({ width: 4, height: 1, data: [0.8, 0.3, 0.8, 0.8] }).image.data)).toEqual([0, 1, 0, 0]);
    // No contrast: blank.
    expect(Array.from(toInk({ width: 3, height: 1, data: [0.6, 0.62, 0.6] }).image.data)).toEqual([0, 0, 0]);
  });

  it('follows the grid size it is given', () => {
    const r = preprocessDigit(image(50, 50, [[10, 5, 10, 40]]), { size: 14, box: 10 });
    expect(r.pixels).toHaveLength(196);
    expect(inkBox(grid(r.pixels, 14))!.height).toBe(10);
  });
});
