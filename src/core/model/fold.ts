/**
 * Graph rewrites that make linear work disappear before quantization: the input decode and every
 * BatchNormalization become element-wise affines, and an affine next to a Dense folds into the
 * Dense's kernel and bias. Each rewrite is exact in real arithmetic.
 */
import type { InputSpec } from './input-spec.js';
import type { AffineOp, Conv2DOp, DenseOp, Graph, Node, TensorId } from './ir.js';
import { sizeOf } from './ir.js';

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
 */
export function poolBeforeRelu(graph: Graph): Graph {
  const nodes = [...graph.nodes];
  const notes = [...(graph.notes ?? [])];
  const shapes = new Map(graph.shapes);
  for (let i = 0; i < nodes.length; i++) {
    const relu = nodes[i]!;
    if (relu.op.kind !== 'relu' || relu.output === graph.output) continue;
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

/** Rewrites first→second into equivalent nodes, or undefined when no rule applies. */
function mergePair(first: Node, second: Node, shapes: Map<TensorId, readonly number[]>): Node[] | undefined {
  const a = first.op;
  const b = second.op;
  const label = (x: Node, y: Node) => (x.layer === y.layer ? x.layer : `${x.layer} + ${y.layer}`);
  if (a.kind === 'affine' && b.kind === 'dense' && b.inSize % a.scale.length === 0) {
    return [{ ...second, layer: label(first, second), inputs: first.inputs, op: affineThenDense(a, b) }];
  }
  if (a.kind === 'dense' && b.kind === 'affine' && a.outSize % b.scale.length === 0) {
    return [{ ...first, layer: label(first, second), output: second.output, op: denseThenAffine(a, b) }];
  }
  if (a.kind === 'affine' && b.kind === 'conv2d' && b.geometry.inShape[2] % a.scale.length === 0 && (unpadded(b) || a.shift.every((c) => c === 0))) {
    return [{ ...second, layer: label(first, second), inputs: first.inputs, op: affineThenConv(a, b) }];
  }
  if (a.kind === 'conv2d' && b.kind === 'affine' && a.geometry.outShape[2] % b.scale.length === 0) {
    const outC = a.geometry.outShape[2];
    const L = b.scale.length;
    const kernel = a.kernel.map((k, idx) => k * b.scale[outChannelOf(a, idx) % L]!);
    const bias = Float64Array.from({ length: outC }, (_, o) => a.bias[o]! * b.scale[o % L]! + b.shift[o % L]!);
    return [{ ...first, layer: label(first, second), output: second.output, op: { ...a, kernel, bias } }];
  }
  // Average pooling is linear per channel: a per-channel affine commutes with it.
  if (a.kind === 'affine' && b.kind === 'pool2d' && b.mode === 'avg' && (shapes.get(first.output)!.at(-1)! % a.scale.length === 0)) {
    return swap(first, second, shapes);
  }
  if (a.kind === 'affine' && b.kind === 'affine' && a.scale.length === b.scale.length) {
    const scale = a.scale.map((s, i) => s * b.scale[i]!);
    const shift = a.shift.map((c, i) => c * b.scale[i]! + b.shift[i]!);
    return [{ ...second, layer: label(first, second), inputs: first.inputs, op: { kind: 'affine', scale, shift } }];
  }
  // A per-element affine commutes with a reshape (row-major order is kept): move it later so it
  // can meet the Dense behind a Flatten.
  if (a.kind === 'affine' && b.kind === 'reshape' && (a.scale.length === 1 || a.scale.length === sizeOf(shapes.get(first.output)!))) {
    return swap(first, second, shapes);
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

/** Every output reads a full kernel window: no zero padding that an input shift would miss. */
function unpadded(c: Conv2DOp): boolean {
  const g = c.geometry;
  const w = g.window;
  return w.padTop === 0 && w.padLeft === 0 && (g.outShape[0] - 1) * w.sh + w.kh <= g.inShape[0] && (g.outShape[1] - 1) * w.sw + w.kw <= g.inShape[1];
}

/** Kernel index → (input channel, output channel), for full and depthwise kernels. */
function inChannelOf(c: Conv2DOp, idx: number): number {
  const last = c.geometry.depthMultiplier > 0 ? c.geometry.depthMultiplier : c.geometry.outShape[2];
  return Math.floor(idx / last) % c.geometry.inShape[2];
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

function affineThenDense(a: AffineOp, d: DenseOp): DenseOp {
  const L = a.scale.length;
  const kernel = new Float64Array(d.kernel.length);
  const bias = Float64Array.from(d.bias);
  for (let j = 0; j < d.inSize; j++) {
    for (let o = 0; o < d.outSize; o++) {
      const k = d.kernel[j * d.outSize + o]!;
      kernel[j * d.outSize + o] = a.scale[j % L]! * k;
      bias[o] = bias[o]! + a.shift[j % L]! * k;
    }
  }
  return { ...d, kernel, bias };
}

function denseThenAffine(d: DenseOp, a: AffineOp): DenseOp {
  const L = a.scale.length;
  const kernel = d.kernel.map((k, idx) => k * a.scale[(idx % d.outSize) % L]!);
  const bias = d.bias.map((b, o) => b * a.scale[o % L]! + a.shift[o % L]!);
  return { ...d, kernel, bias };
}
