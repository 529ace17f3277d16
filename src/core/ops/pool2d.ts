/**
 * Max and average pooling over windows of a [H, W, C] tensor (float `pool2d`). Average pooling
 * divides by the valid taps, as tfjs does, and quantizes to a `sparse` op (free); max pooling
 * quantizes to the integer `max` op: a chain of max2 gadgets, free where the intervals already
 * order two taps.
 */
import type { Ranged } from '../circuit/gadgets.js';
import { max2 } from '../circuit/gadgets.js';
import type { Pool2DOp } from '../model/ir.js';
import type { QMax } from '../quant/qir.js';
import { calAt } from '../quant/qir.js';
import { sizeOf } from '../tensor/shape.js';
import { poolTaps } from '../tensor/spatial.js';
import { quantizeSparse } from './sparse.js';
import type { FloatRules, IntegerRules } from './types.js';

export const pool2d: FloatRules<Pool2DOp> = {
  float: (op, [x], [inShape], outShape) =>
    Float64Array.from(poolTaps(inShape!, outShape, op.window), (taps) =>
      op.mode === 'max' ? Math.max(...taps.map((i) => x![i]!)) : taps.reduce((s, i) => s + x![i]!, 0) / taps.length,
    ),

  quantize(op, { node, inputs, outShape, options }) {
    const taps = poolTaps(inputs[0]!.shape, outShape, op.window);
    if (op.mode === 'max') return { kind: 'max', taps };
    const rowStart = new Int32Array(taps.length + 1);
    taps.forEach((t, i) => (rowStart[i + 1] = rowStart[i]! + t.length));
    const cols = Int32Array.from(taps.flat());
    const weights = Float64Array.from(taps.flatMap((t) => t.map(() => 1 / t.length)));
    const rows = { rowStart, cols, weightIndex: Int32Array.from(cols, (_, i) => i), biasIndex: new Int32Array(taps.length).fill(-1) };
    return quantizeSparse(rows, weights, new Float64Array(0), inputs[0]!.scale, node, options);
  },

  // Average pooling is linear per channel: a per-channel affine commutes with it.
  absorbAffineBefore: (a, op, inShape) => (op.mode === 'avg' && inShape.at(-1)! % a.scale.length === 0 ? 'commute' : undefined),
};

export const max: IntegerRules<QMax> = {
  intervals(op, [x], shape) {
    const n = sizeOf(shape);
    const lo = new Array<bigint>(n);
    const hi = new Array<bigint>(n);
    op.taps.forEach((taps, r) => {
      lo[r] = taps.reduce((m, i) => (x!.lo[i]! > m ? x!.lo[i]! : m), x!.lo[taps[0]!]!);
      hi[r] = taps.reduce((m, i) => (x!.hi[i]! > m ? x!.hi[i]! : m), x!.hi[taps[0]!]!);
    });
    return { shape, scale: x!.scale, lo, hi };
  },

  reference: (op, [x]) => op.taps.map((taps) => taps.reduce((m, i) => (x![i]! > m ? x![i]! : m), x![taps[0]!]!)),

  lower: (op, { cs, xs: [x], inputs: [t], spend }) =>
    op.taps.map((taps) => {
      const ranged = (i: number): Ranged => {
        const cal = calAt(t!, i);
        return { value: x![i]!, lo: t!.lo[i]!, hi: t!.hi[i]!, ...(cal ? { cal } : {}) };
      };
      let best = ranged(taps[0]!);
      for (const i of taps.slice(1)) {
        const r = max2(cs, best, ranged(i));
        if (r.bits > 0) spend(r.bits);
        best = r;
      }
      return best.value;
    }),

  // The comparisons' decompositions bound the differences of taps, not the taps: nothing narrows.
  enforce: (_op, t) => t,

  parameters: () => 0,
  fanOut: () => 1,
};
