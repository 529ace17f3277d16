/**
 * The iris pre-processing API the iris worker exposes (issue 14, item 2): synthetic eyes,
 * segmentation, the rubber-sheet strip with its occlusion mask, and the reference iris code. Each
 * call is a thin, stateless call into src/core/iris: the page holds the picture and sends it with
 * each call (a 320×240 8-bit picture is 77 kB), so a worker thrown away by a cancel loses nothing.
 *
 * Kept apart from iris.worker.ts (which only exposes it) so tests can serve it over a
 * MessageChannel in Node. Refusals on bad input come back as values with their code: comlink
 * passes a thrown error's message but not a ZkinferError's code, and the page names the problem
 * by its code.
 */
// Straight from the iris modules, not src/core/index.js: this worker needs neither tfjs nor snarkjs.
import { ZkinferError } from '../src/core/errors.js';
import { DEFAULT_MAX_SHIFT, DEFAULT_MIN_BITS, DEFAULT_STRIP, irisCode, occlusionMask, pairDistances, segmentIris, synthEye, unwrapIris } from '../src/core/iris/index.js';
import { fillMasked } from '../src/core/iris/gabor.js';
import type { Circle, IrisCode, IrisSegmentation, LabelledCode, PairDistances } from '../src/core/iris/index.js';

/** An 8-bit greyscale picture, row-major (what a camera or a decoded PNG gives). */
export interface EyeImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A refusal on bad input: the ZkinferError's code (`no-eye`, `no-iris`, …) and its sentence. */
export interface IrisRefusal {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
}

export type IrisOutcome<T> = ({ readonly ok: true } & T) | IrisRefusal;

export interface SynthResult {
  readonly image: EyeImage;
  /** The circles the generator drew (the page can show how close segmentation came). */
  readonly truth: IrisSegmentation;
}

export interface StripResult {
  /** H × W brightness in [0, 1], row-major; NaN where the ray left the picture. */
  readonly strip: Float32Array;
  /** 1 = masked (eyelid, lash, reflection, off the picture), same layout as the strip. */
  readonly mask: Uint8Array;
  readonly height: number;
  readonly width: number;
}

/** Largest picture side accepted: segmentation searches grow with the picture. */
export const MAX_EYE_SIDE = 1280;

function refused(e: unknown): IrisRefusal {
  if (e instanceof ZkinferError) return { ok: false, code: e.code, message: e.message };
  throw e;
}

function checkImage(image: EyeImage): void {
  const { width, height, data } = image;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 16 && height >= 16 && width <= MAX_EYE_SIDE && height <= MAX_EYE_SIDE)) {
    throw new ZkinferError('input', 'eye-image-size', `An eye picture must be 16 to ${MAX_EYE_SIDE} pixels a side; this one is ${width}×${height}.`);
  }
  if (data.length !== width * height) throw new ZkinferError('input', 'eye-image-size', `The picture holds ${data.length} pixels, not ${width}×${height}.`);
}

function checkCircle(c: Circle, what: string): void {
  if (![c.x, c.y, c.r].every(Number.isFinite) || c.r <= 0) throw new ZkinferError('input', 'iris-circles', `The ${what} circle is not a circle (centre ${c.x}, ${c.y}, radius ${c.r}).`);
}

export const irisApi = {
  /** Capture `capture` of synthetic eye `eye`, as an 8-bit picture (what a capture device's camera gives; the device signs the 4-bit strip made from it). */
  synth(eye: number, capture: number): SynthResult {
    if (!(Number.isInteger(eye) && Number.isInteger(capture) && eye >= 0 && capture >= 0)) {
      throw new ZkinferError('input', 'eye-number', `Eye and capture numbers are whole numbers from 0 (got ${eye} and ${capture}).`);
    }
    const { image, truth } = synthEye(eye, capture);
    const data = Uint8Array.from(image.data, (v) => Math.round(255 * v));
    return { image: { width: image.width, height: image.height, data }, truth: { pupil: truth.pupil, iris: truth.iris } };
  },

  /** Pupil and iris circles found automatically, or the reason none were (`no-eye`, `no-iris`). */
  segment(image: EyeImage): IrisOutcome<{ segmentation: IrisSegmentation }> {
    try {
      checkImage(image);
      return { ok: true, segmentation: segmentIris(image) };
    } catch (e) {
      return refused(e);
    }
  },

  /** The rubber-sheet strip (32×256) between the given circles, and its occlusion mask. */
  unwrap(image: EyeImage, segmentation: IrisSegmentation): IrisOutcome<StripResult> {
    try {
      checkImage(image);
      checkCircle(segmentation.pupil, 'pupil');
      checkCircle(segmentation.iris, 'iris');
      const { pupil, iris } = segmentation;
      if (Math.hypot(iris.x - pupil.x, iris.y - pupil.y) + pupil.r >= iris.r) {
        throw new ZkinferError('input', 'no-iris', 'The pupil circle must lie inside the iris circle.');
      }
      const strip = unwrapIris(image, segmentation, DEFAULT_STRIP);
      const mask = occlusionMask(image, segmentation, strip);
      return { ok: true, strip: strip.data, mask, height: strip.height, width: strip.width };
    } catch (e) {
      return refused(e);
    }
  },

  /**
   * The float reference code of a strip (src/core/iris/gabor.ts): the bits the iris-code model
   * computes, and which of them the mask leaves usable.
   */
  code(strip: StripResult): IrisOutcome<{ code: IrisCode }> {
    try {
      return { ok: true, code: irisCode({ width: strip.width, height: strip.height, data: strip.strip }, strip.mask) };
    } catch (e) {
      return refused(e);
    }
  },

  /**
   * The iris-code model's input for a strip: masked and off-picture pixels take the mean of the
   * usable ones, as the reference code fills them (what irisModelInput in src/core/iris-code
   * computes for a strip sampled from a [0, 1] picture; that module is not imported here because
   * it loads tfjs). Row-major, [H, W, 1]'s order.
   */
  modelInput(strip: StripResult): number[] {
    return Array.from(fillMasked({ width: strip.width, height: strip.height, data: strip.strip }, strip.mask), (v) => Math.min(1, Math.max(0, v)));
  },

  /**
   * Captures 0 … captures − 1 of synthetic eye `eye`, each through the whole automatic pipeline
   * (generator → segmentation → strip → mask → float reference code), as scripts/iris-stats.ts
   * does for docs/IRIS.md. One eye per call, so the page can show progress and cancel between eyes.
   */
  eyeCodes(eye: number, captures: number): EyeCodes {
    if (!(Number.isInteger(eye) && eye >= 0 && Number.isInteger(captures) && captures >= 1 && captures <= 16)) {
      throw new ZkinferError('input', 'eye-number', `Eye numbers are whole numbers from 0 and captures 1 to 16 (got ${eye} and ${captures}).`);
    }
    const codes: LabelledCode[] = [];
    const failures: string[] = [];
    for (let capture = 0; capture < captures; capture++) {
      const { image } = synthEye(eye, capture);
      try {
        const seg = segmentIris(image);
        const strip = unwrapIris(image, seg, DEFAULT_STRIP);
        codes.push({ eye, code: irisCode(strip, occlusionMask(image, seg, strip)) });
      } catch (e) {
        if (!(e instanceof ZkinferError)) throw e;
        failures.push(`eye ${eye} capture ${capture}: ${e.message}`);
      }
    }
    return { codes, failures };
  },

  /** Every pair's distance (the registry's matching: rotation search ±8 columns, ≥ 400 bits in common). */
  distances(codes: LabelledCode[]): PairDistances {
    return pairDistances(codes, { maxShift: DEFAULT_MAX_SHIFT, minBits: DEFAULT_MIN_BITS });
  },
};

export type IrisApi = typeof irisApi;

/** One synthetic eye's captures for the page's measurement: codes, and the captures that failed to segment. */
export interface EyeCodes {
  readonly codes: LabelledCode[];
  readonly failures: string[];
}
