/**
 * tfjs Layers models in the forms people save them, each against tfjs itself: quantized weights
 * (uint8, uint16, float16) dequantized exactly as tfjs's decodeWeights does, "./" weight paths,
 * and Keras 2.7+ / Keras 3 configs whose activations are objects. Each goes through the circuit:
 * ≥ 99.5 % top-1 agreement with tfjs on 200 seeded inputs, witnesses checked.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { circuitAgreement } from '../test-support/circuit-agreement.js';
import { layersArtifacts, modelJson, quantizeArtifacts, tfjsLoads, type LayersArtifacts } from '../test-support/tfjs-artifacts.js';
import { seededRng } from '../seeded-rng.js';
import { floatOutput } from './float-inference.js';
import type { DenseOp } from './ir.js';
import { activationName } from './tfjs-layers-config.js';
import { loadModelFromMap } from './source.js';

tf.setBackend('cpu');

let float: LayersArtifacts;
let reference: tf.LayersModel;

beforeAll(async () => {
  const random = seededRng(13);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [8], units: 12, activation: 'relu', name: 'hidden' }),
      tf.layers.dense({ units: 4, activation: 'softmax', name: 'head' }),
    ],
  });
  model.setWeights(model.getWeights().map((w) => tf.tensor(Array.from({ length: w.size }, () => (random() * 2 - 1) * 0.8), w.shape)));
  reference = model;
  float = await layersArtifacts(model);
});

const predictWith = (m: tf.LayersModel) => (x: number[]) => (m.predict(tf.tensor2d([x])) as tf.Tensor).dataSync();

async function ours(a: LayersArtifacts, path = './model.weights.bin', extra?: Record<string, unknown>) {
  const files = new Map([
    ['model.json', modelJson(a, path, extra)],
    [path.replace(/^(\.\/)+/, ''), a.weightData],
  ]);
  return loadModelFromMap('model.json', files, 'forms');
}

describe('tfjs Layers: quantized weights', () => {
  for (const dtype of ['uint8', 'uint16', 'float16'] as const) {
    it(`${dtype}: dequantized as tfjs does, and the circuit agrees with tfjs on ≥ 99.5 % of 200 inputs`, async () => {
      const q = quantizeArtifacts(float, dtype);
      expect(q.weightData.length).toBe(float.weightData.length / (dtype === 'uint8' ? 4 : 2));
      const tfjsModel = await tfjsLoads(q);
      const m = await ours(q);
      expect(m.format).toBe('tfjs-layers');
      // The kernel tfjs holds after decodeWeights, value for value.
      const kernel = (m.graph.nodes[0]!.op as DenseOp).kernel;
      expect(Array.from(kernel)).toEqual(Array.from(tfjsModel.layers[0]!.getWeights()[0]!.dataSync()));
      if (dtype !== 'float16') {
        const { min, scale } = q.weightSpecs[0]!.quantization as { min: number; scale: number };
        const code = dtype === 'uint8' ? q.weightData[0]! : new DataView(q.weightData.buffer).getUint16(0, true);
        expect(kernel[0]).toBe(Math.fround(code * scale + min));
      }
      for (let s = 0; s < 5; s++) {
        const x = Array.from({ length: 8 }, (_, i) => Math.sin(i + s * 8));
        const want = predictWith(tfjsModel)(x);
        const logits = Array.from(floatOutput(m.graph, x));
        const e = logits.map((v) => Math.exp(v - Math.max(...logits)));
        e.forEach((v, i) => expect(v / e.reduce((a, b) => a + b, 0)).toBeCloseTo(want[i]!, 5));
      }
      const r = circuitAgreement(m.graph, predictWith(tfjsModel), { seed: dtype.length });
      expect(r.top1).toBeGreaterThanOrEqual(0.995);
      tfjsModel.dispose();
    });
  }

  it('still refuses a weight file that does not match the manifest, naming both sizes', async () => {
    const q = quantizeArtifacts(float, 'uint8');
    await expect(ours({ ...q, weightData: q.weightData.subarray(1) })).rejects.toThrow(/hold \d+ bytes but model.json describes \d+/);
  });
});

describe('tfjs Layers: Keras 2.7+ and Keras 3 configs', () => {
  const rewrite = (topology: object, forms: Record<string, unknown>): object =>
    JSON.parse(JSON.stringify(topology), (key, value) => (key === 'activation' && typeof value === 'string' && value in forms ? forms[value] : value));

  it('reads activations given as objects, as tfjs would run them', async () => {
    const keras3 = (name: string) => ({ module: 'keras.activations', class_name: 'function', config: name, registered_name: 'function' });
    for (const forms of [
      { relu: { class_name: 'ReLU', config: {} }, softmax: { class_name: 'Softmax', config: { axis: -1 } } },
      { relu: keras3('relu'), softmax: keras3('softmax') },
    ]) {
      const m = await ours({ ...float, modelTopology: rewrite(float.modelTopology, forms) });
      expect(m.graph.nodes.map((n) => n.op.kind)).toEqual(['dense', 'relu', 'dense']);
      expect(m.graph.suggestedOutput).toBe('argmax');
      const r = circuitAgreement(m.graph, predictWith(reference), { seed: 5 });
      expect(r.top1).toBeGreaterThanOrEqual(0.995);
    }
  });

  it('reads Keras 3 spellings of the input shape and dtype policy', async () => {
    const topology = JSON.parse(JSON.stringify(float.modelTopology), (key, value) => {
      if (value && typeof value === 'object' && 'batch_input_shape' in value) {
        const { batch_input_shape: shape, ...rest } = value as Record<string, unknown>;
        return { ...rest, batch_shape: shape, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } } };
      }
      return value;
    });
    const m = await ours({ ...float, modelTopology: topology });
    expect(m.graph.shapes.get(m.graph.input)).toEqual([8]);
  });

  it('maps each activation spelling to its name', () => {
    expect(activationName('relu')).toBe('relu');
    expect(activationName({ class_name: 'Sigmoid', config: {} })).toBe('sigmoid');
    expect(activationName({ module: 'keras.activations', class_name: 'function', config: 'linear', registered_name: 'function' })).toBe('linear');
    expect(activationName(null)).toBe(null);
    expect(activationName({ class_name: 'ReLU', config: { max_value: 6, negative_slope: 0, threshold: 0 } })).toBe('relu6');
    // A clipped or leaky ReLU object is kept, so loading names it instead of running a plain ReLU.
    const leaky = { class_name: 'ReLU', config: { max_value: null, negative_slope: 0.1, threshold: 0 } };
    expect(activationName(leaky)).toEqual(leaky);
  });
});

describe('tfjs Layers: weight paths', () => {
  for (const path of ['./model.weights.bin', 'model.weights.bin', './././model.weights.bin']) {
    it(`"${path}" names the file beside model.json, which the package stores under its plain name`, async () => {
      const m = await ours(float, path);
      expect(m.files.map((f) => f.path)).toEqual(['model.json', 'model.weights.bin']);
    });
  }
});
