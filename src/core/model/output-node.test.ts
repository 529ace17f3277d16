/**
 * Models with several outputs: the one to prove is picked by name (`--output-node`), in tfjs
 * Layers (by the head's layer name), ONNX (graph outputs) and tfjs Graph models; without a pick,
 * or with a wrong one, the error lists the outputs there are.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { layersArtifacts, modelJson } from '../test-support/tfjs-artifacts.js';
import { node, floatTensor, onnxBytes, seeded } from '../test-support/onnx-builder.js';
import { floatOutput } from './float-inference.js';
import { loadModelFiles, loadModelFromMap } from './source.js';

tf.setBackend('cpu');

async function twoHeads() {
  const x = tf.input({ shape: [4] });
  const h = tf.layers.dense({ units: 6, activation: 'relu', name: 'trunk' }).apply(x) as tf.SymbolicTensor;
  const cls = tf.layers.dense({ units: 3, activation: 'softmax', name: 'cls' }).apply(h) as tf.SymbolicTensor;
  const reg = tf.layers.dense({ units: 2, name: 'reg' }).apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: x, outputs: [cls, reg] });
  const a = await layersArtifacts(model);
  const files = new Map([
    ['model.json', modelJson(a, 'w.bin')],
    ['w.bin', a.weightData],
  ]);
  return { model, files };
}

const load = (files: Map<string, Uint8Array>, outputNode?: string) =>
  loadModelFiles('model.json', files.get('model.json')!, (p) => files.get(p), 'heads', undefined, outputNode === undefined ? undefined : { outputNode });

describe('--output-node', () => {
  it('tfjs Layers: picks a head by its layer name, and lists the heads otherwise', async () => {
    const { model, files } = await twoHeads();
    await expect(load(files)).rejects.toThrow('model "heads" has 2 outputs ("cls", "reg"); pick one with --output-node <name>');
    await expect(load(files, 'trunk')).rejects.toThrow('model "heads" has no output "trunk"; its outputs are "cls", "reg"');
    const cls = await load(files, 'cls');
    expect(cls.outputNode).toBe('cls');
    expect(cls.graph.suggestedOutput).toBe('argmax');
    const reg = await load(files, 'reg');
    expect(reg.graph.suggestedOutput).toBe('logits');
    const v = [0.3, -0.2, 0.9, 0.1];
    const [, want] = model.predict(tf.tensor2d([v])) as tf.Tensor[];
    floatOutput(reg.graph, v).forEach((y, i) => expect(y).toBeCloseTo(want!.dataSync()[i]!, 5));
  });

  it('ONNX: picks a graph output, and reads only the nodes it depends on', async () => {
    const bytes = onnxBytes({
      input: { name: 'x', dims: [1, 4] },
      output: { name: 'a', dims: [1, 3] },
      outputs: [{ name: 'a', dims: [1, 3] }, { name: 'b', dims: [1, 4] }],
      initializers: [floatTensor('W', [4, 3], seeded(12, 1))],
      nodes: [node('MatMul', ['x', 'W'], ['a'], [], 'head'), node('Tanh', ['x'], ['b'], [], 'other')],
    });
    const files = new Map([['m.onnx', bytes]]);
    await expect(loadModelFromMap('m.onnx', files, 'two')).rejects.toThrow('model "two" has 2 outputs ("a", "b"); pick one with --output-node <name>');
    const m = await loadModelFiles('m.onnx', bytes, () => undefined, 'two', undefined, { outputNode: 'a' });
    expect(m.graph.nodes.map((n) => n.layer)).toEqual(['head']);
    await expect(loadModelFiles('m.onnx', bytes, () => undefined, 'two', undefined, { outputNode: 'b' })).rejects.toThrow(/node "other" \(Tanh\) is not supported/);
  });
});
