/**
 * tfjs LayersModel → float graph IR. Walks the model's layer graph from its output back to its
 * input, turns each supported layer into IR ops, and rejects anything else with a sentence that
 * names the layer, its class and what is supported.
 */
import type * as tf from '@tensorflow/tfjs';
import { fail } from '../errors.js';
import type { Graph, Node, Op, OutputRule, TensorId } from './ir.js';
import { windowFor } from '../tensor/spatial.js';

export const SUPPORTED_LAYERS = [
  'InputLayer',
  'Dense',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'PReLU',
  'BatchNormalization',
  'Dropout',
  'Flatten',
  'Reshape',
  'Add',
  'Concatenate',
  'Conv2D',
  'DepthwiseConv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'ZeroPadding2D',
] as const;

const SUPPORTED_SENTENCE =
  `supported layers: ${SUPPORTED_LAYERS.join(', ')}; activations: linear, relu, relu6 ` +
  `(softmax and sigmoid on the final layer only)`;

type SymbolicTensor = tf.SymbolicTensor;
type Layer = tf.layers.Layer;

interface LayerConfig {
  activation?: unknown;
  alpha?: unknown;
  axis?: unknown;
  epsilon?: unknown;
  center?: unknown;
  scale?: unknown;
  useBias?: unknown;
  maxValue?: unknown;
  negativeSlope?: unknown;
  threshold?: unknown;
  kernelSize?: unknown;
  strides?: unknown;
  padding?: unknown;
  dataFormat?: unknown;
  dilationRate?: unknown;
  depthMultiplier?: unknown;
  poolSize?: unknown;
}

function pair(v: unknown, fallback: [number, number]): [number, number] {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return [v, v];
  const a = v as number[];
  return [a[0]!, a[1] ?? a[0]!];
}

function shapeOf(t: SymbolicTensor, layer: Layer): number[] {
  const dims = t.shape.slice(1);
  if (dims.some((d) => d === null || !Number.isInteger(d) || d <= 0)) {
    fail('model', 'dynamic-shape', `layer "${layer.name}" (${layer.getClassName()}) has a dynamic or unknown shape [${t.shape.join(', ')}]; only fixed shapes are supported`);
  }
  return dims as number[];
}

function finiteWeights(layer: Layer): Float64Array[] {
  return layer.getWeights().map((w, i) => {
    const data = Float64Array.from(w.dataSync());
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      fail('model', 'non-finite-weight', `layer "${layer.name}" (${layer.getClassName()}) has a non-finite value (${data[bad]}) in weight ${i} at index ${bad}`);
    }
    return data;
  });
}

/** The output a model's head is named by: its layer's name. */
const outputName = (t: SymbolicTensor): string => (t.sourceLayer as Layer).name;

/** The output to prove: the one there is, or the one `outputNode` names (several outputs need it). */
function pickOutput(model: tf.LayersModel, name: string, outputNode?: string): SymbolicTensor {
  const names = model.outputs.map(outputName);
  const listed = names.map((n) => `"${n}"`).join(', ');
  if (outputNode !== undefined) {
    const i = names.indexOf(outputNode);
    if (i < 0) fail('model', 'unknown-output', `model "${name}" has no output "${outputNode}"; its outputs are ${listed}`);
    return model.outputs[i]!;
  }
  if (model.outputs.length !== 1) fail('model', 'multi-io', `model "${name}" has ${model.outputs.length} outputs (${listed}); pick one with --output-node <name>`);
  return model.outputs[0]!;
}

export function importModel(model: tf.LayersModel, name = model.name, outputNode?: string): Graph {
  if (model.inputs.length !== 1) {
    fail('model', 'multi-io', `model "${name}" has ${model.inputs.length} inputs; only models with one input are supported`);
  }
  const outputSym = pickOutput(model, name, outputNode);
  const shapes = new Map<TensorId, number[]>();
  const nodes: Node[] = [];
  const produced = new Map<number, TensorId>(); // symbolic tensor id → IR tensor id
  let nextId = 0;
  const fresh = (shape: number[]): TensorId => {
    const id = nextId++;
    shapes.set(id, shape);
    return id;
  };

  const inputSym = model.inputs[0]!;
  const input = fresh(shapeOf(inputSym, inputSym.sourceLayer as Layer));
  produced.set(inputSym.id, input);
  let suggestedOutput: OutputRule = 'logits';

  const visiting = new Set<number>();
  const visit = (t: SymbolicTensor): TensorId => {
    const known = produced.get(t.id);
    if (known !== undefined) return known;
    const layer = t.sourceLayer as Layer;
    if (visiting.has(t.id)) fail('model', 'cycle', `layer "${layer.name}" is part of a cycle`);
    visiting.add(t.id);
    if (layer.inboundNodes.length !== 1) {
      fail('model', 'shared-layer', `layer "${layer.name}" (${layer.getClassName()}) is applied ${layer.inboundNodes.length} times; shared layers are not supported`);
    }
    const inbound = layer.inboundNodes[0]!.inputTensors as SymbolicTensor[];
    const inputs = inbound.map(visit);
    const isFinal = t.id === outputSym.id;
    const out = lowerLayer(layer, inputs, shapeOf(t, layer), isFinal);
    produced.set(t.id, out);
    return out;
  };

  const push = (layer: Layer, op: Op, inputs: readonly TensorId[], shape: number[]): TensorId => {
    const output = fresh(shape);
    nodes.push({ layer: layer.name, className: layer.getClassName(), op, inputs, output });
    return output;
  };

  /** Applies an activation by name; returns the tensor after it. */
  const activation = (layer: Layer, act: unknown, x: TensorId, shape: number[], isFinal: boolean): TensorId => {
    const a = act === undefined || act === null ? 'linear' : String(act);
    switch (a) {
      case 'linear':
        return x;
      case 'relu':
      case 'relu6':
        return push(layer, { kind: a }, [x], shape);
      case 'softmax':
      case 'sigmoid':
        if (!isFinal) {
          fail('model', 'unsupported-activation', `layer "${layer.name}" (${layer.getClassName()}) uses activation "${a}" before the final layer; ${SUPPORTED_SENTENCE}`);
        }
        // Monotone final activations do not change the class (softmax) or the sign test (sigmoid):
        // the circuit proves the decision on the logits.
        // A softmax over several rows is one decision per row, which a single argmax is not:
        // such a model gets raw logits unless the publisher picks a rule.
        suggestedOutput = a === 'sigmoid' ? 'sign' : shape.slice(0, -1).some((d) => d > 1) ? 'logits' : 'argmax';
        return x;
      default:
        return fail('model', 'unsupported-activation', `layer "${layer.name}" (${layer.getClassName()}) uses activation "${a}"; ${SUPPORTED_SENTENCE}`);
    }
  };

  const lowerLayer = (layer: Layer, inputs: TensorId[], shape: number[], isFinal: boolean): TensorId => {
    const cls = layer.getClassName();
    const config = layer.getConfig() as LayerConfig;
    const inShape = shapes.get(inputs[0]!)!;
    switch (cls) {
      case 'InputLayer':
      case 'Dropout':
        return inputs[0]!;
      case 'Flatten':
      case 'Reshape':
        return push(layer, { kind: 'reshape' }, inputs, shape);
      case 'Dense': {
        const [kernel, bias] = finiteWeights(layer);
        const inSize = inShape[inShape.length - 1]!;
        const outSize = shape[shape.length - 1]!;
        const op: Op = {
          kind: 'dense',
          inSize,
          outSize,
          kernel: kernel!,
          bias: bias ?? new Float64Array(outSize),
        };
        return activation(layer, config.activation, push(layer, op, inputs, shape), shape, isFinal);
      }
      case 'Activation':
        return activation(layer, config.activation, inputs[0]!, shape, isFinal);
      case 'ReLU': {
        const absent = (v: unknown) => v === undefined || v === null;
        const maxValue = absent(config.maxValue) ? undefined : Number(config.maxValue);
        const leaky = !absent(config.negativeSlope) && config.negativeSlope !== 0;
        const shifted = !absent(config.threshold) && config.threshold !== 0;
        if (leaky || shifted || (maxValue !== undefined && maxValue !== 6)) {
          fail('model', 'unsupported-config', `layer "${layer.name}" (ReLU) sets negativeSlope, threshold or a maxValue other than 6; only the plain ReLU and ReLU6 (maxValue 6) are supported`);
        }
        return push(layer, { kind: maxValue === 6 ? 'relu6' : 'relu' }, inputs, shape);
      }
      case 'LeakyReLU':
        return push(layer, { kind: 'leakyRelu', alpha: Float64Array.of(Number(config.alpha ?? 0.3)) }, inputs, shape);
      case 'PReLU': {
        // alpha has the input's shape with shared axes set to 1: per element, per channel or one value.
        const [alpha] = finiteWeights(layer);
        const dims = layer.getWeights()[0]!.shape;
        const perChannel = dims.slice(0, -1).every((d) => d === 1);
        if (!perChannel && dims.join() !== shape.join()) {
          fail('model', 'unsupported-config', `layer "${layer.name}" (PReLU) shares its slopes over axes that leave the shape [${dims.join(', ')}]; supported: one slope, one per channel, or one per element`);
        }
        return push(layer, { kind: 'leakyRelu', alpha: alpha! }, inputs, shape);
      }
      case 'BatchNormalization':
        return push(layer, batchNormAsAffine(layer, config, shape), inputs, shape);
      case 'Add':
        return push(layer, { kind: 'add' }, inputs, shape);
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        spatialChecks(layer, config, inShape);
        const depthwise = cls === 'DepthwiseConv2D';
        const [kernel, bias] = finiteWeights(layer);
        const k = pair(config.kernelSize, [1, 1]);
        const win = windowFor(inShape[0]!, inShape[1]!, k, pair(config.strides, [1, 1]), config.padding === 'same' ? 'same' : 'valid');
        const outC = shape[2]!;
        const op: Op = {
          kind: 'conv2d',
          geometry: {
            inShape: [inShape[0]!, inShape[1]!, inShape[2]!],
            outShape: [shape[0]!, shape[1]!, outC],
            window: win,
            depthMultiplier: depthwise ? Number(config.depthMultiplier ?? 1) : 0,
          },
          kernel: kernel!,
          bias: bias ?? new Float64Array(outC),
        };
        return activation(layer, config.activation, push(layer, op, inputs, shape), shape, isFinal);
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        spatialChecks(layer, config, inShape);
        const pool = pair(config.poolSize, [2, 2]);
        const win = windowFor(inShape[0]!, inShape[1]!, pool, pair(config.strides, pool), config.padding === 'same' ? 'same' : 'valid');
        return push(layer, { kind: 'pool2d', mode: cls === 'MaxPooling2D' ? 'max' : 'avg', window: win }, inputs, shape);
      }
      case 'GlobalAveragePooling2D':
      case 'GlobalMaxPooling2D': {
        spatialChecks(layer, config, inShape);
        const win = windowFor(inShape[0]!, inShape[1]!, [inShape[0]!, inShape[1]!], [1, 1], 'valid');
        return push(layer, { kind: 'pool2d', mode: cls === 'GlobalMaxPooling2D' ? 'max' : 'avg', window: win }, inputs, shape);
      }
      case 'ZeroPadding2D': {
        spatialChecks(layer, config, inShape);
        const p = config.padding as number | number[] | number[][];
        const [top, left] = typeof p === 'number' ? [p, p] : Array.isArray(p[0]) ? [(p[0] as number[])[0]!, (p[1] as number[])[0]!] : [p[0] as number, p[1] as number];
        return push(layer, { kind: 'pad2d', top, left }, inputs, shape);
      }
      case 'Concatenate': {
        const rank = shape.length;
        const axis = Number(config.axis ?? -1);
        return push(layer, { kind: 'concat', axis: axis < 0 ? rank + axis : axis - 1 }, inputs, shape);
      }
      default:
        return fail('model', 'unsupported-layer', `layer "${layer.name}" has class ${cls}, which is not supported; ${SUPPORTED_SENTENCE}`);
    }
  };

  const output = visit(outputSym);
  return { name, input, output, shapes, nodes, suggestedOutput, parameters: model.countParams() };
}

function spatialChecks(layer: Layer, config: LayerConfig, inShape: readonly number[]): void {
  const where = `layer "${layer.name}" (${layer.getClassName()})`;
  if (inShape.length !== 3) fail('model', 'unsupported-shape', `${where} needs a [height, width, channels] input, got [${inShape.join(', ')}]`);
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') {
    fail('model', 'unsupported-config', `${where} uses dataFormat ${String(config.dataFormat)}; only channelsLast is supported`);
  }
  if (pair(config.dilationRate, [1, 1]).some((d) => d !== 1)) fail('model', 'unsupported-config', `${where} uses dilation; only dilation 1 is supported`);
}

/** Inference-mode BatchNormalization is y = gamma (x - mean) / sqrt(var + eps) + beta. */
function batchNormAsAffine(layer: Layer, config: LayerConfig, shape: number[]): Op {
  const axis = Number(config.axis ?? -1);
  if (axis !== -1 && axis !== shape.length) {
    fail('model', 'unsupported-config', `layer "${layer.name}" (BatchNormalization) normalizes axis ${axis}; only the last axis is supported`);
  }
  const weights = finiteWeights(layer);
  const channels = shape[shape.length - 1]!;
  let i = 0;
  const gamma = config.scale === false ? new Float64Array(channels).fill(1) : weights[i++]!;
  const beta = config.center === false ? new Float64Array(channels) : weights[i++]!;
  const mean = weights[i++]!;
  const variance = weights[i++]!;
  const eps = Number(config.epsilon ?? 1e-3);
  const scale = new Float64Array(channels);
  const shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    scale[c] = gamma[c]! / Math.sqrt(variance[c]! + eps);
    shift[c] = beta[c]! - mean[c]! * scale[c]!;
  }
  return { kind: 'affine', scale, shift };
}
