/**
 * Float graph → integer IR. Scales: input codes are integers (scale 0); a linear op's weights get
 * their own scale so that the largest weight uses `weightBits` bits, and its output scale is
 * input + weight scale (exact, no rounding); ReLU requantizes down to `activationBits` fractional
 * bits in the same gadget; Add/Concat align inputs to the largest scale by exact shifts.
 * Intervals are propagated exactly in integers, so they bound every honest value.
 */
import { fail } from '../errors.js';
import type { Graph, Node, OutputRule, TensorId } from '../model/ir.js';
import { sizeOf } from '../model/ir.js';
import type { QModel, QNode, QOp, QTensor } from './qir.js';
import { bitLength } from './qir.js';
import type { SparseRows } from '../model/spatial.js';
import { convRows, padMap, poolTaps } from '../model/spatial.js';

export interface QuantizeOptions {
  readonly inputBits: number;
  /** Fractional bits kept after each ReLU. */
  readonly activationBits: number;
  /** Significant bits of the largest weight of each layer. */
  readonly weightBits: number;
  readonly outputRule: OutputRule;
}

export const DEFAULT_ACTIVATION_BITS = 10;
export const DEFAULT_WEIGHT_BITS = 12;
/** Every value must stay far below p/2 ≈ 2^253 so that field equalities are integer equalities. */
export const MAX_VALUE_BITS = 200;

export function quantize(graph: Graph, options: QuantizeOptions): QModel {
  const tensors = new Map<TensorId, QTensor>();
  const inShape = graph.shapes.get(graph.input)!;
  const top = (1n << BigInt(options.inputBits)) - 1n;
  tensors.set(graph.input, {
    shape: inShape,
    scale: 0,
    lo: new Array<bigint>(sizeOf(inShape)).fill(0n),
    hi: new Array<bigint>(sizeOf(inShape)).fill(top),
  });
  const nodes: QNode[] = [];
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((t) => tensors.get(t)!);
    const shape = graph.shapes.get(node.output)!;
    const op = quantizeOp(node, inputs, options, shape);
    const out = propagate(op, inputs, shape);
    checkMagnitude(node, out);
    tensors.set(node.output, out);
    nodes.push({ layer: node.layer, className: node.className, op, inputs: node.inputs, output: node.output });
  }
  return {
    name: graph.name,
    input: graph.input,
    output: graph.output,
    inputBits: options.inputBits,
    tensors,
    nodes,
    outputRule: options.outputRule,
  };
}

/**
 * The scale that gives the largest weight `weightBits` bits — or a smaller one at which every
 * weight is exactly an integer (average pooling's 1/4, padding's 1): fewer fractional bits now
 * mean fewer bits in every later decomposition.
 */
function weightScale(values: Float64Array, weightBits: number): number {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  if (max === 0) return 0;
  const byRange = weightBits - 1 - Math.ceil(Math.log2(max));
  for (let s = Math.min(0, byRange); s < byRange; s++) {
    const f = 2 ** s;
    if (values.every((v) => Number.isInteger(v * f))) return s;
  }
  return byRange;
}

function quantizeValues(values: Float64Array, scale: number, node: Node, what: string): Float64Array {
  const f = 2 ** scale;
  return values.map((v) => {
    const q = Math.round(v * f);
    if (!Number.isSafeInteger(q)) {
      fail('quantize', 'weight-overflow', `layer "${node.layer}" (${node.className}): a ${what} value ${v} does not fit in 53 bits at scale 2^${scale}; lower the weight or activation bits`);
    }
    return q;
  });
}

function sparseOp(rows: SparseRows, weights: Float64Array, bias: Float64Array, inScale: number, node: Node, o: QuantizeOptions): QOp {
  const s = weightScale(weights, o.weightBits);
  return { kind: 'sparse', rows, weights: quantizeValues(weights, s, node, 'weight'), bias: quantizeValues(bias, s + inScale, node, 'bias'), weightScale: s };
}

function quantizeOp(node: Node, inputs: QTensor[], o: QuantizeOptions, outShape: readonly number[]): QOp {
  const op = node.op;
  const inScale = inputs[0]!.scale;
  switch (op.kind) {
    case 'dense': {
      const s = weightScale(op.kernel, o.weightBits);
      return {
        kind: 'linear',
        inSize: op.inSize,
        outSize: op.outSize,
        weights: quantizeValues(op.kernel, s, node, 'kernel'),
        bias: quantizeValues(op.bias, s + inScale, node, 'bias'),
        weightScale: s,
      };
    }
    case 'affine': {
      const s = weightScale(op.scale, o.weightBits);
      return {
        kind: 'affine',
        mul: quantizeValues(op.scale, s, node, 'scale'),
        add: quantizeValues(op.shift, s + inScale, node, 'shift'),
        weightScale: s,
      };
    }
    case 'relu':
      return { kind: 'requant', shift: Math.max(0, inScale - o.activationBits), relu: true };
    case 'conv2d':
      return sparseOp(convRows(op.geometry), op.kernel, op.bias, inScale, node, o);
    case 'pool2d': {
      const taps = poolTaps(inputs[0]!.shape, outShape, op.window);
      if (op.mode === 'max') return { kind: 'max', taps };
      const rowStart = new Int32Array(taps.length + 1);
      taps.forEach((t, i) => (rowStart[i + 1] = rowStart[i]! + t.length));
      const cols = Int32Array.from(taps.flat());
      const weights = Float64Array.from(taps.flatMap((t) => t.map(() => 1 / t.length)));
      const rows = { rowStart, cols, weightIndex: Int32Array.from(cols, (_, i) => i), biasIndex: new Int32Array(taps.length).fill(-1) };
      return sparseOp(rows, weights, new Float64Array(0), inScale, node, o);
    }
    case 'pad2d': {
      const map = padMap(inputs[0]!.shape, outShape, op.top, op.left);
      const rowStart = new Int32Array(map.length + 1);
      map.forEach((src, i) => (rowStart[i + 1] = rowStart[i]! + (src >= 0 ? 1 : 0)));
      const cols = Int32Array.from([...map].filter((src) => src >= 0));
      const rows = { rowStart, cols, weightIndex: new Int32Array(cols.length), biasIndex: new Int32Array(map.length).fill(-1) };
      return { kind: 'sparse', rows, weights: Float64Array.of(1), bias: new Float64Array(0), weightScale: 0 };
    }
    case 'reshape':
      return { kind: 'reshape' };
    case 'add':
    case 'concat': {
      const target = Math.max(...inputs.map((t) => t.scale));
      const shifts = inputs.map((t) => target - t.scale);
      return op.kind === 'add' ? { kind: 'add', shifts } : { kind: 'concat', axis: op.axis, shifts };
    }
    default: {
      const never: never = op;
      return never;
    }
  }
}

const big = (x: number): bigint => BigInt(x);

/** Output scale and exact intervals of an op. */
function propagate(op: QOp, inputs: QTensor[], shape: readonly number[]): QTensor {
  const x = inputs[0]!;
  const n = sizeOf(shape);
  const lo = new Array<bigint>(n);
  const hi = new Array<bigint>(n);
  switch (op.kind) {
    case 'linear': {
      const rows = n / op.outSize;
      for (let r = 0; r < rows; r++) {
        for (let o = 0; o < op.outSize; o++) {
          let l = big(op.bias[o]!);
          let h = l;
          for (let j = 0; j < op.inSize; j++) {
            const w = op.weights[j * op.outSize + o]!;
            if (w === 0) continue;
            const W = big(w);
            const a = W * x.lo[r * op.inSize + j]!;
            const b = W * x.hi[r * op.inSize + j]!;
            l += a < b ? a : b;
            h += a < b ? b : a;
          }
          lo[r * op.outSize + o] = l;
          hi[r * op.outSize + o] = h;
        }
      }
      return { shape, scale: x.scale + op.weightScale, lo, hi };
    }
    case 'affine': {
      const m = op.mul.length;
      for (let i = 0; i < n; i++) {
        const W = big(op.mul[i % m]!);
        const c = big(op.add[i % m]!);
        const a = W * x.lo[i]! + c;
        const b = W * x.hi[i]! + c;
        lo[i] = a < b ? a : b;
        hi[i] = a < b ? b : a;
      }
      return { shape, scale: x.scale + op.weightScale, lo, hi };
    }
    case 'sparse': {
      const { rowStart, cols, weightIndex, biasIndex } = op.rows;
      for (let r = 0; r < n; r++) {
        let l = biasIndex[r]! >= 0 ? big(op.bias[biasIndex[r]!]!) : 0n;
        let h = l;
        for (let t = rowStart[r]!; t < rowStart[r + 1]!; t++) {
          const W = big(op.weights[weightIndex[t]!]!);
          const a = W * x.lo[cols[t]!]!;
          const b = W * x.hi[cols[t]!]!;
          l += a < b ? a : b;
          h += a < b ? b : a;
        }
        lo[r] = l;
        hi[r] = h;
      }
      return { shape, scale: x.scale + op.weightScale, lo, hi };
    }
    case 'max':
      op.taps.forEach((taps, r) => {
        lo[r] = taps.reduce((m, i) => (x.lo[i]! > m ? x.lo[i]! : m), x.lo[taps[0]!]!);
        hi[r] = taps.reduce((m, i) => (x.hi[i]! > m ? x.hi[i]! : m), x.hi[taps[0]!]!);
      });
      return { shape, scale: x.scale, lo, hi };
    case 'requant':
      for (let i = 0; i < n; i++) {
        lo[i] = requantValue(x.lo[i]!, op.shift, op.relu);
        hi[i] = requantValue(x.hi[i]!, op.shift, op.relu);
      }
      return { shape, scale: x.scale - op.shift, lo, hi };
    case 'reshape':
      return { shape, scale: x.scale, lo: x.lo, hi: x.hi };
    case 'add':
      for (let i = 0; i < n; i++) {
        lo[i] = inputs.reduce((s, t, k) => s + (t.lo[i]! << big(op.shifts[k]!)), 0n);
        hi[i] = inputs.reduce((s, t, k) => s + (t.hi[i]! << big(op.shifts[k]!)), 0n);
      }
      return { shape, scale: x.scale + op.shifts[0]!, lo, hi };
    case 'concat': {
      const parts = inputs.map((t, k) => ({
        shape: t.shape,
        lo: t.lo.map((v) => v << big(op.shifts[k]!)),
        hi: t.hi.map((v) => v << big(op.shifts[k]!)),
      }));
      return {
        shape,
        scale: x.scale + op.shifts[0]!,
        lo: concatenate(parts.map((p) => ({ shape: p.shape, values: p.lo })), op.axis),
        hi: concatenate(parts.map((p) => ({ shape: p.shape, values: p.hi })), op.axis),
      };
    }
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** max(0, round(x / 2^shift)) (or without the max), ties toward +∞; bigint >> is a floor. */
export function requantValue(x: bigint, shift: number, relu: boolean): bigint {
  const s = big(shift);
  const q = shift === 0 ? x : (x + (1n << (s - 1n))) >> s;
  return relu && q < 0n ? 0n : q;
}

export function concatenate<T>(parts: readonly { shape: readonly number[]; values: readonly T[] }[], axis: number): T[] {
  const outer = sizeOf(parts[0]!.shape.slice(0, axis));
  const out: T[] = [];
  for (let i = 0; i < outer; i++) {
    for (const p of parts) {
      const inner = sizeOf(p.shape.slice(axis));
      for (let j = 0; j < inner; j++) out.push(p.values[i * inner + j]!);
    }
  }
  return out;
}

function checkMagnitude(node: Node, t: QTensor): void {
  let worst = 0n;
  for (let i = 0; i < t.lo.length; i++) {
    const l = t.lo[i]! < 0n ? -t.lo[i]! : t.lo[i]!;
    const h = t.hi[i]! < 0n ? -t.hi[i]! : t.hi[i]!;
    if (l > worst) worst = l;
    if (h > worst) worst = h;
  }
  const bits = bitLength(worst);
  if (bits > MAX_VALUE_BITS) {
    fail('quantize', 'field-overflow', `layer "${node.layer}" (${node.className}) can reach values of ${bits} bits, above the ${MAX_VALUE_BITS}-bit limit that keeps the circuit sound in the BN254 field; lower the activation or weight bits`);
  }
}
