/**
 * A picture used as is, for `image` and `iris-strip` inputs: its greyscale brightness resized to
 * the model's H×W grid, nothing else. Unlike the digit preprocessing there is no inversion, no crop
 * to the ink and no centring: the publisher's model was trained on whole pictures (an iris strip is
 * already normalised and unwrapped), so moving or inverting anything would change what it sees.
 * Pure functions (no DOM).
 */
import type { InkImage } from '../digit/preprocess.js';
import { resampleArea, snap } from '../digit/preprocess.js';

export interface AsIs {
  /** h × w values, row-major, each k / levels: exactly the grid the circuit encodes. */
  readonly pixels: number[];
  /** The picture was stretched (its aspect ratio differs from the grid's by more than 5 %). */
  readonly stretched: boolean;
}

/** Resizes the whole picture to `w × h` by area averaging and snaps each value to the input grid. */
export function pictureAsIs(grey: InkImage, size: { readonly h: number; readonly w: number }, levels = 255): AsIs {
  const patch = resampleArea(grey, { x: 0, y: 0, width: grey.width, height: grey.height }, size.w, size.h);
  const pixels = Array.from(patch, (v) => snap(v, levels));
  const ratio = grey.width / grey.height / (size.w / size.h);
  return { pixels, stretched: ratio > 1.05 || ratio < 1 / 1.05 };
}
