/**
 * Constant folding for ONNX graphs: exporters compute shapes in the graph (PyTorch's
 * `x.view(x.size(0), -1)` is Shape → Gather → Unsqueeze → Concat → Reshape), and such chains are
 * evaluated here at import time, so the Reshape that ends them sees a constant shape. Only nodes
 * whose inputs are all constants are folded (Shape reads just the static shape of its input).
 */
import { fail } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';

/** A constant: an initializer, a Constant node's value or a folded result, as float64 in row-major order. */
export interface Constant {
  readonly dims: readonly number[];
  readonly data: Float64Array;
  /** Only initializers count as the model's parameters. */
  readonly initializer: boolean;
  /** Integer element type (int32/int64): division truncates, as ONNX's integer Div does. */
  readonly integer?: boolean;
}

export const FOLDABLE_OPS = ['Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'Cast', 'Add', 'Sub', 'Mul', 'Div'] as const;

/** ONNX TensorProto data types that are integers. */
const INTEGER_TYPES = new Set([2, 3, 4, 5, 6, 7, 9, 12, 13]);

function folded(dims: readonly number[], data: Float64Array, integer: boolean | undefined): Constant {
  return { dims, data, initializer: false, integer };
}

function normaliseAxis(axis: number, rank: number, where: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) fail('model', 'bad-onnx', `${where} uses axis ${axis} on a tensor of rank ${rank}`);
  return a;
}

/** The static shape [1, …dims] of an activation (batch 1), sliced as Shape's start/end (opset 15) ask. */
export function shapeConstant(onnxDims: readonly number[], start = 0, end?: number): Constant {
  const full = [1, ...onnxDims];
  const r = full.length;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
  const dims = full.slice(clamp(start), end === undefined ? r : clamp(end));
  return folded([dims.length], Float64Array.from(dims), true);
}

export interface FoldAttrs {
  int(name: string, fallback: number): number;
  ints(name: string): number[] | undefined;
}

/**
 * Folds one node over constant inputs (`inputs[i]` undefined for an absent optional input).
 * Returns undefined when the op is not foldable.
 */
export function foldNode(opType: string, inputs: readonly (Constant | undefined)[], a: FoldAttrs, opset: number, where: string): Constant | undefined {
  const [x, y] = inputs;
  if (!x) return undefined;
  switch (opType) {
    case 'Cast': {
      const integer = INTEGER_TYPES.has(a.int('to', 1));
      return folded(x.dims, integer ? x.data.map(Math.trunc) : x.data, integer);
    }
    case 'Gather': {
      if (!y) return undefined;
      const axis = normaliseAxis(a.int('axis', 0), x.dims.length, where);
      const n = x.dims[axis]!;
      const outer = sizeOf(x.dims.slice(0, axis));
      const inner = sizeOf(x.dims.slice(axis + 1));
      const out: number[] = [];
      for (let o = 0; o < outer; o++) {
        for (const raw of y.data) {
          const i = raw < 0 ? raw + n : raw;
          if (i < 0 || i >= n) fail('model', 'bad-onnx', `${where} gathers index ${raw} from an axis of size ${n}`);
          for (let j = 0; j < inner; j++) out.push(x.data[(o * n + i) * inner + j]!);
        }
      }
      return folded([...x.dims.slice(0, axis), ...y.dims, ...x.dims.slice(axis + 1)], Float64Array.from(out), x.integer);
    }
    case 'Unsqueeze':
    case 'Squeeze': {
      const axes = opset >= 13 ? (y ? Array.from(y.data) : undefined) : a.ints('axes');
      if (opType === 'Unsqueeze') {
        if (!axes) fail('model', 'bad-onnx', `${where} has no axes`);
        const rank = x.dims.length + axes.length;
        const at = new Set(axes.map((ax) => normaliseAxis(ax, rank, where)));
        const dims: number[] = [];
        let k = 0;
        for (let i = 0; i < rank; i++) dims.push(at.has(i) ? 1 : x.dims[k++]!);
        return folded(dims, x.data, x.integer);
      }
      const drop = new Set(axes ? axes.map((ax) => normaliseAxis(ax, x.dims.length, where)) : x.dims.flatMap((d, i) => (d === 1 ? [i] : [])));
      return folded(
        x.dims.filter((_, i) => !drop.has(i)),
        x.data,
        x.integer,
      );
    }
    case 'Concat': {
      const parts = inputs.filter((p): p is Constant => p !== undefined);
      const axis = normaliseAxis(a.int('axis', 0), x.dims.length, where);
      const outer = sizeOf(x.dims.slice(0, axis));
      const out: number[] = [];
      for (let o = 0; o < outer; o++) {
        for (const p of parts) {
          const block = sizeOf(p.dims.slice(axis));
          for (let j = 0; j < block; j++) out.push(p.data[o * block + j]!);
        }
      }
      const dims = [...x.dims];
      dims[axis] = parts.reduce((s, p) => s + p.dims[axis]!, 0);
      return folded(dims, Float64Array.from(out), parts.every((p) => p.integer));
    }
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div': {
      if (!y) return undefined;
      if (x.data.length !== y.data.length && x.data.length !== 1 && y.data.length !== 1) {
        fail('model', 'unsupported-config', `${where} combines constants of shapes [${x.dims.join(', ')}] and [${y.dims.join(', ')}]; constant folding broadcasts only scalars`);
      }
      const big = x.data.length >= y.data.length ? x : y;
      const integer = x.integer === true && y.integer === true;
      const data = big.data.map((_, i) => {
        const p = x.data[x.data.length === 1 ? 0 : i]!;
        const q = y.data[y.data.length === 1 ? 0 : i]!;
        if (opType === 'Add') return p + q;
        if (opType === 'Sub') return p - q;
        if (opType === 'Mul') return p * q;
        if (q === 0) fail('model', 'unsupported-config', `${where} divides by zero`);
        return integer ? Math.trunc(p / q) : p / q;
      });
      return folded(big.dims, data, integer);
    }
    default:
      return undefined;
  }
}
