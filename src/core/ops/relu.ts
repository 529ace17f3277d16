/**
 * ReLU (float `relu`, integer `requant`): requantizes down to `activationBits` fractional bits and
 * clamps at zero in one bit decomposition (gadgets.requantize): about bits + 2 constraints per
 * element, bits from each element's own interval.
 */
import { requantEnforced, requantize } from '../circuit/gadgets.js';
import type { ReluOp } from '../model/ir.js';
import type { QRequant, QTensor } from '../quant/qir.js';
import { calAt } from '../quant/qir.js';
import { sizeOf } from '../tensor/shape.js';
import { requantValue } from './fixed-point.js';
import type { FloatRules, IntegerRules } from './types.js';

export const relu: FloatRules<ReluOp> = {
  float: (_op, [x]) => x!.map((v) => (v > 0 ? v : 0)),
  quantize: (_op, { inputs, options }) => ({ kind: 'requant', shift: Math.max(0, inputs[0]!.scale - options.activationBits), relu: true }),
};

export const requant: IntegerRules<QRequant> = {
  intervals(op, [x], shape) {
    const n = sizeOf(shape);
    const lo = new Array<bigint>(n);
    const hi = new Array<bigint>(n);
    for (let i = 0; i < n; i++) {
      lo[i] = requantValue(x!.lo[i]!, op.shift, op.relu);
      hi[i] = requantValue(x!.hi[i]!, op.shift, op.relu);
    }
    return { shape, scale: x!.scale - op.shift, lo, hi };
  },

  reference: (op, [x]) => x!.map((v) => requantValue(v, op.shift, op.relu)),

  lower: (op, ctx) => ctx.xs[0]!.map((lc, i) => requant.lowerElement!(op, ctx, lc, i)),

  lowerElement(op, { cs, inputs: [t], spend }, lc, i) {
    const r = requantize(cs, lc, t!.lo[i]!, t!.hi[i]!, op.shift, op.relu, calAt(t!, i));
    if (r.bits > 0) spend(r.bits);
    return r.value;
  },

  enforce: (op, t) => narrowed(t, (i) => requantEnforced(t.lo[i]!, t.hi[i]!, op.shift, op.relu, calAt(t, i))),

  parameters: () => 0,
  fanOut: () => 1,
};

/** t with each element's bounds replaced by `bounds(i)` (calibrated mode's enforced windows). */
export function narrowed(t: QTensor, bounds: (i: number) => { lo: bigint; hi: bigint }): QTensor {
  const lo = new Array<bigint>(t.lo.length);
  const hi = new Array<bigint>(t.lo.length);
  for (let i = 0; i < t.lo.length; i++) {
    const b = bounds(i);
    lo[i] = b.lo;
    hi[i] = b.hi;
  }
  return { ...t, lo, hi };
}
