/**
 * Two small tabular models as a user would bring them to the app's "Your model" page, built here
 * (no download): an ONNX MLP (Gemm → Relu → Gemm → Softmax over 4 features) and a Keras 2 `.h5`
 * MLP (Dense relu → Dense softmax over 4 features). Small enough that publishing them with a
 * development key takes a second or two, so the e2e spec and the unit tests can both use them.
 */
import { kerasH5, type KerasModelSpec } from './keras-fixtures.js';
import { attr, floatTensor, node, onnxBytes, seeded } from './onnx-builder.js';

export const BYOM_FEATURES = 4;
export const BYOM_CLASSES = 3;

export function tabularOnnx(): Uint8Array {
  return onnxBytes({
    input: { name: 'features', dims: ['batch', BYOM_FEATURES] },
    output: { name: 'probs', dims: ['batch', BYOM_CLASSES] },
    initializers: [floatTensor('W1', [6, BYOM_FEATURES], seeded(24, 301)), floatTensor('b1', [6], seeded(6, 302).map((v) => v * 0.1)), floatTensor('W2', [BYOM_CLASSES, 6], seeded(18, 303)), floatTensor('b2', [BYOM_CLASSES], [0.05, -0.02, 0.01])],
    nodes: [
      node('Gemm', ['features', 'W1', 'b1'], ['h'], [attr.int('transB', 1)], 'hidden'),
      node('Relu', ['h'], ['r']),
      node('Gemm', ['r', 'W2', 'b2'], ['logits'], [attr.int('transB', 1)], 'head'),
      node('Softmax', ['logits'], ['probs']),
    ],
  });
}

const values = (shape: number[], seed: number, scale = 1) => ({ shape, values: seeded(shape.reduce((a, b) => a * b, 1), seed).map((v) => v * scale) });

export const tabularKeras: KerasModelSpec = {
  kind: 'Sequential',
  input: { name: 'features', shape: [BYOM_FEATURES] },
  layers: [
    { cls: 'Dense', name: 'hidden', config: { units: 6, activation: 'relu', use_bias: true }, weights: [values([BYOM_FEATURES, 6], 311), values([6], 312, 0.1)] },
    { cls: 'Dense', name: 'head', config: { units: BYOM_CLASSES, activation: 'softmax', use_bias: true }, weights: [values([6, BYOM_CLASSES], 313), values([BYOM_CLASSES], 314, 0.1)] },
  ],
};

export const tabularKerasH5 = (): Promise<Uint8Array> => kerasH5(tabularKeras);
