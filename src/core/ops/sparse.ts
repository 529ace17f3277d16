/**
 * The integer `sparse` op: each output is bias + Σ weight · tap over its own list of input taps.
 * Convolutions, average pooling and zero padding all quantize to it, so its interval, reference
 * and lowering rules live here once. Free in the circuit.
 */
import { addScaled, constantLC } from '../circuit/lc.js';
import type { Node } from '../model/ir.js';
import type { QSparse, QuantizeOptions } from '../quant/qir.js';
import type { SparseRows } from '../tensor/spatial.js';
import { sizeOf } from '../tensor/shape.js';
import { quantizeValues, weightScale } from './fixed-point.js';
import { exactInFloatCached, macInFloat } from './mac.js';
import type { IntegerRules } from './types.js';

/** A sparse op with its own weight scale (output scale = input + weight scale, as for Dense). */
export function quantizeSparse(rows: SparseRows, weights: Float64Array, bias: Float64Array, inScale: number, node: Node, o: QuantizeOptions): QSparse {
  const s = weightScale(weights, o.weightBits);
  return { kind: 'sparse', rows, weights: quantizeValues(weights, s, node, 'weight'), bias: quantizeValues(bias, s + inScale, node, 'bias'), weightScale: s };
}

export const sparse: IntegerRules<QSparse> = {
  intervals(op, [x], shape) {
    const n = sizeOf(shape);
    const lo = new Array<bigint>(n);
    const hi = new Array<bigint>(n);
    const { rowStart, cols, weightIndex, biasIndex } = op.rows;
    for (let r = 0; r < n; r++) {
      let l = biasIndex[r]! >= 0 ? BigInt(op.bias[biasIndex[r]!]!) : 0n;
      let h = l;
      for (let t = rowStart[r]!; t < rowStart[r + 1]!; t++) {
        const W = BigInt(op.weights[weightIndex[t]!]!);
        const a = W * x!.lo[cols[t]!]!;
        const b = W * x!.hi[cols[t]!]!;
        l += a < b ? a : b;
        h += a < b ? b : a;
      }
      lo[r] = l;
      hi[r] = h;
    }
    return { shape, scale: x!.scale + op.weightScale, lo, hi };
  },

  reference(op, [x], { inputs }) {
    const { rowStart, cols, weightIndex, biasIndex } = op.rows;
    if (sparse.exactInFloat!(op, inputs[0]!)) {
      return macInFloat(
        x!,
        biasIndex.length,
        (r, visit) => {
          for (let t = rowStart[r]!; t < rowStart[r + 1]!; t++) visit(op.weights[weightIndex[t]!]!, cols[t]!);
        },
        (r) => (biasIndex[r]! >= 0 ? op.bias[biasIndex[r]!]! : 0),
      );
    }
    return Array.from(biasIndex, (bi, r) => {
      let acc = bi >= 0 ? BigInt(op.bias[bi]!) : 0n;
      for (let t = rowStart[r]!; t < rowStart[r + 1]!; t++) acc += BigInt(op.weights[weightIndex[t]!]!) * x![cols[t]!]!;
      return acc;
    });
  },

  lower(op, { xs: [x] }) {
    const { rowStart, cols, weightIndex, biasIndex } = op.rows;
    return Array.from(biasIndex, (bi, r) => {
      const acc = constantLC(bi >= 0 ? BigInt(op.bias[bi]!) : 0n);
      for (let t = rowStart[r]!; t < rowStart[r + 1]!; t++) addScaled(acc, x![cols[t]!]!, BigInt(op.weights[weightIndex[t]!]!));
      return acc;
    });
  },

  // Pooling and padding weights are structure, not parameters of the source layer.
  parameters: (op, className) => (className.endsWith('Conv2D') ? op.weights.length + op.bias.length : 0),
  fanOut: (op, inputSize) => Math.ceil(op.rows.cols.length / Math.max(1, inputSize)),

  exactInFloat: (op, input) =>
    exactInFloatCached(op, input, (mag) => {
      const { rowStart, cols, weightIndex, biasIndex } = op.rows;
      let worst = 0;
      for (let r = 0; r < biasIndex.length; r++) {
        let acc = biasIndex[r]! >= 0 ? Math.abs(op.bias[biasIndex[r]!]!) : 0;
        for (let t = rowStart[r]!; t < rowStart[r + 1]!; t++) acc += Math.abs(op.weights[weightIndex[t]!]!) * mag[cols[t]!]!;
        worst = Math.max(worst, acc);
      }
      return worst;
    }),
};
