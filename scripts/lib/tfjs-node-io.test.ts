import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLayersModel, saveLayersModel } from './tfjs-node-io';

describe('tfjs-node-io', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(path.join(tmpdir(), 'zkinfer-io-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function tinyModel(): tf.Sequential {
    const model = tf.sequential();
    // BatchNormalization is included because its moving statistics are non-trainable weights,
    // which a save/load path can easily drop.
    model.add(tf.layers.batchNormalization({ inputShape: [3], trainable: false }));
    model.add(tf.layers.dense({ units: 4, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
    model.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
    const bn = model.layers[0]!;
    bn.setWeights([tf.tensor1d([1, 2, 0.5]), tf.tensor1d([0, 0.1, -0.1]), tf.tensor1d([3, -1, 0]), tf.tensor1d([4, 0.25, 9])]);
    return model;
  }

  it('saves model.json + weights.bin and loads back the same model', async () => {
    const model = tinyModel();
    const modelDir = path.join(dir, 'tiny');
    await saveLayersModel(model, modelDir);

    const json = JSON.parse(await readFile(path.join(modelDir, 'model.json'), 'utf8')) as Record<string, unknown>;
    expect(json['format']).toBe('layers-model');
    expect(json['convertedBy']).toBeNull();
    expect(String(json['generatedBy'])).toMatch(/^TensorFlow\.js tfjs-layers v/);
    const manifest = json['weightsManifest'] as { paths: string[]; weights: { name: string }[] }[];
    expect(manifest).toHaveLength(1);
    expect(manifest[0]!.paths).toEqual(['weights.bin']);
    // BN (4 vectors of 3) + dense 3x4 + 4 + dense 4x2 + 2, float32.
    expect(manifest[0]!.weights).toHaveLength(8);
    const bin = await readFile(path.join(modelDir, 'weights.bin'));
    expect(bin.byteLength).toBe((12 + 12 + 4 + 8 + 2) * 4);

    const loaded = await loadLayersModel(modelDir);
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(['BatchNormalization', 'Dense', 'Dense']);
    expect(loaded.layers[0]!.trainable).toBe(false);

    const x = tf.tensor2d([
      [3, -1, 0],
      [10, 2, -4],
      [-5, 0.5, 7],
    ]);
    const expected = (model.predict(x) as tf.Tensor).arraySync();
    const actual = (loaded.predict(x) as tf.Tensor).arraySync();
    expect(actual).toEqual(expected);
  });

  it('refuses a manifest that points outside the model directory', async () => {
    const modelDir = path.join(dir, 'evil');
    await saveLayersModel(tinyModel(), modelDir);
    const jsonPath = path.join(modelDir, 'model.json');
    const json = JSON.parse(await readFile(jsonPath, 'utf8')) as { weightsManifest: { paths: string[] }[] };
    json.weightsManifest[0]!.paths = ['../tiny/weights.bin'];
    await writeFile(jsonPath, JSON.stringify(json));
    await expect(loadLayersModel(modelDir)).rejects.toThrow(/escapes the model directory/);
  });
});
