/**
 * Graph rewrites that make linear work disappear before quantization: the input decode and every
 * BatchNormalization become element-wise affines, and an affine next to a Dense or Conv2D folds
 * into its kernel and bias (each op states what it absorbs). Each rewrite is exact in real arithmetic.
 */
import type { InputSpec } from './input-spec.js';
import { floatRules } from '../ops/registry.js';
import { sizeOf } from '../tensor/shape.js';
import type { Graph, Node, TensorId } from './ir.js';

/**
 * Prepends the decode from integer input codes to feature values (see InputSpec): the returned
 * graph's input is the code tensor.
 */
export function withInputDecode(graph: Graph, spec: InputSpec): Graph {
  const levels = 2 ** spec.bits - 1;
  const full = spec.features.map((f) => [(f.max - f.min) / levels, f.min] as const);
  // Broadcast a repeating range (one range per channel, or one for all) so it can fold into a
  // convolution's per-channel weights.
  const channels = spec.shape[spec.shape.length - 1]!;
  const period = [1, channels].find((p) => full.every(([a, c], i) => a === full[i % p]![0] && c === full[i % p]![1])) ?? full.length;
  const scale = Float64Array.from(full.slice(0, period), ([a]) => a);
  const shift = Float64Array.from(full.slice(0, period), ([, c]) => c);
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

/**
 * max(relu(a), relu(b)) = relu(max(a, b)), and requantization is monotone too: a ReLU followed by
 * max pooling becomes the pooling followed by one ReLU per window instead of one per input.
 * ReLU6 is monotone as well, so it moves the same way.
 */
export function poolBeforeRelu(graph: Graph): Graph {
  const nodes = [...graph.nodes];
  const notes = [...(graph.notes ?? [])];
  const shapes = new Map(graph.shapes);
  for (let i = 0; i < nodes.length; i++) {
    const relu = nodes[i]!;
    if ((relu.op.kind !== 'relu' && relu.op.kind !== 'relu6') || relu.output === graph.output) continue;
    const users = nodes.filter((n) => n.inputs.includes(relu.output));
    const pool = users[0];
    if (users.length !== 1 || pool!.op.kind !== 'pool2d' || pool!.op.mode !== 'max') continue;
    const j = nodes.indexOf(pool!);
    const before = sizeOf(shapes.get(relu.output)!);
    const after = sizeOf(shapes.get(pool!.output)!);
    shapes.set(relu.output, shapes.get(pool!.output)!);
    nodes[i] = { ...pool!, inputs: relu.inputs, output: relu.output };
    nodes[j] = { ...relu, inputs: [relu.output], output: pool!.output };
    notes.push(`max pooling "${pool!.layer}" moved before the ReLU of "${relu.layer}": ${after} ReLUs instead of ${before}`);
  }
  return { ...graph, nodes, shapes, notes };
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

/**
 * Rewrites first→second into equivalent nodes, or undefined when no rule applies. The rules are
 * the ops' own (`absorbAffineBefore` / `absorbAffineAfter` in src/core/ops).
 */
function mergePair(first: Node, second: Node, shapes: Map<TensorId, readonly number[]>): Node[] | undefined {
  const a = first.op;
  const b = second.op;
  const label = (x: Node, y: Node) => (x.layer === y.layer ? x.layer : `${x.layer} + ${y.layer}`);
  if (a.kind === 'affine') {
    const folded = floatRules(b).absorbAffineBefore?.(a, b, shapes.get(first.output)!);
    if (folded === 'commute') return swap(first, second, shapes);
    if (folded) return [{ ...second, layer: label(first, second), inputs: first.inputs, op: folded }];
  }
  if (b.kind === 'affine') {
    const folded = floatRules(a).absorbAffineAfter?.(a, b);
    if (folded) return [{ ...first, layer: label(first, second), output: second.output, op: folded }];
  }
  return undefined;
}

/** second(first(x)) → first(second(x)) for ops that commute. */
function swap(first: Node, second: Node, shapes: Map<TensorId, readonly number[]>): Node[] {
  const mid = first.output;
  shapes.set(mid, shapes.get(second.output)!);
  return [
    { ...second, inputs: first.inputs, output: mid },
    { ...first, inputs: [mid], output: second.output },
  ];
}
