/** quantize() on its own: the scale each op picks, exact intervals, and the errors that name a layer. */
import { describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import type { Graph, Node, Op } from '../model/ir.js';
import { GraphMaker, rng } from '../test-support/random-graph.js';
import type { QuantizeOptions } from './qir.js';
import { quantize } from './quantize.js';

const options = (o: Partial<QuantizeOptions> = {}): QuantizeOptions => ({ inputBits: 2, activationBits: 4, weightBits: 8, outputRule: 'logits', ...o });

/** A graph of hand-written ops in a chain from an input of `shape`. */
function chain(shape: number[], ops: [Op, number[]][]): Graph {
  const shapes = new Map<number, number[]>([[0, shape]]);
  const nodes: Node[] = ops.map(([op, s], i) => {
    shapes.set(i + 1, s);
    return { layer: `l${i}`, className: op.kind, op, inputs: [i], output: i + 1 };
  });
  return { name: 't', input: 0, output: ops.length, shapes, nodes, suggestedOutput: 'logits', parameters: 0 };
}

const dense = (kernel: number[], bias: number[]): Op => ({ kind: 'dense', inSize: kernel.length / bias.length, outSize: bias.length, kernel: Float64Array.from(kernel), bias: Float64Array.from(bias) });

describe('quantize', () => {
  it('gives the largest weight weightBits bits, keeps the output at input + weight scale, and bounds it exactly', () => {
    const q = quantize(chain([2], [[dense([0.3, -0.7], [0.1]), [1]]]), options({ weightBits: 8 }));
    const node = q.nodes[0]!;
    // |w| ≤ 0.7 < 1: 8 significant bits is scale 7 (0.7 · 128 ≈ 90 < 128).
    expect(node.op).toMatchObject({ kind: 'linear', weightScale: 7, weights: Float64Array.of(38, -90), bias: Float64Array.of(13) });
    // codes in [0, 3]: 13 + 38·[0, 3] − 90·[0, 3] = [13 − 270, 13 + 114].
    expect(q.tensors.get(1)).toMatchObject({ scale: 7, lo: [13n - 270n], hi: [13n + 114n] });
  });

  it('picks the smallest scale at which every weight is exact (average pooling keeps 2 bits, padding 0)', () => {
    const g = new GraphMaker(rng(1), [4, 4, 1]);
    const q = quantize(g.graph(g.pool(g.pad(g.input, 1, 1, 1, 1), 'avg', [2, 2], [2, 2], 'valid')), options());
    expect(q.nodes.map((n) => [n.op.kind, 'weightScale' in n.op ? n.op.weightScale : undefined])).toEqual([
      ['sparse', 0],
      ['sparse', 2],
    ]);
    expect(q.tensors.get(q.output)!.scale).toBe(2);
  });

  it('requantizes a ReLU down to activationBits, and never up', () => {
    const q = quantize(chain([2], [[dense([0.3, -0.7], [0.1]), [1]], [{ kind: 'relu' }, [1]], [{ kind: 'relu' }, [1]]]), options({ activationBits: 4 }));
    expect(q.nodes.slice(1).map((n) => n.op)).toEqual([
      { kind: 'requant', shift: 3, relu: true },
      { kind: 'requant', shift: 0, relu: true },
    ]);
    expect(q.tensors.get(2)).toMatchObject({ scale: 4, lo: [0n], hi: [16n] }); // round(127 / 2^3), ties up: (127 + 4) >> 3
  });

  it('aligns add and concat inputs to the largest scale by exact shifts', () => {
    const g = new GraphMaker(rng(3), [3]);
    const d = g.dense(g.input, 3);
    const q = quantize(g.graph(g.concat(0, g.add(d, g.input), g.input)), options());
    const scaleOf = q.tensors.get(q.nodes[0]!.output)!.scale;
    expect(q.nodes[1]!.op).toEqual({ kind: 'add', shifts: [0, scaleOf] });
    expect(q.nodes[2]!.op).toEqual({ kind: 'concat', axis: 0, shifts: [0, scaleOf] });
    expect(q.tensors.get(q.output)!.hi.slice(3)).toEqual([3n << BigInt(scaleOf), 3n << BigInt(scaleOf), 3n << BigInt(scaleOf)]);
  });

  it('refuses values past 2^200 and weights past 2^53, naming the layer', () => {
    const wide = chain([1], Array.from({ length: 6 }, () => [dense([0.9], [0]), [1]] as [Op, number[]]));
    // 8-bit codes, then ~40 bits more per layer: 48, 88, 128, 168, 208 bits at l4.
    expect(() => quantize(wide, options({ weightBits: 40, inputBits: 8 }))).toThrow(/layer "l4" \(dense\) can reach values of 20\d bits, above the 200-bit limit/);
    try {
      // A tiny weight gets a huge scale (about 2^79 for 50 bits), and the bias shares it.
      quantize(chain([1], [[dense([1e-9], [1]), [1]]]), options({ weightBits: 50 }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ZkinferError);
      expect(String(e)).toMatch(/layer "l0" \(dense\): a bias value 1 does not fit in 53 bits at scale 2\^\d+/);
    }
  });
});
