/**
 * The older tfjs converter's Graph model (tfjs-converter 0.x): `tensorflowjs_model.pb`, a binary
 * TensorFlow GraphDef whose Const values were moved out, `weights_manifest.json` (the manifest
 * groups alone, a JSON list) and the shard files it lists. The GraphDef is read with protobufjs
 * (formats/graphdef.ts), its nodes are put in the converter's JSON form, and the same importer as
 * for model.json graph models runs on them. A Const whose value stayed in the GraphDef (not listed
 * in the manifest) is read from the GraphDef.
 */
import { toBase64 } from '../base64.js';
import { fail } from '../errors.js';
import { decodeGraphDef, TF_DTYPE, type TfAttr, type TfNode, type TfTensor } from '../formats/graphdef.js';
import type { WeightsGroup } from './load.js';
import type { ModelSource } from './source-types.js';
import { importGraphModel, type GraphAttr, type GraphConstant, type GraphNodeDef } from './tfjs-graph-import.js';
import { decodeConstants } from './tfjs-graph-source.js';
import { normalisePath } from './tfjs-layers-source.js';

export const WEIGHTS_MANIFEST = 'weights_manifest.json';

const graphs = new WeakMap<Uint8Array, TfNode[] | null>();

/** The nodes of a GraphDef in these bytes, or null when they are something else. */
function readGraphDef(bytes: Uint8Array): TfNode[] | null {
  if (graphs.has(bytes)) return graphs.get(bytes)!;
  let nodes: TfNode[] | null = null;
  // A serialized GraphDef starts with its first node (field 1, length-delimited: byte 0x0a).
  if (bytes.length > 2 && bytes[0] === 0x0a) {
    try {
      const decoded = decodeGraphDef(bytes).node;
      const opName = /^[A-Za-z_][A-Za-z0-9_]*$/;
      if (decoded.length > 0 && decoded.every((n) => n.name.length > 0 && opName.test(n.op)) && decoded.some((n) => n.op === 'Placeholder')) nodes = decoded;
    } catch {
      nodes = null;
    }
  }
  graphs.set(bytes, nodes);
  return nodes;
}

/** An attribute in the converter's JSON form (strings base64, as model.json holds them). */
function jsonAttr(a: TfAttr): GraphAttr {
  switch (a.value) {
    case 's':
      return { s: toBase64(a.s!) };
    case 'i':
      return { i: a.i! };
    case 'f':
      return { f: a.f! };
    case 'b':
      return { b: a.b! };
    case 'shape':
      return { shape: { dim: a.shape!.dim.map((d) => ({ size: d.size })), unknownRank: a.shape!.unknownRank } };
    case 'list':
      return { list: { i: a.list!.i, s: a.list!.s.map(toBase64) } };
    default:
      return {}; // dtypes and tensors: the importer reads neither
  }
}

const jsonNode = (n: TfNode): GraphNodeDef => ({ name: n.name, op: n.op, input: n.input, attr: Object.fromEntries(Object.entries(n.attr).map(([k, v]) => [k, jsonAttr(v)])) });

/** A constant kept in the GraphDef: float32 or int32 content, or TensorFlow's value lists (the last value repeats to fill the shape). */
function inlineConstant(t: TfTensor): GraphConstant | undefined {
  const dims = (t.tensorShape?.dim ?? []).map((d) => d.size);
  const n = dims.reduce((a, b) => a * b, 1);
  const content = t.tensorContent;
  if (content.length > 0) {
    if ((t.dtype !== TF_DTYPE.FLOAT && t.dtype !== TF_DTYPE.INT32) || content.length !== n * 4) return undefined;
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
    return { dims, data: Float64Array.from({ length: n }, (_, i) => (t.dtype === TF_DTYPE.FLOAT ? view.getFloat32(i * 4, true) : view.getInt32(i * 4, true))) };
  }
  const list = t.dtype === TF_DTYPE.FLOAT ? t.floatVal : t.dtype === TF_DTYPE.INT32 ? t.intVal : t.dtype === TF_DTYPE.INT64 ? t.int64Val : [];
  if (list.length === 0) return undefined;
  return { dims, data: Float64Array.from({ length: n }, (_, i) => list[Math.min(i, list.length - 1)]!) };
}

function readManifest(files: ReadonlyMap<string, Uint8Array>): WeightsGroup[] {
  const bytes = files.get(WEIGHTS_MANIFEST);
  if (!bytes) return fail('model', 'missing-file', `the GraphDef's ${WEIGHTS_MANIFEST} was not provided`);
  let groups: unknown;
  try {
    groups = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return fail('model', 'malformed-model-json', `${WEIGHTS_MANIFEST} is not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'object' && g !== null && Array.isArray((g as WeightsGroup).paths) && Array.isArray((g as WeightsGroup).weights))) {
    return fail('model', 'malformed-model-json', `${WEIGHTS_MANIFEST} is not a list of weight groups (each with "paths" and "weights")`);
  }
  return groups as WeightsGroup[];
}

export const tfjsGraphPbSource: ModelSource = {
  format: 'tfjs-graph-pb',
  description: `an older tfjs Graph model (tensorflowjs_model.pb, a binary TensorFlow GraphDef, with ${WEIGHTS_MANIFEST} and its weight files)`,
  detect: (entry) => readGraphDef(entry) !== null,
  companions: () => [WEIGHTS_MANIFEST],
  moreCompanions: (_entry, files) => readManifest(files).flatMap((g) => g.paths.map(normalisePath)),
  toGraph(entry, files, name, options) {
    const nodes = readGraphDef(entry);
    if (!nodes) return fail('model', 'unsupported-format', 'the model file is not a TensorFlow GraphDef');
    const constants = decodeConstants(readManifest(files), files);
    for (const n of nodes) {
      const tensor = n.attr.value?.tensor;
      if (n.op !== 'Const' || constants.has(n.name) || !tensor) continue;
      const c = inlineConstant(tensor);
      if (c) constants.set(n.name, c);
    }
    return Promise.resolve(importGraphModel(nodes.map(jsonNode), constants, name, { outputNode: options?.outputNode }));
  },
};
