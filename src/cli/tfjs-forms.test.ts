/**
 * A tfjs Layers model as browsers ship it, through the CLI: uint8-quantized weights, a "./" weight
 * path (what tfjs's model.save writes) and Keras 3 activation objects; published, inspected as a
 * package, proved and verified, with the class tfjs itself picks; and a tfjs Graph model likewise.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../core/seeded-rng.js';
import { gattr, GraphModelBuilder, tfjsGraphModel } from '../core/test-support/graph-model-builder.js';
import { layersArtifacts, modelJson, quantizeArtifacts, tfjsLoads } from '../core/test-support/tfjs-artifacts.js';

tf.setBackend('cpu');

const bin = new URL('../../bin/zkinfer.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'zkinfer-tfjs-forms-'));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: work }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const input = [0.5, -0.25, 0.75, 0, -1, 1];
let expectedClass = -1;
let graphClass = -1;
let headsClass = -1;

/** A graph model as the converter writes it: fused MatMul + ReLU, MatMul + BiasAdd, Softmax. */
async function writeGraphModel(): Promise<void> {
  const random = seededRng(5);
  const w = (n: number) => Array.from({ length: n }, () => random() * 2 - 1);
  const g = new GraphModelBuilder();
  const x = g.placeholder('x', [-1, 6]);
  const h = g.node('h', '_FusedMatMul', [x, g.constant('w1', [6, 8], w(48)), g.constant('b1', [8], w(8))], { fused_ops: gattr.strs(['BiasAdd', 'Relu']), num_args: gattr.i(1), transpose_a: gattr.b(false), transpose_b: gattr.b(false) });
  const logits = g.node('logits', 'BiasAdd', [g.node('mm', 'MatMul', [h, g.constant('w2', [8, 3], w(24))]), g.constant('b2', [3], w(3))]);
  g.node('Identity', 'Softmax', [logits]);
  const a = g.artifacts();
  const probs = ((await tfjsGraphModel(a)).execute(tf.tensor2d([input]), 'Identity') as tf.Tensor).dataSync();
  graphClass = probs.indexOf(Math.max(...probs));
  mkdirSync(join(work, 'graph'));
  writeFileSync(join(work, 'graph', 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }] }));
  writeFileSync(join(work, 'graph', 'group1-shard1of1.bin'), a.weightData);
}

beforeAll(async () => {
  const random = seededRng(21);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 8, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
  model.setWeights(model.getWeights().map((w) => tf.tensor(Array.from({ length: w.size }, () => random() * 2 - 1), w.shape)));
  const q = quantizeArtifacts(await layersArtifacts(model), 'uint8');
  // tfjs's own reading of the quantized weights decides the expected class.
  const probs = ((await tfjsLoads(q)).predict(tf.tensor2d([input])) as tf.Tensor).dataSync();
  expectedClass = probs.indexOf(Math.max(...probs));
  const keras3 = JSON.parse(JSON.stringify(q.modelTopology), (k, v) =>
    k === 'activation' && typeof v === 'string' ? { module: 'keras.activations', class_name: 'function', config: v, registered_name: 'function' } : v,
  );
  mkdirSync(join(work, 'shipped'));
  writeFileSync(join(work, 'shipped', 'model.json'), modelJson({ ...q, modelTopology: keras3 }, './mnist.weights.bin'));
  writeFileSync(join(work, 'shipped', 'mnist.weights.bin'), q.weightData);
  writeFileSync(join(work, 'input.json'), JSON.stringify({ input }));
  await writeGraphModel();
  // Two heads: a classifier ("cls") and a regressor ("reg").
  const x = tf.input({ shape: [6] });
  const h = tf.layers.dense({ units: 5, activation: 'relu', name: 'trunk' }).apply(x) as tf.SymbolicTensor;
  const heads = tf.model({ inputs: x, outputs: [tf.layers.dense({ units: 3, activation: 'softmax', name: 'cls' }).apply(h) as tf.SymbolicTensor, tf.layers.dense({ units: 2, name: 'reg' }).apply(h) as tf.SymbolicTensor] });
  const ha = await layersArtifacts(heads);
  mkdirSync(join(work, 'heads'));
  writeFileSync(join(work, 'heads', 'model.json'), modelJson(ha, 'w.bin'));
  writeFileSync(join(work, 'heads', 'w.bin'), ha.weightData);
  const clsProbs = (heads.predict(tf.tensor2d([input])) as tf.Tensor[])[0]!.dataSync();
  headsClass = clsProbs.indexOf(Math.max(...clsProbs));
}, 60_000);

/**
 * publish → inspect the package → prove → verify, as a user would run them; returns the
 * package's manifest so a test can check what it records.
 */
async function publishProveVerify(model: string, pkg: string, cls: number, extra: string[] = []): Promise<{ model: Record<string, unknown> }> {
  const pub = await run('publish', model, '--input-range', '-1:1', ...extra, '--out', pkg, '--no-solidity', '--json');
  expect(pub.code, pub.stderr).toBe(0);
  const ins = await run('inspect', pkg, '--json');
  expect(ins.code, ins.stderr).toBe(0);
  expect(JSON.parse(ins.stdout).parameters).toBeGreaterThan(0);
  const prove = await run('prove', pkg, '--input', 'input.json', '--out', `${pkg}.bundle.json`);
  expect(prove.code, prove.stderr).toBe(0);
  expect(prove.stdout).toMatch(new RegExp(`output: class ${cls}\\b`));
  const ok = await run('verify', `${pkg}.bundle.json`, '--package', pkg);
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout).toMatch(/^valid/);
  return JSON.parse(readFileSync(join(work, pkg, 'manifest.json'), 'utf8'));
}

describe('zkinfer and tfjs Layers models as shipped', () => {
  it('publishes, inspects the package, proves and verifies a quantized model with "./" weight paths', async () => {
    await publishProveVerify('shipped/model.json', 'pkg', expectedClass);
    const ins = await run('inspect', 'pkg', '--json');
    expect(JSON.parse(ins.stdout).parameters).toBe(6 * 8 + 8 + 8 * 3 + 3);
  });

  it('publishes, proves and verifies a tfjs Graph model', async () => {
    const manifest = await publishProveVerify('graph/model.json', 'gpkg', graphClass);
    expect(manifest.model.format).toBe('tfjs-graph');
    const ins = await run('inspect', 'gpkg', '--json');
    expect(JSON.parse(ins.stdout).parameters).toBe(6 * 8 + 8 + 8 * 3 + 3);
  });

  it('picks one head of a multi-output model with --output-node, records it, and proves with it', async () => {
    const none = await run('inspect', 'heads/model.json', '--input-range', '-1:1');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/has 2 outputs \("cls", "reg"\); pick one with --output-node <name>/);
    const wrong = await run('inspect', 'heads/model.json', '--input-range', '-1:1', '--output-node', 'trunk');
    expect(wrong.stderr).toMatch(/has no output "trunk"; its outputs are "cls", "reg"/);
    const manifest = await publishProveVerify('heads/model.json', 'hpkg', headsClass, ['--output-node', 'cls']);
    expect(manifest.model.outputNode).toBe('cls');
  });
});
