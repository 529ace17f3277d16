import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormTraining, installFastConvFilterGrad, TrainingBatchNorm } from './fast-training';

type Conv = { x: number[]; w: number[]; strides: number | [number, number]; pad: 'same' | 'valid' };
const CONVS: Conv[] = [
  { x: [2, 9, 9, 1], w: [5, 5, 1, 3], strides: 2, pad: 'same' },
  { x: [3, 8, 7, 4], w: [3, 3, 4, 5], strides: 1, pad: 'valid' },
  { x: [2, 10, 9, 3], w: [4, 3, 3, 2], strides: [2, 3], pad: 'same' },
];

const convWeightGrad = (c: Conv, x: tf.Tensor, w: tf.Tensor, dy: tf.Tensor) =>
  tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad))([x, w], dy)[1]!;

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.sub(a, b).abs().max().dataSync()[0]!);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('installFastConvFilterGrad', () => {
  it('gives the stock kernel’s conv weight gradients (same, valid, uneven strides)', () => {
    const cases = CONVS.map((c, k) => {
      const x = tf.randomNormal(c.x, 0, 1, 'float32', 10 + k);
      const w = tf.randomNormal(c.w, 0, 1, 'float32', 20 + k);
      const dy = tf.randomNormal(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad).shape, 0, 1, 'float32', 30 + k);
      return { c, x, w, dy, stock: convWeightGrad(c, x, w, dy) };
    });
    installFastConvFilterGrad();
    installFastConvFilterGrad(); // idempotent
    for (const { c, x, w, dy, stock } of cases) {
      const fast = convWeightGrad(c, x, w, dy);
      expect(fast.shape).toEqual(stock.shape);
      expect(maxAbsDiff(fast, stock)).toBeLessThan(1e-4);
    }
  });
});

describe('batchNormTraining', () => {
  /** The same transform from stock tfjs ops, differentiated by tfjs. */
  const reference = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number) => {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    return tf.add(tf.mul(g, tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)))), b);
  };

  it('matches the tfjs-ops formula in value and in all three gradients', () => {
    const x = tf.randomNormal([4, 5, 3, 6], 2, 3, 'float32', 1);
    const g = tf.randomNormal([6], 1, 0.5, 'float32', 2);
    const b = tf.randomNormal([6], 0, 1, 'float32', 3);
    const dy = tf.randomNormal(x.shape, 0, 1, 'float32', 4);
    expect(maxAbsDiff(batchNormTraining(x, g, b, 1e-3), reference(x, g, b, 1e-3))).toBeLessThan(1e-5);
    const ours = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => batchNormTraining(a, c, d, 1e-3))([x, g, b], dy);
    const theirs = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => reference(a, c, d, 1e-3))([x, g, b], dy);
    ours.forEach((t, k) => expect(maxAbsDiff(t, theirs[k]!)).toBeLessThan(1e-4));
  });

  it('agrees with tfjs BatchNormalization in training mode, as a layer with trainable γ, β', () => {
    const x = tf.randomNormal([8, 4, 4, 3], 1, 2, 'float32', 5);
    const ours = new TrainingBatchNorm({ name: 'tbn' });
    const stock = tf.layers.batchNormalization({});
    const a = ours.apply(x) as tf.Tensor;
    const b = stock.apply(x, { training: true }) as tf.Tensor;
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
    expect(ours.trainableWeights.map((w) => w.name)).toEqual(['tbn/gamma', 'tbn/beta']);
    expect(ours.computeOutputShape([null, 4, 4, 3])).toEqual([null, 4, 4, 3]);
  });
});
