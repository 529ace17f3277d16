/**
 * Loads a tfjs LayersModel from bytes: the model.json text and its weight files by name. The CLI
 * reads files, the browser reads user files or fetches URLs; both end here.
 */
import * as tf from '@tensorflow/tfjs';
import { fail, ZkinferError } from '../errors.js';
import { normaliseKerasTopology } from './tfjs-layers-config.js';

export interface ModelFiles {
  readonly modelJson: string | Uint8Array;
  /** Weight files by the path model.json gives them (e.g. "weights.bin"). */
  readonly weights: ReadonlyMap<string, Uint8Array>;
}

export interface WeightsGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

export interface ParsedModelJson {
  readonly modelTopology: object;
  readonly weightsManifest: WeightsGroup[];
  readonly format?: string;
}

export function parseModelJson(modelJson: string | Uint8Array): ParsedModelJson {
  const text = typeof modelJson === 'string' ? modelJson : new TextDecoder().decode(modelJson);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail('model', 'malformed-model-json', `model.json is not valid JSON (${(e as Error).message})`);
  }
  const p = parsed as Partial<ParsedModelJson>;
  if (typeof p !== 'object' || p === null || typeof p.modelTopology !== 'object' || p.modelTopology === null) {
    fail('model', 'malformed-model-json', 'model.json has no "modelTopology": it is not a tfjs layers model');
  }
  if (p.format !== undefined && p.format !== 'layers-model') {
    fail('model', 'unsupported-format', `model.json has format "${p.format}"; only tfjs layers models ("layers-model") are supported`);
  }
  if (!Array.isArray(p.weightsManifest)) {
    fail('model', 'malformed-model-json', 'model.json has no "weightsManifest" list');
  }
  return p as ParsedModelJson;
}

/** Names of the weight files a model.json refers to, in order. */
export function weightFileNames(modelJson: string | Uint8Array): string[] {
  return parseModelJson(modelJson).weightsManifest.flatMap((g) => g.paths);
}

/**
 * The weight files a manifest lists, joined in order, with the specs that describe them. The byte
 * count is checked against the specs so a truncated or foreign file is named before tfjs reads it.
 */
export function joinWeights(manifest: readonly WeightsGroup[], weights: ReadonlyMap<string, Uint8Array>): { weightSpecs: tf.io.WeightsManifestEntry[]; weightData: Uint8Array } {
  const chunks: Uint8Array[] = [];
  for (const path of manifest.flatMap((g) => g.paths)) {
    const bytes = weights.get(path) ?? weights.get(path.replace(/^(\.\/)+/, '')) ?? weights.get(path.split('/').pop()!);
    if (!bytes) fail('model', 'missing-weights', `model.json refers to weight file "${path}", which was not provided`);
    chunks.push(bytes);
  }
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    weightData.set(c, at);
    at += c.length;
  }
  const weightSpecs = manifest.flatMap((g) => g.weights);
  // A quantized weight is stored in its quantization dtype (uint8, uint16, float16); tfjs's own
  // decodeWeights dequantizes it on load (v·scale + min, or the float16 bits), so values are tfjs's.
  const expected = weightSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * bytesPerElement(s.quantization?.dtype ?? s.dtype), 0);
  if (expected !== total) {
    fail('model', 'weights-size', `the weight files hold ${total} bytes but model.json describes ${expected}: a weight file is truncated or belongs to another model`);
  }
  return { weightSpecs, weightData };
}

export async function loadModel(files: ModelFiles): Promise<tf.LayersModel> {
  const json = parseModelJson(files.modelJson);
  const { weightSpecs, weightData } = joinWeights(json.weightsManifest, files.weights);
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: normaliseKerasTopology(json.modelTopology), weightSpecs, weightData: weightData.buffer as ArrayBuffer }),
    );
  } catch (e) {
    if (e instanceof ZkinferError) throw e;
    return fail('model', 'unloadable-model', `tfjs cannot load this model: ${(e as Error).message}`);
  }
}

function bytesPerElement(dtype: string): number {
  switch (dtype) {
    case 'float32':
    case 'int32':
      return 4;
    case 'bool':
    case 'uint8':
      return 1;
    case 'float16':
    case 'uint16':
    case 'int16':
      return 2;
    default:
      return fail('model', 'unsupported-dtype', `weight dtype "${dtype}" is not supported`);
  }
}
