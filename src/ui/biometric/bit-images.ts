/**
 * Pixels for the Biometric page's pictures: the strip, its occlusion mask, and the iris code as a
 * bit image. Pure functions returning RGBA bytes (the page puts them into canvases), so what the
 * user sees is tested.
 *
 * The code image has one column per probe column and one row per bit of that column (the code's
 * layout: a rotation of the eye is a shift of whole columns, so it shows as a sideways shift).
 */
import type { IrisCode } from '../../core/iris/index.js';

export type Rgba = [number, number, number, number];

/** Masked strip pixels and unusable code bits are shown in this colour (plus the value, dimmed). */
const MASKED: Rgba = [200, 40, 40, 255];
const OFF_PICTURE: Rgba = [96, 96, 96, 255];

function fill(n: number, at: (i: number) => Rgba): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) out.set(at(i), 4 * i);
  return out;
}

const grey = (v: number): Rgba => {
  const g = Math.round(255 * Math.min(1, Math.max(0, v)));
  return [g, g, g, 255];
};

/** The strip as it is (NaN — off the picture — in mid grey). */
export function stripPixels(strip: Float32Array): Uint8ClampedArray<ArrayBuffer> {
  return fill(strip.length, (i) => (strip[i]! === strip[i]! ? grey(strip[i]!) : OFF_PICTURE));
}

/** The mask: usable strip pixels black, masked ones red. */
export function maskPixels(mask: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  return fill(mask.length, (i) => (mask[i] ? MASKED : [0, 0, 0, 255]));
}

/** Size of the code image: probe columns × bits per column. */
export function codeImageSize(code: IrisCode): { width: number; height: number } {
  return { width: code.bits.length / code.bitsPerColumn, height: code.bitsPerColumn };
}

/** Bit at image pixel (x, y) of the code image. */
export function codeIndex(code: IrisCode, x: number, y: number): number {
  return x * code.bitsPerColumn + y;
}

/** The code: 1 white, 0 black; with `masked`, unusable bits in dark or light red instead. */
export function codePixels(code: IrisCode, masked: boolean): Uint8ClampedArray<ArrayBuffer> {
  const { width, height } = codeImageSize(code);
  return fill(width * height, (p) => {
    const i = codeIndex(code, p % width, Math.floor(p / width));
    const bit = code.bits[i]!;
    if (masked && !code.valid[i]) return bit ? [240, 150, 150, 255] : [120, 20, 20, 255];
    return bit ? [255, 255, 255, 255] : [0, 0, 0, 255];
  });
}

/** The code's own mask: usable bits black, unusable red. */
export function codeMaskPixels(code: IrisCode): Uint8ClampedArray<ArrayBuffer> {
  const { width, height } = codeImageSize(code);
  return fill(width * height, (p) => (code.valid[codeIndex(code, p % width, Math.floor(p / width))] ? [0, 0, 0, 255] : MASKED));
}

export function countUsable(code: IrisCode): number {
  let n = 0;
  for (const v of code.valid) n += v;
  return n;
}
