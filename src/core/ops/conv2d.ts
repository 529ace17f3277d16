/**
 * Conv2D, grouped and DepthwiseConv2D (float `conv2d`, integer `sparse`): kernel [kh, kw, inC, outC]
 * (grouped: [kh, kw, inC/groups, outC]; depthwise: [kh, kw, inC, multiplier]), taps from the shared window geometry so every stage
 * reads the same ones. Free in the circuit.
 */
import type { AffineOp, Conv2DOp } from '../model/ir.js';
import { channelsPerGroup, convRows } from '../tensor/spatial.js';
import { quantizeSparse } from './sparse.js';
import type { FloatRules } from './types.js';

export const conv2d: FloatRules<Conv2DOp> = {
  float(op, [x]) {
    const rows = convRows(op.geometry);
    const out = new Float64Array(rows.biasIndex.length);
    for (let r = 0; r < out.length; r++) {
      let acc = op.bias[rows.biasIndex[r]!] ?? 0;
      for (let t = rows.rowStart[r]!; t < rows.rowStart[r + 1]!; t++) acc += op.kernel[rows.weightIndex[t]!]! * x![rows.cols[t]!]!;
      out[r] = acc;
    }
    return out;
  },

  quantize: (op, { node, inputs, options }) => quantizeSparse(convRows(op.geometry), op.kernel, op.bias, inputs[0]!.scale, node, options),

  // An input shift folds into the bias only where every output reads a full window (no padding).
  absorbAffineBefore: (a, c) =>
    c.geometry.inShape[2] % a.scale.length === 0 && (unpadded(c) || a.shift.every((s) => s === 0)) ? affineThenConv(a, c) : undefined,

  absorbAffineAfter(c, b) {
    if (c.geometry.outShape[2] % b.scale.length !== 0) return undefined;
    const outC = c.geometry.outShape[2];
    const L = b.scale.length;
    const kernel = c.kernel.map((k, idx) => k * b.scale[outChannelOf(c, idx) % L]!);
    const bias = Float64Array.from({ length: outC }, (_, o) => c.bias[o]! * b.scale[o % L]! + b.shift[o % L]!);
    return { ...c, kernel, bias };
  },
};

/** Every output reads a full kernel window: no zero padding that an input shift would miss. */
function unpadded(c: Conv2DOp): boolean {
  const g = c.geometry;
  const w = g.window;
  return w.padTop === 0 && w.padLeft === 0 && (g.outShape[0] - 1) * w.sh + w.kh <= g.inShape[0] && (g.outShape[1] - 1) * w.sw + w.kw <= g.inShape[1];
}

/** Kernel index → (input channel, output channel), for full, grouped and depthwise kernels. */
function inChannelOf(c: Conv2DOp, idx: number): number {
  const g = c.geometry;
  if (g.depthMultiplier > 0) return Math.floor(idx / g.depthMultiplier) % g.inShape[2];
  const per = channelsPerGroup(g);
  const oc = idx % g.outShape[2];
  return Math.floor(oc / (g.outShape[2] / (g.groups ?? 1))) * per + (Math.floor(idx / g.outShape[2]) % per);
}
function outChannelOf(c: Conv2DOp, idx: number): number {
  const m = c.geometry.depthMultiplier;
  return m > 0 ? inChannelOf(c, idx) * m + (idx % m) : idx % c.geometry.outShape[2];
}

function affineThenConv(a: AffineOp, c: Conv2DOp): Conv2DOp {
  const L = a.scale.length;
  const kernel = c.kernel.map((k, idx) => k * a.scale[inChannelOf(c, idx) % L]!);
  const bias = Float64Array.from(c.bias);
  c.kernel.forEach((k, idx) => {
    const o = outChannelOf(c, idx);
    bias[o] = bias[o]! + a.shift[inChannelOf(c, idx) % L]! * k;
  });
  return { ...c, kernel, bias };
}
