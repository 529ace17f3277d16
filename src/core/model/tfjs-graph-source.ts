/**
 * tfjs Graph models as a model source: model.json whose `modelTopology` is a TensorFlow GraphDef
 * (a `node` list), from both converter generations — `"format": "graph-model"` and the older
 * output with no `format` key — plus the weight files its `weightsManifest` lists. Const values
 * are decoded by tfjs's own decodeWeights, so quantized weights read exactly as tfjs reads them.
 */
import * as tf from '@tensorflow/tfjs';
import { fail } from '../errors.js';
import { joinWeights, type WeightsGroup } from './load.js';
import type { ModelSource } from './source-types.js';
import { importGraphModel, type GraphConstant, type GraphNodeDef } from './tfjs-graph-import.js';
import { normalisePath } from './tfjs-layers-source.js';

export interface GraphModelJson {
  readonly format?: string;
  readonly modelTopology: { readonly node: readonly GraphNodeDef[] };
  readonly weightsManifest: readonly WeightsGroup[];
  readonly signature?: { readonly outputs?: Readonly<Record<string, { readonly name?: string }>> };
}

const parsed = new WeakMap<Uint8Array, GraphModelJson | null>();

/** The graph-model JSON in these bytes, or null when they are something else. */
export function readGraphModelJson(bytes: Uint8Array): GraphModelJson | null {
  if (parsed.has(bytes)) return parsed.get(bytes)!;
  let result: GraphModelJson | null = null;
  if (new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().startsWith('{')) {
    try {
      const j = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
      const topo = j.modelTopology as Record<string, unknown> | undefined;
      // Some converter versions keep the manifest inside the topology object.
      const manifest = j.weightsManifest ?? topo?.weightsManifest;
      if ((j.format === undefined || j.format === 'graph-model') && topo && Array.isArray(topo.node) && Array.isArray(manifest)) {
        result = { ...(j as object), modelTopology: topo as unknown as GraphModelJson['modelTopology'], weightsManifest: manifest as WeightsGroup[] } as GraphModelJson;
      }
    } catch {
      result = null;
    }
  }
  parsed.set(bytes, result);
  return result;
}

/** The Const values a weights manifest holds, decoded by tfjs (quantized ones dequantized as tfjs does). */
export function decodeConstants(manifest: readonly WeightsGroup[], files: ReadonlyMap<string, Uint8Array>): Map<string, GraphConstant> {
  const { weightSpecs, weightData } = joinWeights(manifest, files);
  const out = new Map<string, GraphConstant>();
  const tensors = tf.io.decodeWeights(weightData.slice().buffer, weightSpecs);
  try {
    for (const [name, t] of Object.entries(tensors)) {
      const data = Float64Array.from(t.dataSync() as ArrayLike<number>);
      const bad = data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) fail('model', 'non-finite-weight', `constant "${name}" has a non-finite value (${data[bad]}) at index ${bad}`);
      out.set(name, { dims: t.shape, data });
    }
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  return out;
}

export const tfjsGraphSource: ModelSource = {
  format: 'tfjs-graph',
  description: 'a tfjs Graph model (model.json with a "node" list, "format": "graph-model" or none, plus its weight files)',
  detect: (entry) => readGraphModelJson(entry) !== null,
  companions: (entry) => (readGraphModelJson(entry)?.weightsManifest ?? []).flatMap((g) => g.paths.map(normalisePath)),
  toGraph(entry, files, name, options) {
    const json = readGraphModelJson(entry);
    if (!json) return fail('model', 'unsupported-format', 'the model file is not a tfjs Graph model');
    const signatureOutputs = Object.values(json.signature?.outputs ?? {}).flatMap((o) => (o.name ? [o.name] : []));
    return Promise.resolve(importGraphModel(json.modelTopology.node, decodeConstants(json.weightsManifest, files), name, { signatureOutputs, outputNode: options?.outputNode }));
  },
};
