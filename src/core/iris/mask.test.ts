import { describe, expect, it } from 'vitest';
import { occlusionMask } from './mask.js';
import { segmentIris } from './segment.js';
import { synthEye } from './synth.js';
import { DEFAULT_STRIP, stripPoint, unwrapIris } from './unwrap.js';

describe('occlusion mask', () => {
  it("covers most of what the generator occluded and little of the visible iris (12 captures)", () => {
    let hit = 0;
    let missed = 0;
    let falseAlarm = 0;
    let clear = 0;
    for (let eye = 0; eye < 6; eye++) {
      for (let capture = 0; capture < 2; capture++) {
        const { image, truth } = synthEye(40 + eye, capture);
        const seg = segmentIris(image);
        const strip = unwrapIris(image, seg);
        const mask = occlusionMask(image, seg, strip);
        for (let i = 0; i < DEFAULT_STRIP.height; i++) {
          for (let j = 0; j < DEFAULT_STRIP.width; j++) {
            const p = stripPoint(seg, DEFAULT_STRIP, i, j);
            const occluded = truth.occlusion[Math.round(p.y) * image.width + Math.round(p.x)] === 1;
            const masked = mask[i * DEFAULT_STRIP.width + j] === 1;
            if (occluded && masked) hit++;
            else if (occluded) missed++;
            else if (masked) falseAlarm++;
            else clear++;
          }
        }
      }
    }
    expect(hit + missed).toBeGreaterThan(1000); // the captures do have occlusions to find
    expect(hit / (hit + missed)).toBeGreaterThan(0.8);
    expect(falseAlarm / (falseAlarm + clear)).toBeLessThan(0.08);
  });

  it('masks strip pixels that fall off the picture', () => {
    const { image, truth } = synthEye(1, 0);
    const shifted = { pupil: { ...truth.pupil, x: 10 }, iris: { ...truth.iris, x: 10 } };
    const strip = unwrapIris(image, shifted);
    const mask = occlusionMask(image, shifted, strip);
    for (let k = 0; k < strip.data.length; k++) if (Number.isNaN(strip.data[k])) expect(mask[k]).toBe(1);
  });
});
