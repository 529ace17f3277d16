/**
 * Leaky slopes as each Keras version writes them: Keras 2's LeakyReLU `alpha`, Keras 3's
 * `negative_slope`, and a ReLU layer with a `negative_slope`. tfjs reads only `alpha` and ignores
 * ReLU's slope, so without the config rewrite these would run tfjs's default 0.3, or a plain ReLU.
 * The reference is a hand-written float computation with the true slope (tfjs ops, not a layer
 * tfjs builds from the config), and it is checked to differ from the slope-0.3 computation, so a
 * slope read wrongly fails here.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { circuitAgreement } from '../test-support/circuit-agreement.js';
import { kerasArchive, kerasH5, type KerasLayerSpec, type KerasModelSpec } from '../test-support/keras-fixtures.js';
import { seeded } from '../test-support/onnx-builder.js';
import { layersArtifacts, modelJson } from '../test-support/tfjs-artifacts.js';
import { floatOutput } from './float-inference.js';
import type { LeakyReluOp } from './ir.js';
import { loadModelFromMap } from './source.js';

tf.setBackend('cpu');

const SLOPE = 0.05;
const W1 = { shape: [6, 5], values: seeded(30, 71) };
const B1 = { shape: [5], values: seeded(5, 72).map((v) => v * 0.1) };
const W2 = { shape: [5, 3], values: seeded(15, 73) };
const B2 = { shape: [3], values: seeded(3, 74).map((v) => v * 0.1) };

/** Dense(5) → a leaky activation layer → Dense(3) → softmax, the activation as `leaky` says. */
function spec(leaky: KerasLayerSpec): KerasModelSpec {
  return {
    kind: 'Sequential',
    input: { name: 'x', shape: [6] },
    layers: [
      { cls: 'Dense', name: 'hidden', config: { units: 5, activation: 'linear', use_bias: true }, weights: [W1, B1] },
      leaky,
      { cls: 'Dense', name: 'head', config: { units: 3, activation: 'softmax', use_bias: true }, weights: [W2, B2] },
    ],
  };
}

/** The logits, computed with tfjs ops from the weights and a given slope. */
const logits = (slope: number) => (x: number[]) =>
  tf.tidy(() => {
    const h = tf.leakyRelu(tf.add(tf.matMul(tf.tensor2d([x]), tf.tensor2d(Array.from(W1.values), [6, 5])), tf.tensor1d(Array.from(B1.values))), slope);
    return tf.add(tf.matMul(h, tf.tensor2d(Array.from(W2.values), [5, 3])), tf.tensor1d(Array.from(B2.values))).dataSync();
  });

const inputs = Array.from({ length: 5 }, (_, s) => seeded(6, 200 + s).map((v) => v * 2));

async function expectTrueSlope(file: string, bytes: Uint8Array): Promise<void> {
  const m = await loadModelFromMap(file, new Map([[file, bytes]]), 'leaky');
  const leaky = m.graph.nodes.find((n) => n.op.kind === 'leakyRelu');
  expect(Array.from((leaky!.op as LeakyReluOp).alpha)).toEqual([SLOPE]);
  let gap = 0;
  for (const x of inputs) {
    const want = logits(SLOPE)(x);
    const wrong = logits(0.3)(x);
    floatOutput(m.graph, x).forEach((v, i) => {
      expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5);
      gap = Math.max(gap, Math.abs(want[i]! - wrong[i]!));
    });
  }
  // The fixture tells the slopes apart: a model read with 0.3 would be this far off.
  expect(gap).toBeGreaterThan(0.05);
  expect(circuitAgreement(m.graph, logits(SLOPE), { seed: 3 }).top1).toBeGreaterThanOrEqual(0.995);
}

describe('Keras leaky slopes', () => {
  it('Keras 3 LeakyReLU(negative_slope) in a .keras archive runs the file\'s slope, not tfjs\'s default 0.3', async () => {
    await expectTrueSlope('m.keras', await kerasArchive(spec({ cls: 'LeakyReLU', name: 'leaky', config: { negative_slope: SLOPE } })));
  });

  it('Keras 2 LeakyReLU(alpha) in an .h5 file', async () => {
    await expectTrueSlope('m.h5', await kerasH5(spec({ cls: 'LeakyReLU', name: 'leaky', config: { alpha: SLOPE } })));
  });

  it('a ReLU layer with a negative_slope (and no cap) is a leaky ReLU, in .keras and .h5', async () => {
    const relu = spec({ cls: 'ReLU', name: 'leaky', config: { max_value: null, negative_slope: SLOPE, threshold: 0 } });
    await expectTrueSlope('m.keras', await kerasArchive(relu));
    await expectTrueSlope('m.h5', await kerasH5(relu));
  });

  it('a tfjs Layers model.json holding a Keras 3 LeakyReLU config', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [6], units: 5, name: 'hidden' }), tf.layers.leakyReLU({ alpha: SLOPE, name: 'leaky' }), tf.layers.dense({ units: 3, activation: 'softmax', name: 'head' })],
    });
    model.setWeights([W1, B1, W2, B2].map((w) => tf.tensor(Array.from(w.values), [...w.shape])));
    const a = await layersArtifacts(model);
    model.dispose();
    // Keras 3 spells the slope negative_slope; tfjs's own save wrote alpha.
    const topology = JSON.parse(JSON.stringify(a.modelTopology), (key, value: unknown) => {
      if (value && typeof value === 'object' && 'alpha' in value && !Array.isArray(value)) {
        const { alpha, ...rest } = value as Record<string, unknown>;
        return { ...rest, negative_slope: alpha };
      }
      return value;
    }) as object;
    expect(JSON.stringify(topology)).toContain('"negative_slope":0.05');
    const m = await loadModelFromMap('model.json', new Map([['model.json', modelJson({ ...a, modelTopology: topology }, 'w.bin')], ['w.bin', a.weightData]]), 'leaky');
    expect(Array.from((m.graph.nodes.find((n) => n.op.kind === 'leakyRelu')!.op as LeakyReluOp).alpha)).toEqual([SLOPE]);
    for (const x of inputs) floatOutput(m.graph, x).forEach((v, i) => expect(Math.abs(v - logits(SLOPE)(x)[i]!)).toBeLessThan(1e-5));
  });

  it('refuses a ReLU with a threshold, or a leaky ReLU with a cap, naming the layer', async () => {
    for (const config of [
      { max_value: null, negative_slope: 0, threshold: 0.5 },
      { max_value: 6, negative_slope: 0.1, threshold: 0 },
    ]) {
      const err = await kerasArchive(spec({ cls: 'ReLU', name: 'odd', config })).then((b) => loadModelFromMap('m.keras', new Map([['m.keras', b]]), 'x')).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ZkinferError);
      expect((err as Error).message).toMatch(/^layer "odd" \(ReLU\) sets threshold .*; supported: the plain ReLU, ReLU6 \(max_value 6\) and a leaky ReLU/);
    }
  });
});
