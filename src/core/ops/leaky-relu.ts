/**
 * Leaky ReLU and PReLU (float and integer `leakyRelu`): x above zero, alpha·x below, alpha one
 * value (LeakyReLU) or one per channel/element (PReLU). Piecewise linear, so it costs what ReLU
 * costs: requantize to `activationBits` fractional bits in one decomposition, whose sign bit
 * gives max(q, 0) in one product; then y = a·q + (2^s − a)·max(q, 0) is linear, with the slopes a
 * quantized like a layer's weights (the largest of 1 and |alpha| gets `weightBits` bits, or fewer
 * when exact: 0.25 needs 2). The output keeps those s extra fractional bits, which the next
 * requantization removes.
 */
import { requantizeLeaky } from '../circuit/gadgets.js';
import type { LeakyReluOp } from '../model/ir.js';
import type { QLeakyRelu } from '../quant/qir.js';
import { sizeOf } from '../tensor/shape.js';
import { quantizeValues, requantValue, weightScale } from './fixed-point.js';
import type { FloatRules, IntegerRules } from './types.js';

export const leakyRelu: FloatRules<LeakyReluOp> = {
  float: (op, [x]) => x!.map((v, i) => (v > 0 ? v : op.alpha[i % op.alpha.length]! * v)),

  quantize(op, { node, inputs, options }) {
    const alphaScale = Math.max(0, weightScale(Float64Array.of(1, ...op.alpha), options.weightBits));
    return {
      kind: 'leakyRelu',
      shift: Math.max(0, inputs[0]!.scale - options.activationBits),
      alpha: quantizeValues(op.alpha, alphaScale, node, 'slope (alpha)'),
      alphaScale,
    };
  },
};

/** y for a rounded input q: a·q below zero, 2^alphaScale·q above. */
function leaky(q: bigint, a: bigint, one: bigint): bigint {
  return q > 0n ? one * q : a * q;
}

export const integerLeakyRelu: IntegerRules<QLeakyRelu> = {
  intervals(op, [x], shape) {
    const n = sizeOf(shape);
    const one = 1n << BigInt(op.alphaScale);
    const lo = new Array<bigint>(n);
    const hi = new Array<bigint>(n);
    for (let i = 0; i < n; i++) {
      const a = BigInt(op.alpha[i % op.alpha.length]!);
      const qlo = requantValue(x!.lo[i]!, op.shift, false);
      const qhi = requantValue(x!.hi[i]!, op.shift, false);
      // Monotone on each side of 0 (a slope may be negative): the extremes are at the ends or at 0.
      const ends = [leaky(qlo, a, one), leaky(qhi, a, one), ...(qlo < 0n && qhi > 0n ? [0n] : [])];
      lo[i] = ends.reduce((p, v) => (v < p ? v : p));
      hi[i] = ends.reduce((p, v) => (v > p ? v : p));
    }
    return { shape, scale: x!.scale - op.shift + op.alphaScale, lo, hi };
  },

  reference: (op, [x]) => {
    const one = 1n << BigInt(op.alphaScale);
    return x!.map((v, i) => leaky(requantValue(v, op.shift, false), BigInt(op.alpha[i % op.alpha.length]!), one));
  },

  lower: (op, { cs, xs: [x], inputs: [t], spend }) => {
    const one = 1n << BigInt(op.alphaScale);
    return x!.map((lc, i) => {
      const r = requantizeLeaky(cs, lc, t!.lo[i]!, t!.hi[i]!, op.shift, BigInt(op.alpha[i % op.alpha.length]!), one);
      if (r.bits > 0) spend(r.bits);
      return r.value;
    });
  },

  // PReLU's slopes are learned parameters; LeakyReLU's one alpha is a setting.
  parameters: (op, className) => (/^prelu$/i.test(className) ? op.alpha.length : 0),
  fanOut: () => 1,
};
