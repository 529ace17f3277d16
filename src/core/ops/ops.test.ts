/**
 * Every op kind through every stage (test-support/op-harness.ts): float vs integer reference vs
 * circuit witness, intervals, and forged witnesses. The table is keyed by the op kind union, so a
 * new op without a case here does not compile.
 */
import { describe, expect, it } from 'vitest';
import { isSatisfied } from '../circuit/check.js';
import { expose } from '../circuit/gadgets.js';
import type { LC } from '../circuit/lc.js';
import { evaluate, wireLC } from '../circuit/lc.js';
import type { Op, TensorId } from '../model/ir.js';
import type { QLinear, QRequant, QTensor } from '../quant/qir.js';
import { checkOpStages } from '../test-support/op-harness.js';
import { GraphMaker, rng } from '../test-support/random-graph.js';
import { freeInputs } from '../test-support/solver.js';
import { linear } from './dense.js';
import { requant } from './relu.js';

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
  leakyRelu: [
    { name: 'LeakyReLU after a dense', shape: [4], build: (g) => g.leakyRelu(g.dense(g.input, 6), [0.2]) },
    { name: 'PReLU per channel, a negative and an exact slope', shape: [3], build: (g) => g.leakyRelu(g.affine(g.dense(g.input, 3)), [0.25, -0.3, 1.7]) },
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

describe('linear lowering over every shape of input combination', () => {
  // y[o] = bias[o] + Σ_j w[j, o] · x[j], weights stored j-major.
  const op: QLinear = { kind: 'linear', inSize: 3, outSize: 2, weights: Float64Array.from([2, -3, 5, 7, -1, 4]), bias: Float64Array.from([1, -2]), weightScale: 0 };
  const tensor: QTensor = { shape: [3], scale: 0, lo: [-20n, -20n, -20n], hi: [20n, 20n, 20n] };
  it('plain wires (the fast path), scaled wires, a repeated wire and constants all give bias + Σ w·x', () => {
    const { cs } = freeInputs(0, 3);
    const [a, b, c] = [0, 1, 2].map((i) => cs.privateInputWire(i)) as [number, number, number];
    const shapes: [string, LC[]][] = [
      ['plain', [wireLC(a), wireLC(b), wireLC(c)]],
      ['scaled', [wireLC(a, 4n), wireLC(b), wireLC(c, -1n)]],
      ['repeated', [wireLC(a), wireLC(a), wireLC(b)]],
      ['with constants', [new Map([[a, 1n], [0, 3n]]), wireLC(b), wireLC(c)]],
    ];
    const w = cs.witness([5n, -7n, 11n]);
    for (const [name, x] of shapes) {
      const y = linear.lower(op, { cs, xs: [x], inputs: [tensor], spend: () => {} });
      const xv = x.map((lc) => evaluate(lc, w));
      const want = [0, 1].map((o) => BigInt(op.bias[o]!) + xv.reduce((s, v, j) => s + BigInt(op.weights[j * op.outSize + o]!) * v, 0n));
      expect(y.map((lc) => evaluate(lc, w)), name).toEqual(want);
      expect(linear.reference(op, [xv], { inputs: [tensor] }), name).toEqual(want);
      // A slice of outputs on demand (lower.ts lowers a dense layer feeding its ReLU this way) is
      // the same combinations, terms in the same order.
      const range = linear.lowerRange!(op, { cs, xs: [x], inputs: [tensor], spend: () => {} });
      expect([...range(0, 1), ...range(1, 2)].map((lc) => [...lc]), name).toEqual(y.map((lc) => [...lc]));
      expect(range(1, 1), name).toEqual([]);
    }
  });
});

describe('requant: the circuit rounds exactly as the integer reference, ties included', () => {
  for (const shift of [1, 2, 3]) {
    for (const relu of [false, true]) {
      it(`shift ${shift}, relu ${relu}: every x in [−40, 40]`, () => {
        const op: QRequant = { kind: 'requant', shift, relu };
        const input: QTensor = { shape: [1], scale: 4, lo: [-40n], hi: [40n] };
        const { cs, xs } = freeInputs(1, 1);
        const [y] = requant.lower(op, { cs, xs: [xs], inputs: [input], spend: () => {} });
        expose(cs, y!, cs.outputWire(0));
        const r1cs = cs.toR1cs();
        for (let x = -40n; x <= 40n; x++) {
          const w = cs.witness([x]);
          expect(isSatisfied(r1cs, w)).toBe(true);
          expect(w[1], `x = ${x}`).toBe(requant.reference(op, [[x]], { inputs: [input] })[0]);
        }
        // Ties go up: 1.5 → 2 and −1.5 → −1 (before the ReLU).
        const tie = 3n << BigInt(shift - 1);
        expect(requant.reference(op, [[tie, -tie]], { inputs: [{ ...input, shape: [2], lo: [-40n, -40n], hi: [40n, 40n] }] })).toEqual(relu ? [2n, 0n] : [2n, -1n]);
      });
    }
  }
});
