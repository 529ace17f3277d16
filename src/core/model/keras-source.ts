/**
 * Keras files as model sources: the Keras 3 `.keras` archive (a zip holding config.json,
 * metadata.json and model.weights.h5) and the HDF5 `.h5` file `model.save` writes (a
 * `model_config` attribute and a `model_weights` group, Keras 2.x layout). Both become a tfjs
 * LayersModel built from the config (keras-config.ts) with the file's weights set layer by layer in
 * Keras's order, and then the same import as a tfjs Layers model: the float reference is tfjs's.
 */
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { fail, ZkinferError } from '../errors.js';
import { isHdf5, openHdf5, type Hdf5Array, type Hdf5Reader } from '../formats/hdf5.js';
import { importModel } from './import.js';
import { groupedConvs, kerasV3WeightPaths, tfjsTopology } from './keras-config.js';
import type { Graph } from './ir.js';
import type { ModelSource } from './source-types.js';

/** The weights of one layer as stored, in Keras's order (kernel, bias; gamma, beta, mean, variance). */
type WeightsOf = (layerName: string) => Hdf5Array[] | undefined;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function parseConfig(text: string | undefined, what: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail('model', 'malformed-keras-config', `the model config in ${what} is not valid JSON (${message(e)})`);
  }
}

/** A tfjs model built from a Keras config, holding the file's weights; the caller disposes it. */
async function buildModel(kerasConfig: unknown, weightsOf: WeightsOf, what: string): Promise<tf.LayersModel> {
  const topology = tfjsTopology(kerasConfig);
  const grouped = groupedConvs(topology);
  let model: tf.LayersModel;
  try {
    model = await tf.models.modelFromJSON({ modelTopology: topology } as Parameters<typeof tf.models.modelFromJSON>[0]);
  } catch (e) {
    if (e instanceof ZkinferError) throw e;
    return fail('model', 'unloadable-model', `tfjs cannot build the Keras model in ${what}: ${message(e)}`);
  }
  try {
    for (const layer of model.layers) {
      const expected = layer.weights;
      if (expected.length === 0) continue;
      const where = `layer "${layer.name}" (${layer.getClassName()})`;
      const groups = grouped.get(layer.name) ?? 1;
      const stored = groups > 1 ? widenGroupedKernel(weightsOf(layer.name), groups, expected[0]!.shape as number[], `${what}: ${where}`) : weightsOf(layer.name);
      if (!stored) fail('model', 'missing-weights', `${what} holds no weights for ${where}`);
      if (stored.length !== expected.length) {
        fail('model', 'weights-size', `${what} holds ${stored.length} weights for ${where}, which has ${expected.length} (${expected.map((w) => w.originalName).join(', ')})`);
      }
      stored.forEach((w, i) => {
        const want = expected[i]!.shape;
        if (w.shape.length !== want.length || w.shape.some((d, j) => d !== want[j])) {
          fail('model', 'weights-size', `${what}: weight ${i} of ${where} has shape [${w.shape.join(', ')}], the layer needs [${want.join(', ')}]`);
        }
      });
      const tensors = stored.map((w) => tf.tensor(w.values, [...w.shape], 'float32'));
      layer.setWeights(tensors);
      tf.dispose(tensors);
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

async function toGraph(kerasConfig: unknown, weightsOf: WeightsOf, what: string, name: string) {
  const model = await buildModel(kerasConfig, weightsOf, what);
  try {
    return regroup(importModel(model, name), groupedConvs(tfjsTopology(kerasConfig)));
  } finally {
    model.dispose();
  }
}

// ---------------------------------------------------------------- grouped Conv2D

/**
 * Each weight of a grouped convolution by its index in the full kernel [taps, inC, outC] and in
 * the grouped one [taps, inC / groups, outC]; output channel o reads the input channels of group
 * ⌊o / (outC / groups)⌋ (Keras's and TensorFlow's order, and the IR's).
 */
function forGroupedEntries(taps: number, inC: number, outC: number, groups: number, pair: (wide: number, narrow: number) => void): void {
  const per = inC / groups;
  const outPer = outC / groups;
  for (let t = 0; t < taps; t++) {
    for (let o = 0; o < outC; o++) {
      const first = Math.floor(o / outPer) * per;
      for (let j = 0; j < per; j++) pair((t * inC + first + j) * outC + o, (t * per + j) * outC + o);
    }
  }
}

/**
 * Keras stores a grouped Conv2D's kernel as [kh, kw, inC / groups, filters], output channel o
 * reading the input channels of group ⌊o / (filters / groups)⌋. tfjs has no grouped convolution,
 * so tfjs runs the full [kh, kw, inC, filters] kernel that is zero outside each group: the same
 * function, and tfjs stays the float reference.
 */
function widenGroupedKernel(stored: Hdf5Array[] | undefined, groups: number, full: readonly number[], where: string): Hdf5Array[] | undefined {
  if (!stored || stored.length === 0) return stored;
  const [kh, kw, inC, outC] = full as [number, number, number, number];
  const per = inC / groups;
  const want = [kh, kw, per, outC];
  const k = stored[0]!;
  if (!Number.isInteger(per) || outC % groups !== 0) fail('model', 'unsupported-config', `${where} has ${groups} groups, which do not divide its ${inC} input and ${outC} output channels`);
  if (k.shape.join() !== want.join()) fail('model', 'weights-size', `${where}: its grouped kernel has shape [${k.shape.join(', ')}], the layer needs [${want.join(', ')}]`);
  const values = new Float32Array(kh * kw * inC * outC);
  forGroupedEntries(kh * kw, inC, outC, groups, (wide, narrow) => (values[wide] = k.values[narrow]!));
  return [{ ...k, shape: full, values }, ...stored.slice(1)];
}

/** The imported graph with each grouped Conv2D as the IR's grouped conv2d, its kernel back to [kh, kw, inC / groups, filters]. */
function regroup(graph: Graph, grouped: ReadonlyMap<string, number>): Graph {
  if (grouped.size === 0) return graph;
  let dropped = 0;
  const nodes = graph.nodes.map((n) => {
    const groups = grouped.get(n.layer);
    if (groups === undefined || n.op.kind !== 'conv2d') return n;
    const { geometry, kernel } = n.op;
    const [inC, outC] = [geometry.inShape[2], geometry.outShape[2]];
    const taps = kernel.length / (inC * outC);
    const narrow = new Float64Array(kernel.length / groups);
    forGroupedEntries(taps, inC, outC, groups, (wide, at) => (narrow[at] = kernel[wide]!));
    dropped += kernel.length - narrow.length;
    return { ...n, op: { ...n.op, geometry: { ...geometry, groups }, kernel: narrow } };
  });
  // Keras counts the grouped kernel's parameters, not the zeros tfjs held.
  return { ...graph, nodes, parameters: graph.parameters - dropped };
}

// ---------------------------------------------------------------- Keras 3 .keras (zip)

interface KerasArchive {
  readonly config: Uint8Array;
  readonly weights?: Uint8Array;
}

const archives = new WeakMap<Uint8Array, KerasArchive | null>();
const WANTED = new Set(['config.json', 'model.weights.h5']);

/** The parts of a `.keras` archive, or null when the bytes are not a zip with a config.json. */
export function readKerasArchive(bytes: Uint8Array): KerasArchive | null {
  if (archives.has(bytes)) return archives.get(bytes)!;
  let archive: KerasArchive | null = null;
  // A local file header ("PK\x03\x04") starts every zip Keras writes.
  if (bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4) {
    try {
      const files = unzipSync(bytes, { filter: (f) => WANTED.has(f.name) });
      if (files['config.json']) archive = { config: files['config.json'], ...(files['model.weights.h5'] ? { weights: files['model.weights.h5'] } : {}) };
    } catch {
      archive = null;
    }
  }
  archives.set(bytes, archive);
  return archive;
}

/** Keras 3 stores each layer's variables as datasets "0", "1", … under `layers/<name>/vars`. */
function v3Weights(h5: Hdf5Reader, paths: ReadonlyMap<string, string>): WeightsOf {
  return (layerName) => {
    const candidates = [paths.get(layerName), `layers/${layerName}`].filter((p): p is string => p !== undefined);
    const group = candidates.map((p) => `${p}/vars`).find((p) => h5.has(p));
    if (!group) return undefined;
    const names = h5.keys(group).filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b));
    return names.map((k) => h5.floats(`${group}/${k}`));
  };
}

export const kerasSource: ModelSource = {
  format: 'keras',
  description: 'a Keras 3 model (.keras: a zip of config.json and model.weights.h5)',
  detect: (entry) => readKerasArchive(entry) !== null,
  companions: () => [],
  toGraph(entry, _files, name) {
    const archive = readKerasArchive(entry);
    if (!archive) return fail('model', 'unsupported-format', 'the model file is not a .keras archive');
    const what = 'the .keras archive';
    if (!archive.weights) return fail('model', 'missing-weights', `${what} has a config.json but no model.weights.h5`);
    if (!isHdf5(archive.weights)) return fail('model', 'malformed-hdf5', `model.weights.h5 in ${what} is not an HDF5 file`);
    const config = parseConfig(new TextDecoder().decode(archive.config), what);
    const h5 = openHdf5(archive.weights, 'model.weights.h5');
    return toGraph(config, v3Weights(h5, kerasV3WeightPaths(tfjsTopology(config))), what, name);
  },
};

// ---------------------------------------------------------------- Keras .h5 (HDF5)

/**
 * `model_weights/<layer>` lists its weights in the attribute `weight_names` (e.g.
 * "dense/kernel:0"), each a dataset at `model_weights/<layer>/<weight name>`.
 */
function h5Weights(h5: Hdf5Reader, what: string): WeightsOf {
  return (layerName) => {
    const group = `model_weights/${layerName}`;
    if (!h5.has(group)) return undefined;
    const names = h5.texts(group, 'weight_names');
    if (!names) return fail('model', 'malformed-keras-weights', `${what}: ${group} has no "weight_names" attribute`);
    return names.map((n) => h5.floats(`${group}/${n}`));
  };
}

const h5Files = new WeakMap<Uint8Array, { h5: Hdf5Reader; config: string } | null>();

/** An HDF5 file with a `model_config` attribute (what model.save writes), or null. */
function readKerasH5(bytes: Uint8Array): { h5: Hdf5Reader; config: string } | null {
  if (h5Files.has(bytes)) return h5Files.get(bytes)!;
  let found: { h5: Hdf5Reader; config: string } | null = null;
  if (isHdf5(bytes)) {
    try {
      const h5 = openHdf5(bytes, 'the .h5 file');
      const config = h5.text('/', 'model_config');
      if (config !== undefined) found = { h5, config };
    } catch {
      found = null;
    }
  }
  h5Files.set(bytes, found);
  return found;
}

export const kerasH5Source: ModelSource = {
  format: 'keras-h5',
  description: 'a Keras HDF5 model (.h5 from model.save, with model_config and model_weights)',
  detect: (entry) => readKerasH5(entry) !== null,
  companions: () => [],
  toGraph(entry, _files, name) {
    const what = 'the .h5 file';
    const file = readKerasH5(entry);
    if (!file) return fail('model', 'unsupported-format', `${what} is not a Keras HDF5 model (no model_config attribute)`);
    const { h5 } = file;
    const config = parseConfig(file.config, what);
    if (!h5.has('model_weights')) return fail('model', 'missing-weights', `${what} has a model_config but no "model_weights" group`);
    const layerNames = h5.texts('model_weights', 'layer_names') ?? h5.keys('model_weights');
    const topology = tfjsTopology(config).config as { layers: { name?: string; config: { name?: string } }[] };
    const known = new Set(topology.layers.map((l) => l.name ?? l.config.name));
    const stray = layerNames.find((l) => !known.has(l) && (h5.texts(`model_weights/${l}`, 'weight_names') ?? []).length > 0);
    if (stray !== undefined) return fail('model', 'weights-mismatch', `${what} holds weights for a layer "${stray}" that its model_config does not have`);
    return toGraph(config, h5Weights(h5, what), what, name);
  },
};
