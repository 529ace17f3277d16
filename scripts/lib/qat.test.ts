import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileModel, encodeInput, importModel, uniformInputSpec } from '../../src/core/index.js';
import { referenceInference } from '../../src/core/quant/reference.js';
import { seededRng } from '../../src/core/seeded-rng.js';
import { fineTune, forward, stepsOf, toModel } from './qat';

const WIDTHS = { weightBits: 5, activationBits: 4, inputBits: 3 };
const SHAPE = [6, 6, 1];

/** Conv → BatchNorm → ReLU → AvgPool → Flatten → Dense softmax, seeded, BN statistics not the identity. */
function smallCnn(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ filters: 3, kernelSize: 3, inputShape: SHAPE, kernelInitializer: tf.initializers.randomUniform({ minval: -0.6, maxval: 0.6, seed: 1 }), biasInitializer: 'ones' }));
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.reLU());
  model.add(tf.layers.averagePooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: tf.initializers.randomUniform({ minval: -0.8, maxval: 0.8, seed: 2 }) }));
  const bn = model.layers[1]!;
  bn.setWeights([tf.tensor1d([1.5, 0.7, 1.1]), tf.tensor1d([0.1, -0.2, 0.3]), tf.tensor1d([0.4, 0.2, -0.1]), tf.tensor1d([0.5, 2, 1])]);
  return model;
}

function inputs(n: number, seed: number): number[][] {
  const random = seededRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: 36 }, () => random()));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('quantization-aware fine-tuning', () => {
  it('folds BatchNormalization: the float steps compute the model', () => {
    const model = smallCnn();
    const steps = stepsOf(model);
    const xs = tf.tensor(inputs(8, 3).flat(), [8, ...SHAPE]);
    const stock = model.predict(xs) as tf.Tensor;
    const ours = tf.softmax(forward(steps, xs, WIDTHS, false));
    expect(tf.sub(stock, ours).abs().max().dataSync()[0]).toBeLessThan(1e-5);
  });

  it('rounds as the compiled circuit does: the rounded forward pass gives the circuit’s outputs', () => {
    const model = smallCnn();
    const steps = stepsOf(model);
    const tuned = toModel(steps, SHAPE, WIDTHS);
    const spec = uniformInputSpec(SHAPE, 0, 1, WIDTHS.inputBits);
    const compiled = compileModel(importModel(tuned, 'qat-test'), { inputSpec: spec, output: 'logits', weightBits: WIDTHS.weightBits, activationBits: WIDTHS.activationBits });
    const q = compiled.quantized;
    const out = q.tensors.get(q.output)!;
    const samples = inputs(40, 4);
    const rounded = forward(steps, tf.tensor(samples.flat(), [samples.length, ...SHAPE]), WIDTHS, true).arraySync() as number[][];
    let close = 0;
    samples.forEach((x, i) => {
      const ints = referenceInference(q, encodeInput(spec, x, 'clamp').codes).get(q.output)!;
      const circuit = ints.map((v) => Number(v) / 2 ** out.scale);
      // Exactly: the rounded pass computes on codes and grid values, which float32 holds exactly.
      if (circuit.every((v, j) => v === rounded[i]![j]!)) close++;
    });
    expect(close).toBe(samples.length);
    // And a grid the compiler does not share would not match: the float pass is measurably apart.
    const float = forward(steps, tf.tensor(samples.flat(), [samples.length, ...SHAPE]), WIDTHS, false).arraySync() as number[][];
    expect(float.some((row, i) => row.some((v, j) => Math.abs(v - rounded[i]![j]!) > 0.05))).toBe(true);
  });

  it('puts the weights on the compiler’s grid: compiling the tuned model rounds no weight', () => {
    const tuned = toModel(stepsOf(smallCnn()), SHAPE, WIDTHS);
    const conv = tuned.layers[0]!.getWeights()[0]!.dataSync();
    // First layer: the kernel times the input decode's 1/(2^bits − 1), on a power-of-two grid.
    const folded = Array.from(conv, (w) => w / (2 ** WIDTHS.inputBits - 1));
    const max = Math.max(...folded.map(Math.abs));
    const scale = WIDTHS.weightBits - 1 - Math.ceil(Math.log2(max));
    for (const w of folded) expect(Math.abs(w * 2 ** scale - Math.round(w * 2 ** scale))).toBeLessThan(1e-4);
  });

  it('lowers the rounded model’s loss on its task', () => {
    const steps = stepsOf(smallCnn());
    const x = inputs(64, 5);
    // A task the model can learn: the class is the quadrant with the largest sum.
    const labels = x.map((v) => {
      const sums = [0, 0, 0, 0];
      v.forEach((p, k) => (sums[(Math.floor(k / 6) < 3 ? 0 : 2) + (k % 6 < 3 ? 0 : 1)]! += p));
      return sums.indexOf(Math.max(...sums));
    });
    const batch = () => [{ xs: tf.tensor(x.flat(), [64, ...SHAPE]), ys: tf.oneHot(tf.tensor1d(labels, 'int32'), 4) }];
    const before = fineTune(steps, WIDTHS, 1, 0, batch);
    const after = fineTune(steps, WIDTHS, 30, 0.02, batch);
    expect(after).toBeLessThan(before * 0.8);
  });
});
