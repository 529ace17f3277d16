/**
 * calibration.json: the calibrated ranges a package's circuit was compiled with (docs/CALIBRATION.md),
 * so that `prove` recompiles the very same circuit. Integers are decimal strings (they may pass 2^53).
 * It holds ranges of intermediate values, not the calibration inputs themselves; but each range is
 * an element's extremes over the calibration set (widened by the margin), so it is published data:
 * with few inputs it reveals them (docs/CALIBRATION.md, "What the file reveals").
 */
import { fail } from '../errors.js';
import type { CalibratedRanges, TensorRange } from '../quant/calibrate.js';

export const CALIBRATION_FORMAT = 'zkinfer-calibration';
export const CALIBRATION_VERSION = 1;

interface CalibrationJson {
  readonly format: typeof CALIBRATION_FORMAT;
  readonly version: typeof CALIBRATION_VERSION;
  readonly margin: number;
  readonly samples: number;
  readonly tensors: readonly { readonly tensor: number; readonly lo: readonly string[]; readonly hi: readonly string[] }[];
}

export function writeCalibration(r: CalibratedRanges): Uint8Array {
  const json: CalibrationJson = {
    format: CALIBRATION_FORMAT,
    version: CALIBRATION_VERSION,
    margin: r.margin,
    samples: r.samples,
    tensors: [...r.tensors].sort(([a], [b]) => a - b).map(([tensor, t]) => ({ tensor, lo: t.lo.map(String), hi: t.hi.map(String) })),
  };
  return new TextEncoder().encode(JSON.stringify(json));
}

const INTEGER = /^-?(0|[1-9][0-9]{0,80})$/;

export function readCalibration(bytes: Uint8Array): CalibratedRanges {
  const bad = (why: string): never => fail('package', 'bad-calibration', `invalid calibration.json: ${why}`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return bad('not JSON');
  }
  const j = raw as Partial<CalibrationJson> | null;
  if (!j || j.format !== CALIBRATION_FORMAT) return bad(`"format" must be "${CALIBRATION_FORMAT}"`);
  if (j.version !== CALIBRATION_VERSION) return bad(`version ${JSON.stringify(j.version)} is not supported`);
  if (typeof j.margin !== 'number' || !(j.margin >= 0)) return bad('"margin" must be a number ≥ 0');
  if (!Number.isInteger(j.samples) || j.samples! < 1) return bad('"samples" must be a positive integer');
  if (!Array.isArray(j.tensors)) return bad('"tensors" must be a list');
  const tensors = new Map<number, TensorRange>();
  for (const t of j.tensors) {
    if (!Number.isInteger(t?.tensor) || !Array.isArray(t.lo) || !Array.isArray(t.hi) || t.lo.length !== t.hi.length) return bad('each tensor needs an id and lo/hi lists of one length');
    if (![...t.lo, ...t.hi].every((v) => typeof v === 'string' && INTEGER.test(v))) return bad(`tensor ${t.tensor} has a bound that is not an integer`);
    const lo = (t.lo as readonly string[]).map((v) => BigInt(v));
    const hi = (t.hi as readonly string[]).map((v) => BigInt(v));
    if (lo.some((v, i) => v > hi[i]!)) return bad(`tensor ${t.tensor} has a range with lo > hi`);
    if (tensors.has(t.tensor)) return bad(`tensor ${t.tensor} is listed twice`);
    tensors.set(t.tensor, { lo, hi });
  }
  return { margin: j.margin, samples: j.samples!, tensors };
}
