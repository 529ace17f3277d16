/**
 * Element-wise sum of several tensors (float and integer `add`). Inputs at different scales are
 * first aligned to the largest by exact multiplications by 2^k; free in the circuit.
 */
import type { LC } from '../circuit/lc.js';
import { addScaled } from '../circuit/lc.js';
import type { AddOp } from '../model/ir.js';
import type { QAdd, QTensor } from '../quant/qir.js';
import { sizeOf } from '../tensor/shape.js';
import type { FloatRules, IntegerRules } from './types.js';

/** Left shifts that bring every input to the largest input scale (shared with concat). */
export function alignShifts(inputs: readonly QTensor[]): number[] {
  const target = Math.max(...inputs.map((t) => t.scale));
  return inputs.map((t) => target - t.scale);
}

export const add: FloatRules<AddOp> = {
  float: (_op, xs) => xs[0]!.map((_, i) => xs.reduce((s, t) => s + t[i]!, 0)),
  quantize: (_op, { inputs }) => ({ kind: 'add', shifts: alignShifts(inputs) }),
};

export const integerAdd: IntegerRules<QAdd> = {
  intervals(op, inputs, shape) {
    const n = sizeOf(shape);
    const lo = new Array<bigint>(n);
    const hi = new Array<bigint>(n);
    for (let i = 0; i < n; i++) {
      lo[i] = inputs.reduce((s, t, k) => s + (t.lo[i]! << BigInt(op.shifts[k]!)), 0n);
      hi[i] = inputs.reduce((s, t, k) => s + (t.hi[i]! << BigInt(op.shifts[k]!)), 0n);
    }
    return { shape, scale: inputs[0]!.scale + op.shifts[0]!, lo, hi };
  },

  reference: (op, xs) => xs[0]!.map((_, i) => xs.reduce((s, t, k) => s + (t[i]! << BigInt(op.shifts[k]!)), 0n)),

  lower: (op, { xs }) =>
    xs[0]!.map((_, i) => {
      const acc: LC = new Map();
      xs.forEach((t, k) => addScaled(acc, t[i]!, 1n << BigInt(op.shifts[k]!)));
      return acc;
    }),

  parameters: () => 0,
  fanOut: () => 1,
};
