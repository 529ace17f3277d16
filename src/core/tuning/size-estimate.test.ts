import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../compile.js';
import { importModel } from '../model/import.js';
import { uniformInputSpec } from '../model/input.js';
import { kerasCnn, kerasResidual, referenceModel } from '../test-support/keras-fixtures.js';
import { BROWSER_MEMORY_LIMIT, estimateCircuit, estimateSentence } from './size-estimate.js';

tf.setBackend('cpu');
const L = tf.layers;

/** A MobileNet-like stem: strided conv, ReLU6, depthwise and pointwise convolutions, BN, max pooling. */
function mobileStem(res: number, width: number): tf.LayersModel {
  return tf.sequential({
    layers: [
      L.conv2d({ inputShape: [res, res, 3], filters: width, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 1 }) }),
      L.batchNormalization(),
      L.reLU({ maxValue: 6 }),
      L.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, depthwiseInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 2 }) }),
      L.reLU({ maxValue: 6 }),
      L.conv2d({ filters: 2 * width, kernelSize: 1, kernelInitializer: tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed: 3 }) }),
      L.reLU(),
      L.maxPooling2d({ poolSize: 2 }),
      L.globalAveragePooling2d({}),
      L.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed: 4 }) }),
    ],
  });
}

const mlp = () => tf.sequential({ layers: [L.dense({ inputShape: [784], units: 56, activation: 'relu', kernelInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: 5 }) }), L.dense({ units: 10, activation: 'softmax' })] });

describe('estimateCircuit', () => {
  for (const [name, make] of [
    ['keras CNN (conv, BN, max/avg pooling, ReLU, dense)', () => referenceModel(kerasCnn)],
    ['two-branch Add model', () => referenceModel(kerasResidual)],
    ['MobileNet-like stem at 16×16 (ReLU6, depthwise)', () => mobileStem(16, 8)],
    ['MLP 784-56-10', mlp],
    ['MLP with LeakyReLU and PReLU', () => tf.sequential({ layers: [L.dense({ inputShape: [64], units: 32, kernelInitializer: tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed: 6 }) }), L.leakyReLU({ alpha: 0.1 }), L.dense({ units: 16, kernelInitializer: tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed: 7 }) }), L.prelu({ alphaInitializer: tf.initializers.constant({ value: 0.25 }) }), L.dense({ units: 4 })] })],
  ] as const) {
    it(`is within 5 % of the compiled constraints: ${name}`, () => {
      const model = make();
      const graph = importModel(model, 'm');
      model.dispose();
      const inputSpec = uniformInputSpec([...graph.shapes.get(graph.input)!], 0, 1, 8);
      const e = estimateCircuit(graph, { inputSpec });
      const actual = compileModel(graph, { inputSpec }).stats.constraints;
      expect(Math.abs(e.constraints / actual - 1)).toBeLessThan(0.05);
      expect(e.fitsBrowser).toBe(true);
      expect(estimateSentence(e)).toMatch(/fits a browser proof$/);
    });
  }

  it('answers for a MobileNet-like stem at 224×224 without building it, and says it will not fit', () => {
    const model = mobileStem(224, 32);
    const graph = importModel(model, 'big');
    model.dispose();
    const e = estimateCircuit(graph, { inputSpec: uniformInputSpec([224, 224, 3], 0, 1, 8) });
    // 112·112·32 ReLU6 twice and 112·112·64 ReLUs alone are over 1.2M activations.
    expect(e.constraints).toBeGreaterThan(20_000_000);
    expect(e.power).toBeGreaterThanOrEqual(25);
    expect(e.fitsBrowser).toBe(false);
    expect(e.browserMemoryBytes).toBeGreaterThan(BROWSER_MEMORY_LIMIT);
    expect(estimateSentence(e)).toMatch(/^estimated [\d.]+M constraints \(domain 2\^\d+\), proving key ≈ [\d.]+ GiB, browser memory ≈ [\d.]+ GiB, proof ≈ .* in Node \/ .* in a browser, key setup ≈ .*: will not fit a browser proof/);
  });
});
