/**
 * Concatenation along one axis (float and integer `concat`). Inputs are aligned to the largest
 * scale by exact shifts, as for `add`; free in the circuit.
 */
import { scaled } from '../circuit/lc.js';
import type { ConcatOp } from '../model/ir.js';
import type { QConcat } from '../quant/qir.js';
import { concatenate } from '../tensor/shape.js';
import { alignShifts } from './add.js';
import type { FloatRules, IntegerRules } from './types.js';

export const concat: FloatRules<ConcatOp> = {
  float: (op, xs, inShapes) => Float64Array.from(concatenate(xs.map((t, k) => ({ shape: inShapes[k]!, values: Array.from(t) })), op.axis)),
  quantize: (op, { inputs }) => ({ kind: 'concat', axis: op.axis, shifts: alignShifts(inputs) }),
};

export const integerConcat: IntegerRules<QConcat> = {
  intervals(op, inputs, shape) {
    const parts = inputs.map((t, k) => ({
      shape: t.shape,
      lo: t.lo.map((v) => v << BigInt(op.shifts[k]!)),
      hi: t.hi.map((v) => v << BigInt(op.shifts[k]!)),
    }));
    return {
      shape,
      scale: inputs[0]!.scale + op.shifts[0]!,
      lo: concatenate(parts.map((p) => ({ shape: p.shape, values: p.lo })), op.axis),
      hi: concatenate(parts.map((p) => ({ shape: p.shape, values: p.hi })), op.axis),
    };
  },

  reference: (op, xs, { inputs }) =>
    concatenate(
      xs.map((t, k) => ({ shape: inputs[k]!.shape, values: t.map((v) => v << BigInt(op.shifts[k]!)) })),
      op.axis,
    ),

  lower: (op, { xs, inputs }) =>
    concatenate(
      xs.map((t, k) => ({ shape: inputs[k]!.shape, values: t.map((lc) => scaled(lc, 1n << BigInt(op.shifts[k]!))) })),
      op.axis,
    ),

  parameters: () => 0,
  fanOut: () => 1,
};
