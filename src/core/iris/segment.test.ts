import { describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { seededRng } from '../seeded-rng.js';
import { createImage } from './image.js';
import { segmentIris } from './segment.js';
import { synthEye } from './synth.js';

describe('iris segmentation', () => {
  it("finds the generator's pupil and iris circles within 3 pixels on 20 synthetic eyes", () => {
    const errors: number[] = [];
    for (let eye = 0; eye < 20; eye++) {
      const { image, truth } = synthEye(100 + eye, eye % 4);
      const found = segmentIris(image);
      for (const part of ['pupil', 'iris'] as const) {
        const a = found[part];
        const b = truth[part];
        errors.push(Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.r - b.r)));
      }
    }
    expect(Math.max(...errors)).toBeLessThanOrEqual(3);
  });

  it('reads 8-bit images as well as float ones', () => {
    const { image, truth } = synthEye(5, 2);
    const bytes = { width: image.width, height: image.height, data: Uint8Array.from(image.data, (v) => Math.round(v * 255)) };
    const found = segmentIris(bytes);
    expect(Math.abs(found.pupil.r - truth.pupil.r)).toBeLessThanOrEqual(3);
    expect(Math.abs(found.iris.r - truth.iris.r)).toBeLessThanOrEqual(3);
  });

  it('says so when there is no eye in the picture (flat grey, or noise)', () => {
    const blank = createImage(160, 120, 0.6);
    const noise = createImage(160, 120);
    const rand = seededRng(9);
    for (let k = 0; k < noise.data.length; k++) noise.data[k] = 0.5 + 0.04 * (rand() - 0.5);
    for (const image of [blank, noise]) {
      let error: unknown;
      try {
        segmentIris(image);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ZkinferError);
      expect((error as ZkinferError).code).toBe('no-eye');
    }
  });
});
