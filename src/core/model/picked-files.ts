/**
 * A model chosen as loose files (dropped on the app's "Your model" page, or picked): which file is
 * the model's entry, which are its companions (weight files) and whether an input spec came with
 * them. The format is found from the content by the model sources, never from a file name. A drop
 * loses folders, so a companion the entry names by a path ("weights/group1-shard1of1.bin",
 * "./model.weights.bin") is found by that path first, then by its base name.
 */
import { fail } from '../errors.js';
import type { LoadOptions } from './source-types.js';
import { detectSource, loadModelFiles, MODEL_SOURCES, type LoadedModel } from './source.js';

export interface PickedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface PickedModel {
  readonly model: LoadedModel;
  /** The entry file's name as picked (model.json, model.onnx, …). */
  readonly entry: string;
  /** A JSON file among the picked ones that reads as an input spec (not yet checked against the model). */
  readonly inputSpec?: { readonly name: string; readonly json: unknown };
  /** Picked files that are neither the model, its weights nor an input spec: ignored, and said so. */
  readonly ignored: readonly string[];
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** The JSON value of a file that starts like JSON, else undefined. */
function jsonOf(bytes: Uint8Array): unknown {
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (!head.startsWith('{') && !head.startsWith('[')) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/** An input spec file as the CLI reads it: an object with a "features" list, or the list itself. */
function isInputSpecJson(j: unknown): boolean {
  const isFeature = (f: unknown) => typeof f === 'object' && f !== null && 'min' in f && 'max' in f;
  if (Array.isArray(j)) return j.length > 0 && j.every(isFeature);
  return typeof j === 'object' && j !== null && Array.isArray((j as { features?: unknown }).features) && !('modelTopology' in j);
}

/**
 * Loads the one model among `files`. Several models, none, or a missing weight file are named
 * errors (the unrecognised file gets core's one sentence: what it looks like, what is supported).
 */
export async function loadPickedModel(files: readonly PickedFile[], name: string, options?: LoadOptions): Promise<PickedModel> {
  if (files.length === 0) fail('model', 'no-files', 'no file was chosen: choose a model file (.onnx, .h5, .keras, or a model.json with its weight files)');
  const specs: { name: string; json: unknown }[] = [];
  const models: PickedFile[] = [];
  for (const f of files) {
    const json = jsonOf(f.bytes);
    if (json !== undefined && isInputSpecJson(json)) specs.push({ name: f.name, json });
    else if (MODEL_SOURCES.some((s) => s.detect(f.bytes))) models.push(f);
  }
  if (models.length > 1) {
    fail('model', 'several-models', `the files you chose hold ${models.length} models (${models.map((m) => m.name).join(', ')}): choose one model, with its weight files`);
  }
  if (specs.length > 1) fail('input', 'several-input-specs', `the files you chose hold ${specs.length} input specs (${specs.map((s) => s.name).join(', ')}): choose one`);
  const entry = models[0];
  if (!entry) {
    const rest = files.filter((f) => !specs.some((s) => s.name === f.name));
    if (rest.length === 0) fail('model', 'no-model', `${specs[0]!.name} is an input spec, not a model: choose the model file too`);
    // The likeliest entry is a JSON file (a model.json that is not quite one), else the first file.
    const named = rest.find((f) => jsonOf(f.bytes) !== undefined) ?? rest[0]!;
    detectSource(named.bytes, named.name);
  }
  const byPath = new Map<string, Uint8Array>();
  const byBase = new Map<string, Uint8Array>();
  for (const f of files) {
    byPath.set(f.name, f.bytes);
    if (!byBase.has(baseName(f.name))) byBase.set(baseName(f.name), f.bytes);
  }
  const used = new Set<Uint8Array>([entry!.bytes]);
  const lookup = (path: string) => {
    const bytes = byPath.get(path) ?? byBase.get(baseName(path));
    if (bytes) used.add(bytes);
    return bytes;
  };
  const model = await loadModelFiles(baseName(entry!.name), entry!.bytes, lookup, name, undefined, options);
  const spec = specs[0];
  return {
    model,
    entry: entry!.name,
    ...(spec ? { inputSpec: spec } : {}),
    ignored: files.filter((f) => !used.has(f.bytes) && f.name !== spec?.name).map((f) => f.name),
  };
}
