/**
 * The float reference iris code: a bank of 2-D Gabor filters applied to the normalised strip at a
 * grid of probe points, each filter's even (cosine) and odd (sine) response reduced to its sign —
 * two bits per filter per probe, the phase quadrant of Daugman's IrisCode. This is the function the
 * published tfjs model must compute (its output rule `sign`); tests and measurements use it as the
 * reference.
 *
 * The carrier runs along the angle (columns): iris texture is mostly radial fibres, so its
 * information is in how brightness changes around the eye. The envelope is Gaussian in both
 * directions. The even part has its mean removed, so a change of exposure (adding a constant)
 * flips no bit; the odd part is antisymmetric, so it has none. Columns wrap around the eye; rows
 * are mirrored at the pupil and limbus edges ("symmetric" padding, which tfjs's mirrorPad has).
 *
 * Bit layout, chosen so that a rotation of the eye by one probe column is a shift of the code by
 * `bitsPerColumn` bits: index = ((column · probeRows + row) · filters + filter) · 2 + part, part 0
 * even, 1 odd.
 */
import { fail } from '../errors.js';
import type { GreyImage } from './image.js';
import type { IrisCode } from './match.js';

export interface GaborFilter {
  /** Carrier wavelength along the angle, in strip columns. */
  wavelength: number;
  /** Envelope standard deviations, in strip pixels. */
  sigmaAngular: number;
  sigmaRadial: number;
}

export interface GaborBank {
  stripHeight: number;
  stripWidth: number;
  filters: GaborFilter[];
  /** Strip rows of the probe points. */
  probeRows: number[];
  /** Probe columns are 0, step, 2·step, … (the strip width must be a multiple). */
  columnStep: number;
  /** A bit is unusable when more than this share of its filter's envelope falls on masked pixels. */
  maxMaskedWeight: number;
}

/**
 * 4 probe rows × 128 probe columns × 2 scales × (even, odd) = 2,048 bits from a 32×256 strip.
 * Wavelengths of 8 and 16 columns (11° and 22° of arc): tried against 12 and 24 on synthetic
 * eyes, the shorter pair gave about 200 degrees of freedom between different eyes instead of
 * about 120 (a thinner impostor tail) at the same d′ (docs/IRIS.md).
 */
export const DEFAULT_BANK: GaborBank = {
  stripHeight: 32,
  stripWidth: 256,
  filters: [
    { wavelength: 8, sigmaAngular: 3.5, sigmaRadial: 2.5 },
    { wavelength: 16, sigmaAngular: 7, sigmaRadial: 4 },
  ],
  probeRows: [4, 12, 20, 28],
  columnStep: 2,
  maxMaskedWeight: 0.25,
};

export interface GaborKernel {
  /** Half sizes: the kernel spans rows −ry…ry and columns −rx…rx around the probe. */
  rx: number;
  ry: number;
  even: Float64Array;
  odd: Float64Array;
  envelope: Float64Array;
}

/** Kernel of one filter, truncated at 2.5 σ (row-major, (2ry+1) × (2rx+1)). */
export function gaborKernel(f: GaborFilter): GaborKernel {
  const rx = Math.ceil(2.5 * f.sigmaAngular);
  const ry = Math.ceil(2.5 * f.sigmaRadial);
  const n = (2 * rx + 1) * (2 * ry + 1);
  const even = new Float64Array(n);
  const odd = new Float64Array(n);
  const envelope = new Float64Array(n);
  let sumEven = 0;
  let sumEnv = 0;
  for (let dy = -ry; dy <= ry; dy++) {
    for (let dx = -rx; dx <= rx; dx++) {
      const k = (dy + ry) * (2 * rx + 1) + dx + rx;
      const env = Math.exp(-(dx * dx) / (2 * f.sigmaAngular ** 2) - (dy * dy) / (2 * f.sigmaRadial ** 2));
      const phase = (2 * Math.PI * dx) / f.wavelength;
      envelope[k] = env;
      even[k] = env * Math.cos(phase);
      odd[k] = env * Math.sin(phase);
      sumEven += even[k]!;
      sumEnv += env;
    }
  }
  for (let k = 0; k < n; k++) even[k]! -= (envelope[k]! * sumEven) / sumEnv;
  return { rx, ry, even, odd, envelope };
}

export function codeLength(bank: GaborBank): number {
  return (bank.stripWidth / bank.columnStep) * bank.probeRows.length * bank.filters.length * 2;
}

/**
 * Iris code of a strip (and its validity from the strip's occlusion mask, 1 = masked). Masked and
 * off-picture pixels are replaced by the mean of the usable ones before filtering (`fillMasked`).
 */
export function irisCode(strip: GreyImage, mask: Uint8Array, bank: GaborBank = DEFAULT_BANK): IrisCode {
  const { width, height } = strip;
  if (width !== bank.stripWidth || height !== bank.stripHeight || width % bank.columnStep !== 0) {
    fail('input', 'iris-strip-size', `This filter bank codes ${bank.stripHeight}×${bank.stripWidth} strips (rows × columns, columns a multiple of ${bank.columnStep}); the strip given is ${height}×${width}.`);
  }
  const values = fillMasked(strip, mask);
  const kernels = bank.filters.map(gaborKernel);
  const columns = width / bank.columnStep;
  const bitsPerColumn = bank.probeRows.length * bank.filters.length * 2;
  const bits = new Uint8Array(columns * bitsPerColumn);
  for (let c = 0; c < columns; c++) {
    const x = c * bank.columnStep;
    for (let r = 0; r < bank.probeRows.length; r++) {
      const y = bank.probeRows[r]!;
      for (let f = 0; f < kernels.length; f++) {
        const { rx, ry, even, odd } = kernels[f]!;
        let re = 0;
        let im = 0;
        for (let dy = -ry; dy <= ry; dy++) {
          const row = mirror(y + dy, height) * width;
          for (let dx = -rx; dx <= rx; dx++) {
            const k = (dy + ry) * (2 * rx + 1) + dx + rx;
            const p = row + (((x + dx) % width) + width) % width;
            re += even[k]! * values[p]!;
            im += odd[k]! * values[p]!;
          }
        }
        const at = ((c * bank.probeRows.length + r) * kernels.length + f) * 2;
        bits[at] = re > 0 ? 1 : 0;
        bits[at + 1] = im > 0 ? 1 : 0;
      }
    }
  }
  return { bits, valid: codeValidity(mask, bank), bitsPerColumn };
}

/**
 * The strip's values with masked and off-picture (NaN) pixels replaced by the mean of the usable
 * ones, so that they pull filter responses toward zero rather than toward an eyelid's brightness.
 */
export function fillMasked(strip: GreyImage, mask: Uint8Array): Float64Array {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < strip.data.length; k++) {
    const v = strip.data[k]!;
    if (!mask[k] && v === v) {
      sum += v;
      count++;
    }
  }
  const fillValue = count > 0 ? sum / count : 0;
  return Float64Array.from(strip.data, (v, k) => (mask[k] || v !== v ? fillValue : v));
}

/** Rows mirrored at the strip's edges ("symmetric" padding). */
function mirror(i: number, height: number): number {
  return i < 0 ? -i - 1 : i >= height ? 2 * height - 1 - i : i;
}

/**
 * Which bits of a code are usable, from the strip's occlusion mask alone (1 = masked): a bit is
 * unusable when more than `maxMaskedWeight` of its filter's envelope falls on masked pixels, or
 * its probe point is masked. Both bits (even, odd) of a filter at a probe share it. This is how a
 * registry recovers the validity of a proved code from the mask that travels beside it.
 */
export function codeValidity(mask: Uint8Array, bank: GaborBank = DEFAULT_BANK): Uint8Array {
  const width = bank.stripWidth;
  const height = bank.stripHeight;
  if (mask.length !== width * height) {
    fail('input', 'iris-mask-size', `An occlusion mask for this filter bank has ${width * height} pixels (${height}×${width}); this one has ${mask.length}.`);
  }
  const kernels = bank.filters.map(gaborKernel);
  const columns = width / bank.columnStep;
  const valid = new Uint8Array(columns * bank.probeRows.length * kernels.length * 2);
  for (let c = 0; c < columns; c++) {
    const x = c * bank.columnStep;
    for (let r = 0; r < bank.probeRows.length; r++) {
      const y = bank.probeRows[r]!;
      for (let f = 0; f < kernels.length; f++) {
        const { rx, ry, envelope } = kernels[f]!;
        let maskedWeight = 0;
        let totalWeight = 0;
        for (let dy = -ry; dy <= ry; dy++) {
          const row = mirror(y + dy, height) * width;
          for (let dx = -rx; dx <= rx; dx++) {
            const k = (dy + ry) * (2 * rx + 1) + dx + rx;
            totalWeight += envelope[k]!;
            if (mask[row + (((x + dx) % width) + width) % width]) maskedWeight += envelope[k]!;
          }
        }
        const at = ((c * bank.probeRows.length + r) * kernels.length + f) * 2;
        const usable = maskedWeight <= bank.maxMaskedWeight * totalWeight && !mask[y * width + x] ? 1 : 0;
        valid[at] = usable;
        valid[at + 1] = usable;
      }
    }
  }
  return valid;
}
