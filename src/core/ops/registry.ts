/**
 * The op registry: every float IR kind maps to its float rules, every integer IR kind to its
 * integer rules. The tables' types are mapped over the kind unions, so adding a kind to `Op` or
 * `QOp` without its rules — or a rule of the wrong op type — is a compile error. The stages
 * (float inference, fold, quantize, reference, lower) are loops over these tables.
 */
import type { Op } from '../model/ir.js';
import type { QOp } from '../quant/qir.js';
import { add, integerAdd } from './add.js';
import { affine, integerAffine } from './affine.js';
import { concat, integerConcat } from './concat.js';
import { conv2d } from './conv2d.js';
import { dense, linear } from './dense.js';
import { integerLeakyRelu, leakyRelu } from './leaky-relu.js';
import { pad2d } from './pad2d.js';
import { max, pool2d } from './pool2d.js';
import { relu, requant } from './relu.js';
import { integerRelu6, relu6 } from './relu6.js';
import { integerReshape, reshape } from './reshape.js';
import { sparse } from './sparse.js';
import type { FloatRules, IntegerRules } from './types.js';

type FloatTable = { readonly [K in Op['kind']]: FloatRules<Extract<Op, { kind: K }>> };
type IntegerTable = { readonly [K in QOp['kind']]: IntegerRules<Extract<QOp, { kind: K }>> };

export const FLOAT_OPS: FloatTable = {
  dense,
  affine,
  relu,
  relu6,
  leakyRelu,
  reshape,
  add,
  concat,
  conv2d,
  pool2d,
  pad2d,
};

export const INTEGER_OPS: IntegerTable = {
  linear,
  affine: integerAffine,
  requant,
  relu6: integerRelu6,
  leakyRelu: integerLeakyRelu,
  reshape: integerReshape,
  add: integerAdd,
  concat: integerConcat,
  sparse,
  max,
};

// TypeScript cannot correlate `FLOAT_OPS[op.kind]` with `op` itself (the index is a union), so
// the lookups below assert what the mapped table types already guarantee.

export function floatRules<O extends Op>(op: O): FloatRules<O> {
  return FLOAT_OPS[op.kind] as unknown as FloatRules<O>;
}

export function integerRules<Q extends QOp>(op: Q): IntegerRules<Q> {
  return INTEGER_OPS[op.kind] as unknown as IntegerRules<Q>;
}
