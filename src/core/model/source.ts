/**
 * Model sources: one interface that turns the bytes of a model in some format into the float
 * graph, the list of files that belong to it and the model hash the manifest records. Everything
 * after the graph is format-independent; the package, the CLI and the app depend on this interface,
 * never on one format's shapes. The format is detected from the content, not the file name.
 */
import { fail } from '../errors.js';
import { modelHash } from '../hash.js';
import type { Graph } from './ir.js';
import type { LoadOptions, ModelFile, ModelSource } from './source-types.js';
import { kerasH5Source, kerasSource } from './keras-source.js';
import { onnxSource } from './onnx-source.js';
import { tfjsGraphPbSource } from './tfjs-graph-pb-source.js';
import { tfjsGraphSource } from './tfjs-graph-source.js';
import { tfjsLayersSource } from './tfjs-layers-source.js';

export type { LoadOptions, ModelFile, ModelSource } from './source-types.js';

// Cheap signatures (JSON, zip, HDF5) first, then a GraphDef (a protobuf whose first field is a
// node); ONNX, which has no signature, is tried last.
export const MODEL_SOURCES: readonly ModelSource[] = [tfjsLayersSource, tfjsGraphSource, kerasSource, kerasH5Source, tfjsGraphPbSource, onnxSource];

export interface LoadedModel {
  readonly format: string;
  readonly graph: Graph;
  /** The entry first, then its companions: what a package stores and hashes. */
  readonly files: readonly ModelFile[];
  readonly hash: string;
  /** The output picked with `--output-node`, when one was. */
  readonly outputNode?: string;
}

/** A value from the file, safe to print: printable ASCII only, at most 40 characters. */
function shown(v: string): string {
  const clean = v.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

/** What a file looks like, in a few words, for the "not a supported model" message. */
function sniff(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  const head = bytes.subarray(0, 8);
  const ascii = String.fromCharCode(...head);
  if (ascii.startsWith('\x89HDF')) return 'an HDF5 file with no Keras "model_config" (a weights-only file from save_weights? save the whole model with model.save)';
  if (ascii.startsWith('PK')) return 'a zip archive with no config.json (not a Keras 3 .keras file)';
  // Files people drop by mistake: named, so the sentence says what the file is.
  if (ascii.startsWith('\x89PNG')) return 'a PNG image';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'a JPEG image';
  if (ascii.startsWith('GIF8')) return 'a GIF image';
  if (ascii.startsWith('%PDF')) return 'a PDF document';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'a gzip archive (unpack it first)';
  const text = new TextDecoder().decode(bytes.subarray(0, 256)).trimStart();
  if (text.startsWith('{') || text.startsWith('[')) {
    let j: unknown;
    try {
      j = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return 'a file that starts like JSON but is not valid JSON';
    }
    if (typeof j !== 'object' || j === null || Array.isArray(j)) return 'JSON that is not an object';
    const o = j as Record<string, unknown>;
    const format = typeof o.format === 'string' ? ` (format "${shown(o.format)}")` : '';
    if (typeof o.modelTopology !== 'object' || o.modelTopology === null) return `JSON without modelTopology${format}`;
    if (!Array.isArray(o.weightsManifest)) return `a model.json without a weightsManifest list${format}`;
    return `a model.json whose modelTopology is neither a Keras model nor a TensorFlow graph${format}`;
  }
  // Text: printable ASCII, tabs and line breaks, or UTF-8 beyond ASCII.
  const sample = bytes.subarray(0, 512);
  if (sample.every((b) => b === 9 || b === 10 || b === 13 || b >= 32) && !sample.includes(0x7f)) return 'a text file';
  return 'a binary file of an unknown format';
}

export function detectSource(entry: Uint8Array, what = 'the model file'): ModelSource {
  const source = MODEL_SOURCES.find((s) => s.detect(entry));
  if (source) return source;
  return fail('model', 'unsupported-format', `${what} is ${sniff(entry)}; supported: ${MODEL_SOURCES.map((s) => s.description).join('; ')}`);
}

export function sourceFor(format: string): ModelSource {
  const source = MODEL_SOURCES.find((s) => s.format === format);
  if (!source) fail('model', 'unsupported-format', `models of format "${format}" are not supported by this zkinfer (supported: ${MODEL_SOURCES.map((s) => s.format).join(', ')})`);
  return source;
}

/**
 * Loads a model from its entry file and a lookup for the files beside it (by relative path).
 * A missing companion is named.
 */
export async function loadModelFiles(
  entryPath: string,
  entry: Uint8Array,
  lookup: (path: string) => Uint8Array | undefined,
  name: string,
  format?: string,
  options?: LoadOptions,
): Promise<LoadedModel> {
  const source = format ? sourceFor(format) : detectSource(entry, entryPath);
  const files: ModelFile[] = [{ path: entryPath, bytes: entry }];
  const add = (paths: readonly string[]) => {
    for (const path of paths) {
      const bytes = lookup(path);
      if (!bytes) fail('model', 'missing-file', `${entryPath} refers to "${path}", which was not provided`);
      files.push({ path, bytes });
    }
    return new Map(files.map((f) => [f.path, f.bytes]));
  };
  let byPath = add(source.companions(entry));
  if (source.moreCompanions) byPath = add(source.moreCompanions(entry, byPath));
  const graph = await source.toGraph(entry, byPath, name, options);
  const hash = await modelHash(entry, files.slice(1).map((f) => f.bytes));
  return { format: source.format, graph, files, hash, ...(options?.outputNode !== undefined ? { outputNode: options.outputNode } : {}) };
}

/** loadModelFiles over an in-memory folder (path → bytes), e.g. a model saved by tfjs in a test. */
export function loadModelFromMap(entryPath: string, files: ReadonlyMap<string, Uint8Array>, name: string): Promise<LoadedModel> {
  const entry = files.get(entryPath);
  if (!entry) fail('model', 'missing-file', `no ${entryPath} among the model files`);
  return loadModelFiles(entryPath, entry, (p) => files.get(p), name);
}
