/**
 * ReLU6 beyond the shared op harness: the gadget alone over a whole interval (exhaustive solver:
 * exactly one satisfying output, so no forgery — 6.5, a wrapped −1, an unclipped value — exists),
 * its price, its import from Keras layers, and max pooling moving before it.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isSatisfied } from '../circuit/check.js';
import { expose } from '../circuit/gadgets.js';
import { lower } from '../circuit/lower.js';
import { FIELD_PRIME } from '../field.js';
import { poolBeforeRelu } from '../model/fold.js';
import { floatOutput } from '../model/float-inference.js';
import { importModel } from '../model/import.js';
import type { QRelu6, QTensor } from '../quant/qir.js';
import { quantize } from '../quant/quantize.js';
import { GraphMaker, rng } from '../test-support/random-graph.js';
import { fixedInputs, freeInputs, satisfyingOutputs } from '../test-support/solver.js';
import { integerRelu6 } from './relu6.js';

/** A ReLU6 gadget on one free input x ∈ [lo, hi] at scale 3, output at scale 1 (ceiling 12 = 6.0). */
function gadget(lo: bigint, hi: bigint) {
  const { cs, xs } = freeInputs(1, 1);
  const op: QRelu6 = { kind: 'relu6', shift: 2, ceiling: 12 };
  const input: QTensor = { shape: [1], scale: 3, lo: [lo], hi: [hi] };
  const bits: number[] = [];
  const [y] = integerRelu6.lower(op, { cs, xs: [xs], inputs: [input], spend: (b) => bits.push(b) });
  expose(cs, y!, cs.outputWire(0));
  const expected = (x: bigint) => integerRelu6.reference(op, [[x]], { inputs: [input] })[0]!;
  return { cs, r1cs: cs.toR1cs(), bits, expected, interval: integerRelu6.intervals(op, [input], [1]) };
}

describe('ReLU6 gadget', () => {
  it('rounds, clamps at 0 and clips at 6, and no other output satisfies the constraints', () => {
    const { cs, r1cs, expected } = gadget(-16n, 60n);
    for (let x = -16n; x <= 60n; x++) {
      const want = expected(x);
      const rounded = (x + 2n) >> 2n; // round(x / 4), ties up
      expect(want).toBe(rounded < 0n ? 0n : rounded > 12n ? 12n : rounded);
      const w = cs.witness([x]);
      expect(w[1]).toBe(want);
      expect(isSatisfied(r1cs, w)).toBe(true);
    }
    for (const x of [-16n, -3n, -2n, 21n, 46n, 60n]) {
      expect(satisfyingOutputs(r1cs, fixedInputs(cs, [x]))).toEqual(new Set([String(expected(x))]));
    }
  });

  it('refuses 6.5, a wrapped −1 and an unclipped value as the output', () => {
    const { cs, r1cs } = gadget(-16n, 60n);
    const w = cs.witness([60n]); // round(60 / 4) = 15 → clipped to 12 (6.0)
    expect(w[1]).toBe(12n);
    for (const forged of [13n /* 6.5 */, 15n /* unclipped 7.5 */, FIELD_PRIME - 1n /* −1 */]) {
      const f = [...w];
      f[1] = forged;
      expect(isSatisfied(r1cs, f)).toBe(false);
    }
  });

  it('is not the constant ceiling while q can still be one below it', () => {
    const { cs, r1cs, expected } = gadget(42n, 60n); // q = round(x / 4) ∈ [11, 15]
    expect(expected(42n)).toBe(11n);
    for (let x = 42n; x <= 60n; x++) {
      const w = cs.witness([x]);
      expect(w[1], `x = ${x}`).toBe(expected(x));
      expect(isSatisfied(r1cs, w)).toBe(true);
    }
  });

  it('costs the ReLU (bits + 2) plus the clip (bits + 2), and each half is free when the interval decides it', () => {
    const both = gadget(-16n, 60n);
    expect(both.bits).toEqual([7, 5]); // z + 2^6 in 7 bits; q − 12 ∈ [−12, 3] + 2^4 in 5 bits
    expect(both.r1cs.constraints.length).toBe(7 + 2 + 5 + 2 + 1); // + 1 to expose the output
    expect(gadget(-16n, 40n).bits).toEqual([7]); // q ≤ 11 < 12: never clipped
    expect(gadget(50n, 60n).bits).toEqual([]); // always 12: a constant
    expect(gadget(-16n, 60n).interval).toMatchObject({ scale: 1, lo: [0n], hi: [12n] });
  });
});

describe('ReLU6 through the stages', () => {
  it('quantizes to a ceiling of 6 on the output grid and prices like ReLU plus the clip', () => {
    const random = rng(6);
    const g = new GraphMaker(random, [3]);
    const h = g.dense(g.input, 4);
    const q = quantize(g.graph(g.relu6(h)), { inputBits: 4, activationBits: 5, weightBits: 8, outputRule: 'logits' });
    const node = q.nodes.at(-1)!;
    expect(node.op).toMatchObject({ kind: 'relu6', ceiling: 6 * 2 ** q.tensors.get(node.output)!.scale });
    expect(q.tensors.get(node.output)!.scale).toBe(5);
    expect(q.tensors.get(node.output)!.hi.every((v) => v <= 6n * 32n)).toBe(true);
    const layer = lower(q).layers.find((l) => l.op === 'relu6')!;
    expect(layer.constraints).toBe(layer.bits.reduce((s, b) => s + b + 2, 0));
  });

  it('max pooling moves before a ReLU6, as before a ReLU', () => {
    const g = new GraphMaker(rng(2), [4, 4, 1]);
    const graph = g.graph(g.dense(g.reshape(g.pool(g.relu6(g.conv(g.input, 2, [1, 1], [1, 1], 'valid')), 'max', [2, 2], [2, 2], 'valid'), [8]), 2));
    const moved = poolBeforeRelu(graph);
    expect(moved.nodes.map((n) => n.op.kind)).toEqual(['conv2d', 'pool2d', 'relu6', 'reshape', 'dense']);
    for (let t = 0; t < 4; t++) {
      const x = Array.from({ length: 16 }, (_, i) => ((i * 7 + t * 5) % 11) - 5);
      expect(Array.from(floatOutput(moved, x))).toEqual(Array.from(floatOutput(graph, x)));
    }
  });
});

describe('ReLU6 import', () => {
  const input = () => tf.input({ shape: [3] });
  it('maps a ReLU layer with maxValue 6 and the relu6 activation to relu6, matching tfjs', () => {
    const x = input();
    const h = tf.layers.dense({ units: 4, activation: 'relu6', name: 'd' }).apply(x) as tf.SymbolicTensor;
    const y = tf.layers.reLU({ maxValue: 6, name: 'clip' }).apply(tf.layers.dense({ units: 2, name: 'e' }).apply(h) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: y });
    model.layers[1]!.setWeights([tf.tensor2d([[3, -2, 5, 1], [4, 1, -3, 2], [2, 2, 2, -6]]), tf.tensor1d([1, 0, -1, 0.5])]);
    const graph = importModel(model);
    expect(graph.nodes.map((n) => n.op.kind)).toEqual(['dense', 'relu6', 'dense', 'relu6']);
    for (const v of [[0, 0, 0], [1, 2, 3], [-1, 0.5, 2], [3, -2, -1]]) {
      const expected = (model.predict(tf.tensor2d([v])) as tf.Tensor).dataSync();
      floatOutput(graph, v).forEach((f, i) => expect(f).toBeCloseTo(expected[i]!, 5));
    }
    model.dispose();
  });

  it('still refuses a ReLU clipped anywhere but 6', () => {
    const x = input();
    const model = tf.model({ inputs: x, outputs: tf.layers.reLU({ maxValue: 4, name: 'clip4' }).apply(x) as tf.SymbolicTensor });
    expect(() => importModel(model)).toThrow(/layer "clip4" \(ReLU\) sets .*maxValue other than 6/);
    model.dispose();
  });
});
