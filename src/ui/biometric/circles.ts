/**
 * Editing the pupil and iris circles by hand (the Biometric page's handles and fields). Pure
 * functions: the page keeps the circles, these say what a drag or a key press makes of them. A
 * centre stays on the picture and a radius stays between 3 px and the picture's longer side;
 * whether the pupil lies inside the iris is the worker's to judge (it refuses by name), so the
 * user can pass through a crossed state on the way to a right one.
 */
import type { Circle, IrisSegmentation } from '../../core/iris/index.js';

export type Which = 'pupil' | 'iris';
export type Part = 'centre' | 'radius';

export const MIN_RADIUS = 3;

/** Where the radius handle sits: the pupil's on the left of its circle, the iris's on the right, so they never overlap. */
export function radiusHandle(which: Which, c: Circle): { x: number; y: number } {
  return { x: which === 'pupil' ? c.x - c.r : c.x + c.r, y: c.y };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Whole pixels, tenths at most: what the fields show and the worker gets. */
const tidy = (v: number) => Math.round(v * 10) / 10;

/** The circle with its centre or radius set (values clamped to the picture). */
export function setCircle(c: Circle, change: Partial<Circle>, size: { width: number; height: number }): Circle {
  const x = tidy(clamp(change.x ?? c.x, 0, size.width - 1));
  const y = tidy(clamp(change.y ?? c.y, 0, size.height - 1));
  const r = tidy(clamp(change.r ?? c.r, MIN_RADIUS, Math.max(size.width, size.height)));
  return { x, y, r };
}

/** A handle dragged to image point p: the centre moves there; the radius becomes p's distance from the centre. */
export function dragTo(seg: IrisSegmentation, which: Which, part: Part, p: { x: number; y: number }, size: { width: number; height: number }): IrisSegmentation {
  const c = seg[which];
  const next = part === 'centre' ? setCircle(c, { x: p.x, y: p.y }, size) : setCircle(c, { r: Math.hypot(p.x - c.x, p.y - c.y) }, size);
  return { ...seg, [which]: next };
}

/**
 * A key pressed on a handle: arrows move a centre by 1 px (5 with Shift); on a radius handle,
 * Up/Right grow it and Down/Left shrink it, as on a slider. Undefined for other keys.
 */
export function nudge(seg: IrisSegmentation, which: Which, part: Part, key: string, shift: boolean, size: { width: number; height: number }): IrisSegmentation | undefined {
  const step = shift ? 5 : 1;
  const c = seg[which];
  let next: Circle;
  if (part === 'centre') {
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
    if (!d) return undefined;
    next = setCircle(c, { x: c.x + d[0]! * step, y: c.y + d[1]! * step }, size);
  } else {
    const d = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10 }[key];
    if (d === undefined) return undefined;
    next = setCircle(c, { r: c.r + d * step }, size);
  }
  return { ...seg, [which]: next };
}

/**
 * Circles to start from on a picture where none were found: concentric in the middle, the iris
 * a third of the shorter side, the pupil 40 % of that — a starting point for the handles.
 */
export function defaultCircles(size: { width: number; height: number }): IrisSegmentation {
  const x = Math.round(size.width / 2);
  const y = Math.round(size.height / 2);
  const r = Math.round(Math.min(size.width, size.height) / 3);
  return { pupil: { x, y, r: Math.max(MIN_RADIUS, Math.round(r * 0.4)) }, iris: { x, y, r } };
}
