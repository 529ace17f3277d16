/**
 * tfjs Graph models written here as the converter writes them (both generations), against tfjs's
 * own GraphModel on the same artifacts: the imported graph computes what tfjs computes, the
 * circuit agrees with tfjs on ≥ 99.5 % of 200 seeded inputs (witnesses checked), and everything
 * outside the subset is refused with a sentence that names the node and the supported ops.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { circuitAgreement } from '../test-support/circuit-agreement.js';
import { gattr, graphDefBytes, GraphModelBuilder, tfjsGraphModel } from '../test-support/graph-model-builder.js';
import { quantizeArtifacts, type LayersArtifacts } from '../test-support/tfjs-artifacts.js';
import { seededRng } from '../seeded-rng.js';
import { ZkinferError } from '../errors.js';
import { floatOutput } from './float-inference.js';
import { foldAffines } from './fold.js';
import { detectSource, loadModelFromMap } from './source.js';
import type { GraphNodeDef } from './tfjs-graph-import.js';

tf.setBackend('cpu');

const weights = (n: number, seed: number, scale = 1) => {
  const r = seededRng(seed);
  return Array.from({ length: n }, () => (r() * 2 - 1) * scale);
};
const SAME = gattr.s('SAME');
const VALID = gattr.s('VALID');
const NHWC = gattr.s('NHWC');
const stride = (s: number) => gattr.ints([1, s, s, 1]);

/** Current converter: fused conv + ReLU, max pool, depthwise + BiasAdd + ReLU6, Mean over H, W, MatMul, Softmax. */
function cnn(): { a: LayersArtifacts; shape: number[]; out: string } {
  const g = new GraphModelBuilder();
  const x = g.placeholder('image', [-1, 8, 8, 2]);
  const k1 = g.constant('conv/kernel', [3, 3, 2, 4], weights(72, 1, 0.5));
  const b1 = g.constant('conv/bias', [4], weights(4, 2, 0.2));
  const c1 = g.node('conv/Relu', '_FusedConv2D', [x, k1, b1], { strides: stride(1), padding: SAME, data_format: NHWC, dilations: stride(1), fused_ops: gattr.strs(['BiasAdd', 'Relu']), num_args: gattr.i(1), epsilon: gattr.f(0) });
  const p = g.node('pool', 'MaxPool', [c1], { ksize: stride(2), strides: stride(2), padding: VALID, data_format: NHWC });
  const k2 = g.constant('dw/kernel', [3, 3, 4, 1], weights(36, 3, 0.6));
  const d = g.node('dw', 'DepthwiseConv2dNative', [p, k2], { strides: stride(1), padding: VALID, data_format: NHWC, dilations: stride(1) });
  const b2 = g.constant('dw/bias', [4], weights(4, 4, 0.2));
  const db = g.node('dw/BiasAdd', 'BiasAdd', [d, b2], { data_format: NHWC });
  const r6 = g.node('dw/Relu6', 'Relu6', [db]);
  const axes = g.constant('gap/axes', [2], [1, 2], 'int32');
  const m = g.node('gap', 'Mean', [r6, axes], { keep_dims: gattr.b(false), Tidx: gattr.int32 });
  const w = g.constant('head/kernel', [4, 3], weights(12, 5, 1.5));
  const b = g.constant('head/bias', [3], weights(3, 6, 0.2));
  const mm = g.node('head/MatMul', 'MatMul', [m, w], { transpose_a: gattr.b(false), transpose_b: gattr.b(false) });
  const logits = g.node('head/BiasAdd', 'BiasAdd', [mm, b], { data_format: NHWC });
  const out = g.node('Identity', 'Softmax', [logits]);
  return { a: g.artifacts(), shape: [8, 8, 2], out };
}

/** Older converter (no format key): Conv2D + BiasAdd + Relu, AvgPool, Reshape, fused MatMul + ReLU6, MatMul with transpose_b + AddV2, Identity. */
function older(): { a: LayersArtifacts; shape: number[]; out: string } {
  const g = new GraphModelBuilder();
  const x = g.placeholder('x', [-1, 6, 6, 1]);
  const k = g.constant('k', [3, 3, 1, 3], weights(27, 11, 0.8));
  const c = g.node('conv', 'Conv2D', [x, k], { strides: stride(2), padding: SAME, data_format: NHWC, dilations: stride(1) });
  const cb = g.node('conv/bias', 'BiasAdd', [c, g.constant('kb', [3], weights(3, 12, 0.1))]);
  const r = g.node('relu', 'Relu', [cb]);
  const ap = g.node('avg', 'AvgPool', [r], { ksize: stride(2), strides: stride(1), padding: SAME, data_format: NHWC });
  const flat = g.node('flat', 'Reshape', [ap, g.constant('flat/shape', [2], [-1, 27], 'int32')], { Tshape: gattr.int32 });
  const h = g.node('h', '_FusedMatMul', [flat, g.constant('w1', [27, 8], weights(216, 13, 0.4)), g.constant('b1', [8], weights(8, 14, 0.2))], {
    transpose_a: gattr.b(false),
    transpose_b: gattr.b(false),
    fused_ops: gattr.strs(['BiasAdd', 'Relu6']),
    num_args: gattr.i(1),
    epsilon: gattr.f(0),
  });
  // An unused branch, and a control input: neither reaches the output's values.
  g.node('unused', 'Tanh', [h]);
  const mm = g.node('out/MatMul', 'MatMul', [h, g.constant('w2t', [3, 8], weights(24, 15, 0.8)), '^x'], { transpose_a: gattr.b(false), transpose_b: gattr.b(true) });
  const add = g.node('out/add', 'AddV2', [g.constant('b2', [3], weights(3, 16, 0.2)), mm]);
  const out = g.node('Identity', 'Identity', [add]);
  return { a: g.artifacts(), shape: [6, 6, 1], out };
}

/** The converter's signature names the output, so a dangling node is not taken for one. */
const signature = { signature: { inputs: { 'x:0': { name: 'x:0' } }, outputs: { 'Identity:0': { name: 'Identity:0' } } } };

function files(a: LayersArtifacts, extra: Record<string, unknown>, path = 'group1-shard1of1.bin') {
  const json = { ...extra, modelTopology: a.modelTopology, weightsManifest: [{ paths: [path], weights: a.weightSpecs }] };
  return new Map([
    ['model.json', new TextEncoder().encode(JSON.stringify(json))],
    [path.replace(/^(\.\/)+/, ''), a.weightData],
  ]);
}

const predict = (m: tf.GraphModel, shape: number[], out: string) => (x: number[]) => (m.execute(tf.tensor(x, [1, ...shape]), out) as tf.Tensor).dataSync();

describe('tfjs Graph models', () => {
  for (const [label, build, extra, softmax] of [
    ['graph-model format: fused conv, depthwise, Mean, MatMul', cnn, { format: 'graph-model', generatedBy: '2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0' }, true],
    ['older converter output without a format key', older, { generatedBy: '1.15.0', convertedBy: 'TensorFlow.js Converter v1.7.0', ...signature }, false],
  ] as const) {
    it(`${label}: computes what tfjs computes, and the circuit agrees on ≥ 99.5 % of 200 inputs`, async () => {
      const { a, shape, out } = build();
      const reference = await tfjsGraphModel(a);
      const m = await loadModelFromMap('model.json', files(a, extra), 'graph');
      expect(m.format).toBe('tfjs-graph');
      expect(m.graph.suggestedOutput).toBe(softmax ? 'argmax' : 'logits');
      const run = predict(reference, shape, out);
      const n = shape.reduce((p, d) => p * d, 1);
      for (let s = 0; s < 5; s++) {
        const x = weights(n, 100 + s);
        const want = run(x);
        let got = Array.from(floatOutput(m.graph, x));
        if (softmax) {
          const e = got.map((v) => Math.exp(v - Math.max(...got)));
          got = e.map((v) => v / e.reduce((p, q) => p + q, 0));
        }
        got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
      }
      const r = circuitAgreement(m.graph, run, { seed: label.length });
      expect(r.top1).toBeGreaterThanOrEqual(0.995);
      reference.dispose();
    });
  }

  it('counts the parameters of the nodes that reach the output only', async () => {
    const { a } = older();
    const m = await loadModelFromMap('model.json', files(a, signature), 'graph');
    expect(m.graph.parameters).toBe(27 + 3 + 216 + 8 + 24 + 3);
    expect(m.graph.nodes.map((n) => n.op.kind)).toEqual(['conv2d', 'affine', 'relu', 'pool2d', 'reshape', 'dense', 'relu6', 'dense', 'affine']);
  });

  it('reads uint8-quantized constants as tfjs does', async () => {
    const { a, shape, out } = cnn();
    const q = quantizeArtifacts(a, 'uint8');
    const reference = await tfjsGraphModel(q);
    const m = await loadModelFromMap('model.json', files(q, { format: 'graph-model' }, './weights.bin'), 'graph');
    expect(m.files.map((f) => f.path)).toEqual(['model.json', 'weights.bin']);
    const r = circuitAgreement(m.graph, predict(reference, shape, out), { seed: 9 });
    expect(r.top1).toBeGreaterThanOrEqual(0.995);
    reference.dispose();
  });

  it('is detected from the content, whatever the file is called', () => {
    const bytes = files(cnn().a, { format: 'graph-model' }).get('model.json')!;
    expect(detectSource(bytes, 'weights.onnx').format).toBe('tfjs-graph');
    expect(detectSource(files(older().a, {}).get('model.json')!).format).toBe('tfjs-graph');
  });
});

/** Conv2D → FusedBatchNormV3 (inference) → Relu → Mean → MatMul + BiasAdd → Softmax, as the converter leaves an unfolded BatchNorm. */
function batchNorm(): { a: LayersArtifacts; shape: number[]; out: string } {
  const g = new GraphModelBuilder();
  const x = g.placeholder('x', [-1, 6, 6, 2]);
  const c = g.node('conv', 'Conv2D', [x, g.constant('k', [3, 3, 2, 4], weights(72, 41, 0.6))], { strides: stride(1), padding: SAME, data_format: NHWC, dilations: stride(1) });
  const variance = weights(4, 45).map((v) => 0.3 + Math.abs(v));
  const bnIn = [c, g.constant('bn/gamma', [4], weights(4, 42, 1.5)), g.constant('bn/beta', [4], weights(4, 43, 0.3)), g.constant('bn/mean', [4], weights(4, 44, 0.5)), g.constant('bn/var', [4], variance)];
  const bn = g.node('bn', 'FusedBatchNormV3', bnIn, { epsilon: gattr.f(0.01), data_format: NHWC, is_training: gattr.b(false), U: gattr.float });
  const r = g.node('relu', 'Relu', [bn]);
  const m = g.node('gap', 'Mean', [r, g.constant('axes', [2], [1, 2], 'int32')], { keep_dims: gattr.b(false), Tidx: gattr.int32 });
  const mm = g.node('head', 'MatMul', [m, g.constant('w', [4, 3], weights(12, 46, 1.2))], { transpose_a: gattr.b(false), transpose_b: gattr.b(false) });
  const logits = g.node('head/bias', 'BiasAdd', [mm, g.constant('b', [3], weights(3, 47, 0.2))], { data_format: NHWC });
  const out = g.node('Identity', 'Softmax', [logits]);
  return { a: g.artifacts(), shape: [6, 6, 2], out };
}

describe('tfjs Graph models: FusedBatchNorm and grouped convolutions', () => {
  it('FusedBatchNormV3 (inference) is an affine folded into the convolution; computes what tfjs computes, ≥ 99.5 % agreement on 200 inputs', async () => {
    const { a, shape, out } = batchNorm();
    const reference = await tfjsGraphModel(a);
    const m = await loadModelFromMap('model.json', files(a, { format: 'graph-model' }), 'bn');
    expect(m.graph.nodes.map((n) => n.op.kind)).toEqual(['conv2d', 'affine', 'relu', 'pool2d', 'dense', 'affine']);
    expect(m.graph.parameters).toBe(72 + 4 * 4 + 12 + 3);
    const run = predict(reference, shape, out);
    for (let s = 0; s < 5; s++) {
      const x = weights(72, 300 + s);
      const logits = Array.from(floatOutput(m.graph, x));
      const e = logits.map((v) => Math.exp(v - Math.max(...logits)));
      const want = run(x);
      e.forEach((v, i) => expect(Math.abs(v / e.reduce((p, q) => p + q, 0) - want[i]!)).toBeLessThan(1e-5));
    }
    const r = circuitAgreement(m.graph, run, { seed: 21 });
    expect(r.top1).toBeGreaterThanOrEqual(0.995);
    // The BatchNorm costs nothing: it folds into the convolution before quantization.
    expect(foldAffines(m.graph).nodes.map((n) => n.op.kind)).toEqual(['conv2d', 'relu', 'pool2d', 'dense']);
    reference.dispose();
  });

  it('refuses a FusedBatchNorm in training mode, naming the node', async () => {
    expect(
      await refusal((g) => {
        const x = g.placeholder('x', [-1, 2, 2, 1]);
        const c = (n: string) => g.constant(n, [1], [1]);
        g.node('bn', 'FusedBatchNorm', [x, c('s'), c('o'), c('m'), c('v')], { is_training: gattr.b(true) });
      }),
    ).toMatch(/node "bn" \(FusedBatchNorm\) is in training mode/);
  });

  it('Conv2D whose filter reads half the input channels is a 2-group convolution (tfjs cannot run it: checked group by group)', async () => {
    const g = new GraphModelBuilder();
    const x = g.placeholder('x', [-1, 5, 5, 4]);
    const K = weights(3 * 3 * 2 * 6, 51, 0.6);
    const B = weights(6, 52, 0.1);
    const F = weights(6 * 3, 53);
    const c = g.node('grouped', '_FusedConv2D', [x, g.constant('k', [3, 3, 2, 6], K), g.constant('kb', [6], B)], {
      strides: stride(1),
      padding: SAME,
      data_format: NHWC,
      dilations: stride(1),
      fused_ops: gattr.strs(['BiasAdd', 'Relu']),
      num_args: gattr.i(1),
    });
    const m1 = g.node('gap', 'Mean', [c, g.constant('axes', [2], [1, 2], 'int32')], { keep_dims: gattr.b(false) });
    g.node('Identity', 'MatMul', [m1, g.constant('f', [6, 3], F)]);
    const m = await loadModelFromMap('model.json', files(g.artifacts(), { format: 'graph-model' }), 'grouped');
    const conv = m.graph.nodes[0]!.op;
    expect(conv.kind === 'conv2d' && conv.geometry.groups).toBe(2);
    // TensorFlow's grouped Conv2D: output channels 3k … 3k+2 read input channels 2k, 2k+1.
    const kernel = tf.tensor4d(K, [3, 3, 2, 6]);
    const ref = (v: number[]) =>
      tf.tidy(() => {
        const t = tf.tensor4d(v, [1, 5, 5, 4]);
        const parts = [0, 1].map((k) => tf.conv2d(tf.slice(t, [0, 0, 0, 2 * k], [1, 5, 5, 2]), tf.slice(kernel, [0, 0, 0, 3 * k], [3, 3, 2, 3]), 1, 'same'));
        return tf.matMul(tf.mean(tf.relu(tf.add(tf.concat(parts, 3), tf.tensor1d(B))), [1, 2]), tf.tensor2d(F, [6, 3])).dataSync();
      });
    for (let s = 0; s < 3; s++) {
      const v = weights(100, 60 + s);
      const want = ref(v);
      floatOutput(m.graph, v).forEach((y, i) => expect(Math.abs(y - want[i]!)).toBeLessThan(1e-5));
    }
    expect(circuitAgreement(m.graph, ref, { seed: 13 }).top1).toBeGreaterThanOrEqual(0.995);
    kernel.dispose();
  });

  it('refuses a Conv2D filter whose input channels do not make groups of the input', async () => {
    expect(
      await refusal((g) => {
        const x = g.placeholder('x', [-1, 4, 4, 4]);
        g.node('c', 'Conv2D', [x, g.constant('k', [1, 1, 3, 3], weights(9, 1))], { strides: stride(1), padding: VALID, data_format: NHWC });
      }),
    ).toMatch(/node "c" \(Conv2D\) has a filter for 3 input channels, which does not make groups of its input's 4 channels/);
  });
});

/** The artifacts without one weight (its spec and its bytes; every weight here is 4 bytes a value). */
function withoutWeight(a: LayersArtifacts, name: string): LayersArtifacts {
  let at = 0;
  for (const spec of a.weightSpecs) {
    const size = spec.shape.reduce((p, d) => p * d, 1) * 4;
    if (spec.name === name) {
      const weightData = new Uint8Array(a.weightData.length - size);
      weightData.set(a.weightData.subarray(0, at));
      weightData.set(a.weightData.subarray(at + size), at);
      return { ...a, weightSpecs: a.weightSpecs.filter((s) => s !== spec), weightData };
    }
    at += size;
  }
  throw new Error(`no weight ${name}`);
}

describe("tfjs Graph models: the older converter's binary tensorflowjs_model.pb", () => {
  /** The older() graph as tfjs-converter 0.x wrote it: pruned to the output, a GraphDef, the manifest alone, one shard; the Reshape's shape kept in the GraphDef. */
  function pbFiles() {
    const { a, shape, out } = older();
    const nodes = (a.modelTopology as { node: GraphNodeDef[] }).node.filter((n) => n.name !== 'unused');
    const stripped = withoutWeight(a, 'flat/shape');
    const files = new Map([
      ['tensorflowjs_model.pb', graphDefBytes(nodes, { 'flat/shape': { dims: [2], ints: [-1, 27] } })],
      ['weights_manifest.json', new TextEncoder().encode(JSON.stringify([{ paths: ['group1-shard1of1'], weights: stripped.weightSpecs }]))],
      ['group1-shard1of1', stripped.weightData],
    ]);
    return { a, shape, out, files };
  }

  it('reads the GraphDef, weights_manifest.json and its shard; computes what tfjs computes, ≥ 99.5 % agreement on 200 inputs', async () => {
    const { a, shape, out, files } = pbFiles();
    const reference = await tfjsGraphModel(a);
    const m = await loadModelFromMap('tensorflowjs_model.pb', files, 'old');
    expect(m.format).toBe('tfjs-graph-pb');
    expect(m.files.map((f) => f.path)).toEqual(['tensorflowjs_model.pb', 'weights_manifest.json', 'group1-shard1of1']);
    expect(m.graph.nodes.map((n) => n.op.kind)).toEqual(['conv2d', 'affine', 'relu', 'pool2d', 'reshape', 'dense', 'relu6', 'dense', 'affine']);
    expect(detectSource(files.get('tensorflowjs_model.pb')!, 'model.onnx').format).toBe('tfjs-graph-pb');
    const run = predict(reference, shape, out);
    for (let s = 0; s < 3; s++) {
      const x = weights(36, 400 + s);
      const want = run(x);
      floatOutput(m.graph, x).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
    }
    expect(circuitAgreement(m.graph, run, { seed: 31 }).top1).toBeGreaterThanOrEqual(0.995);
    reference.dispose();
  });

  it('names a missing shard, a missing manifest and a constant that is in neither', async () => {
    const { files } = pbFiles();
    const without = (name: string) => new Map([...files].filter(([k]) => k !== name));
    await expect(loadModelFromMap('tensorflowjs_model.pb', without('group1-shard1of1'), 'old')).rejects.toThrow(/tensorflowjs_model\.pb refers to "group1-shard1of1", which was not provided/);
    await expect(loadModelFromMap('tensorflowjs_model.pb', without('weights_manifest.json'), 'old')).rejects.toThrow(/tensorflowjs_model\.pb refers to "weights_manifest\.json", which was not provided/);
    const { a } = older();
    const nodes = (a.modelTopology as { node: GraphNodeDef[] }).node.filter((n) => n.name !== 'unused');
    const noShape = new Map([...files, ['tensorflowjs_model.pb', graphDefBytes(nodes)]]);
    await expect(loadModelFromMap('tensorflowjs_model.pb', noShape, 'old')).rejects.toThrow(/node "flat\/shape" \(Const\) has no value in the weights manifest/);
  });
});

async function refusal(mutate: (g: GraphModelBuilder) => void, outputNode?: string): Promise<string> {
  const g = new GraphModelBuilder();
  mutate(g);
  try {
    await loadModelFromMap('model.json', files(g.artifacts(), { format: 'graph-model' }), 'bad');
  } catch (e) {
    expect(e).toBeInstanceOf(ZkinferError);
    return (e as Error).message;
  }
  return outputNode ?? 'accepted';
}

describe('tfjs Graph models: refusals', () => {
  const mlp = (g: GraphModelBuilder) => {
    const x = g.placeholder('x', [-1, 4]);
    return g.node('mm', 'MatMul', [x, g.constant('w', [4, 2], weights(8, 1))]);
  };

  it('names an unsupported op, its node and the supported list', async () => {
    expect(await refusal((g) => g.node('squash', 'Tanh', [mlp(g)]))).toMatch(/^node "squash" \(Tanh\) is not supported; supported tfjs graph ops: Placeholder, Const, .*Softmax, Sigmoid/);
  });

  it('refuses unsupported fused ops, NCHW, and a Softmax before the end', async () => {
    expect(
      await refusal((g) => {
        const x = g.placeholder('x', [-1, 4]);
        g.node('f', '_FusedMatMul', [x, g.constant('w', [4, 2], weights(8, 1)), g.constant('b', [2], [0, 0])], { fused_ops: gattr.strs(['BiasAdd', 'Elu']), num_args: gattr.i(1) });
      }),
    ).toMatch(/node "f" \(_FusedMatMul\) fuses \[BiasAdd, Elu\]; supported: BiasAdd, optionally followed by Relu or Relu6/);
    expect(
      await refusal((g) => {
        const x = g.placeholder('x', [-1, 4, 4, 1]);
        g.node('c', 'Conv2D', [x, g.constant('k', [1, 1, 1, 1], [1])], { strides: stride(1), padding: VALID, data_format: gattr.s('NCHW') });
      }),
    ).toMatch(/node "c" \(Conv2D\) uses data_format NCHW; only NHWC/);
    expect(await refusal((g) => g.node('after', 'Relu', [g.node('sm', 'Softmax', [mlp(g)])]))).toMatch(/node "after" \(Relu\) reads the output of a final Softmax/);
  });

  it('refuses two outputs, naming them', async () => {
    expect(
      await refusal((g) => {
        const h = mlp(g);
        g.node('a', 'Relu', [h]);
        g.node('b', 'Relu6', [h]);
      }),
    ).toMatch(/has 2 outputs \("a", "b"\); pick one with --output-node <name>/);
  });
});
