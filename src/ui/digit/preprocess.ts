/**
 * MNIST-style preprocessing of a drawn or uploaded digit, as pure functions (no DOM): the same
 * steps LeCun et al. applied to the NIST digits.
 *
 * 1. Crop to the bounding box of the ink (pixels brighter than `threshold`).
 * 2. Scale the crop so that its longer side is 20 px, keeping the aspect ratio (area averaging, so
 *    any input size works, larger or smaller).
 * 3. Place it in a 28×28 grid so that its centre of mass falls on the grid's centre (an integer
 *    shift, as MNIST did; ink shifted past an edge is dropped).
 * 4. Snap every value to the model's input grid, k/255, so that what the preview shows is exactly
 *    what the circuit encodes.
 *
 * Images here are "ink" images: row-major intensities in [0, 1], white (1) ink on black (0), as in
 * MNIST. `greyFromRgba` and `toInk` turn a decoded picture (dark ink on light paper, any colours)
 * into one.
 */

export interface InkImage {
  readonly width: number;
  readonly height: number;
  /** Row-major intensities in [0, 1]; 1 is ink. */
  readonly data: ArrayLike<number>;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DigitOptions {
  /** Side of the square output grid (MNIST: 28). */
  readonly size?: number;
  /** Side of the box the ink is scaled into (MNIST: 20). */
  readonly box?: number;
  /** Intensity above which a pixel counts as ink for the crop. */
  readonly threshold?: number;
  /** Grid levels: values are snapped to k / levels (8-bit input: 255). */
  readonly levels?: number;
}

export interface Preprocessed {
  /** size × size values, row-major, each k / levels. */
  readonly pixels: number[];
  /** No ink at all: `pixels` are all 0. */
  readonly empty: boolean;
  /** The ink's bounding box in the source image. */
  readonly crop?: Box;
  /** Width and height of the scaled ink inside the grid. */
  readonly scaled?: { readonly width: number; readonly height: number };
  /** The integer shift that put the centre of mass at the centre. */
  readonly offset?: { readonly x: number; readonly y: number };
}

export const MNIST_SIZE = 28;
export const MNIST_BOX = 20;
export const INK_THRESHOLD = 0.1;

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Snaps an intensity to the nearest k / levels in [0, 1]. */
export function snap(v: number, levels = 255): number {
  return Math.round(clamp01(Number.isFinite(v) ? v : 0) * levels) / levels;
}

/** The bounding box of every pixel brighter than `threshold`, or undefined when there is none. */
export function inkBox(img: InkImage, threshold = INK_THRESHOLD): Box | undefined {
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x]! > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? undefined : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Resamples the `src` region of an image to `tw × th` by exact area averaging: each output pixel
 * is the mean of the source area it covers (partial pixels weighted by their overlap). Works for
 * shrinking and for enlarging.
 */
export function resampleArea(img: InkImage, src: Box, tw: number, th: number): Float64Array {
  const out = new Float64Array(tw * th);
  const rx = src.width / tw;
  const ry = src.height / th;
  for (let ty = 0; ty < th; ty++) {
    const sy0 = src.y + ty * ry;
    const sy1 = sy0 + ry;
    for (let tx = 0; tx < tw; tx++) {
      const sx0 = src.x + tx * rx;
      const sx1 = sx0 + rx;
      let sum = 0;
      for (let y = Math.floor(sy0); y < Math.min(Math.ceil(sy1), img.height); y++) {
        const wy = Math.min(y + 1, sy1) - Math.max(y, sy0);
        if (wy <= 0) continue;
        for (let x = Math.floor(sx0); x < Math.min(Math.ceil(sx1), img.width); x++) {
          const wx = Math.min(x + 1, sx1) - Math.max(x, sx0);
          if (wx > 0) sum += wx * wy * img.data[y * img.width + x]!;
        }
      }
      out[ty * tw + tx] = sum / (rx * ry);
    }
  }
  return out;
}

/** Centre of mass in pixel coordinates (a pixel's centre is at i + 0.5), or undefined without mass. */
export function centreOfMass(data: ArrayLike<number>, width: number, height: number): { x: number; y: number } | undefined {
  let m = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return m > 0 ? { x: mx / m, y: my / m } : undefined;
}

/** Crop to the ink, scale its longer side to `box`, centre by mass in a `size × size` grid, snap. */
export function preprocessDigit(img: InkImage, o: DigitOptions = {}): Preprocessed {
  const size = o.size ?? MNIST_SIZE;
  const boxSide = o.box ?? Math.round((size * MNIST_BOX) / MNIST_SIZE);
  const levels = o.levels ?? 255;
  const pixels = new Array<number>(size * size).fill(0);
  const crop = inkBox(img, o.threshold ?? INK_THRESHOLD);
  if (!crop) return { pixels, empty: true };
  const scale = boxSide / Math.max(crop.width, crop.height);
  const tw = Math.max(1, Math.min(boxSide, Math.round(crop.width * scale)));
  const th = Math.max(1, Math.min(boxSide, Math.round(crop.height * scale)));
  const patch = resampleArea(img, crop, tw, th);
  const com = centreOfMass(patch, tw, th) ?? { x: tw / 2, y: th / 2 };
  const ox = Math.round(size / 2 - com.x);
  const oy = Math.round(size / 2 - com.y);
  for (let y = 0; y < th; y++) {
    const gy = y + oy;
    if (gy < 0 || gy >= size) continue;
    for (let x = 0; x < tw; x++) {
      const gx = x + ox;
      if (gx >= 0 && gx < size) pixels[gy * size + gx] = snap(patch[y * tw + x]!, levels);
    }
  }
  return { pixels, empty: pixels.every((p) => p === 0), crop, scaled: { width: tw, height: th }, offset: { x: ox, y: oy } };
}

/**
 * Brightness in [0, 1] of RGBA bytes (as from `getImageData`), transparent pixels composited over
 * white paper. Rec. 601 luma.
 */
export function greyFromRgba(rgba: ArrayLike<number>, width: number, height: number): InkImage {
  const data = new Float64Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const a = rgba[4 * i + 3]! / 255;
    const luma = (0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!) / 255;
    data[i] = a * luma + (1 - a);
  }
  return { width, height, data };
}

/**
 * A brightness image as MNIST ink (white on black): inverted when its mean is bright (dark ink on
 * light paper), then levels stretched so the background (the median) becomes 0 and the
 * strongest ink 1. An image with no contrast at all comes back blank.
 */
export function toInk(grey: InkImage): { image: InkImage; inverted: boolean } {
  const n = grey.width * grey.height;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += grey.data[i]!;
  mean /= Math.max(1, n);
  const inverted = mean > 0.5;
  const ink = new Float64Array(n);
  for (let i = 0; i < n; i++) ink[i] = inverted ? 1 - grey.data[i]! : grey.data[i]!;
  const sorted = Float64Array.from(ink).sort();
  const lo = sorted[Math.floor(n / 2)] ?? 0;
  const hi = sorted[n - 1] ?? 0;
  const span = hi - lo;
  for (let i = 0; i < n; i++) ink[i] = span < 0.1 ? 0 : clamp01((ink[i]! - lo) / span);
  return { image: { width: grey.width, height: grey.height, data: ink }, inverted };
}
