/**
 * Calibrated ranges (opt-in, docs/CALIBRATION.md). The exact intervals bound every input in the
 * declared spec; calibration narrows the decompositions of the non-linear ops to the ranges their
 * inputs take on sample data, widened by a margin. Soundness does not rest on the samples: each
 * calibrated decomposition enforces its own window (a value outside it leaves the circuit
 * unsatisfiable), shortcuts that spend no constraint are still decided by true bounds, and the
 * bounds after a calibrated op are what its constraints enforce (`IntegerRules.enforce`).
 */
import type { TensorId } from '../model/ir.js';
import { integerRules } from '../ops/registry.js';
import type { QModel, QTensor } from './qir.js';
import { referenceInference } from './reference.js';

export interface TensorRange {
  readonly lo: readonly bigint[];
  readonly hi: readonly bigint[];
}

/** Per-element ranges of the tensors the calibrated gadgets decompose, already widened. */
export interface CalibratedRanges {
  /** Each element's observed range is widened by margin × the largest observed span in its channel, both ways. */
  readonly margin: number;
  /** Number of calibration inputs. */
  readonly samples: number;
  readonly tensors: ReadonlyMap<TensorId, TensorRange>;
}

/** The margin used when none is given: a quarter of the channel's observed span on each side. */
export const DEFAULT_CALIBRATION_MARGIN = 0.25;

/** The tensors calibration sizes: inputs of the ops that have an `enforce` rule, and the output (argmax/sign). */
export function calibratedTensors(model: QModel): TensorId[] {
  const ids = new Set<TensorId>();
  for (const node of model.nodes) if (integerRules(node.op).enforce) ids.add(node.inputs[0]!);
  if (model.outputRule !== 'logits') ids.add(model.output);
  return [...ids].sort((a, b) => a - b);
}

/** Observed per-element [min, max] of the calibrated tensors over the integer reference of each input. */
export function observeRanges(model: QModel, inputs: readonly (readonly bigint[])[]): Map<TensorId, { lo: bigint[]; hi: bigint[] }> {
  const ids = calibratedTensors(model);
  const out = new Map<TensorId, { lo: bigint[]; hi: bigint[] }>();
  for (const codes of inputs) {
    const values = referenceInference(model, codes);
    for (const id of ids) {
      const v = values.get(id)!;
      const r = out.get(id);
      if (!r) {
        out.set(id, { lo: [...v], hi: [...v] });
        continue;
      }
      for (let i = 0; i < v.length; i++) {
        if (v[i]! < r.lo[i]!) r.lo[i] = v[i]!;
        if (v[i]! > r.hi[i]!) r.hi[i] = v[i]!;
      }
    }
  }
  return out;
}

/**
 * Widens observed ranges by `margin` × the channel's largest span (channel = last axis; a 1-D
 * tensor's elements are their own channels), so an element that happened to be constant on the
 * samples (a border pixel) still gets room of the scale its channel shows.
 */
export function widenRanges(model: QModel, observed: ReadonlyMap<TensorId, TensorRange>, margin: number, samples: number): CalibratedRanges {
  if (!(margin >= 0) || !Number.isFinite(margin)) throw new RangeError(`the calibration margin must be a finite number ≥ 0, got ${margin}`);
  const tensors = new Map<TensorId, TensorRange>();
  for (const [id, r] of observed) {
    const shape = model.tensors.get(id)!.shape;
    const channels = shape.length > 1 ? shape.at(-1)! : r.lo.length;
    const span = new Array<bigint>(channels).fill(0n);
    r.lo.forEach((lo, i) => {
      const s = r.hi[i]! - lo;
      if (s > span[i % channels]!) span[i % channels] = s;
    });
    const pad = span.map((s) => ceilMul(s, margin));
    tensors.set(id, { lo: r.lo.map((v, i) => v - pad[i % channels]!), hi: r.hi.map((v, i) => v + pad[i % channels]!) });
  }
  return { margin, samples, tensors };
}

/** ⌈s · f⌉ for a bigint s and a double f ≥ 0, exact enough for a margin (f to 1e-6). */
function ceilMul(s: bigint, f: number): bigint {
  const micro = BigInt(Math.ceil(f * 1e6));
  return (s * micro + 999_999n) / 1_000_000n;
}

/**
 * The model with calibrated ranges attached (`QTensor.cal`, clipped to the true bounds) and the
 * true bounds recomputed: after each calibrated op, from the window its constraints enforce.
 */
export function applyCalibration(model: QModel, ranges: CalibratedRanges): QModel {
  const tensors = new Map<TensorId, QTensor>([[model.input, model.tensors.get(model.input)!]]);
  const withCal = (id: TensorId): QTensor => {
    const t = tensors.get(id)!;
    const r = ranges.tensors.get(id);
    if (!r) throw new RangeError(`the calibration has no range for tensor ${id}`);
    if (r.lo.length !== t.lo.length) throw new RangeError(`the calibration's range for tensor ${id} has ${r.lo.length} elements, the tensor ${t.lo.length}`);
    const lo = r.lo.map((v, i) => (v > t.lo[i]! ? (v < t.hi[i]! ? v : t.hi[i]!) : t.lo[i]!));
    const hi = r.hi.map((v, i) => (v < t.hi[i]! ? (v > lo[i]! ? v : lo[i]!) : t.hi[i]!));
    return { ...t, cal: { lo, hi } };
  };
  for (const node of model.nodes) {
    const rules = integerRules(node.op);
    let inputs = node.inputs.map((t) => tensors.get(t)!);
    if (rules.enforce) {
      const first = withCal(node.inputs[0]!);
      tensors.set(node.inputs[0]!, first);
      inputs = [rules.enforce(node.op, first), ...inputs.slice(1)];
    }
    tensors.set(node.output, rules.intervals(node.op, inputs, model.tensors.get(node.output)!.shape));
  }
  if (model.outputRule !== 'logits') tensors.set(model.output, withCal(model.output));
  return { ...model, tensors };
}
