/**
 * Plain integer inference over the integer IR: the specification the circuit must match bit for
 * bit. Deliberately independent of the circuit code (no linear combinations, no gadgets).
 */
import type { OutputRule, TensorId } from '../model/ir.js';
import type { QModel, QOp, QTensor } from './qir.js';
import { concatenate, requantValue } from './quantize.js';

export function referenceInference(model: QModel, codes: readonly bigint[]): Map<TensorId, bigint[]> {
  const values = new Map<TensorId, bigint[]>([[model.input, [...codes]]]);
  for (const node of model.nodes) {
    const inputs = node.inputs.map((t) => values.get(t)!);
    const shapes = node.inputs.map((t) => model.tensors.get(t)!.shape);
    values.set(node.output, apply(node.op, inputs, shapes, exactInFloat(node.op, model.tensors.get(node.inputs[0]!)!)));
  }
  return values;
}

const exactCache = new WeakMap<QOp, boolean>();

/**
 * A multiply-accumulate op is exact in doubles when |bias| + Σ |w|·max|x| < 2^53 for every row:
 * that bounds every partial sum, whatever the order of the terms. Computed once per op.
 */
export function exactInFloat(op: QOp, input: QTensor): boolean {
  if (op.kind !== 'linear' && op.kind !== 'sparse') return false;
  let exact = exactCache.get(op);
  if (exact === undefined) {
    const mag = input.lo.map((l, i) => Math.max(Math.abs(Number(l)), Math.abs(Number(input.hi[i]!))));
    let worst = 0;
    if (op.kind === 'linear') {
      const rows = mag.length / op.inSize;
      for (let r = 0; r < rows; r++) {
        for (let o = 0; o < op.outSize; o++) {
          let acc = Math.abs(op.bias[o]!);
          for (let j = 0; j < op.inSize; j++) acc += Math.abs(op.weights[j * op.outSize + o]!) * mag[r * op.inSize + j]!;
          worst = Math.max(worst, acc);
        }
      }
    } else {
      const { rowStart, cols, weightIndex, biasIndex } = op.rows;
      for (let r = 0; r < biasIndex.length; r++) {
        let acc = biasIndex[r]! >= 0 ? Math.abs(op.bias[biasIndex[r]!]!) : 0;
        for (let t = rowStart[r]!; t < rowStart[r + 1]!; t++) acc += Math.abs(op.weights[weightIndex[t]!]!) * mag[cols[t]!]!;
        worst = Math.max(worst, acc);
      }
    }
    // The bound itself is computed in doubles: keep a wide margin below 2^53 for its rounding.
    exact = worst < 2 ** 50;
    exactCache.set(op, exact);
  }
  return exact;
}

/**
 * The multiply-accumulate ops in doubles when the intervals prove every partial sum stays below
 * 2^52 (then double arithmetic is exact), in bigint otherwise: same integers, much faster.
 */
function macInFloat(x: bigint[], rows: number, terms: (r: number, visit: (w: number, i: number) => void) => void, bias: (r: number) => number): bigint[] {
  const xf = Float64Array.from(x, Number);
  const out = new Array<bigint>(rows);
  for (let r = 0; r < rows; r++) {
    let acc = bias(r);
    terms(r, (w, i) => (acc += w * xf[i]!));
    out[r] = BigInt(acc);
  }
  return out;
}

function apply(op: QOp, inputs: bigint[][], shapes: (readonly number[])[], exactInFloat: boolean): bigint[] {
  const x = inputs[0]!;
  switch (op.kind) {
    case 'linear': {
      if (exactInFloat) {
        return macInFloat(
          x,
          (x.length / op.inSize) * op.outSize,
          (r, visit) => {
            const row = Math.floor(r / op.outSize);
            const o = r % op.outSize;
            for (let j = 0; j < op.inSize; j++) visit(op.weights[j * op.outSize + o]!, row * op.inSize + j);
          },
          (r) => op.bias[r % op.outSize]!,
        );
      }
      const rows = x.length / op.inSize;
      const out: bigint[] = [];
      for (let r = 0; r < rows; r++) {
        for (let o = 0; o < op.outSize; o++) {
          let acc = BigInt(op.bias[o]!);
          for (let j = 0; j < op.inSize; j++) acc += BigInt(op.weights[j * op.outSize + o]!) * x[r * op.inSize + j]!;
          out.push(acc);
        }
      }
      return out;
    }
    case 'affine':
      return x.map((v, i) => BigInt(op.mul[i % op.mul.length]!) * v + BigInt(op.add[i % op.add.length]!));
    case 'requant':
      return x.map((v) => requantValue(v, op.shift, op.relu));
    case 'sparse': {
      const { rowStart, cols, weightIndex, biasIndex } = op.rows;
      if (exactInFloat) {
        return macInFloat(
          x,
          biasIndex.length,
          (r, visit) => {
            for (let t = rowStart[r]!; t < rowStart[r + 1]!; t++) visit(op.weights[weightIndex[t]!]!, cols[t]!);
          },
          (r) => (biasIndex[r]! >= 0 ? op.bias[biasIndex[r]!]! : 0),
        );
      }
      return Array.from(biasIndex, (bi, r) => {
        let acc = bi >= 0 ? BigInt(op.bias[bi]!) : 0n;
        for (let t = rowStart[r]!; t < rowStart[r + 1]!; t++) acc += BigInt(op.weights[weightIndex[t]!]!) * x[cols[t]!]!;
        return acc;
      });
    }
    case 'max':
      return op.taps.map((taps) => taps.reduce((m, i) => (x[i]! > m ? x[i]! : m), x[taps[0]!]!));
    case 'reshape':
      return x;
    case 'add':
      return x.map((_, i) => inputs.reduce((s, t, k) => s + (t[i]! << BigInt(op.shifts[k]!)), 0n));
    case 'concat':
      return concatenate(
        inputs.map((t, k) => ({ shape: shapes[k]!, values: t.map((v) => v << BigInt(op.shifts[k]!)) })),
        op.axis,
      );
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** The public output a rule makes of the final integers; argmax ties go to the lowest index. */
export function applyOutputRule(rule: OutputRule, values: readonly bigint[]): bigint[] {
  switch (rule) {
    case 'argmax': {
      let best = 0;
      for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
      return [BigInt(best)];
    }
    case 'sign':
      return values.map((v) => (v >= 0n ? 1n : 0n));
    case 'logits':
      return [...values];
    default: {
      const never: never = rule;
      return never;
    }
  }
}
