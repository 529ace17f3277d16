/** ONNX (.onnx, one protobuf ModelProto with its weights embedded) as a model source. */
import { fail } from '../errors.js';
import { decodeOnnx, type OnnxModel } from '../formats/onnx.js';
import { importOnnx } from './onnx-import.js';
import type { ModelSource } from './source-types.js';

/** Decoded once per byte array: detection and import read the same file. */
const decoded = new WeakMap<Uint8Array, OnnxModel | null>();

/**
 * The ModelProto in these bytes, or null if they are not one. A protobuf has no magic number, so
 * the test is structural: the bytes decode as a ModelProto with an IR version, at least one
 * opset import and a graph with nodes. JSON, zip, HDF5 and text files fail to decode or lack these.
 */
export function readOnnx(bytes: Uint8Array): OnnxModel | null {
  if (decoded.has(bytes)) return decoded.get(bytes)!;
  let model: OnnxModel | null = null;
  try {
    const m = decodeOnnx(bytes);
    if (m.irVersion > 0 && m.opsetImport.length > 0 && m.graph && m.graph.node.length > 0) model = m;
  } catch {
    model = null;
  }
  decoded.set(bytes, model);
  return model;
}

export const onnxSource: ModelSource = {
  format: 'onnx',
  description: 'an ONNX model (.onnx with embedded weights)',
  detect: (entry) => readOnnx(entry) !== null,
  companions: () => [],
  toGraph(entry, _files, name, options) {
    const model = readOnnx(entry);
    if (!model) return fail('model', 'unsupported-format', 'the model file is not an ONNX ModelProto');
    return Promise.resolve(importOnnx(model, name, options?.outputNode));
  },
};
