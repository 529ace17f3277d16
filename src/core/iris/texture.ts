/**
 * The iris tissue of one synthetic eye, as a map over rubber-sheet coordinates: rows are ρ (0 at
 * the pupil boundary, 1 at the limbus), columns the angle θ around the eye (wrapping). Values are
 * brightness offsets added to the eye's base iris level. Drawn once per eye, so every capture of
 * the eye shows the same fibres, crypts and furrows; captures differ only in how they are seen.
 *
 * The features follow the anatomy that makes real iris texture distinctive: radial stroma fibres
 * (slightly curling), dark crypts clustered around the collarette, concentric contraction furrows in
 * the outer (ciliary) zone, the collarette itself as a wavy ridge between the pupillary and ciliary
 * zones, and a darker limbal ring.
 */
import { seededRng } from '../seeded-rng.js';

export const TEXTURE_ROWS = 96;
export const TEXTURE_COLUMNS = 1024;

export interface IrisTexture {
  rows: number;
  columns: number;
  /** Row-major, rows × columns. */
  data: Float32Array;
  /** Where the collarette sits (ρ), for reference. */
  collarette: number;
}

const TAU = 2 * Math.PI;

function gaussianNoise(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(TAU * rand());
}

/** Wrapped column distance. */
function wrapColumns(d: number, columns: number): number {
  d %= columns;
  if (d > columns / 2) d -= columns;
  if (d < -columns / 2) d += columns;
  return d;
}

export function irisTexture(seed: number): IrisTexture {
  const rand = seededRng(seed);
  const rows = TEXTURE_ROWS;
  const columns = TEXTURE_COLUMNS;
  const data = new Float32Array(rows * columns);
  const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const rhoOf = (i: number) => (i + 0.5) / rows;

  // Collarette: a wavy ring at about a third of the way out; the pupillary zone inside it has its
  // own brightness.
  const collarette = between(0.25, 0.4);
  const harmonics = Array.from({ length: 4 }, () => ({ k: 3 + Math.floor(rand() * 12), amp: between(0.005, 0.025), phase: between(0, TAU) }));
  const pupillaryOffset = between(-0.06, 0.06);
  const ridge = between(0.05, 0.12);
  for (let j = 0; j < columns; j++) {
    const theta = (TAU * j) / columns;
    let c = collarette;
    for (const h of harmonics) c += h.amp * Math.sin(h.k * theta + h.phase);
    for (let i = 0; i < rows; i++) {
      const rho = rhoOf(i);
      const d = (rho - c) / 0.025;
      data[i * columns + j]! += ridge * Math.exp(-d * d) + (rho < c ? pupillaryOffset : 0);
    }
  }

  // Radial fibres: thin angular ridges (bright or dark), each curling a little and fading in and
  // out along ρ. Drawn per row within ±3 widths of the fibre's centre column.
  const fibreCount = 260 + Math.floor(rand() * 160);
  for (let f = 0; f < fibreCount; f++) {
    const centre = rand() * columns;
    const width = between(2, 7); // columns (1024 per turn)
    const amp = between(0.04, 0.12) * (rand() < 0.5 ? -1 : 1);
    const curl = between(-25, 25); // columns of drift from pupil to limbus
    const wave = between(0, 6);
    const wavePhase = between(0, TAU);
    const start = between(0, 0.5);
    const end = between(start + 0.3, 1.1);
    const reach = Math.ceil(3 * width);
    for (let i = 0; i < rows; i++) {
      const rho = rhoOf(i);
      if (rho < start || rho > end) continue;
      const fade = Math.sin((Math.PI * (rho - start)) / (end - start));
      const at = centre + curl * rho + wave * Math.sin(TAU * 2 * rho + wavePhase);
      for (let dj = -reach; dj <= reach; dj++) {
        const j = Math.round(at) + dj;
        const d = wrapColumns(j - at, columns) / width;
        const col = ((j % columns) + columns) % columns;
        data[i * columns + col]! += amp * fade * Math.exp(-d * d);
      }
    }
  }

  // Crypts: dark lozenges with steep walls, mostly near the collarette.
  const cryptCount = 8 + Math.floor(rand() * 14);
  for (let n = 0; n < cryptCount; n++) {
    const cj = rand() * columns;
    const ci = Math.min(0.9, Math.max(0.08, collarette + 0.12 * gaussianNoise(rand) + 0.05)) * rows;
    const halfW = between(8, 30);
    const halfH = between(3, 12);
    const depth = between(0.08, 0.2);
    for (let i = Math.max(0, Math.floor(ci - 2 * halfH)); i < Math.min(rows, Math.ceil(ci + 2 * halfH)); i++) {
      for (let dj = -Math.ceil(2 * halfW); dj <= Math.ceil(2 * halfW); dj++) {
        const j = Math.round(cj) + dj;
        const dx = wrapColumns(j - cj, columns) / halfW;
        const dy = (i - ci) / halfH;
        const q = dx * dx + dy * dy;
        const col = ((j % columns) + columns) % columns;
        data[i * columns + col]! -= depth * Math.exp(-q * q);
      }
    }
  }

  // Contraction furrows: broken dark rings in the ciliary zone.
  const furrowCount = 2 + Math.floor(rand() * 4);
  for (let n = 0; n < furrowCount; n++) {
    const at = between(Math.max(collarette + 0.15, 0.5), 0.92);
    const k = 2 + Math.floor(rand() * 6);
    const phase = between(0, TAU);
    const gaps = 1 + Math.floor(rand() * 4);
    const gapPhase = between(0, TAU);
    const depth = between(0.05, 0.12);
    for (let j = 0; j < columns; j++) {
      const theta = (TAU * j) / columns;
      const presence = Math.max(0, Math.sin(gaps * theta + gapPhase));
      if (presence === 0) continue;
      const centre = at + 0.015 * Math.sin(k * theta + phase);
      for (let i = 0; i < rows; i++) {
        const d = (rhoOf(i) - centre) / 0.012;
        data[i * columns + j]! -= depth * Math.sqrt(presence) * Math.exp(-d * d);
      }
    }
  }

  // Broad blotches (pigment), and the darker limbal ring at the outer edge.
  const blotches = 6 + Math.floor(rand() * 6);
  for (let n = 0; n < blotches; n++) {
    const cj = rand() * columns;
    const ci = rand() * rows;
    const sw = between(40, 160);
    const sh = between(10, 40);
    const amp = between(-0.05, 0.05);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < columns; j++) {
        const dx = wrapColumns(j - cj, columns) / sw;
        const dy = (i - ci) / sh;
        data[i * columns + j]! += amp * Math.exp(-(dx * dx + dy * dy));
      }
    }
  }
  const limbus = between(0.05, 0.12);
  for (let i = 0; i < rows; i++) {
    const rho = rhoOf(i);
    const fall = Math.max(0, (rho - 0.8) / 0.2);
    for (let j = 0; j < columns; j++) data[i * columns + j]! -= limbus * fall * fall;
  }
  return { rows, columns, data, collarette };
}

/** Texture value at angle θ (radians) and ρ ∈ [0, 1]: bilinear, wrapping in θ, clamped in ρ. */
export function sampleTexture(t: IrisTexture, theta: number, rho: number): number {
  const u = ((((theta / TAU) * t.columns) % t.columns) + t.columns) % t.columns;
  const v = Math.min(t.rows - 1, Math.max(0, rho * t.rows - 0.5));
  const j0 = Math.floor(u);
  const j1 = (j0 + 1) % t.columns;
  const i0 = Math.min(Math.floor(v), t.rows - 2);
  const fu = u - j0;
  const fv = v - i0;
  const d = t.data;
  const c = t.columns;
  const top = d[i0 * c + j0]! + (d[i0 * c + j1]! - d[i0 * c + j0]!) * fu;
  const bottom = d[(i0 + 1) * c + j0]! + (d[(i0 + 1) * c + j1]! - d[(i0 + 1) * c + j0]!) * fu;
  return top + (bottom - top) * fv;
}
