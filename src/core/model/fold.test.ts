/**
 * The graph rewrites on their own: which pairs fold (each op's absorbAffine rules), which swap,
 * which must not, and that every rewrite keeps the float function.
 */
import { describe, expect, it } from 'vitest';
import { GraphMaker, rng } from '../test-support/random-graph.js';
import { floatOutput } from './float-inference.js';
import { foldAffines, poolBeforeRelu, withInputDecode } from './fold.js';
import type { Graph, TensorId } from './ir.js';
import { sizeOf } from './ir.js';

function sameFunction(before: Graph, after: Graph, random: () => number): void {
  const n = sizeOf(before.shapes.get(before.input)!);
  for (let t = 0; t < 5; t++) {
    const x = Array.from({ length: n }, () => random() * 4 - 2);
    const a = floatOutput(before, x);
    const b = floatOutput(after, x);
    a.forEach((v, i) => expect(b[i]!).toBeCloseTo(v, 9));
  }
}

const kinds = (g: Graph) => g.nodes.map((n) => n.op.kind);

const cases: [string, number[], (g: GraphMaker) => TensorId, string[]][] = [
  ['affine → dense folds into the dense', [2, 3], (g) => g.dense(g.affine(g.input), 2), ['dense']],
  ['dense → affine folds into the dense', [3], (g) => g.relu(g.affine(g.dense(g.input, 4))), ['dense', 'relu']],
  ['affine → conv valid folds into the conv', [4, 4, 2], (g) => g.conv(g.affine(g.input), 3, [3, 3], [1, 1], 'valid'), ['conv2d']],
  ['affine with a shift → conv same stays (padding would miss the shift)', [4, 4, 2], (g) => g.conv(g.affine(g.input), 3, [3, 3], [1, 1], 'same'), ['affine', 'conv2d']],
  ['affine → depthwise conv → affine folds both', [4, 4, 2], (g) => g.relu(g.affine(g.conv(g.affine(g.input), 0, [2, 2], [1, 1], 'valid', 2))), ['conv2d', 'relu']],
  ['affine → avg pool commutes, then through the flatten into the dense', [4, 4, 1], (g) => g.dense(g.reshape(g.pool(g.affine(g.input), 'avg', [2, 2], [2, 2], 'valid'), [4]), 2), ['pool2d', 'reshape', 'dense']],
  ['affine → max pool stays (a negative scale flips max)', [4, 4, 1], (g) => g.pool(g.affine(g.input), 'max', [2, 2], [2, 2], 'valid'), ['affine', 'pool2d']],
  ['affine → affine is one affine', [3], (g) => g.relu(g.affine(g.affine(g.input))), ['affine', 'relu']],
  ['per-channel affine → flatten stays (channels would not line up)', [2, 2, 2], (g) => g.dense(g.reshape(g.affine(g.input), [8]), 2), ['affine', 'reshape', 'dense']],
  ['affine → relu stays', [3], (g) => g.relu(g.affine(g.input)), ['affine', 'relu']],
  ['an affine read twice stays', [3], (g) => {
    const a = g.affine(g.input);
    return g.add(g.dense(a, 3), a);
  }, ['affine', 'dense', 'add']],
  ['an affine that is the output stays', [3], (g) => g.affine(g.relu(g.dense(g.input, 3))), ['dense', 'relu', 'affine']],
];

describe('foldAffines', () => {
  for (const [name, shape, build, expected] of cases) {
    it(name, () => {
      const random = rng(name.length);
      const g = new GraphMaker(random, shape);
      const graph = g.graph(build(g));
      const folded = foldAffines(graph);
      expect(kinds(folded)).toEqual(expected);
      sameFunction(graph, folded, random);
    });
  }

  it('a scalar affine → flatten → dense commutes through the reshape and folds', () => {
    const random = rng(5);
    const g = new GraphMaker(random, [2, 2, 1]);
    const graph = g.graph(g.dense(g.reshape(g.affine(g.input), [4]), 2));
    const folded = foldAffines(graph);
    expect(kinds(folded)).toEqual(['reshape', 'dense']);
    sameFunction(graph, folded, random);
  });
});

describe('poolBeforeRelu', () => {
  it('moves max pooling before a ReLU, not average pooling, and keeps the function', () => {
    const random = rng(9);
    const g = new GraphMaker(random, [4, 4, 1]);
    const graph = g.graph(g.pool(g.relu(g.pool(g.relu(g.conv(g.input, 2, [1, 1], [1, 1], 'valid')), 'max', [2, 2], [2, 2], 'valid')), 'avg', [2, 2], [2, 2], 'valid'));
    const moved = poolBeforeRelu(graph);
    expect(kinds(moved)).toEqual(['conv2d', 'pool2d', 'relu', 'relu', 'pool2d']);
    expect(moved.notes).toEqual([expect.stringMatching(/max pooling "pool2d_2" moved before the ReLU of "relu_1": 8 ReLUs instead of 32/)]);
    sameFunction(graph, moved, random);
  });
});

describe('withInputDecode', () => {
  it('prepends one affine per channel when ranges repeat per channel, so it can fold into a conv', () => {
    const g = new GraphMaker(rng(1), [2, 2, 2]);
    const graph = g.graph(g.conv(g.input, 1, [2, 2], [1, 1], 'valid'));
    const features = Array.from({ length: 8 }, (_, i) => ({ name: `f${i}`, min: i % 2 ? -1 : 0, max: i % 2 ? 1 : 3 }));
    const decoded = withInputDecode(graph, { shape: [2, 2, 2], features, bits: 2 });
    const decode = decoded.nodes[0]!.op;
    expect(decode).toEqual({ kind: 'affine', scale: Float64Array.of(1, 2 / 3), shift: Float64Array.of(0, -1) });
    const expected = floatOutput(graph, [3, 1, 0, -1, 1, 1 / 3, 3, -1 / 3]);
    floatOutput(decoded, [3, 3, 0, 0, 1, 2, 3, 1]).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
    expect(kinds(foldAffines(decoded))).toEqual(['conv2d']);
  });
});
