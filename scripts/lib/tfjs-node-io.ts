/**
 * Save and load tfjs LayersModels on the local file system, in the standard tfjs layout
 * (`model.json` + `weights.bin`), without @tensorflow/tfjs-node: that package's native binding
 * cannot be installed here, and the pure-JS @tensorflow/tfjs has no `file://` handler.
 *
 * The files written are exactly what `tf.loadLayersModel('http://…/model.json')` expects, so the
 * browser app can serve them from `public/` unchanged.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** Writes `dir/model.json` and `dir/weights.bin` (one shard: the models here are small). */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  await mkdir(dir, { recursive: true });
  return model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (artifacts.modelTopology == null || artifacts.weightSpecs == null) {
        throw new Error('saveLayersModel: tfjs produced no topology or weight specs');
      }
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs }],
      };
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      // Weights first: an interrupted save then never leaves a model.json describing missing bytes.
      await writeFile(path.join(dir, WEIGHTS_BIN), weights);
      // Pretty-printed because these files are committed and reviewed; tfjs does not care.
      await writeFile(path.join(dir, MODEL_JSON), `${JSON.stringify(modelJson, null, 2)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/** An IOHandler that loads `dir/model.json` and the weight files its manifest names. */
export function directoryLoader(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const modelJson = JSON.parse(await readFile(path.join(dir, MODEL_JSON), 'utf8')) as tf.io.ModelJSON;
      if (modelJson.modelTopology == null || !Array.isArray(modelJson.weightsManifest)) {
        throw new Error(`${path.join(dir, MODEL_JSON)} is not a tfjs layers model.json`);
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const shards: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) shards.push(await readShard(dir, p));
        }
        return [specs, tf.io.CompositeArrayBuffer.join(shards)];
      });
    },
  };
}

export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(directoryLoader(dir));
}

async function readShard(dir: string, shardPath: string): Promise<ArrayBuffer> {
  // A model.json may come from someone else: never let its manifest read outside its directory.
  const root = path.resolve(dir);
  const file = path.resolve(root, shardPath);
  if (path.relative(root, file).startsWith('..') || path.isAbsolute(shardPath)) {
    throw new Error(`weight path '${shardPath}' escapes the model directory ${root}`);
  }
  const bytes = await readFile(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
