/**
 * Circles and the ray geometry shared by the generator and the unwrapper. Both use the same
 * rubber-sheet parameterisation — a ray from the pupil centre at angle a, from the pupil boundary
 * (ρ = 0) to where the ray meets the iris boundary (ρ = 1) — so a point of iris tissue the
 * generator draws at (a, ρ) is exactly where the unwrapper samples it, given the true circles.
 * The circles need not be concentric; the pupil must lie inside the iris.
 */
export interface Circle {
  x: number;
  y: number;
  r: number;
}

/**
 * Distance from (px, py) along the unit direction (ux, uy) to the circle's boundary, for a point
 * inside the circle (the positive root of |p + t·u − c| = r).
 */
export function rayToCircle(px: number, py: number, ux: number, uy: number, circle: Circle): number {
  const dx = circle.x - px;
  const dy = circle.y - py;
  const along = ux * dx + uy * dy;
  const disc = along * along - (dx * dx + dy * dy) + circle.r * circle.r;
  return along + Math.sqrt(Math.max(0, disc));
}

/** Image position of rubber-sheet coordinates (angle a in radians, ρ in [0, 1]). */
export function rubberSheetPoint(pupil: Circle, iris: Circle, a: number, rho: number): { x: number; y: number } {
  const ux = Math.cos(a);
  const uy = Math.sin(a);
  const outer = rayToCircle(pupil.x, pupil.y, ux, uy, iris);
  const t = pupil.r + rho * (outer - pupil.r);
  return { x: pupil.x + t * ux, y: pupil.y + t * uy };
}

/** Smallest signed difference a − b of two angles, in (−π, π]. */
export function angleDiff(a: number, b: number): number {
  let d = (a - b) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}
