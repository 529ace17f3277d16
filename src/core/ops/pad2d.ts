/** Zero padding of a [H, W, C] tensor (float `pad2d`, integer `sparse` with weight 1): free in the circuit. */
import type { Pad2DOp } from '../model/ir.js';
import { padMap } from '../tensor/spatial.js';
import type { FloatRules } from './types.js';

export const pad2d: FloatRules<Pad2DOp> = {
  float: (op, [x], [inShape], outShape) => Float64Array.from(padMap(inShape!, outShape, op.top, op.left), (i) => (i < 0 ? 0 : x![i]!)),

  quantize(op, { inputs, outShape }) {
    const map = padMap(inputs[0]!.shape, outShape, op.top, op.left);
    const rowStart = new Int32Array(map.length + 1);
    map.forEach((src, i) => (rowStart[i + 1] = rowStart[i]! + (src >= 0 ? 1 : 0)));
    const cols = Int32Array.from([...map].filter((src) => src >= 0));
    const rows = { rowStart, cols, weightIndex: new Int32Array(cols.length), biasIndex: new Int32Array(map.length).fill(-1) };
    return { kind: 'sparse', rows, weights: Float64Array.of(1), bias: new Float64Array(0), weightScale: 0 };
  },
};
