/** --calibrate <file> [--margin <x>] for publish and inspect (docs/CALIBRATION.md). */
import { flattenInput, ZkinferError } from '../core/index.js';
import { readJson, UsageError } from './files.js';

export interface CalibrationArgs {
  calibrate?: string;
  margin?: string;
}

/**
 * The calibration inputs of `{"inputs": [<input>, …]}`, each in the nested form of a prove input
 * (the value of its "input"; a whole {"input": …} object is accepted too), flattened.
 */
export function readCalibrationInputs(a: CalibrationArgs, shape: readonly number[]): { inputs: number[][]; margin?: number } | undefined {
  if (a.calibrate === undefined) {
    if (a.margin !== undefined) throw new UsageError('--margin needs --calibrate <file>');
    return undefined;
  }
  const raw = readJson(a.calibrate, 'calibration file') as { inputs?: unknown } | null;
  const list = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw.inputs : undefined;
  if (!Array.isArray(list) || list.length === 0) throw new UsageError(`${a.calibrate} must be {"inputs": [<input>, …]} with at least one input, each a nested array in the model's input shape [${shape.join(', ')}]`);
  const inputs = list.map((x: unknown, i) => {
    const v = x !== null && typeof x === 'object' && !Array.isArray(x) && 'input' in x ? (x as { input: unknown }).input : x;
    try {
      return flattenInput(v, shape);
    } catch (e) {
      if (e instanceof ZkinferError) throw new UsageError(`${a.calibrate}: calibration input ${i}: ${e.message}`);
      throw e;
    }
  });
  let margin: number | undefined;
  if (a.margin !== undefined) {
    margin = Number(a.margin);
    if (a.margin.trim() === '' || !Number.isFinite(margin) || margin < 0) throw new UsageError(`--margin must be a number ≥ 0 (a share of each channel's observed span, e.g. 0.25), got "${a.margin}"`);
  }
  return { inputs, ...(margin !== undefined ? { margin } : {}) };
}
