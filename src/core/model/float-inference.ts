/** Float64 evaluation of the graph IR: the pre-quantization reference (logits, before any softmax). */
import { floatRules } from '../ops/registry.js';
import type { Graph, TensorId } from './ir.js';

export function floatInference(graph: Graph, input: ArrayLike<number>): Map<TensorId, Float64Array> {
  const values = new Map<TensorId, Float64Array>([[graph.input, Float64Array.from(input)]]);
  for (const node of graph.nodes) {
    const xs = node.inputs.map((t) => values.get(t)!);
    const shapes = node.inputs.map((t) => graph.shapes.get(t)!);
    values.set(node.output, floatRules(node.op).float(node.op, xs, shapes, graph.shapes.get(node.output)!));
  }
  return values;
}

export function floatOutput(graph: Graph, input: ArrayLike<number>): Float64Array {
  return floatInference(graph, input).get(graph.output)!;
}
