/**
 * Keras Conv2D(groups > 1), in a Keras 3 `.keras` and a Keras 2 `.h5`: imported as the IR's grouped
 * convolution (kernel [kh, kw, inC / groups, filters] as stored). tfjs cannot run a grouped
 * convolution, so the float reference is computed here group by group with tfjs ops (one conv per
 * group, concatenated). Forged witnesses for the grouped op are in ops/conv2d-grouped.test.ts;
 * the agreement run here checks honest witnesses and a forged output too.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { circuitAgreement } from '../test-support/circuit-agreement.js';
import { kerasArchive, kerasH5, type KerasModelSpec } from '../test-support/keras-fixtures.js';
import { seeded } from '../test-support/onnx-builder.js';
import { floatOutput } from './float-inference.js';
import { loadModelFromMap } from './source.js';

tf.setBackend('cpu');

const K = seeded(3 * 3 * 2 * 6, 81).map((v) => v * 0.6);
const KB = seeded(6, 82).map((v) => v * 0.1);
const D = seeded(6 * 3, 83);
const DB = seeded(3, 84).map((v) => v * 0.1);

const conv = (config: Record<string, unknown>, kernel = { shape: [3, 3, 2, 6], values: K }): KerasModelSpec => ({
  kind: 'Sequential',
  input: { name: 'image', shape: [5, 5, 4] },
  layers: [
    {
      cls: 'Conv2D',
      name: 'grouped',
      config: { filters: 6, kernel_size: [3, 3], strides: [1, 1], padding: 'same', data_format: 'channels_last', dilation_rate: [1, 1], groups: 2, activation: 'relu', use_bias: true, ...config },
      weights: [kernel, { shape: [6], values: KB }],
    },
    { cls: 'GlobalAveragePooling2D', name: 'gap', config: { data_format: 'channels_last' } },
    { cls: 'Dense', name: 'head', config: { units: 3, activation: 'softmax', use_bias: true }, weights: [{ shape: [6, 3], values: D }, { shape: [3], values: DB }] },
  ],
});

/** Keras's grouped conv: output channels 3k … 3k+2 read input channels 2k, 2k+1 (logits; softmax is the output rule). */
const reference = (x: number[]) =>
  tf.tidy(() => {
    const t = tf.tensor4d(x, [1, 5, 5, 4]);
    const kernel = tf.tensor4d(K, [3, 3, 2, 6]);
    const parts = [0, 1].map((g) => tf.conv2d(tf.slice(t, [0, 0, 0, 2 * g], [1, 5, 5, 2]), tf.slice(kernel, [0, 0, 0, 3 * g], [3, 3, 2, 3]), 1, 'same'));
    const c = tf.relu(tf.add(tf.concat(parts, 3), tf.tensor1d(KB)));
    return tf.add(tf.matMul(tf.mean(c, [1, 2]), tf.tensor2d(D, [6, 3])), tf.tensor1d(DB)).dataSync();
  });

describe('Keras Conv2D with groups', () => {
  for (const [file, write] of [
    ['m.keras', kerasArchive],
    ['m.h5', kerasH5],
  ] as const) {
    it(`${file}: a grouped conv2d computing what Keras computes, ≥ 99.5 % top-1 agreement on 200 inputs`, async () => {
      const m = await loadModelFromMap(file, new Map([[file, await write(conv({}))]]), 'grouped');
      const op = m.graph.nodes[0]!.op;
      expect(op.kind === 'conv2d' && op.geometry.groups).toBe(2);
      expect(op.kind === 'conv2d' && Array.from(op.kernel)).toEqual(Array.from(Float32Array.from(K)));
      expect(m.graph.parameters).toBe(108 + 6 + 18 + 3);
      for (let s = 0; s < 4; s++) {
        const x = seeded(100, 90 + s);
        const want = reference(x);
        floatOutput(m.graph, x).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
      }
      expect(circuitAgreement(m.graph, reference, { seed: 17 }).top1).toBeGreaterThanOrEqual(0.995);
    });
  }

  it('refuses groups that do not divide the channels, and a kernel of the wrong grouped shape, naming the layer', async () => {
    const load = async (spec: KerasModelSpec) =>
      loadModelFromMap('m.keras', new Map([['m.keras', await kerasArchive(spec)]]), 'x').then(
        () => 'accepted',
        (e: unknown) => {
          expect(e).toBeInstanceOf(ZkinferError);
          return (e as Error).message;
        },
      );
    expect(await load(conv({ groups: 3 }, { shape: [3, 3, 1, 6], values: K.slice(0, 54) }))).toMatch(/layer "grouped" \(Conv2D\) has 3 groups, which do not divide its 4 input and 6 output channels/);
    expect(await load(conv({}, { shape: [3, 3, 4, 6], values: seeded(216, 1) }))).toMatch(/layer "grouped" \(Conv2D\): its grouped kernel has shape \[3, 3, 4, 6\], the layer needs \[3, 3, 2, 6\]/);
  });
});
