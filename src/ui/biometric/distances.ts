/**
 * How far apart iris codes fall. The histogram the app draws is computed in this browser
 * (`measureDistances`: synthetic eyes coded and compared in the iris worker, src/core/iris/stats.ts)
 * and kept for the visit, so every histogram on the Biometric and Register pages shows it once
 * measured. `REFERENCE` is docs/IRIS.md's larger run ("Measured distributions", default capture
 * variation: 50 eyes × 4 captures, `npx tsx scripts/iris-stats.ts --eyes 50 --captures 4`),
 * quoted as text beside it, not drawn.
 */
import { useEffect, useState } from 'react';
import type { DistanceBin, DistanceSummary } from '../../core/iris/index.js';
import { distanceBins, distanceSummary } from '../../core/iris/stats.js';
import { irisWorker } from '../../client/workers/iris.js';

export const BIN_WIDTH = 0.02;

export const REFERENCE = {
  eyes: 50,
  captures: 4,
  genuinePairs: 300,
  impostorPairs: 19_600,
  genuine: { mean: 0.163, sd: 0.039 },
  impostor: { mean: 0.439, sd: 0.02 },
  dPrime: 8.9,
  /** At the threshold 0.32: no false match among the impostor pairs, none of the genuine pairs refused. */
  falseMatches: 0,
  falseNonMatches: 0,
} as const;

export interface Measurement {
  readonly eyes: number;
  readonly captures: number;
  /** Codes made (captures that segmented). */
  readonly codes: number;
  readonly failures: readonly string[];
  readonly incomparable: number;
  readonly genuine: readonly DistanceBin[];
  readonly impostor: readonly DistanceBin[];
  readonly summary: DistanceSummary;
  readonly ms: number;
}

let current: Measurement | undefined;
const listeners = new Set<() => void>();

/** Codes `eyes` synthetic eyes × `captures` captures in the iris worker and compares every pair. */
export async function measureDistances(eyes: number, captures: number, threshold: number, onEye: (done: number) => void, signal?: AbortSignal): Promise<Measurement> {
  const started = performance.now();
  const r = await irisWorker().measure(eyes, captures, onEye, signal);
  const m: Measurement = {
    eyes,
    captures,
    codes: r.codes,
    failures: r.failures,
    incomparable: r.incomparable,
    genuine: distanceBins(r.genuine, BIN_WIDTH),
    impostor: distanceBins(r.impostor, BIN_WIDTH),
    summary: distanceSummary(r.genuine, r.impostor, threshold),
    ms: performance.now() - started,
  };
  current = m;
  for (const f of listeners) f();
  return m;
}

/** The latest measurement of this visit, if any. */
export function useMeasurement(): Measurement | undefined {
  const [, tick] = useState(0);
  useEffect(() => {
    const f = () => tick((n) => n + 1);
    listeners.add(f);
    return () => {
      listeners.delete(f);
    };
  }, []);
  return current;
}
