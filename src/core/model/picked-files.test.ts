/**
 * A model chosen as loose files: the one model among them is found from the content (whatever the
 * files are called), its weights by the path it names or by base name, an input spec beside it is
 * picked up, and a wrong choice gets one named sentence.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { BYOM_FEATURES, tabularKerasH5, tabularOnnx } from '../test-support/byom-models.js';
import { layersArtifacts, modelJson } from '../test-support/tfjs-artifacts.js';
import { inputSpecFromJson } from './input.js';
import { loadPickedModel, type PickedFile } from './picked-files.js';

tf.setBackend('cpu');

const text = (name: string, s: string): PickedFile => ({ name, bytes: new TextEncoder().encode(s) });
const PNG = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52);

async function refusal(files: PickedFile[]): Promise<ZkinferError> {
  try {
    await loadPickedModel(files, 'test');
  } catch (e) {
    expect(e).toBeInstanceOf(ZkinferError);
    return e as ZkinferError;
  }
  throw new Error('the files were accepted');
}

describe('loadPickedModel', () => {
  it('finds an ONNX model by its content, whatever its name', async () => {
    const picked = await loadPickedModel([{ name: 'weights.bin', bytes: tabularOnnx() }], 'test');
    expect(picked.model.format).toBe('onnx');
    expect(picked.entry).toBe('weights.bin');
    expect(picked.model.graph.shapes.get(picked.model.graph.input)).toEqual([BYOM_FEATURES]);
    expect(picked.ignored).toEqual([]);
  });

  it('takes a Keras .h5 with an input spec beside it and names the file it ignores', async () => {
    const spec = [0, 1, 2, 3].map((i) => ({ name: `f${i}`, min: -1, max: i + 1 }));
    const picked = await loadPickedModel([text('notes.txt', 'hello'), { name: 'model.h5', bytes: await tabularKerasH5() }, text('ranges.json', JSON.stringify(spec))], 'test');
    expect(picked.model.format).toBe('keras-h5');
    expect(picked.inputSpec?.name).toBe('ranges.json');
    expect(picked.ignored).toEqual(['notes.txt']);
    const read = inputSpecFromJson(picked.inputSpec!.json, [BYOM_FEATURES], 8);
    expect(read.features.map((f) => f.max)).toEqual([1, 2, 3, 4]);
    expect(read.bits).toBe(8);
  });

  it('finds a tfjs model\'s weights named by a folder path after the drop lost the folder', async () => {
    const input = tf.input({ shape: [3] });
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2, activation: 'softmax' }).apply(input) as tf.SymbolicTensor });
    const a = await layersArtifacts(model);
    const picked = await loadPickedModel([{ name: 'shard.bin', bytes: a.weightData }, { name: 'model.json', bytes: modelJson(a, './weights/shard.bin') }], 'test');
    expect(picked.model.format).toBe('tfjs-layers');
    expect(picked.model.files.map((f) => f.path)).toEqual(['model.json', 'weights/shard.bin']);
    expect(picked.ignored).toEqual([]);
  });

  it('names a missing weight file', async () => {
    const input = tf.input({ shape: [3] });
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor });
    const e = await refusal([{ name: 'model.json', bytes: modelJson(await layersArtifacts(model), 'group1-shard1of1.bin') }]);
    expect(e.message).toBe('model.json refers to "group1-shard1of1.bin", which was not provided');
  });

  it('says what a picture dropped as a model is, and what is supported', async () => {
    const e = await refusal([{ name: 'photo.png', bytes: PNG }]);
    expect(e.message).toMatch(/^photo\.png is a PNG image; supported: a tfjs Layers model .*ONNX/);
  });

  it('refuses two models at once, naming both', async () => {
    const e = await refusal([{ name: 'a.onnx', bytes: tabularOnnx() }, { name: 'b.h5', bytes: await tabularKerasH5() }]);
    expect(e.code).toBe('several-models');
    expect(e.message).toContain('(a.onnx, b.h5)');
  });

  it('says an input spec alone is not a model', async () => {
    const e = await refusal([text('input-spec.json', '{"features": [{"name": "a", "min": 0, "max": 1}]}')]);
    expect(e.message).toBe('input-spec.json is an input spec, not a model: choose the model file too');
  });

  it('refuses an input spec for another shape, naming both shapes', () => {
    expect(() => inputSpecFromJson({ shape: [2], features: [{ name: 'a', min: 0, max: 1 }, { name: 'b', min: 0, max: 1 }] }, [4])).toThrow(
      "the input spec has shape [2] but the model's input is [4]",
    );
  });
});
