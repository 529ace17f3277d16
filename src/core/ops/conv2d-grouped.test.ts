/**
 * Grouped convolution (ONNX Conv with 1 < group < channels): each output channel reads only its
 * group's input channels. Through every stage with forged witnesses (op harness), an affine folded
 * in front of it, and an ONNX model against tfjs (one conv per group, concatenated) through the circuit.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { foldAffines } from '../model/fold.js';
import { floatOutput } from '../model/float-inference.js';
import { loadModelFromMap } from '../model/source.js';
import { circuitAgreement } from '../test-support/circuit-agreement.js';
import { checkOpStages } from '../test-support/op-harness.js';
import { attr, floatTensor, node, onnxBytes, seeded } from '../test-support/onnx-builder.js';
import { GraphMaker, rng } from '../test-support/random-graph.js';
import { windowFor } from '../tensor/spatial.js';
import type { TensorId } from '../model/ir.js';

tf.setBackend('cpu');

/** A 3×3 conv, 4 → 6 channels in 2 groups, stride 1; kernel [3, 3, 2, 6]. */
function grouped(g: GraphMaker, x: TensorId, padding: 'same' | 'valid' = 'same'): TensorId {
  const [h, w] = g.shape(x) as [number, number, number];
  const { outH, outW, ...window } = windowFor(h, w, [3, 3], [1, 1], padding);
  return g.op({ kind: 'conv2d', geometry: { inShape: [h, w, 4], outShape: [outH, outW, 6], window, depthMultiplier: 0, groups: 2 }, kernel: g.weights(3 * 3 * 2 * 6, 0.4), bias: g.weights(6, 0.2) }, [x], [outH, outW, 6]);
}

describe('grouped convolution', () => {
  it('float ≈ integer reference = circuit witness, and every forged wire fails', () => {
    const random = rng(41);
    const g = new GraphMaker(random, [4, 4, 4]);
    checkOpStages(g.graph(grouped(g, g.input)), random, { trials: 3 });
  });

  it('an affine before it folds in exactly (per input channel of each group)', () => {
    const g = new GraphMaker(rng(5), [4, 4, 4]);
    // Unpadded, so the affine's shift folds into the bias too.
    const graph = g.graph(g.reshape(grouped(g, g.affine(g.input), 'valid'), [24]));
    const folded = foldAffines(graph);
    expect(folded.nodes.map((n) => n.op.kind)).toEqual(['conv2d', 'reshape']);
    const x = seeded(64, 3);
    floatOutput(folded, x).forEach((v, i) => expect(v).toBeCloseTo(floatOutput(graph, x)[i]!, 9));
  });

  it('ONNX Conv with group 2 computes what tfjs computes group by group, through the circuit', async () => {
    const K = seeded(6 * 2 * 3 * 3, 8).map((v) => v * 0.6);
    const B = seeded(6, 9).map((v) => v * 0.1);
    const F = seeded(6 * 3, 10);
    const bytes = onnxBytes({
      input: { name: 'x', dims: ['n', 4, 5, 5] },
      output: { name: 'y', dims: ['n', 3] },
      initializers: [floatTensor('K', [6, 2, 3, 3], K), floatTensor('B', [6], B), floatTensor('F', [6, 3], F)],
      nodes: [
        node('Conv', ['x', 'K', 'B'], ['c'], [attr.ints('kernel_shape', [3, 3]), attr.int('group', 2), attr.ints('pads', [1, 1, 1, 1])], 'grouped'),
        node('Relu', ['c'], ['r']),
        node('GlobalAveragePool', ['r'], ['g']),
        node('Flatten', ['g'], ['f']),
        node('MatMul', ['f', 'F'], ['y']),
      ],
    });
    const m = await loadModelFromMap('model.onnx', new Map([['model.onnx', bytes]]), 'grouped');
    // tfjs in NHWC: group k convolves input channels 2k, 2k+1 with output channels 3k … 3k+2.
    const kernel = tf.transpose(tf.tensor4d(K, [6, 2, 3, 3]), [2, 3, 1, 0]) as tf.Tensor4D; // [3, 3, 2, 6]
    const ref = (v: number[]) => {
      const x = tf.tensor4d(v, [1, 5, 5, 4]);
      const parts = [0, 1].map((k) => tf.conv2d(tf.slice(x, [0, 0, 0, 2 * k], [1, 5, 5, 2]), tf.slice(kernel, [0, 0, 0, 3 * k], [3, 3, 2, 3]), 1, 'same'));
      const c = tf.relu(tf.add(tf.concat(parts, 3), tf.tensor1d(B)));
      return tf.matMul(tf.mean(c, [1, 2]), tf.tensor2d(F, [6, 3])).dataSync();
    };
    for (let s = 0; s < 3; s++) {
      const v = seeded(100, 20 + s);
      floatOutput(m.graph, v).forEach((y, i) => expect(Math.abs(y - ref(v)[i]!)).toBeLessThan(1e-5));
    }
    expect(circuitAgreement(m.graph, ref, { seed: 12 }).top1).toBeGreaterThanOrEqual(0.995);
  });
});
