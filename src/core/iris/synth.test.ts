import { describe, expect, it } from 'vitest';
import { synthEye } from './synth.js';
import { stripPoint, unwrapIris } from './unwrap.js';

/** Strip of a capture unwrapped with the generator's true circles, rotated back by its torsion. */
function trueStrip(eye: number, capture: number) {
  const { image, truth } = synthEye(eye, capture);
  const strip = unwrapIris(image, truth, { height: 32, width: 256 });
  const shift = Math.round((truth.torsion / (2 * Math.PI)) * 256);
  const out = new Float64Array(strip.data.length);
  for (let i = 0; i < 32; i++) {
    for (let j = 0; j < 256; j++) {
      const from = ((((j + shift) % 256) + 256) % 256);
      const p = stripPoint(truth, { height: 32, width: 256 }, i, from);
      // Occluded pixels (eyelid, lash, reflection) are left out of the comparison.
      const hidden = truth.occlusion[Math.round(p.y) * image.width + Math.round(p.x)] !== 0;
      out[i * 256 + j] = hidden ? NaN : strip.data[i * 256 + from]!;
    }
  }
  return { strip: out };
}

/** Correlation over the strip pixels that are unoccluded in both (rows 2–29: away from the blurred boundaries). */
function correlation(a: Float64Array, b: Float64Array): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 2 * 256; k < 30 * 256; k++) {
    if (Number.isFinite(a[k]!) && Number.isFinite(b[k]!)) {
      xs.push(a[k]!);
      ys.push(b[k]!);
    }
  }
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < xs.length; k++) {
    sxy += (xs[k]! - mx) * (ys[k]! - my);
    sxx += (xs[k]! - mx) ** 2;
    syy += (ys[k]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('synthetic eyes', () => {
  it('are deterministic in (eye, capture)', () => {
    const a = synthEye(3, 1);
    const b = synthEye(3, 1);
    expect(Buffer.from(a.image.data.buffer).equals(Buffer.from(b.image.data.buffer))).toBe(true);
    expect(a.truth).toEqual(b.truth);
  });

  it('give images of the requested size with values in [0, 1]', () => {
    const { image } = synthEye(0, 0, { width: 200, height: 160 });
    expect([image.width, image.height, image.data.length]).toEqual([200, 160, 200 * 160]);
    expect(Math.min(...image.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...image.data)).toBeLessThanOrEqual(1);
  });

  it('draw a pupil inside the iris, not concentric, darker than the iris, with a brighter sclera', () => {
    for (let eye = 0; eye < 5; eye++) {
      const { image, truth } = synthEye(eye, 0);
      const { pupil, iris } = truth;
      const offset = Math.hypot(pupil.x - iris.x, pupil.y - iris.y);
      expect(offset + pupil.r).toBeLessThan(iris.r);
      expect(offset).toBeGreaterThan(0.5);
      const at = (x: number, y: number) => image.data[Math.round(y) * image.width + Math.round(x)]!;
      const ring = (cx: number, cy: number, r: number) => [0, Math.PI].map((a) => at(cx + r * Math.cos(a), cy + r * Math.sin(a)));
      const pupilLevel = Math.max(...ring(pupil.x, pupil.y, pupil.r * 0.2));
      const irisLevel = Math.min(...ring(iris.x, iris.y, (pupil.r + iris.r) / 2));
      const scleraLevel = Math.min(...ring(iris.x, iris.y, iris.r * 1.15));
      expect(pupilLevel).toBeLessThan(irisLevel);
      expect(irisLevel).toBeLessThan(scleraLevel);
    }
  });

  it('vary captures of one eye: position, rotation, pupil size, exposure, eyelids', () => {
    const caps = [0, 1, 2, 3].map((c) => synthEye(7, c));
    const distinct = (f: (e: (typeof caps)[number]) => number) => new Set(caps.map((e) => f(e).toFixed(3))).size;
    expect(distinct((e) => e.truth.iris.x)).toBe(4);
    expect(distinct((e) => e.truth.torsion)).toBe(4);
    expect(distinct((e) => e.truth.pupil.r / e.truth.iris.r)).toBe(4);
    expect(distinct((e) => e.image.data.reduce((s, v) => s + v, 0))).toBe(4);
    expect(distinct((e) => e.truth.occlusion.reduce((s, v) => s + v, 0))).toBe(4);
  });

  it('mark eyelids, lashes and reflections as occluded, only over the iris', () => {
    const { truth, image } = synthEye(2, 1);
    const occluded = truth.occlusion.reduce((s, v) => s + v, 0);
    expect(occluded).toBeGreaterThan(100);
    // No occluded pixel outside the iris circle.
    for (let k = 0; k < truth.occlusion.length; k++) {
      if (!truth.occlusion[k]) continue;
      const x = k % image.width;
      const y = (k - x) / image.width;
      expect(Math.hypot(x - truth.iris.x, y - truth.iris.y)).toBeLessThanOrEqual(truth.iris.r + 1);
    }
  });

  it('share the iris texture between captures of one eye, and not between eyes', () => {
    const same: number[] = [];
    const other: number[] = [];
    for (let eye = 0; eye < 4; eye++) {
      const a = trueStrip(eye, 0).strip;
      same.push(correlation(a, trueStrip(eye, 1).strip));
      other.push(correlation(a, trueStrip(eye + 10, 1).strip));
    }
    expect(Math.min(...same)).toBeGreaterThan(0.6);
    expect(Math.max(...other.map(Math.abs))).toBeLessThan(0.3);
  });

  it('draw different eyes differently', () => {
    const a = synthEye(0, 0).image.data;
    const b = synthEye(1, 0).image.data;
    let diff = 0;
    for (let k = 0; k < a.length; k++) diff += Math.abs(a[k]! - b[k]!);
    expect(diff / a.length).toBeGreaterThan(0.02);
  });
});

describe('capture variation', () => {
  it('scales how much captures of one eye differ (0: same torsion, dilation and exposure)', () => {
    const still = [0, 1].map((c) => synthEye(9, c, { variation: 0 }).truth);
    expect(still[0]!.torsion).toBe(0);
    expect(still[1]!.torsion).toBe(0);
    expect(still[0]!.pupil.r / still[0]!.iris.r).toBeCloseTo(still[1]!.pupil.r / still[1]!.iris.r, 9);
    const mild = synthEye(9, 1, { variation: 1 }).truth;
    const harsh = synthEye(9, 1, { variation: 2 }).truth;
    expect(Math.abs(harsh.torsion)).toBeCloseTo(2 * Math.abs(mild.torsion), 9);
  });
});
