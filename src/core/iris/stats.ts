/**
 * Genuine and impostor distance distributions of iris codes (docs/IRIS.md "Measured
 * distributions"): every pair of codes is compared (match.ts, rotation search); pairs of one eye
 * are genuine, pairs of different eyes impostor. Pure, for the app's "Measure" (the iris worker)
 * and for tests; scripts/iris-stats.ts prints the same figures and more for the docs.
 *
 * Public API: `pairDistances(codes, options)`, `distanceSummary(genuine, impostor, threshold)`,
 * `distanceBins(values, binWidth)`.
 */
import type { IrisCode, MatchOptions } from './match.js';
import { hammingDistance } from './match.js';
import { ZkinferError } from '../errors.js';

export interface LabelledCode {
  readonly eye: number;
  readonly code: IrisCode;
}

export interface PairDistances {
  readonly genuine: number[];
  readonly impostor: number[];
  /** Pairs with too few bits usable in both codes to compare (iris-too-occluded). */
  readonly incomparable: number;
}

export function pairDistances(codes: readonly LabelledCode[], options: MatchOptions = {}): PairDistances {
  const genuine: number[] = [];
  const impostor: number[] = [];
  let incomparable = 0;
  for (let i = 0; i < codes.length; i++) {
    for (let j = i + 1; j < codes.length; j++) {
      let d: number;
      try {
        d = hammingDistance(codes[i]!.code, codes[j]!.code, options).distance;
      } catch (e) {
        if (e instanceof ZkinferError && e.code === 'iris-too-occluded') {
          incomparable++;
          continue;
        }
        throw e;
      }
      (codes[i]!.eye === codes[j]!.eye ? genuine : impostor).push(d);
    }
  }
  return { genuine, impostor, incomparable };
}

export interface SetStats {
  readonly n: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly sd: number;
}

export interface DistanceSummary {
  readonly genuine: SetStats;
  readonly impostor: SetStats;
  /** |μI − μG| / √((σG² + σI²) / 2); NaN when a set is empty. */
  readonly dPrime: number;
  readonly threshold: number;
  /** Impostor pairs at or below the threshold (a false match), and their share. */
  readonly falseMatches: number;
  readonly fmr: number;
  /** Genuine pairs above the threshold (a false non-match), and their share. */
  readonly falseNonMatches: number;
  readonly fnmr: number;
}

function stats(v: readonly number[]): SetStats {
  const n = v.length;
  const mean = v.reduce((s, x) => s + x, 0) / n;
  return { n, mean, sd: Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / n) };
}

/** The registry's rule: a distance ≤ threshold is the same eye. */
export function distanceSummary(genuine: readonly number[], impostor: readonly number[], threshold: number): DistanceSummary {
  const g = stats(genuine);
  const im = stats(impostor);
  const falseMatches = impostor.filter((d) => d <= threshold).length;
  const falseNonMatches = genuine.filter((d) => d > threshold).length;
  return {
    genuine: g,
    impostor: im,
    dPrime: Math.abs(im.mean - g.mean) / Math.sqrt((g.sd ** 2 + im.sd ** 2) / 2),
    threshold,
    falseMatches,
    fmr: falseMatches / impostor.length,
    falseNonMatches,
    fnmr: falseNonMatches / genuine.length,
  };
}

export interface DistanceBin {
  /** Lower edge of the bin. */
  readonly from: number;
  /** Share of the set in [from, from + binWidth), per cent. */
  readonly percent: number;
  readonly count: number;
}

/** Non-empty bins of `binWidth` from 0, in per cent of the set. */
export function distanceBins(values: readonly number[], binWidth: number): DistanceBin[] {
  const counts = new Map<number, number>();
  // The small epsilon keeps a distance that is exactly a bin edge (0.3 = 15 × 0.02) in its own bin despite rounding.
  for (const d of values) {
    const b = Math.floor(d / binWidth + 1e-9);
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([b, count]) => ({ from: Math.round(b * binWidth * 1e6) / 1e6, count, percent: (100 * count) / values.length }));
}
