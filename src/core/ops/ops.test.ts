/**
 * Every op kind through every stage (test-support/op-harness.ts): float vs integer reference vs
 * circuit witness, intervals, and forged witnesses. The table is keyed by the op kind union, so a
 * new op without a case here does not compile.
 */
import { describe, it } from 'vitest';
import type { Op, TensorId } from '../model/ir.js';
import { checkOpStages } from '../test-support/op-harness.js';
import { GraphMaker, rng } from '../test-support/random-graph.js';

interface OpCase {
  readonly name: string;
  readonly shape: number[];
  readonly build: (g: GraphMaker) => TensorId;
}

// Most cases put a Dense or affine first so the op under test sees signed values at a real scale.
const CASES: { readonly [K in Op['kind']]: readonly OpCase[] } = {
  dense: [
    { name: 'on a vector', shape: [5], build: (g) => g.dense(g.input, 4) },
    { name: 'per row of a matrix', shape: [3, 4], build: (g) => g.dense(g.input, 2) },
  ],
  affine: [{ name: 'per channel', shape: [2, 3], build: (g) => g.affine(g.input) }],
  relu: [
    { name: 'after a dense', shape: [4], build: (g) => g.relu(g.dense(g.input, 6)) },
    { name: 'on non-negative codes (free)', shape: [3], build: (g) => g.relu(g.input) },
  ],
  relu6: [
    // Scaled up so that the values cross both 0 and 6.
    { name: 'after a dense', shape: [4], build: (g) => g.relu6(g.affine(g.dense(g.input, 6))) },
    { name: 'on codes (clip only)', shape: [3], build: (g) => g.relu6(g.input) },
  ],
  reshape: [{ name: 'flatten', shape: [2, 3], build: (g) => g.reshape(g.dense(g.input, 2), [4]) }],
  add: [{ name: 'mixed scales', shape: [4], build: (g) => g.add(g.dense(g.input, 3), g.relu(g.dense(g.input, 3))) }],
  concat: [
    { name: 'axis 0, mixed scales', shape: [3], build: (g) => g.concat(0, g.dense(g.input, 2), g.input) },
    { name: 'inner axis', shape: [2, 2], build: (g) => g.concat(1, g.relu(g.dense(g.input, 3)), g.input) },
  ],
  conv2d: [
    { name: 'same, stride 2', shape: [5, 5, 2], build: (g) => g.conv(g.input, 3, [3, 3], [2, 2], 'same') },
    { name: 'depthwise valid', shape: [4, 4, 2], build: (g) => g.conv(g.input, 0, [2, 2], [1, 1], 'valid', 2) },
  ],
  pool2d: [
    { name: 'max same 3×3 stride 2', shape: [5, 5, 1], build: (g) => g.pool(g.affine(g.input), 'max', [3, 3], [2, 2], 'same') },
    { name: 'avg same 2×2', shape: [3, 3, 2], build: (g) => g.pool(g.affine(g.input), 'avg', [2, 2], [2, 2], 'same') },
    { name: 'global max', shape: [2, 3, 2], build: (g) => g.globalPool(g.affine(g.input), 'max') },
  ],
  pad2d: [{ name: 'asymmetric', shape: [2, 3, 1], build: (g) => g.pad(g.affine(g.input), 1, 0, 0, 2) }],
};

describe('every op: float ≈ integer reference = circuit witness; forged witnesses fail', () => {
  for (const [kind, cases] of Object.entries(CASES)) {
    for (const c of cases) {
      it(`${kind}: ${c.name}`, () => {
        const random = rng(kind.length * 131 + c.name.length);
        const g = new GraphMaker(random, c.shape);
        checkOpStages(g.graph(c.build(g)), random);
      });
    }
  }
});
