/**
 * ReLU6, y = min(max(0, x), 6) (float and integer `relu6`): Keras' ReLU layer with max_value 6 and
 * the 'relu6' activation. Quantized like ReLU — requantize to `activationBits` fractional bits and
 * clamp at 0 in one decomposition — then clipped at the ceiling C = 6 on the output grid:
 * min(q, C) = q − relu(q − C), a second ReLU on the small interval of q − C. Cost: ReLU's bits + 2
 * plus the clip's bits + 2; either half is free when the intervals decide it.
 */
import { requantEnforced, requantize } from '../circuit/gadgets.js';
import { addScaled, constantLC } from '../circuit/lc.js';
import type { Relu6Op } from '../model/ir.js';
import type { QRelu6, QTensor } from '../quant/qir.js';
import { calAt } from '../quant/qir.js';
import { narrowed } from './relu.js';
import { sizeOf } from '../tensor/shape.js';
import { requantValue } from './fixed-point.js';
import type { FloatRules, IntegerRules } from './types.js';

const SIX = 6;

export const relu6: FloatRules<Relu6Op> = {
  float: (_op, [x]) => x!.map((v) => (v > 0 ? (v < SIX ? v : SIX) : 0)),

  quantize(_op, { inputs, options }) {
    const inScale = inputs[0]!.scale;
    const shift = Math.max(0, inScale - options.activationBits);
    // 6 is exact on any grid with a non-negative scale; a negative scale (huge weights) rounds it
    // to the nearest grid point like any other value.
    return { kind: 'relu6', shift, ceiling: Math.round(SIX * 2 ** (inScale - shift)) };
  },
};

/**
 * Whether element i is the constant ceiling for every value in its true bounds: then the lowering
 * spends no constraint on it, so nothing narrows its input (docs/CALIBRATION.md, rule 2).
 */
function alwaysCeiling(op: QRelu6, t: QTensor, i: number): boolean {
  return requantValue(t.lo[i]!, op.shift, true) >= BigInt(op.ceiling);
}

/** The integer ReLU6: clamp at 0 and at the ceiling after rounding (monotone, so it maps bounds to bounds). */
function clipped(x: bigint, op: QRelu6): bigint {
  const q = requantValue(x, op.shift, true);
  const c = BigInt(op.ceiling);
  return q < c ? q : c;
}

export const integerRelu6: IntegerRules<QRelu6> = {
  intervals(op, [x], shape) {
    const n = sizeOf(shape);
    const lo = new Array<bigint>(n);
    const hi = new Array<bigint>(n);
    for (let i = 0; i < n; i++) {
      lo[i] = clipped(x!.lo[i]!, op);
      hi[i] = clipped(x!.hi[i]!, op);
    }
    return { shape, scale: x!.scale - op.shift, lo, hi };
  },

  reference: (op, [x]) => x!.map((v) => clipped(v, op)),

  lower: (op, { cs, xs: [x], inputs: [t], spend }) =>
    x!.map((lc, i) => {
      const c = BigInt(op.ceiling);
      // q's interval is exact (requantization is monotone): it sizes the clip's decomposition, and
      // when it lies wholly at or above the ceiling the output is the constant C. Calibrated, the
      // first decomposition enforces a window on x, so q's true bounds follow from that window
      // (the shortcut) and q's calibrated bounds from x's (the clip's width only).
      if (alwaysCeiling(op, t!, i)) return constantLC(c);
      const cal = calAt(t!, i);
      const x = requantEnforced(t!.lo[i]!, t!.hi[i]!, op.shift, true, cal);
      const qlo = requantValue(x.lo, op.shift, true);
      const qhi = requantValue(x.hi, op.shift, true);
      const q = requantize(cs, lc, t!.lo[i]!, t!.hi[i]!, op.shift, true, cal);
      if (q.bits > 0) spend(q.bits);
      const over = new Map(q.value);
      addScaled(over, constantLC(1n), -c);
      const qcal = cal && { lo: requantValue(cal.lo, op.shift, true) - c, hi: requantValue(cal.hi, op.shift, true) - c };
      const excess = requantize(cs, over, qlo - c, qhi - c, 0, true, qcal);
      if (excess.bits > 0) spend(excess.bits);
      const y = new Map(q.value);
      addScaled(y, excess.value, -1n);
      return y;
    }),

  // The constant ceiling enforces nothing: such an element keeps its true bounds.
  enforce: (op, t) => narrowed(t, (i) => (alwaysCeiling(op, t, i) ? { lo: t.lo[i]!, hi: t.hi[i]! } : requantEnforced(t.lo[i]!, t.hi[i]!, op.shift, true, calAt(t, i)))),

  parameters: () => 0,
  fanOut: () => 1,
};
