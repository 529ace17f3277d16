/** Seeded random graph IR models for tests: every op the compiler supports, small shapes. */
import type { Graph, Node, Op, OutputRule, TensorId } from '../model/ir.js';
import type { InputSpec } from '../model/input-spec.js';
import { windowFor } from '../tensor/spatial.js';

export { seededRng as rng } from '../seeded-rng.js';

export class GraphMaker {
  private readonly nodes: Node[] = [];
  private readonly shapes = new Map<TensorId, number[]>();
  private next = 0;
  readonly input: TensorId;
  constructor(
    readonly random: () => number,
    inputShape: number[],
  ) {
    this.input = this.tensor(inputShape);
  }
  private tensor(shape: number[]): TensorId {
    this.shapes.set(this.next, shape);
    return this.next++;
  }
  shape(t: TensorId): number[] {
    return this.shapes.get(t)!;
  }
  op(op: Op, inputs: TensorId[], shape: number[]): TensorId {
    const output = this.tensor(shape);
    this.nodes.push({ layer: `${op.kind}_${this.nodes.length}`, className: op.kind, op, inputs, output });
    return output;
  }
  weights(n: number, scale = 1): Float64Array {
    return Float64Array.from({ length: n }, () => (this.random() * 2 - 1) * scale);
  }
  dense(x: TensorId, outSize: number): TensorId {
    const s = this.shape(x);
    const inSize = s[s.length - 1]!;
    const op: Op = { kind: 'dense', inSize, outSize, kernel: this.weights(inSize * outSize, 1 / Math.sqrt(inSize)), bias: this.weights(outSize, 0.2) };
    return this.op(op, [x], [...s.slice(0, -1), outSize]);
  }
  affine(x: TensorId): TensorId {
    const s = this.shape(x);
    const c = s[s.length - 1]!;
    return this.op({ kind: 'affine', scale: this.weights(c, 2), shift: this.weights(c, 0.5) }, [x], s);
  }
  relu(x: TensorId): TensorId {
    return this.op({ kind: 'relu' }, [x], this.shape(x));
  }
  relu6(x: TensorId): TensorId {
    return this.op({ kind: 'relu6' }, [x], this.shape(x));
  }
  leakyRelu(x: TensorId, alpha: readonly number[]): TensorId {
    return this.op({ kind: 'leakyRelu', alpha: Float64Array.from(alpha) }, [x], this.shape(x));
  }
  reshape(x: TensorId, shape: number[]): TensorId {
    return this.op({ kind: 'reshape' }, [x], shape);
  }
  add(...xs: TensorId[]): TensorId {
    return this.op({ kind: 'add' }, xs, this.shape(xs[0]!));
  }
  concat(axis: number, ...xs: TensorId[]): TensorId {
    const s = [...this.shape(xs[0]!)];
    s[axis] = xs.reduce((n, x) => n + this.shape(x)[axis]!, 0);
    return this.op({ kind: 'concat', axis }, xs, s);
  }
  conv(x: TensorId, outC: number, k: [number, number], s: [number, number], padding: 'same' | 'valid', depthMultiplier = 0): TensorId {
    const [h, w, c] = this.shape(x) as [number, number, number];
    const win = windowFor(h, w, k, s, padding);
    const oc = depthMultiplier > 0 ? c * depthMultiplier : outC;
    const kernel = this.weights(k[0] * k[1] * c * (depthMultiplier > 0 ? depthMultiplier : outC), 1 / Math.sqrt(k[0] * k[1] * c));
    const op: Op = { kind: 'conv2d', geometry: { inShape: [h, w, c], outShape: [win.outH, win.outW, oc], window: win, depthMultiplier }, kernel, bias: this.weights(oc, 0.2) };
    return this.op(op, [x], [win.outH, win.outW, oc]);
  }
  pool(x: TensorId, mode: 'avg' | 'max', k: [number, number], s: [number, number], padding: 'same' | 'valid'): TensorId {
    const [h, w, c] = this.shape(x) as [number, number, number];
    const win = windowFor(h, w, k, s, padding);
    return this.op({ kind: 'pool2d', mode, window: win }, [x], [win.outH, win.outW, c]);
  }
  globalPool(x: TensorId, mode: 'avg' | 'max'): TensorId {
    const [h, w, c] = this.shape(x) as [number, number, number];
    return this.op({ kind: 'pool2d', mode, window: windowFor(h, w, [h, w], [1, 1], 'valid') }, [x], [c]);
  }
  pad(x: TensorId, top: number, bottom: number, left: number, right: number): TensorId {
    const [h, w, c] = this.shape(x) as [number, number, number];
    return this.op({ kind: 'pad2d', top, left }, [x], [h + top + bottom, w + left + right, c]);
  }
  graph(output: TensorId, suggestedOutput: OutputRule = 'logits'): Graph {
    return { name: 'random', input: this.input, output, shapes: this.shapes, nodes: this.nodes, suggestedOutput, parameters: 0 };
  }
}

export function specFor(shape: number[], bits: number, random: () => number): InputSpec {
  const n = shape.reduce((a, b) => a * b, 1);
  const features = Array.from({ length: n }, (_, i) => {
    const min = Math.round((random() * 4 - 2) * 100) / 100;
    return { name: `f${i}`, min, max: min + 0.5 + Math.round(random() * 300) / 100 };
  });
  return { shape, features, bits };
}
