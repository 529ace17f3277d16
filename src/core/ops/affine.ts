/**
 * Element-wise affine y = scale · x + shift, broadcast along the last axis (float `affine`,
 * integer `affine`): folded BatchNormalization and the input decode. Usually folded away into a
 * neighbouring Dense or Conv2D (see their `absorbAffine*` rules); free in the circuit when not.
 */
import { addScaled, constantLC, scaled } from '../circuit/lc.js';
import type { AffineOp } from '../model/ir.js';
import type { QAffine } from '../quant/qir.js';
import { sizeOf } from '../tensor/shape.js';
import { quantizeValues, weightScale } from './fixed-point.js';
import type { FloatRules, IntegerRules } from './types.js';

export const affine: FloatRules<AffineOp> = {
  float: (op, [x]) => x!.map((v, i) => op.scale[i % op.scale.length]! * v + op.shift[i % op.shift.length]!),

  quantize(op, { node, inputs, options }) {
    const s = weightScale(op.scale, options.weightBits);
    return {
      kind: 'affine',
      mul: quantizeValues(op.scale, s, node, 'scale'),
      add: quantizeValues(op.shift, s + inputs[0]!.scale, node, 'shift'),
      weightScale: s,
    };
  },

  // Two affines in a row are one affine.
  absorbAffineBefore(a, b) {
    if (a.scale.length !== b.scale.length) return undefined;
    const scale = a.scale.map((s, i) => s * b.scale[i]!);
    const shift = a.shift.map((c, i) => c * b.scale[i]! + b.shift[i]!);
    return { kind: 'affine', scale, shift };
  },
};

export const integerAffine: IntegerRules<QAffine> = {
  intervals(op, [x], shape) {
    const n = sizeOf(shape);
    const lo = new Array<bigint>(n);
    const hi = new Array<bigint>(n);
    const m = op.mul.length;
    for (let i = 0; i < n; i++) {
      const W = BigInt(op.mul[i % m]!);
      const c = BigInt(op.add[i % m]!);
      const a = W * x!.lo[i]! + c;
      const b = W * x!.hi[i]! + c;
      lo[i] = a < b ? a : b;
      hi[i] = a < b ? b : a;
    }
    return { shape, scale: x!.scale + op.weightScale, lo, hi };
  },

  reference: (op, [x]) => x!.map((v, i) => BigInt(op.mul[i % op.mul.length]!) * v + BigInt(op.add[i % op.add.length]!)),

  lower: (op, { xs: [x] }) =>
    x!.map((lc, i) => {
      const acc = scaled(lc, BigInt(op.mul[i % op.mul.length]!));
      addScaled(acc, constantLC(1n), BigInt(op.add[i % op.add.length]!));
      return acc;
    }),

  parameters: (op) => op.mul.length + op.add.length,
  fanOut: () => 1,
};
