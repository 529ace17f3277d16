/** Float64 evaluation of the graph IR: the pre-quantization reference (logits, before any softmax). */
import type { Graph, Op, TensorId } from './ir.js';
import { concatenate } from '../quant/quantize.js';
import { convRows, padMap, poolTaps } from './spatial.js';

export function floatInference(graph: Graph, input: ArrayLike<number>): Map<TensorId, Float64Array> {
  const values = new Map<TensorId, Float64Array>([[graph.input, Float64Array.from(input)]]);
  for (const node of graph.nodes) {
    const xs = node.inputs.map((t) => values.get(t)!);
    const shapes = node.inputs.map((t) => graph.shapes.get(t)!);
    values.set(node.output, apply(node.op, xs, shapes, graph.shapes.get(node.output)!));
  }
  return values;
}

export function floatOutput(graph: Graph, input: ArrayLike<number>): Float64Array {
  return floatInference(graph, input).get(graph.output)!;
}

function apply(op: Op, xs: Float64Array[], shapes: (readonly number[])[], outShape: readonly number[]): Float64Array {
  const x = xs[0]!;
  switch (op.kind) {
    case 'dense': {
      const rows = x.length / op.inSize;
      const out = new Float64Array(rows * op.outSize);
      for (let r = 0; r < rows; r++) {
        for (let o = 0; o < op.outSize; o++) {
          let acc = op.bias[o]!;
          for (let j = 0; j < op.inSize; j++) acc += op.kernel[j * op.outSize + o]! * x[r * op.inSize + j]!;
          out[r * op.outSize + o] = acc;
        }
      }
      return out;
    }
    case 'affine':
      return x.map((v, i) => op.scale[i % op.scale.length]! * v + op.shift[i % op.shift.length]!);
    case 'relu':
      return x.map((v) => (v > 0 ? v : 0));
    case 'reshape':
      return x;
    case 'add':
      return x.map((_, i) => xs.reduce((s, t) => s + t[i]!, 0));
    case 'concat':
      return Float64Array.from(concatenate(xs.map((t, k) => ({ shape: shapes[k]!, values: Array.from(t) })), op.axis));
    case 'conv2d': {
      const rows = convRows(op.geometry);
      const out = new Float64Array(rows.biasIndex.length);
      for (let r = 0; r < out.length; r++) {
        let acc = op.bias[rows.biasIndex[r]!] ?? 0;
        for (let t = rows.rowStart[r]!; t < rows.rowStart[r + 1]!; t++) acc += op.kernel[rows.weightIndex[t]!]! * x[rows.cols[t]!]!;
        out[r] = acc;
      }
      return out;
    }
    case 'pool2d':
      return Float64Array.from(poolTaps(shapes[0]!, outShape, op.window), (taps) =>
        op.mode === 'max' ? Math.max(...taps.map((i) => x[i]!)) : taps.reduce((s, i) => s + x[i]!, 0) / taps.length,
      );
    case 'pad2d':
      return Float64Array.from(padMap(shapes[0]!, outShape, op.top, op.left), (i) => (i < 0 ? 0 : x[i]!));
    default: {
      const never: never = op;
      return never;
    }
  }
}
