/**
 * Daugman's rubber-sheet normalisation: the iris annulus between the pupil and iris circles is
 * resampled to a fixed rectangle, so that pupil size, distance and position no longer matter and
 * a rotation of the eye becomes a circular shift of the columns.
 *
 * Row i samples ρ = (i + ½)/H from the pupil boundary (row 0) to the limbus (row H − 1); column j
 * samples the ray at image angle 2πj/W from the pupil centre (x right, y down). Bilinear sampling;
 * points off the picture are NaN, and the occlusion mask marks them.
 */
import { rubberSheetPoint } from './geometry.js';
import { type GreyImage, sampleBilinear, toFloatImage } from './image.js';
import type { IrisSegmentation } from './segment.js';

export interface StripSize {
  height: number;
  width: number;
}

export const DEFAULT_STRIP: StripSize = { height: 32, width: 256 };

/** Image position sampled by strip pixel (row, column). */
export function stripPoint(seg: IrisSegmentation, size: StripSize, row: number, column: number): { x: number; y: number } {
  return rubberSheetPoint(seg.pupil, seg.iris, (2 * Math.PI * column) / size.width, (row + 0.5) / size.height);
}

export function unwrapIris(image: GreyImage, seg: IrisSegmentation, size: StripSize = DEFAULT_STRIP): GreyImage & { data: Float32Array } {
  const src = toFloatImage(image);
  const data = new Float32Array(size.height * size.width);
  for (let i = 0; i < size.height; i++) {
    for (let j = 0; j < size.width; j++) {
      const p = stripPoint(seg, size, i, j);
      data[i * size.width + j] = sampleBilinear(src, p.x, p.y);
    }
  }
  return { width: size.width, height: size.height, data };
}
