import { describe, expect, it } from 'vitest';
import { createImage } from './image.js';
import { segmentIris } from './segment.js';
import { synthEye } from './synth.js';
import { unwrapIris } from './unwrap.js';

const pupil = { x: 100, y: 90, r: 20 };
const iris = { x: 103, y: 88, r: 60 };

/** A test card drawn in rubber-sheet terms: brightness from the angle around the pupil only. */
function angularCard(f: (a: number) => number) {
  const image = createImage(200, 180);
  for (let y = 0; y < 180; y++) for (let x = 0; x < 200; x++) image.data[y * 200 + x] = f(Math.atan2(y - pupil.y, x - pupil.x));
  return image;
}

describe('rubber-sheet unwrap', () => {
  it('maps the angle around the pupil to columns (column j at 2πj/W, y down)', () => {
    const f = (a: number) => 0.5 + 0.4 * Math.cos(3 * a);
    const strip = unwrapIris(angularCard(f), { pupil, iris }, { height: 16, width: 128 });
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 128; j += 7) expect(strip.data[i * 128 + j]).toBeCloseTo(f((2 * Math.PI * j) / 128), 1);
    }
  });

  it('maps ρ from the pupil boundary (row 0) to the iris boundary (last row), circles not concentric', () => {
    // Brightness = fraction of the way from the pupil circle to the iris circle along the ray.
    const image = createImage(200, 180);
    for (let y = 0; y < 180; y++) {
      for (let x = 0; x < 200; x++) {
        const d = Math.hypot(x - pupil.x, y - pupil.y);
        const ux = (x - pupil.x) / (d || 1);
        const uy = (y - pupil.y) / (d || 1);
        const dx = iris.x - pupil.x;
        const dy = iris.y - pupil.y;
        const along = ux * dx + uy * dy;
        const outer = along + Math.sqrt(along * along - (dx * dx + dy * dy) + iris.r * iris.r);
        image.data[y * 200 + x] = (d - pupil.r) / (outer - pupil.r);
      }
    }
    const strip = unwrapIris(image, { pupil, iris }, { height: 10, width: 64 });
    for (let i = 0; i < 10; i++) for (let j = 0; j < 64; j += 5) expect(strip.data[i * 64 + j]).toBeCloseTo((i + 0.5) / 10, 1);
  });

  it('turns a rotation of the eye into a circular shift of the columns', () => {
    const f = (a: number) => 0.5 + 0.3 * Math.sin(a) + 0.1 * Math.cos(5 * a);
    const turn = (2 * Math.PI * 8) / 128; // 8 columns
    const a = unwrapIris(angularCard(f), { pupil, iris }, { height: 8, width: 128 });
    const b = unwrapIris(angularCard((t) => f(t - turn)), { pupil, iris }, { height: 8, width: 128 });
    for (let i = 0; i < 8; i++) for (let j = 0; j < 128; j++) expect(b.data[i * 128 + ((j + 8) % 128)]).toBeCloseTo(a.data[i * 128 + j]!, 2);
  });

  it('gives NaN where the annulus leaves the picture', () => {
    const strip = unwrapIris(angularCard(() => 0.5), { pupil: { x: 20, y: 90, r: 15 }, iris: { x: 20, y: 90, r: 50 } }, { height: 8, width: 64 });
    const nan = Array.from(strip.data).filter((v) => Number.isNaN(v)).length;
    expect(nan).toBeGreaterThan(0);
    expect(nan).toBeLessThan(strip.data.length);
  });

  it('gives a 32×256 strip of a segmented synthetic eye, iris-level throughout its unoccluded part', () => {
    const { image } = synthEye(4, 0);
    const strip = unwrapIris(image, segmentIris(image));
    expect([strip.height, strip.width]).toEqual([32, 256]);
    const sorted = Array.from(strip.data).sort((x, y) => x - y);
    // The middle of the distribution is iris (neither pupil-black nor skin-white).
    expect(sorted[sorted.length >> 1]).toBeGreaterThan(0.2);
    expect(sorted[sorted.length >> 1]).toBeLessThan(0.6);
  });
});
