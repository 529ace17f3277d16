/**
 * The occlusion mask of an unwrapped iris strip: which strip pixels show something other than
 * iris tissue — eyelid skin, lashes, specular reflections, or nothing (off the picture). Masked
 * pixels take no part in matching. Computed outside the proof in this version.
 *
 * Levels are taken from the picture itself, so the rules hold under any exposure: the iris level
 * is the strip's median, the skin/sclera level is the median just outside the iris on its left
 * and right, the pupil level the median inside the pupil.
 *  - Reflections: saturated pixels, widened by one pixel for their blurred halo.
 *  - Eyelids: pixels well above the iris level (half-way to skin). An eyelid covers the iris from
 *    the limbus inward, so in each column everything outward of the first such pair of pixels is
 *    masked.
 *  - Lashes: pixels well below any iris tissue (a third of the way from pupil to iris level).
 * Everything masked is then widened by one pixel: the boundaries are blurred in the picture.
 */
import { type GreyImage, sampleBilinear, toFloatImage } from './image.js';
import type { IrisSegmentation } from './segment.js';

const SATURATED = 0.97;

function median(values: number[]): number {
  const finite = values.filter((v) => v === v).sort((a, b) => a - b);
  return finite.length === 0 ? NaN : finite[finite.length >> 1]!;
}

function ringSamples(image: GreyImage & { data: Float32Array }, cx: number, cy: number, r: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < 48; k++) {
    const a = from + ((k + 0.5) * (to - from)) / 48;
    out.push(sampleBilinear(image, cx + r * Math.cos(a), cy + r * Math.sin(a)));
  }
  return out;
}

export interface MaskLevels {
  iris: number;
  skin: number;
  pupil: number;
}

export function maskLevels(image: GreyImage, seg: IrisSegmentation, strip: GreyImage): MaskLevels {
  const src = toFloatImage(image);
  const { iris, pupil } = seg;
  const outside = [
    ...ringSamples(src, iris.x, iris.y, iris.r * 1.15, -Math.PI / 6, Math.PI / 6),
    ...ringSamples(src, iris.x, iris.y, iris.r * 1.15, (5 * Math.PI) / 6, (7 * Math.PI) / 6),
  ];
  const inside = [0.3, 0.6].flatMap((f) => ringSamples(src, pupil.x, pupil.y, pupil.r * f, -Math.PI, Math.PI));
  return { iris: median(Array.from(toFloatImage(strip).data)), skin: median(outside), pupil: median(inside) };
}

/** 1 = masked (not iris), 0 = usable; same layout as the strip. */
export function occlusionMask(image: GreyImage, seg: IrisSegmentation, strip: GreyImage): Uint8Array {
  const { width, height } = strip;
  const values = toFloatImage(strip).data;
  const levels = maskLevels(image, seg, strip);
  const bright = levels.iris + 0.5 * (levels.skin - levels.iris);
  const dark = levels.pupil + (levels.iris - levels.pupil) / 3;
  const mask = new Uint8Array(width * height);
  const at = (i: number, j: number) => ((j % width) + width) % width + i * width;

  const reflection = new Uint8Array(width * height);
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      if (values[at(i, j)]! >= SATURATED) for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) if (i + di >= 0 && i + di < height) reflection[at(i + di, j + dj)] = 1;
    }
  }
  for (let j = 0; j < width; j++) {
    let lidFrom = height;
    for (let i = 0; i + 1 < height; i++) {
      const isLid = (r: number) => !reflection[at(r, j)] && values[at(r, j)]! > bright;
      if (isLid(i) && isLid(i + 1)) {
        lidFrom = i;
        break;
      }
    }
    for (let i = 0; i < height; i++) {
      const v = values[at(i, j)]!;
      if (i >= lidFrom || reflection[at(i, j)] || v !== v || v < dark) mask[at(i, j)] = 1;
    }
  }
  // Widen by one pixel (columns wrap around the eye; rows do not).
  const widened = new Uint8Array(mask);
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      if (!mask[at(i, j)]) continue;
      for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) if (i + di >= 0 && i + di < height) widened[at(i + di, j + dj)] = 1;
    }
  }
  return widened;
}
