/** Reshape and Flatten (float and integer `reshape`): row-major order is kept, so values pass through. */
import type { ReshapeOp } from '../model/ir.js';
import type { QReshape } from '../quant/qir.js';
import { sizeOf } from '../tensor/shape.js';
import type { FloatRules, IntegerRules } from './types.js';

export const reshape: FloatRules<ReshapeOp> = {
  float: (_op, [x]) => x!,
  quantize: () => ({ kind: 'reshape' }),
  // A per-element affine commutes with a reshape: move it later so it can meet the Dense behind a Flatten.
  absorbAffineBefore: (a, _op, inShape) => (a.scale.length === 1 || a.scale.length === sizeOf(inShape) ? 'commute' : undefined),
};

export const integerReshape: IntegerRules<QReshape> = {
  intervals: (_op, [x], shape) => ({ shape, scale: x!.scale, lo: x!.lo, hi: x!.hi }),
  reference: (_op, [x]) => x!,
  lower: (_op, { xs: [x] }) => x!,
  parameters: () => 0,
  fanOut: () => 1,
};
