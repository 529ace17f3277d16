/**
 * Float graph → integer IR. Scales: input codes are integers (scale 0); each op's quantization
 * rule (src/core/ops) picks its integer op — a linear op's weights get their own scale and its
 * output scale is input + weight scale (exact, no rounding); ReLU requantizes down to
 * `activationBits` fractional bits; Add/Concat align inputs to the largest scale by exact shifts.
 * Intervals are propagated exactly in integers by each integer op's interval rule, so they bound
 * every honest value.
 */
import { fail } from '../errors.js';
import type { Graph, Node, TensorId } from '../model/ir.js';
import { floatRules, integerRules } from '../ops/registry.js';
import { bitLength } from '../tensor/bits.js';
import { sizeOf } from '../tensor/shape.js';
import type { QModel, QNode, QTensor, QuantizeOptions } from './qir.js';

export type { QuantizeOptions } from './qir.js';

export const DEFAULT_ACTIVATION_BITS = 10;
export const DEFAULT_WEIGHT_BITS = 12;
/** Every value must stay far below p/2 ≈ 2^253 so that field equalities are integer equalities. */
export const MAX_VALUE_BITS = 200;

export function quantize(graph: Graph, options: QuantizeOptions): QModel {
  const tensors = new Map<TensorId, QTensor>();
  const inShape = graph.shapes.get(graph.input)!;
  const top = (1n << BigInt(options.inputBits)) - 1n;
  tensors.set(graph.input, {
    shape: inShape,
    scale: 0,
    lo: new Array<bigint>(sizeOf(inShape)).fill(0n),
    hi: new Array<bigint>(sizeOf(inShape)).fill(top),
  });
  const nodes: QNode[] = [];
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((t) => tensors.get(t)!);
    const shape = graph.shapes.get(node.output)!;
    const op = floatRules(node.op).quantize(node.op, { node, inputs, outShape: shape, options });
    const out = integerRules(op).intervals(op, inputs, shape);
    checkMagnitude(node, out);
    tensors.set(node.output, out);
    nodes.push({ layer: node.layer, className: node.className, op, inputs: node.inputs, output: node.output });
  }
  return {
    name: graph.name,
    input: graph.input,
    output: graph.output,
    inputBits: options.inputBits,
    tensors,
    nodes,
    outputRule: options.outputRule,
  };
}

function checkMagnitude(node: Node, t: QTensor): void {
  let worst = 0n;
  for (let i = 0; i < t.lo.length; i++) {
    const l = t.lo[i]! < 0n ? -t.lo[i]! : t.lo[i]!;
    const h = t.hi[i]! < 0n ? -t.hi[i]! : t.hi[i]!;
    if (l > worst) worst = l;
    if (h > worst) worst = h;
  }
  const bits = bitLength(worst);
  if (bits > MAX_VALUE_BITS) {
    fail('quantize', 'field-overflow', `layer "${node.layer}" (${node.className}) can reach values of ${bits} bits, above the ${MAX_VALUE_BITS}-bit limit that keeps the circuit sound in the BN254 field; lower the activation or weight bits`);
  }
}
