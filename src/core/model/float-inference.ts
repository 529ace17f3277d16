/** Float64 evaluation of the graph IR: the pre-quantization reference (logits, before any softmax). */
import type { Graph, Op, TensorId } from './ir.js';
import { concatenate } from '../quant/quantize.js';

export function floatInference(graph: Graph, input: ArrayLike<number>): Map<TensorId, Float64Array> {
  const values = new Map<TensorId, Float64Array>([[graph.input, Float64Array.from(input)]]);
  for (const node of graph.nodes) {
    const xs = node.inputs.map((t) => values.get(t)!);
    const shapes = node.inputs.map((t) => graph.shapes.get(t)!);
    values.set(node.output, apply(node.op, xs, shapes));
  }
  return values;
}

export function floatOutput(graph: Graph, input: ArrayLike<number>): Float64Array {
  return floatInference(graph, input).get(graph.output)!;
}

function apply(op: Op, xs: Float64Array[], shapes: (readonly number[])[]): Float64Array {
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
    default: {
      const never: never = op;
      return never;
    }
  }
}
