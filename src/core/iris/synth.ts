/**
 * Synthetic eye images. No iris data set can be shipped, so eyes are drawn procedurally, seeded
 * by (eye, capture): the eye number fixes the anatomy (iris tissue, sizes, pupil offset, skin and
 * sclera), the capture number fixes how this picture of it was taken (gaze position, distance,
 * torsion, pupil dilation, illumination, focus, sensor noise, eyelids, lashes, reflections).
 * Near-infrared conventions: dark pupil, mid-grey iris, bright sclera and skin, dark lashes.
 *
 * Along with the image comes the truth: the circles used to draw it, the torsion, and which
 * pixels are occluded (eyelid, lash, reflection) — what segmentation and masking are tested
 * against.
 */
import { seededRng } from '../seeded-rng.js';
import { type Circle, rayToCircle } from './geometry.js';
import { type GreyImage, createImage, gaussianBlur } from './image.js';
import { type IrisTexture, irisTexture, sampleTexture } from './texture.js';

const TAU = 2 * Math.PI;

export interface SynthOptions {
  width?: number;
  height?: number;
  /**
   * How far captures of one eye stray from each other, as a multiple of the default ranges
   * (1): torsion, pupil dilation, exposure, defocus, noise, eyelid closure and lashes all scale
   * with it. 0 gives the same picture every capture but for position and reflections; 2 is
   * harsher than the defaults. For measuring how the code degrades.
   */
  variation?: number;
}

export interface EyeTruth {
  pupil: Circle;
  iris: Circle;
  /** Rotation of the eye in this capture (radians, image angle direction). */
  torsion: number;
  /** 1 where the iris is hidden or spoiled: eyelid, lash or specular reflection (image space). */
  occlusion: Uint8Array;
}

export interface SyntheticEye {
  image: GreyImage & { data: Float32Array };
  truth: EyeTruth;
}

/** Per-eye anatomy: fixed across captures. */
interface Anatomy {
  irisRadius: number;
  pupilRatio: number;
  /** Pupil centre offset from the iris centre, as a fraction of the iris radius (eyes are not concentric). */
  pupilOffset: { x: number; y: number };
  irisLevel: number;
  pupilLevel: number;
  scleraLevel: number;
  skinLevel: number;
  texture: IrisTexture;
}

/** How one picture of the eye was taken. */
interface Capture {
  centre: { x: number; y: number };
  scale: number;
  torsion: number;
  pupilRatio: number;
  gain: number;
  offset: number;
  gradient: { x: number; y: number };
  blur: number;
  noise: number;
  upperLid: { apex: number; curve: number };
  lowerLid: { apex: number; curve: number };
  lashes: number;
  highlights: { dx: number; dy: number; r: number }[];
}

/** 32-bit mix of integers into a seed (so neighbouring eye numbers give unrelated streams). */
function seedOf(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return h >>> 0;
}

function uniform(rand: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(TAU * rand());
}

const anatomyCache = new Map<number, Anatomy>();

function anatomyOf(eye: number): Anatomy {
  const cached = anatomyCache.get(eye);
  if (cached) return cached;
  const rand = seededRng(seedOf(eye, 0xa11a));
  const irisLevel = uniform(rand, 0.3, 0.45);
  const anatomy: Anatomy = {
    irisRadius: uniform(rand, 84, 100),
    pupilRatio: uniform(rand, 0.32, 0.44),
    pupilOffset: { x: uniform(rand, -0.05, 0.05), y: uniform(rand, -0.02, 0.06) },
    irisLevel,
    pupilLevel: uniform(rand, 0.03, 0.08),
    scleraLevel: uniform(rand, 0.78, 0.88),
    skinLevel: uniform(rand, 0.68, 0.8),
    texture: irisTexture(seedOf(eye, 0x7e47)),
  };
  if (anatomyCache.size > 256) anatomyCache.clear();
  anatomyCache.set(eye, anatomy);
  return anatomy;
}

function captureOf(eye: number, capture: number, anatomy: Anatomy, width: number, height: number, v: number): Capture {
  const rand = seededRng(seedOf(eye, capture, 0xca97));
  const highlightCount = 1 + Math.floor(rand() * 2);
  return {
    centre: { x: width / 2 + uniform(rand, -12, 12), y: height / 2 + uniform(rand, -8, 8) },
    scale: uniform(rand, 0.94, 1.06),
    // Head tilt and cyclotorsion: a few degrees either way.
    torsion: v * Math.max(-1, Math.min(1, gaussian(rand) / 2)) * ((8 * Math.PI) / 180),
    pupilRatio: Math.min(0.6, Math.max(0.2, anatomy.pupilRatio + v * uniform(rand, -0.06, 0.06))),
    gain: 1 + v * (uniform(rand, 0.8, 1.15) - 1),
    offset: v * uniform(rand, -0.05, 0.05),
    gradient: { x: v * uniform(rand, -0.1, 0.1), y: v * uniform(rand, -0.1, 0.1) },
    blur: 0.4 + v * (uniform(rand, 0.4, 1.4) - 0.4),
    noise: 0.005 + v * (uniform(rand, 0.005, 0.03) - 0.005),
    // Apex heights are fractions of the iris radius from the iris centre (y grows downward); the
    // lids never close past the pupil's middle, or there would be no iris to code.
    upperLid: { apex: Math.min(-0.25, -1.0 + v * (uniform(rand, -1.0, -0.5) + 1.0)), curve: uniform(rand, 0.15, 0.35) },
    lowerLid: { apex: Math.max(0.45, 1.05 - v * (1.05 - uniform(rand, 0.7, 1.05))), curve: uniform(rand, 0.1, 0.25) },
    lashes: 30 + Math.floor(rand() * 50 * v),
    highlights: Array.from({ length: highlightCount }, () => ({ dx: uniform(rand, -0.5, 0.5), dy: uniform(rand, -0.5, 0.3), r: uniform(rand, 3, 6) })),
  };
}

/**
 * Draw capture `capture` of synthetic eye `eye` (both non-negative integers). Deterministic: the
 * same pair always gives the same image, in any environment.
 */
export function synthEye(eye: number, capture: number, options: SynthOptions = {}): SyntheticEye {
  const width = options.width ?? 320;
  const height = options.height ?? 240;
  const anatomy = anatomyOf(eye);
  const cap = captureOf(eye, capture, anatomy, width, height, options.variation ?? 1);
  const rand = seededRng(seedOf(eye, capture, 0x5eed));

  const R = anatomy.irisRadius * cap.scale;
  const iris: Circle = { x: cap.centre.x, y: cap.centre.y, r: R };
  // The pupil offset turns with the eye.
  const cos = Math.cos(cap.torsion);
  const sin = Math.sin(cap.torsion);
  const ox = anatomy.pupilOffset.x * R;
  const oy = anatomy.pupilOffset.y * R;
  const pupil: Circle = { x: iris.x + cos * ox - sin * oy, y: iris.y + sin * ox + cos * oy, r: cap.pupilRatio * R };
  // Dilation stretches the tissue unevenly (the rubber sheet is only a model): the inner tissue
  // is compressed more when the pupil widens.
  const warp = Math.exp(2 * (cap.pupilRatio - anatomy.pupilRatio));

  const image = createImage(width, height);
  const occlusion = new Uint8Array(width * height);
  const upperY = (x: number) => iris.y + R * cap.upperLid.apex + (cap.upperLid.curve * (x - iris.x) ** 2) / R;
  const lowerY = (x: number) => iris.y + R * cap.lowerLid.apex - (cap.lowerLid.curve * (x - iris.x) ** 2) / R;

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const px = x - pupil.x;
      const py = y - pupil.y;
      const d = Math.hypot(px, py);
      let v: number;
      let inIris = false;
      if (d < pupil.r) v = anatomy.pupilLevel;
      else {
        const a = Math.atan2(py, px);
        const outer = rayToCircle(pupil.x, pupil.y, px / d, py / d, iris);
        if (d < outer) {
          const rho = (d - pupil.r) / (outer - pupil.r);
          // Texture squashed to ±0.18: iris tissue is never as dark as the pupil nor as bright as skin.
          v = anatomy.irisLevel + 0.18 * Math.tanh(sampleTexture(anatomy.texture, a - cap.torsion, rho ** warp) / 0.18);
          inIris = true;
        } else {
          // Sclera, shading into the corners of the eye.
          v = anatomy.scleraLevel - 0.08 * Math.min(1, Math.abs(x - iris.x) / (2.5 * R));
        }
      }
      const up = upperY(x);
      const low = lowerY(x);
      if (y < up || y > low) {
        // Eyelid skin, with a darker margin along the lid edge.
        const edge = Math.min(Math.abs(y - up), Math.abs(y - low));
        v = anatomy.skinLevel - 0.12 * Math.exp(-edge / 2.5);
        if (inIris || d < pupil.r) occlusion[y * width + x] = 1;
      }
      image.data[y * width + x] = v;
    }
  }

  // Lashes: dark, slightly curved strokes hanging from the upper lid (a few from the lower).
  for (let n = 0; n < cap.lashes; n++) {
    const lower = rand() < 0.2;
    const x0 = iris.x + uniform(rand, -1.4, 1.4) * R;
    const y0 = lower ? lowerY(x0) : upperY(x0);
    const length = uniform(rand, 8, lower ? 14 : 26);
    const angle = (lower ? -Math.PI / 2 : Math.PI / 2) + uniform(rand, -0.5, 0.5) + (0.3 * (x0 - iris.x)) / R;
    const bend = uniform(rand, -0.02, 0.02);
    const thickness = uniform(rand, 0.6, 1.2);
    const darkness = uniform(rand, 0.05, 0.15);
    const steps = Math.ceil(length * 2);
    for (let s = 0; s <= steps; s++) {
      const t = (s / steps) * length;
      const a = angle + bend * t;
      const cx = x0 + Math.cos(a) * t * 0.8;
      const cy = y0 + Math.sin(a) * t;
      for (let yy = Math.floor(cy - 2); yy <= Math.ceil(cy + 2); yy++) {
        for (let xx = Math.floor(cx - 2); xx <= Math.ceil(cx + 2); xx++) {
          if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
          const dd = Math.hypot(xx - cx, yy - cy);
          if (dd > thickness + 0.5) continue;
          const i = yy * width + xx;
          const cover = Math.min(1, thickness + 0.5 - dd);
          image.data[i] = image.data[i]! * (1 - cover) + darkness * cover;
          if (cover > 0.3) occlusion[i] = 1;
        }
      }
    }
  }

  // Specular reflections of the illuminator: small saturated discs near the pupil.
  for (const h of cap.highlights) {
    const hx = pupil.x + h.dx * pupil.r * 2;
    const hy = pupil.y + h.dy * pupil.r * 2;
    for (let yy = Math.floor(hy - h.r - 2); yy <= Math.ceil(hy + h.r + 2); yy++) {
      for (let xx = Math.floor(hx - h.r - 2); xx <= Math.ceil(hx + h.r + 2); xx++) {
        if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
        const dd = Math.hypot(xx - hx, yy - hy);
        const cover = Math.min(1, Math.max(0, h.r + 0.5 - dd));
        if (cover <= 0) continue;
        const i = yy * width + xx;
        image.data[i] = image.data[i]! * (1 - cover) + 1.6 * cover;
        occlusion[i] = 1;
      }
    }
  }

  // Optics and sensor: defocus, uneven illumination, noise, 8-bit-like clipping.
  const blurred = gaussianBlur(image, cap.blur);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const shade = 1 + cap.gradient.x * ((x - width / 2) / width) * 2 + cap.gradient.y * ((y - height / 2) / height) * 2;
      const v = blurred.data[i]! * cap.gain * shade + cap.offset + cap.noise * gaussian(rand);
      blurred.data[i] = Math.min(1, Math.max(0, v));
    }
  }
  // Occlusion only counts over the iris (lashes on skin hide nothing).
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!occlusion[i]) continue;
      const px = x - pupil.x;
      const py = y - pupil.y;
      const d = Math.hypot(px, py);
      if (d < pupil.r || d === 0 || d > rayToCircle(pupil.x, pupil.y, px / d, py / d, iris)) occlusion[i] = 0;
    }
  }
  return { image: blurred, truth: { pupil, iris, torsion: cap.torsion, occlusion } };
}
