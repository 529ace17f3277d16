/**
 * Small Keras models for tests, described once (layers with Keras's own config keys and weights in
 * Keras's order) and written out as Keras 2.x and Keras 3.x would write them: configs with the keys
 * each version uses, `.h5` and `.keras` files (keras-writer.ts), and an independent tfjs model
 * built with tfjs's own layer constructors as the float reference.
 */
import * as tf from '@tensorflow/tfjs';
import { seeded } from './onnx-builder.js';
import { kerasArchiveBytes, kerasH5Bytes, type H5Layer, type StoredArray } from './keras-writer.js';

export interface KerasLayerSpec {
  readonly cls: string;
  readonly name: string;
  /** Keras config keys (snake case), without name/trainable/dtype/initializers. */
  readonly config: Record<string, unknown>;
  readonly weights?: readonly StoredArray[];
  /** Functional models: the names of the layers this one reads (default: the previous layer). */
  readonly inbound?: readonly string[];
}

export interface KerasModelSpec {
  readonly kind: 'Sequential' | 'Functional';
  readonly input: { readonly name: string; readonly shape: readonly number[] };
  readonly layers: readonly KerasLayerSpec[];
}

const WEIGHT_NAMES: Record<string, readonly string[]> = {
  Dense: ['kernel', 'bias'],
  Conv2D: ['kernel', 'bias'],
  DepthwiseConv2D: ['depthwise_kernel', 'bias'],
  BatchNormalization: ['gamma', 'beta', 'moving_mean', 'moving_variance'],
};

/** The snake-case names Keras 3 gives these classes in model.weights.h5, written out by hand. */
const V3_GROUP: Record<string, string> = { Dense: 'dense', Conv2D: 'conv2d', DepthwiseConv2D: 'depthwise_conv2d', BatchNormalization: 'batch_normalization' };

const v3Initializer = (cls: string) => ({ module: 'keras.initializers', class_name: cls, config: { seed: null }, registered_name: null });
const v3Policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

function initializers(cls: string, v3: boolean): Record<string, unknown> {
  const init = (c: string) => (v3 ? v3Initializer(c) : { class_name: c, config: c === 'GlorotUniform' ? { seed: null } : {} });
  if (cls === 'Dense' || cls === 'Conv2D') return { kernel_initializer: init('GlorotUniform'), bias_initializer: init('Zeros'), kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null };
  if (cls === 'BatchNormalization') return { beta_initializer: init('Zeros'), gamma_initializer: init('Ones'), moving_mean_initializer: init('Zeros'), moving_variance_initializer: init('Ones') };
  return {};
}

const inboundOf = (spec: KerasModelSpec, i: number) => spec.layers[i]!.inbound ?? [i === 0 ? spec.input.name : spec.layers[i - 1]!.name];

/** The config Keras 2.x (tf.keras) writes into model_config. */
export function keras2Config(spec: KerasModelSpec): object {
  const input = { class_name: 'InputLayer', config: { batch_input_shape: [null, ...spec.input.shape], dtype: 'float32', sparse: false, ragged: false, name: spec.input.name } };
  const layers = spec.layers.map((l, i) => {
    const entry: Record<string, unknown> = { class_name: l.cls, config: { name: l.name, trainable: true, dtype: 'float32', ...l.config, ...initializers(l.cls, false) } };
    if (spec.kind === 'Functional') {
      entry.name = l.name;
      entry.inbound_nodes = [inboundOf(spec, i).map((n) => [n, 0, 0, {}])];
    }
    return entry;
  });
  if (spec.kind === 'Sequential') return { class_name: 'Sequential', config: { name: 'sequential', layers: [input, ...layers] } };
  const last = spec.layers.at(-1)!.name;
  return {
    class_name: 'Functional',
    config: { name: 'model', layers: [{ ...input, name: spec.input.name, inbound_nodes: [] }, ...layers], input_layers: [[spec.input.name, 0, 0]], output_layers: [[last, 0, 0]] },
  };
}

/** The config Keras 3.x writes into config.json. */
export function keras3Config(spec: KerasModelSpec): object {
  const tensor = (from: string) => ({ class_name: '__keras_tensor__', config: { shape: null, dtype: 'float32', keras_history: [from, 0, 0] } });
  const input = { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, ...spec.input.shape], dtype: 'float32', sparse: false, name: spec.input.name }, registered_name: null };
  const layers = spec.layers.map((l, i) => {
    const entry: Record<string, unknown> = {
      module: 'keras.layers',
      class_name: l.cls,
      config: { name: l.name, trainable: true, dtype: v3Policy, ...l.config, ...initializers(l.cls, true) },
      registered_name: null,
      build_config: { input_shape: null },
    };
    if (spec.kind === 'Functional') {
      const from = inboundOf(spec, i);
      entry.name = l.name;
      // One tensor is the first call argument; several (Add, Concatenate) are one list argument.
      entry.inbound_nodes = [{ args: from.length === 1 ? [tensor(from[0]!)] : [from.map(tensor)], kwargs: {} }];
    }
    return entry;
  });
  const top = { name: spec.kind === 'Sequential' ? 'sequential' : 'functional', trainable: true, dtype: v3Policy };
  const config =
    spec.kind === 'Sequential'
      ? { ...top, layers: [input, ...layers] }
      : { ...top, layers: [{ ...input, name: spec.input.name, inbound_nodes: [] }, ...layers], input_layers: [[spec.input.name, 0, 0]], output_layers: [spec.layers.at(-1)!.name, 0, 0] };
  return { module: 'keras', class_name: spec.kind, config, registered_name: null, build_config: { input_shape: [null, ...spec.input.shape] }, compile_config: null };
}

export function kerasH5(spec: KerasModelSpec): Promise<Uint8Array> {
  const layers: H5Layer[] = spec.layers.map((l) => ({
    name: l.name,
    weights: (l.weights ?? []).map((array, i) => ({ name: `${l.name}/${WEIGHT_NAMES[l.cls]![i]}:0`, array })),
  }));
  return kerasH5Bytes(keras2Config(spec), layers);
}

export function kerasArchive(spec: KerasModelSpec): Promise<Uint8Array> {
  const used = new Map<string, number>();
  const groups = new Map<string, readonly StoredArray[]>();
  for (const l of spec.layers) {
    const base = V3_GROUP[l.cls] ?? l.cls.toLowerCase();
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    groups.set(`layers/${n === 0 ? base : `${base}_${n}`}`, l.weights ?? []);
  }
  return kerasArchiveBytes(keras3Config(spec), groups);
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The same model built with tfjs's layer constructors (not from a config), weights set directly. */
export function referenceModel(spec: KerasModelSpec): tf.LayersModel {
  const made = new Map<string, tf.SymbolicTensor>();
  const input = tf.input({ shape: [...spec.input.shape], name: spec.input.name });
  made.set(spec.input.name, input);
  const built: [tf.layers.Layer, readonly StoredArray[]][] = [];
  spec.layers.forEach((l, i) => {
    // tfjs spells Keras's values in camel case too ("channels_last" → "channelsLast").
    const args = Object.fromEntries(Object.entries(l.config).map(([k, v]) => [camel(k), k === 'data_format' ? camel(String(v)) : v])) as Record<string, never>;
    const a = { ...args, name: l.name } as never;
    const make: Record<string, () => tf.layers.Layer> = {
      Dense: () => tf.layers.dense(a),
      Conv2D: () => tf.layers.conv2d(a),
      DepthwiseConv2D: () => tf.layers.depthwiseConv2d(a),
      BatchNormalization: () => tf.layers.batchNormalization(a),
      MaxPooling2D: () => tf.layers.maxPooling2d(a),
      AveragePooling2D: () => tf.layers.averagePooling2d(a),
      GlobalAveragePooling2D: () => tf.layers.globalAveragePooling2d(a),
      GlobalMaxPooling2D: () => tf.layers.globalMaxPooling2d(a),
      ZeroPadding2D: () => tf.layers.zeroPadding2d(a),
      Flatten: () => tf.layers.flatten(a),
      Dropout: () => tf.layers.dropout(a),
      ReLU: () => tf.layers.reLU(a),
      Activation: () => tf.layers.activation(a),
      Add: () => tf.layers.add(a),
      Concatenate: () => tf.layers.concatenate(a),
    };
    const layer = make[l.cls]!();
    const from = inboundOf(spec, i).map((n) => made.get(n)!);
    made.set(l.name, layer.apply(from.length === 1 ? from[0]! : from) as tf.SymbolicTensor);
    if (l.weights) built.push([layer, l.weights]);
  });
  const model = tf.model({ inputs: input, outputs: made.get(spec.layers.at(-1)!.name)! });
  for (const [layer, ws] of built) layer.setWeights(ws.map((w) => tf.tensor(Array.from(w.values), [...w.shape])));
  return model;
}

const arr = (shape: number[], seed: number, scale = 1): StoredArray => ({ shape, values: seeded(shape.reduce((a, b) => a * b, 1), seed).map((v) => v * scale) });
const variance = (n: number, seed: number): StoredArray => ({ shape: [n], values: seeded(n, seed).map((v) => 0.5 + Math.abs(v)) });

/** A small CNN over a 10×10×1 image with every layer kind the Keras tests cover. */
export const kerasCnn: KerasModelSpec = {
  kind: 'Sequential',
  input: { name: 'image', shape: [10, 10, 1] },
  layers: [
    { cls: 'Conv2D', name: 'conv2d', config: { filters: 4, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'relu', use_bias: true }, weights: [arr([3, 3, 1, 4], 1), arr([4], 2, 0.1)] },
    { cls: 'BatchNormalization', name: 'batch_normalization', config: { axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true }, weights: [arr([4], 3), arr([4], 4, 0.2), arr([4], 5, 0.3), variance(4, 6)] },
    { cls: 'MaxPooling2D', name: 'max_pooling2d', config: { pool_size: [2, 2], strides: [2, 2], padding: 'valid', data_format: 'channels_last' } },
    { cls: 'Conv2D', name: 'conv2d_1', config: { filters: 6, kernel_size: [3, 3], strides: [1, 1], padding: 'same', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'linear', use_bias: true }, weights: [arr([3, 3, 4, 6], 7, 0.5), arr([6], 8, 0.1)] },
    { cls: 'ReLU', name: 're_lu', config: { max_value: null, negative_slope: 0, threshold: 0 } },
    { cls: 'AveragePooling2D', name: 'average_pooling2d', config: { pool_size: [2, 2], strides: [2, 2], padding: 'valid', data_format: 'channels_last' } },
    { cls: 'Flatten', name: 'flatten', config: { data_format: 'channels_last' } },
    { cls: 'Dropout', name: 'dropout', config: { rate: 0.25, noise_shape: null, seed: null } },
    { cls: 'Dense', name: 'dense', config: { units: 8, activation: 'relu', use_bias: true }, weights: [arr([24, 8], 9, 0.6), arr([8], 10, 0.1)] },
    { cls: 'Dense', name: 'dense_1', config: { units: 3, activation: 'linear', use_bias: true }, // The bias spreads seeded inputs over all three classes (22 / 129 / 49 of the tests' 200).
      weights: [arr([8, 3], 11), { shape: [3], values: [-0.07, 0.08, 0.53] }] },
    { cls: 'Activation', name: 'activation', config: { activation: 'softmax' } },
  ],
};

/** A Functional model with two branches joined by Add. */
export const kerasResidual: KerasModelSpec = {
  kind: 'Functional',
  input: { name: 'input_layer', shape: [6, 6, 2] },
  layers: [
    { cls: 'Conv2D', name: 'wide', config: { filters: 3, kernel_size: [3, 3], strides: [1, 1], padding: 'same', activation: 'relu', use_bias: true }, weights: [arr([3, 3, 2, 3], 21), arr([3], 22, 0.1)] },
    { cls: 'Conv2D', name: 'narrow', config: { filters: 3, kernel_size: [1, 1], strides: [1, 1], padding: 'valid', activation: 'linear', use_bias: false }, weights: [arr([1, 1, 2, 3], 23)], inbound: ['input_layer'] },
    { cls: 'Add', name: 'add', config: {}, inbound: ['wide', 'narrow'] },
    { cls: 'GlobalAveragePooling2D', name: 'global_average_pooling2d', config: { data_format: 'channels_last' } },
    { cls: 'Dense', name: 'head', config: { units: 3, activation: 'softmax', use_bias: true }, weights: [arr([3, 3], 24), arr([3], 25, 0.1)] },
  ],
};

/** A Functional model with a padded depthwise ReLU6 branch and a pointwise branch, concatenated. */
export const kerasBranches: KerasModelSpec = {
  kind: 'Functional',
  input: { name: 'input_layer', shape: [6, 6, 2] },
  layers: [
    { cls: 'ZeroPadding2D', name: 'pad', config: { padding: [[1, 1], [1, 1]], data_format: 'channels_last' } },
    { cls: 'DepthwiseConv2D', name: 'depthwise', config: { kernel_size: [3, 3], strides: [1, 1], padding: 'valid', depth_multiplier: 2, activation: 'linear', use_bias: true }, weights: [arr([3, 3, 2, 2], 51), arr([4], 52, 0.1)] },
    { cls: 'ReLU', name: 'depthwise_relu', config: { max_value: 6, negative_slope: 0, threshold: 0 } },
    { cls: 'Conv2D', name: 'pointwise', config: { filters: 3, kernel_size: [1, 1], strides: [1, 1], padding: 'valid', activation: 'relu', use_bias: true }, weights: [arr([1, 1, 2, 3], 53), arr([3], 54, 0.1)], inbound: ['input_layer'] },
    { cls: 'Concatenate', name: 'concatenate', config: { axis: -1 }, inbound: ['depthwise_relu', 'pointwise'] },
    { cls: 'GlobalMaxPooling2D', name: 'global_max_pooling2d', config: { data_format: 'channels_last' } },
    { cls: 'Dense', name: 'head', config: { units: 3, activation: 'softmax', use_bias: true }, weights: [arr([7, 3], 55), arr([3], 56, 0.1)] },
  ],
};

/**
 * The first blocks of a MobileNetV2 at 224×224 (strided conv, BN, ReLU6, depthwise, pointwise):
 * 33k parameters but 1.2M non-linear activations, far too many to prove.
 */
export const kerasMobileStem: KerasModelSpec = {
  kind: 'Sequential',
  input: { name: 'input_layer', shape: [224, 224, 3] },
  layers: [
    { cls: 'Conv2D', name: 'Conv1', config: { filters: 32, kernel_size: [3, 3], strides: [2, 2], padding: 'same', activation: 'linear', use_bias: false }, weights: [arr([3, 3, 3, 32], 31, 0.5)] },
    { cls: 'BatchNormalization', name: 'bn_Conv1', config: { axis: -1, epsilon: 0.001, center: true, scale: true }, weights: [arr([32], 32), arr([32], 33, 0.2), arr([32], 34, 0.3), variance(32, 35)] },
    { cls: 'ReLU', name: 'Conv1_relu', config: { max_value: 6, negative_slope: 0, threshold: 0 } },
    { cls: 'DepthwiseConv2D', name: 'expanded_conv_depthwise', config: { kernel_size: [3, 3], strides: [1, 1], padding: 'same', depth_multiplier: 1, activation: 'linear', use_bias: false }, weights: [arr([3, 3, 32, 1], 36, 0.5)] },
    { cls: 'ReLU', name: 'expanded_conv_depthwise_relu', config: { max_value: 6, negative_slope: 0, threshold: 0 } },
    { cls: 'Conv2D', name: 'expanded_conv_project', config: { filters: 64, kernel_size: [1, 1], strides: [1, 1], padding: 'valid', activation: 'relu', use_bias: true }, weights: [arr([1, 1, 32, 64], 37, 0.3), arr([64], 38, 0.1)] },
    { cls: 'GlobalAveragePooling2D', name: 'global_average_pooling2d', config: { data_format: 'channels_last' } },
    { cls: 'Dense', name: 'predictions', config: { units: 10, activation: 'softmax', use_bias: true }, weights: [arr([64, 10], 39, 0.3), arr([10], 40, 0.1)] },
  ],
};
