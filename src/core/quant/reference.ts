/**
 * Plain integer inference over the integer IR: the specification the circuit must match bit for
 * bit. Deliberately independent of the circuit code (no linear combinations, no gadgets).
 */
import type { OutputRule, TensorId } from '../model/ir.js';
import type { QModel, QOp } from './qir.js';
import { concatenate, requantValue } from './quantize.js';

export function referenceInference(model: QModel, codes: readonly bigint[]): Map<TensorId, bigint[]> {
  const values = new Map<TensorId, bigint[]>([[model.input, [...codes]]]);
  for (const node of model.nodes) {
    const inputs = node.inputs.map((t) => values.get(t)!);
    const shapes = node.inputs.map((t) => model.tensors.get(t)!.shape);
    values.set(node.output, apply(node.op, inputs, shapes));
  }
  return values;
}

function apply(op: QOp, inputs: bigint[][], shapes: (readonly number[])[]): bigint[] {
  const x = inputs[0]!;
  switch (op.kind) {
    case 'linear': {
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
