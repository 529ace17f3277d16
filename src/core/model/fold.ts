/**
 * Graph rewrites that make linear work disappear before quantization: the input decode and every
 * BatchNormalization become element-wise affines, and an affine next to a Dense folds into the
 * Dense's kernel and bias. Each rewrite is exact in real arithmetic.
 */
import type { InputSpec } from './input-spec.js';
import type { AffineOp, DenseOp, Graph, Node, TensorId } from './ir.js';
import { sizeOf } from './ir.js';

/**
 * Prepends the decode from integer input codes to feature values (see InputSpec): the returned
 * graph's input is the code tensor.
 */
export function withInputDecode(graph: Graph, spec: InputSpec): Graph {
  const levels = 2 ** spec.bits - 1;
  const scale = Float64Array.from(spec.features, (f) => (f.max - f.min) / levels);
  const shift = Float64Array.from(spec.features, (f) => f.min);
  const codes = Math.max(...graph.shapes.keys()) + 1;
  const shapes = new Map(graph.shapes);
  shapes.set(codes, graph.shapes.get(graph.input)!);
  const decode: Node = {
    layer: 'input decode',
    className: 'InputDecode',
    op: { kind: 'affine', scale, shift },
    inputs: [codes],
    output: graph.input,
  };
  return { ...graph, input: codes, shapes, nodes: [decode, ...graph.nodes] };
}

export function foldAffines(graph: Graph): Graph {
  let nodes = [...graph.nodes];
  const shapes = new Map(graph.shapes);
  for (let changed = true; changed; ) {
    changed = false;
    const consumers = new Map<TensorId, Node[]>();
    for (const n of nodes) for (const t of n.inputs) consumers.set(t, [...(consumers.get(t) ?? []), n]);
    const soleConsumer = (t: TensorId): Node | undefined => {
      const c = consumers.get(t);
      return t !== graph.output && c?.length === 1 ? c[0] : undefined;
    };
    for (const first of nodes) {
      const second = soleConsumer(first.output);
      if (!second) continue;
      const merged = mergePair(first, second, shapes);
      if (!merged) continue;
      nodes = nodes.flatMap((n) => (n === first ? [] : n === second ? merged : [n]));
      for (const m of merged) shapes.set(m.output, shapes.get(m.output) ?? shapes.get(second.output)!);
      changed = true;
      break;
    }
  }
  return { ...graph, nodes, shapes };
}

/** Rewrites first→second into equivalent nodes, or undefined when no rule applies. */
function mergePair(first: Node, second: Node, shapes: Map<TensorId, readonly number[]>): Node[] | undefined {
  const a = first.op;
  const b = second.op;
  const label = (x: Node, y: Node) => (x.layer === y.layer ? x.layer : `${x.layer} + ${y.layer}`);
  if (a.kind === 'affine' && b.kind === 'dense' && a.scale.length === b.inSize) {
    return [{ ...second, layer: label(first, second), inputs: first.inputs, op: affineThenDense(a, b) }];
  }
  if (a.kind === 'dense' && b.kind === 'affine' && b.scale.length === a.outSize) {
    return [{ ...first, layer: label(first, second), output: second.output, op: denseThenAffine(a, b) }];
  }
  if (a.kind === 'affine' && b.kind === 'affine' && a.scale.length === b.scale.length) {
    const scale = a.scale.map((s, i) => s * b.scale[i]!);
    const shift = a.shift.map((c, i) => c * b.scale[i]! + b.shift[i]!);
    return [{ ...second, layer: label(first, second), inputs: first.inputs, op: { kind: 'affine', scale, shift } }];
  }
  // A per-element affine commutes with a reshape (row-major order is kept): move it later so it
  // can meet the Dense behind a Flatten.
  if (a.kind === 'affine' && b.kind === 'reshape' && a.scale.length === sizeOf(shapes.get(first.output)!)) {
    const mid = first.output;
    shapes.set(mid, shapes.get(second.output)!);
    return [
      { ...second, inputs: first.inputs, output: mid },
      { ...first, inputs: [mid], output: second.output },
    ];
  }
  return undefined;
}

function affineThenDense(a: AffineOp, d: DenseOp): DenseOp {
  const kernel = new Float64Array(d.kernel.length);
  const bias = Float64Array.from(d.bias);
  for (let j = 0; j < d.inSize; j++) {
    for (let o = 0; o < d.outSize; o++) {
      const k = d.kernel[j * d.outSize + o]!;
      kernel[j * d.outSize + o] = a.scale[j]! * k;
      bias[o] = bias[o]! + a.shift[j]! * k;
    }
  }
  return { ...d, kernel, bias };
}

function denseThenAffine(d: DenseOp, a: AffineOp): DenseOp {
  const kernel = d.kernel.map((k, idx) => k * a.scale[idx % d.outSize]!);
  const bias = d.bias.map((b, o) => b * a.scale[o]! + a.shift[o]!);
  return { ...d, kernel, bias };
}
