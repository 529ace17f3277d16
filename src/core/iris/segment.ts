/**
 * Finding the pupil and iris circles: Daugman's integro-differential operator on a grid of
 * candidate centres — for each centre, the mean brightness along circles of growing radius, and
 * the radius where it jumps the most (after smoothing) is that centre's boundary; the best
 * (centre, radius) over the grid wins.
 *
 * The pupil is searched around the darkest blob of the picture, with the whole circle (reflections
 * excluded: saturated pixels would fake an edge). The iris is searched around the pupil, on the
 * left and right arcs only, because eyelids usually cover its top and bottom.
 *
 * It works on the synthetic eyes and on clean near-infrared photos; on any other photo the
 * result is a proposal the user corrects (the app's draggable handles).
 */
import { fail } from '../errors.js';
import type { Circle } from './geometry.js';
import { type GreyImage, gaussianBlur, sampleBilinear } from './image.js';

export interface IrisSegmentation {
  pupil: Circle;
  iris: Circle;
}

type FloatImage = GreyImage & { data: Float32Array };

/**
 * Weakest boundary accepted: the smoothed radial derivative sums four differences, so 0.2 is a
 * step of about 0.05 in brightness. Eyes show steps many times larger; a flat or noisy picture
 * does not reach it.
 */
const MIN_EDGE = 0.2;

/** Brightness above which a pixel is taken for a reflection and left out of circle means. */
const REFLECTION_LEVEL = 0.92;

interface ArcSet {
  cos: Float64Array;
  sin: Float64Array;
}

function arcs(ranges: [number, number][], count: number): ArcSet {
  const angles: number[] = [];
  const total = ranges.reduce((s, [a, b]) => s + (b - a), 0);
  for (const [a, b] of ranges) {
    const n = Math.max(2, Math.round((count * (b - a)) / total));
    for (let k = 0; k < n; k++) angles.push(a + ((k + 0.5) * (b - a)) / n);
  }
  return { cos: Float64Array.from(angles, Math.cos), sin: Float64Array.from(angles, Math.sin) };
}

/** Mean brightness on the circle (cx, cy, r) over the arcs; NaN if too little of it is usable. */
function circleMean(image: FloatImage, cx: number, cy: number, r: number, set: ArcSet): number {
  let sum = 0;
  let n = 0;
  for (let k = 0; k < set.cos.length; k++) {
    const v = sampleBilinear(image, cx + r * set.cos[k]!, cy + r * set.sin[k]!);
    if (v === v && v < REFLECTION_LEVEL) {
      sum += v;
      n++;
    }
  }
  return n >= set.cos.length / 2 ? sum / n : NaN;
}

interface Best {
  x: number;
  y: number;
  r: number;
  score: number;
}

/**
 * Best boundary over centres (x, y) in the box and radii in [rMin, rMax]: the largest smoothed
 * outward increase of the circular mean, I(r + gap) − I(r − gap).
 */
function search(image: FloatImage, box: { x0: number; x1: number; y0: number; y1: number; step: number }, rMin: number, rMax: number, gap: number, set: ArcSet): Best {
  let best: Best = { x: NaN, y: NaN, r: NaN, score: -Infinity };
  const radii = Math.max(0, Math.floor(rMax - rMin)) + 1 + 2 * gap;
  const profile = new Float64Array(radii);
  for (let y = box.y0; y <= box.y1; y += box.step) {
    for (let x = box.x0; x <= box.x1; x += box.step) {
      for (let k = 0; k < radii; k++) profile[k] = circleMean(image, x, y, rMin - gap + k, set);
      for (let k = gap + 1; k < radii - gap - 1; k++) {
        // Derivative, smoothed over three radii.
        let score = 0;
        for (let s = -1; s <= 1; s++) score += (s === 0 ? 2 : 1) * (profile[k + s + gap]! - profile[k + s - gap]!);
        if (score > best.score) best = { x, y, r: rMin - gap + k, score };
      }
    }
  }
  return best;
}

/** Centre of the darkest square window of side `size` (a box filter via an integral image). */
function darkestWindow(image: FloatImage, size: number, margin: number): { x: number; y: number } {
  const { width, height, data } = image;
  const integral = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += data[y * width + x]!;
      integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1]! + row;
    }
  }
  let best = { x: width / 2, y: height / 2 };
  let bestSum = Infinity;
  for (let y = margin; y + size <= height - margin; y++) {
    for (let x = margin; x + size <= width - margin; x++) {
      const w = width + 1;
      const s = integral[(y + size) * w + x + size]! - integral[y * w + x + size]! - integral[(y + size) * w + x]! + integral[y * w + x]!;
      if (s < bestSum) {
        bestSum = s;
        best = { x: x + size / 2, y: y + size / 2 };
      }
    }
  }
  return best;
}

/**
 * Centre and equivalent radius of the dark blob around `seed`: the darkest window may sit anywhere
 * inside a large pupil, so the blob is grown from it (pixels darker than a fifth of the way from
 * the seed's level to the median, connected to the seed, within `maxRadius`) and its centroid is
 * taken — then re-taken within a radius a little larger than the blob's, which drops lashes and
 * dark iris spots that touch it.
 */
function darkBlob(image: FloatImage, seed: { x: number; y: number }, maxRadius: number): Circle {
  const { width, height, data } = image;
  const sx = Math.round(seed.x);
  const sy = Math.round(seed.y);
  const level = data[sy * width + sx]!;
  const median = Float32Array.from(data).sort()[data.length >> 1]!;
  const threshold = level + 0.2 * (median - level);
  const inBlob = new Uint8Array(width * height);
  const stack = [sy * width + sx];
  inBlob[stack[0]!] = 1;
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % width;
    const y = (i - x) / width;
    for (const [nx, ny] of [
      [x + 1, y],
      [x - 1, y],
      [x, y + 1],
      [x, y - 1],
    ] as const) {
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      const j = ny * width + nx;
      if (inBlob[j] || data[j]! >= threshold || (nx - sx) ** 2 + (ny - sy) ** 2 > maxRadius * maxRadius) continue;
      inBlob[j] = 1;
      stack.push(j);
    }
  }
  let centre: Circle = { x: seed.x, y: seed.y, r: 0 };
  let radius = maxRadius;
  for (let pass = 0; pass < 3; pass++) {
    let cx = 0;
    let cy = 0;
    let n = 0;
    for (let y = Math.max(0, Math.floor(centre.y - radius)); y < Math.min(height, Math.ceil(centre.y + radius)); y++) {
      for (let x = Math.max(0, Math.floor(centre.x - radius)); x < Math.min(width, Math.ceil(centre.x + radius)); x++) {
        if (inBlob[y * width + x] && (x - centre.x) ** 2 + (y - centre.y) ** 2 < radius * radius) {
          cx += x;
          cy += y;
          n++;
        }
      }
    }
    if (n === 0) break;
    centre = { x: cx / n, y: cy / n, r: Math.sqrt(n / Math.PI) };
    radius = Math.max(3, 1.25 * centre.r);
  }
  return centre;
}

export interface SegmentOptions {
  /** Smallest and largest pupil radius searched, in pixels. */
  pupilRadius?: [number, number];
}

/**
 * Pupil and iris circles of a greyscale eye image (values in [0, 1], or 8-bit). Throws a named
 * error when no plausible eye is found.
 */
export function segmentIris(source: GreyImage, options: SegmentOptions = {}): IrisSegmentation {
  const image = gaussianBlur(source, 1.2);
  const { width, height } = image;
  const short = Math.min(width, height);
  const [pMin, pMax] = options.pupilRadius ?? [Math.max(6, short * 0.04), short * 0.3];

  // A window twice the smallest pupil radius: lashes are dark too, but too thin to fill it.
  const seed = darkestWindow(image, Math.max(5, Math.round(2 * pMin)), Math.round(pMin));
  const blob = darkBlob(image, seed, pMax);
  const full = arcs([[-Math.PI, Math.PI]], 64);
  // Coarse then fine: 2-px steps around the blob's centre, then 1-px steps around the winner.
  const reach = Math.max(6, Math.round(blob.r * 0.3));
  const cx = Math.round(blob.x);
  const cy = Math.round(blob.y);
  const coarse = search(image, { x0: cx - reach, x1: cx + reach, y0: cy - reach, y1: cy + reach, step: 2 }, pMin, pMax, 1, full);
  if (!(coarse.score >= MIN_EDGE)) fail('input', 'no-eye', 'No eye found in the image: no dark round pupil (the search needs a near-infrared-like picture with the eye in view).');
  const pupilFit = search(image, { x0: coarse.x - 2, x1: coarse.x + 2, y0: coarse.y - 2, y1: coarse.y + 2, step: 1 }, Math.max(pMin, coarse.r - 4), coarse.r + 4, 1, full);
  const pupil: Circle = { x: pupilFit.x, y: pupilFit.y, r: pupilFit.r };

  // Iris: lateral arcs, centre within 30 % of the pupil radius of the pupil's centre (the two are
  // nearly concentric), radius from 1.5 to 4.5 pupil radii.
  const sides = arcs(
    [
      [-Math.PI / 6, Math.PI / 4],
      [(3 * Math.PI) / 4, (7 * Math.PI) / 6],
    ],
    64,
  );
  const off = Math.max(4, Math.round(pupil.r * 0.3));
  const rMin = pupil.r * 1.5;
  const rMax = Math.min(pupil.r * 4.5, short * 0.6);
  const coarseIris = search(image, { x0: pupil.x - off, x1: pupil.x + off, y0: pupil.y - off, y1: pupil.y + off, step: 2 }, rMin, rMax, 2, sides);
  if (!(coarseIris.score >= MIN_EDGE)) fail('input', 'no-iris', 'No iris boundary found around the pupil (the iris edge must be visible left and right of the pupil).');
  const irisFit = search(image, { x0: coarseIris.x - 1, x1: coarseIris.x + 1, y0: coarseIris.y - 1, y1: coarseIris.y + 1, step: 1 }, coarseIris.r - 3, coarseIris.r + 3, 2, sides);
  const iris: Circle = { x: irisFit.x, y: irisFit.y, r: irisFit.r };
  if (Math.hypot(iris.x - pupil.x, iris.y - pupil.y) + pupil.r >= iris.r) fail('input', 'no-iris', 'The circles found do not nest (the pupil is not inside the iris); mark the circles by hand.');
  return { pupil, iris };
}
