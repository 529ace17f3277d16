import { describe, expect, it } from 'vitest';
import { defaultCircles, dragTo, MIN_RADIUS, nudge, radiusHandle, setCircle } from './circles.js';

const size = { width: 320, height: 240 };
const seg = { pupil: { x: 150, y: 120, r: 40 }, iris: { x: 152, y: 118, r: 95 } };

describe('circle editing', () => {
  it('drags a centre to the pointer and a radius to the pointer distance', () => {
    expect(dragTo(seg, 'pupil', 'centre', { x: 160.26, y: 111 }, size).pupil).toEqual({ x: 160.3, y: 111, r: 40 });
    expect(dragTo(seg, 'iris', 'radius', { x: 152 + 60, y: 118 + 80 }, size).iris).toEqual({ x: 152, y: 118, r: 100 });
    // The other circle is untouched.
    expect(dragTo(seg, 'iris', 'radius', { x: 0, y: 0 }, size).pupil).toBe(seg.pupil);
  });

  it('keeps centres on the picture and radii at least MIN_RADIUS', () => {
    expect(setCircle(seg.pupil, { x: -20, y: 999 }, size)).toEqual({ x: 0, y: 239, r: 40 });
    expect(dragTo(seg, 'pupil', 'radius', { x: 150, y: 120 }, size).pupil.r).toBe(MIN_RADIUS);
  });

  it('moves a centre with the arrows (5 px with Shift) and resizes a radius like a slider', () => {
    expect(nudge(seg, 'pupil', 'centre', 'ArrowLeft', false, size)!.pupil).toEqual({ x: 149, y: 120, r: 40 });
    expect(nudge(seg, 'pupil', 'centre', 'ArrowDown', true, size)!.pupil).toEqual({ x: 150, y: 125, r: 40 });
    expect(nudge(seg, 'iris', 'radius', 'ArrowUp', false, size)!.iris.r).toBe(96);
    expect(nudge(seg, 'iris', 'radius', 'ArrowLeft', true, size)!.iris.r).toBe(90);
    expect(nudge(seg, 'iris', 'radius', 'PageDown', false, size)!.iris.r).toBe(85);
    expect(nudge(seg, 'iris', 'centre', 'Enter', false, size)).toBeUndefined();
  });

  it('puts the two radius handles on opposite sides', () => {
    expect(radiusHandle('pupil', seg.pupil)).toEqual({ x: 110, y: 120 });
    expect(radiusHandle('iris', seg.iris)).toEqual({ x: 247, y: 118 });
  });

  it('starts hand marking from nested circles in the middle of the picture', () => {
    const d = defaultCircles({ width: 400, height: 300 });
    expect(d.iris).toEqual({ x: 200, y: 150, r: 100 });
    expect(d.pupil.r).toBeLessThan(d.iris.r);
  });
});
