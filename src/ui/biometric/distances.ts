/**
 * How far apart iris codes fall, as measured in docs/IRIS.md ("Measured distributions", default
 * capture variation): 50 synthetic eyes × 4 captures through the whole automatic pipeline, 300
 * genuine pairs (same eye) and 19,600 impostor pairs (different eyes), fractional Hamming distance
 * with the ±8-column rotation search. Shares per 0.02 bin, in per cent of each set. The figures are
 * copied from that run (`npx tsx scripts/iris-stats.ts --eyes 50 --captures 4`), not recomputed in
 * the browser: coding 200 pictures takes about 40 s on two cores.
 */

export interface DistanceBin {
  /** Lower edge of the bin. */
  readonly from: number;
  /** Share of the set in [from, from + BIN_WIDTH), per cent. */
  readonly percent: number;
}

export const BIN_WIDTH = 0.02;

export const GENUINE: readonly DistanceBin[] = [
  { from: 0.06, percent: 1.0 },
  { from: 0.08, percent: 3.3 },
  { from: 0.1, percent: 9.7 },
  { from: 0.12, percent: 17.3 },
  { from: 0.14, percent: 15.7 },
  { from: 0.16, percent: 18.7 },
  { from: 0.18, percent: 16.0 },
  { from: 0.2, percent: 11.3 },
  { from: 0.22, percent: 4.3 },
  { from: 0.24, percent: 2.3 },
  { from: 0.26, percent: 0.3 },
];

export const IMPOSTOR: readonly DistanceBin[] = [
  { from: 0.32, percent: 0.01 },
  { from: 0.34, percent: 0.1 },
  { from: 0.36, percent: 0.7 },
  { from: 0.38, percent: 3.2 },
  { from: 0.4, percent: 13.0 },
  { from: 0.42, percent: 31.3 },
  { from: 0.44, percent: 38.1 },
  { from: 0.46, percent: 13.4 },
  { from: 0.48, percent: 0.2 },
];

export const MEASURED = {
  eyes: 50,
  captures: 4,
  genuinePairs: 300,
  impostorPairs: 19_600,
  genuine: { mean: 0.163, sd: 0.039 },
  impostor: { mean: 0.439, sd: 0.02 },
  dPrime: 8.9,
} as const;
