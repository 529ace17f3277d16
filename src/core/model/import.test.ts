import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { floatOutput } from './float-inference.js';
import { importModel } from './import.js';
import { loadModel } from './load.js';
import { ZkinferError } from '../errors.js';

tf.setBackend('cpu');

function random(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}

/** The float IR must compute what tfjs computes (before a final softmax/sigmoid). */
function expectSameAsTfjs(model: tf.LayersModel, inputShape: number[], finalActivation: 'softmax' | 'sigmoid' | 'none') {
  const graph = importModel(model);
  const n = inputShape.reduce((a, b) => a * b, 1);
  for (let seed = 1; seed <= 5; seed++) {
    const x = random(n, seed);
    const expected = (model.predict(tf.tensor([x]).reshape([1, ...inputShape])) as tf.Tensor).dataSync();
    const logits = floatOutput(graph, x);
    let got = Array.from(logits);
    if (finalActivation === 'softmax') {
      const m = Math.max(...got);
      const e = got.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      got = e.map((v) => v / s);
    } else if (finalActivation === 'sigmoid') {
      got = got.map((v) => 1 / (1 + Math.exp(-v)));
    }
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
  }
  return graph;
}

function randomizeBatchNorm(model: tf.LayersModel) {
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const ws = layer.getWeights();
    layer.setWeights(ws.map((w, i) => tf.tensor(random(w.size, 40 + i).map((v) => (i === 3 ? 0.5 + Math.abs(v) : v)), w.shape)));
  }
}

describe('importModel', () => {
  it('reads a Sequential model with every supported layer and computes what tfjs computes', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.reshape({ inputShape: [6], targetShape: [2, 3] }),
        tf.layers.flatten(),
        tf.layers.batchNormalization({ epsilon: 1e-5 }),
        tf.layers.dense({ units: 5, activation: 'relu' }),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({ units: 4 }),
        tf.layers.activation({ activation: 'relu' }),
        tf.layers.dense({ units: 4 }),
        tf.layers.reLU(),
        tf.layers.batchNormalization({ center: false }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    randomizeBatchNorm(model);
    const graph = expectSameAsTfjs(model, [6], 'softmax');
    expect(graph.suggestedOutput).toBe('argmax');
    expect(graph.parameters).toBe(model.countParams());
  });

  it('reads a functional model with Add and Concatenate', () => {
    const x = tf.input({ shape: [4] });
    const a = tf.layers.dense({ units: 3, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 3 }).apply(x) as tf.SymbolicTensor;
    const s = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
    const c = tf.layers.concatenate().apply([s, a, x]) as tf.SymbolicTensor;
    const y = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(c) as tf.SymbolicTensor;
    const graph = expectSameAsTfjs(tf.model({ inputs: x, outputs: y }), [4], 'sigmoid');
    expect(graph.suggestedOutput).toBe('sign');
  });

  it('reads convolutional models (Conv2D, DepthwiseConv2D, pooling, padding) as tfjs computes them', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.zeroPadding2d({ inputShape: [9, 9, 2], padding: [[1, 0], [0, 2]] }),
        tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
        tf.layers.batchNormalization(),
        tf.layers.depthwiseConv2d({ kernelSize: [2, 3], depthMultiplier: 2, padding: 'valid' }),
        tf.layers.reLU(),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same' }),
        tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' }),
        tf.layers.conv2d({ filters: 4, kernelSize: 1, useBias: false }),
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    randomizeBatchNorm(model);
    expectSameAsTfjs(model, [9, 9, 2], 'softmax');
    const pools = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 }), tf.layers.globalMaxPooling2d({}), tf.layers.dense({ units: 2 })] });
    expectSameAsTfjs(pools, [6, 6, 1], 'none');
  });

  it('rejects dilated and channels-first convolutions', () => {
    const dilated = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 1, kernelSize: 3, dilationRate: 2, name: 'dil' })] });
    expect(() => importModel(dilated)).toThrow(/"dil" \(Conv2D\) uses dilation; only dilation 1 is supported/);
  });

  it('names an unsupported layer, its class and what is supported', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 4 }), tf.layers.elu({ name: 'elu' })] });
    expect(() => importModel(model)).toThrow(/layer "elu" has class ELU, which is not supported; supported layers: InputLayer, Dense/);
  });

  it('rejects softmax before the last layer and unsupported activations', () => {
    const mid = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 4, activation: 'softmax', name: 'early' }), tf.layers.dense({ units: 2 })] });
    expect(() => importModel(mid)).toThrow(/"early" \(Dense\) uses activation "softmax" before the final layer/);
    const tanh = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 4, activation: 'tanh', name: 't' })] });
    expect(() => importModel(tanh)).toThrow(/uses activation "tanh"/);
  });

  it('rejects NaN and Infinity weights, naming the layer', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, name: 'bad' })] });
    model.layers[0]!.setWeights([tf.tensor([[1, NaN], [0, 1]]), tf.tensor([0, 0])]);
    expect(() => importModel(model)).toThrow(/layer "bad" \(Dense\) has a non-finite value \(NaN\)/);
    model.layers[0]!.setWeights([tf.tensor([[1, 0], [0, 1]]), tf.tensor([Infinity, 0])]);
    expect(() => importModel(model)).toThrow(/non-finite value \(Infinity\)/);
  });

  it('rejects models with several inputs', () => {
    const a = tf.input({ shape: [2] });
    const b = tf.input({ shape: [2] });
    const m = tf.model({ inputs: [a, b], outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor });
    expect(() => importModel(m)).toThrow(/has 2 inputs; only models with one input are supported/);
  });
});

describe('loadModel from bytes', () => {
  async function saved(): Promise<{ json: string; weights: Uint8Array }> {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
    let json = '';
    let weights = new Uint8Array();
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        json = JSON.stringify({ modelTopology: a.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] });
        weights = new Uint8Array(a.weightData as ArrayBuffer);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    return { json, weights };
  }

  it('round-trips a saved model', async () => {
    const { json, weights } = await saved();
    const m = await loadModel({ modelJson: json, weights: new Map([['w.bin', weights]]) });
    expect(importModel(m).nodes[0]!.op.kind).toBe('dense');
  });

  it('explains malformed JSON, a missing weight file, a truncated weight file and a graph model', async () => {
    const { json, weights } = await saved();
    const err = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as ZkinferError);
    expect((await err(loadModel({ modelJson: json.slice(0, 40), weights: new Map() })))?.message).toMatch(/model.json is not valid JSON/);
    expect((await err(loadModel({ modelJson: json, weights: new Map() })))?.message).toMatch(/weight file "w.bin", which was not provided/);
    expect((await err(loadModel({ modelJson: json, weights: new Map([['w.bin', weights.slice(0, 8)]]) })))?.message).toMatch(/hold 8 bytes but model.json describes 32/);
    const graphModel = JSON.stringify({ ...JSON.parse(json), format: 'graph-model' });
    expect((await err(loadModel({ modelJson: graphModel, weights: new Map([['w.bin', weights]]) })))?.message).toMatch(/format "graph-model"/);
    expect((await err(loadModel({ modelJson: '{"hello": 1}', weights: new Map() })))?.message).toMatch(/no "modelTopology"/);
  });
});
