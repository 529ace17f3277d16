/**
 * LeakyReLU / PReLU beyond the shared op harness: the gadget over a whole interval (exhaustive
 * solver: exactly one satisfying output, so no forgery exists), its price (ReLU's), intervals with
 * a negative slope, and its import from tfjs Layers, ONNX and tfjs Graph models against tfjs's
 * own ops, through the circuit.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isSatisfied } from '../circuit/check.js';
import { expose } from '../circuit/gadgets.js';
import { FIELD_PRIME } from '../field.js';
import { floatOutput } from '../model/float-inference.js';
import { importModel } from '../model/import.js';
import { loadModelFromMap } from '../model/source.js';
import type { QLeakyRelu, QTensor } from '../quant/qir.js';
import { seededRng } from '../seeded-rng.js';
import { circuitAgreement } from '../test-support/circuit-agreement.js';
import { gattr, GraphModelBuilder, tfjsGraphModel } from '../test-support/graph-model-builder.js';
import { attr, floatTensor, node, onnxBytes, seeded } from '../test-support/onnx-builder.js';
import { fixedInputs, freeInputs, satisfyingOutputs } from '../test-support/solver.js';
import { integerLeakyRelu } from './leaky-relu.js';

tf.setBackend('cpu');

/** One free input x ∈ [lo, hi] at scale 3 → q = round(x / 4); slope a / 8 below zero. */
function gadget(lo: bigint, hi: bigint, a = 3, shift = 2) {
  const { cs, xs } = freeInputs(1, 1);
  const op: QLeakyRelu = { kind: 'leakyRelu', shift, alpha: Float64Array.of(a), alphaScale: 3 };
  const input: QTensor = { shape: [1], scale: 3, lo: [lo], hi: [hi] };
  const bits: number[] = [];
  const [y] = integerLeakyRelu.lower(op, { cs, xs: [xs], inputs: [input], spend: (b) => bits.push(b) });
  expose(cs, y!, cs.outputWire(0));
  const expected = (x: bigint) => integerLeakyRelu.reference(op, [[x]], { inputs: [input] })[0]!;
  return { cs, r1cs: cs.toR1cs(), bits, expected, interval: integerLeakyRelu.intervals(op, [input], [1]) };
}

describe('leaky ReLU gadget', () => {
  it('rounds, then scales by 8 above zero and by a below, and no other output satisfies the constraints', () => {
    for (const a of [3, -5, 0]) {
      const { cs, r1cs, expected, interval } = gadget(-40n, 37n, a);
      for (let x = -40n; x <= 37n; x++) {
        const q = (x + 2n) >> 2n;
        expect(expected(x)).toBe(q > 0n ? 8n * q : BigInt(a) * q);
        const w = cs.witness([x]);
        expect(w[1]).toBe(expected(x));
        expect(isSatisfied(r1cs, w)).toBe(true);
        expect(interval.lo[0]! <= expected(x) && expected(x) <= interval.hi[0]!).toBe(true);
      }
      for (const x of [-40n, -3n, -2n, 0n, 1n, 2n, 37n]) expect(satisfyingOutputs(r1cs, fixedInputs(cs, [x]))).toEqual(new Set([String(expected(x))]));
    }
  });

  it('refuses the unleaked value, the ReLU value, a sign flip and a wrapped value as the output', () => {
    const { cs, r1cs } = gadget(-40n, 37n);
    const w = cs.witness([-21n]); // q = round(−21 / 4) = −5 → 3 · −5 = −15
    expect(w[1]).toBe(-15n);
    for (const forged of [-40n /* slope 1 */, 0n /* ReLU */, 15n /* sign flip */, -14n, FIELD_PRIME - 15n + 1n]) {
      const f = [...w];
      f[1] = forged;
      expect(isSatisfied(r1cs, f)).toBe(false);
    }
  });

  it('costs what ReLU costs (bits + 2), less when the interval fixes the sign', () => {
    const both = gadget(-40n, 37n);
    expect(both.bits).toEqual([7]); // z ∈ [−38, 39] + 2^6 in 7 bits
    expect(both.r1cs.constraints.length).toBe(7 + 2 + 1); // + 1 to expose
    expect(gadget(2n, 37n).bits).toEqual([6]); // q ≥ 0 throughout: a plain rounding
    expect(gadget(-40n, -3n).bits).toEqual([7]); // q ≤ 0 throughout: rounding, signed
    expect(gadget(-40n, 37n, 3, 0).r1cs.constraints.length).toBe(7 + 2 + 1);
    expect(gadget(-40n, -1n, 3, 0).bits).toEqual([]); // k = 0 and negative: y = a·x, free
  });

  it('bounds a negative slope at the ends and at zero', () => {
    const { interval } = gadget(-40n, 37n, -5);
    // q ∈ [−10, 9]: y = −5q below (up to 50), 8q above (up to 72); the least is 0.
    expect(interval).toMatchObject({ scale: 4, lo: [0n], hi: [72n] });
  });
});

const random = seededRng(77);
const w = (n: number, scale = 1) => Array.from({ length: n }, () => (random() * 2 - 1) * scale);
const predictWith = (m: tf.LayersModel) => (x: number[]) => (m.predict(tf.tensor2d([x])) as tf.Tensor).dataSync();

describe('leaky ReLU and PReLU imports, against tfjs, through the circuit', () => {
  it('tfjs Layers: LeakyReLU (alpha 0.1 and the default 0.3) and PReLU (one slope per element)', () => {
    const x = tf.input({ shape: [6] });
    let h = tf.layers.dense({ units: 8 }).apply(x) as tf.SymbolicTensor;
    h = tf.layers.leakyReLU({ alpha: 0.1, name: 'leaky' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.prelu({ name: 'prelu', alphaInitializer: tf.initializers.constant({ value: 0.2 }) }).apply(tf.layers.dense({ units: 8 }).apply(h) as tf.SymbolicTensor) as tf.SymbolicTensor;
    h = tf.layers.leakyReLU({ name: 'leaky_default' }).apply(tf.layers.dense({ units: 6 }).apply(h) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const y = tf.layers.dense({ units: 4, activation: 'softmax' }).apply(h) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: y });
    model.setWeights(model.getWeights().map((t) => tf.tensor(w(t.size, 0.9), t.shape)));
    const graph = importModel(model);
    expect(graph.nodes.map((n) => n.op.kind)).toEqual(['dense', 'leakyRelu', 'dense', 'leakyRelu', 'dense', 'leakyRelu', 'dense']);
    for (let s = 0; s < 5; s++) {
      const v = w(6);
      const logits = Array.from(floatOutput(graph, v));
      const e = logits.map((l) => Math.exp(l - Math.max(...logits)));
      const want = predictWith(model)(v);
      e.forEach((p, i) => expect(p / e.reduce((a, b) => a + b, 0)).toBeCloseTo(want[i]!, 5));
    }
    const r = circuitAgreement(graph, predictWith(model), { seed: 3 });
    expect(r.top1).toBeGreaterThanOrEqual(0.995);
    const leaky = r.compiled.layers.filter((l) => l.op === 'leakyRelu');
    expect(leaky).toHaveLength(3);
    for (const l of leaky) expect(l.constraints).toBe(l.bits.reduce((s, b) => s + b + 2, 0));
    model.dispose();
  });

  it('ONNX: LeakyRelu and PRelu with a per-channel slope', async () => {
    const K = seeded(4 * 2 * 9, 1);
    const slope = [0.1, -0.2, 0.3, 0.25];
    const F = seeded(3 * 4, 2);
    const bytes = onnxBytes({
      input: { name: 'x', dims: ['n', 2, 5, 5] },
      output: { name: 'y', dims: ['n', 3] },
      initializers: [floatTensor('K', [4, 2, 3, 3], K), floatTensor('S', [4, 1, 1], slope), floatTensor('F', [4, 3], F)],
      nodes: [
        node('Conv', ['x', 'K'], ['c'], [attr.ints('kernel_shape', [3, 3])]),
        node('PRelu', ['c', 'S'], ['p'], [], 'prelu'),
        node('GlobalAveragePool', ['p'], ['g']),
        node('Flatten', ['g'], ['f']),
        node('MatMul', ['f', 'F'], ['m']),
        node('LeakyRelu', ['m'], ['l'], [attr.float('alpha', 0.15)], 'leaky'),
        node('Softmax', ['l'], ['y']),
      ],
    });
    const m = await loadModelFromMap('model.onnx', new Map([['model.onnx', bytes]]), 'leaky');
    expect(m.graph.nodes.map((n) => n.op.kind)).toContain('leakyRelu');
    // tfjs in NHWC: the IR's input order.
    const ref = (v: number[]) => {
      const xt = tf.tensor4d(v, [1, 5, 5, 2]);
      const c = tf.conv2d(xt, tf.transpose(tf.tensor4d(K, [4, 2, 3, 3]), [2, 3, 1, 0]) as tf.Tensor4D, 1, 'valid');
      const p = tf.prelu(c, tf.tensor1d(slope) as unknown as tf.Tensor4D);
      const g = tf.mean(p, [1, 2]);
      return tf.softmax(tf.leakyRelu(tf.matMul(g, tf.tensor2d(F, [4, 3])), 0.15)).dataSync();
    };
    const r = circuitAgreement(m.graph, ref, { seed: 4 });
    expect(r.top1).toBeGreaterThanOrEqual(0.995);
  });

  it('tfjs Graph: LeakyRelu, _FusedMatMul with LeakyRelu, and Prelu', async () => {
    const g = new GraphModelBuilder();
    const x = g.placeholder('x', [-1, 6]);
    const h = g.node('h', '_FusedMatMul', [x, g.constant('w1', [6, 8], w(48)), g.constant('b1', [8], w(8, 0.2))], {
      fused_ops: gattr.strs(['BiasAdd', 'LeakyRelu']),
      num_args: gattr.i(1),
      leakyrelu_alpha: gattr.f(0.2),
      transpose_a: gattr.b(false),
      transpose_b: gattr.b(false),
    });
    const p = g.node('p', 'Prelu', [g.node('mm2', 'MatMul', [h, g.constant('w2', [8, 5], w(40))]), g.constant('alpha', [5], [0.1, 0.2, -0.1, 0.3, 0.05])]);
    const l = g.node('l', 'LeakyRelu', [g.node('mm3', 'MatMul', [p, g.constant('w3', [5, 3], w(15))])], { alpha: gattr.f(0.3) });
    g.node('Identity', 'Softmax', [l]);
    const a = g.artifacts();
    const reference = await tfjsGraphModel(a);
    const json = JSON.stringify({ format: 'graph-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] });
    const m = await loadModelFromMap('model.json', new Map([['model.json', new TextEncoder().encode(json)], ['w.bin', a.weightData]]), 'leaky');
    expect(m.graph.nodes.map((n) => n.op.kind)).toEqual(['dense', 'leakyRelu', 'dense', 'leakyRelu', 'dense', 'leakyRelu']);
    const run = (v: number[]) => (reference.execute(tf.tensor2d([v]), 'Identity') as tf.Tensor).dataSync();
    for (let s = 0; s < 3; s++) {
      const v = w(6);
      const logits = Array.from(floatOutput(m.graph, v));
      const e = logits.map((q) => Math.exp(q - Math.max(...logits)));
      e.forEach((q, i) => expect(q / e.reduce((s2, b) => s2 + b, 0)).toBeCloseTo(run(v)[i]!, 5));
    }
    expect(circuitAgreement(m.graph, run, { seed: 6 }).top1).toBeGreaterThanOrEqual(0.995);
    reference.dispose();
  });
});
