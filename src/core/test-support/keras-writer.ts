/**
 * Writes Keras model files for tests, on this machine, in the layouts Keras itself writes:
 * - `.h5` (Keras 2.x `model.save`): root attributes `model_config` (JSON, as the null-padded byte
 *   string h5py stores for Python bytes), `keras_version`, `backend`; group `model_weights` with
 *   attribute `layer_names`, one group per layer with attribute `weight_names`
 *   (e.g. "dense/kernel:0") and its datasets at `model_weights/<layer>/<layer>/kernel:0`.
 * - `.keras` (Keras 3): a zip of config.json, metadata.json and model.weights.h5 whose variables
 *   sit at `layers/<class in snake case>[_n]/vars/0, 1, …`.
 * HDF5 is written by h5wasm (the HDF5 C library in wasm, in-memory file system), an implementation
 * independent of the jsfive reader the product uses.
 */
import h5wasm from 'h5wasm';
import { zipSync } from 'fflate';

export interface StoredArray {
  readonly shape: readonly number[];
  readonly values: ArrayLike<number>;
}

let fileNumber = 0;

async function writeHdf5(fill: (f: InstanceType<typeof h5wasm.File>) => void): Promise<Uint8Array> {
  const module = await h5wasm.ready;
  const path = `/keras-writer-${fileNumber++}.h5`;
  const f = new h5wasm.File(path, 'w');
  fill(f);
  f.close();
  const bytes = module.FS!.readFile(path) as Uint8Array;
  module.FS!.unlink(path);
  return bytes;
}

/** A list of strings as h5py writes numpy byte strings: fixed length, null-padded. */
function fixedStrings(values: readonly string[]): [string[], number[], string] {
  const width = Math.max(1, ...values.map((v) => new TextEncoder().encode(v).length));
  return [[...values], [values.length], `S${width}`];
}

type Group = ReturnType<InstanceType<typeof h5wasm.File>['create_group']>;

/** The group at a slash path under `root`, created as needed. */
function subgroup(root: Group, path: string): Group {
  let at = root;
  for (const part of path.split('/')) at = at.keys().includes(part) ? (at.get(part) as Group) : at.create_group(part);
  return at;
}

function dataset(g: Group, name: string, a: StoredArray): void {
  g.create_dataset({ name, data: Float32Array.from(a.values), shape: [...a.shape], dtype: '<f' });
}

export interface H5Layer {
  readonly name: string;
  /** Keras 2 names: "<layer>/kernel:0", "<layer>/bias:0", … */
  readonly weights: readonly { readonly name: string; readonly array: StoredArray }[];
}

export function kerasH5Bytes(modelConfig: object, layers: readonly H5Layer[], kerasVersion = '2.15.0'): Promise<Uint8Array> {
  return writeHdf5((f) => {
    const config = JSON.stringify(modelConfig);
    f.create_attribute('model_config', config, null, `S${new TextEncoder().encode(config).length}`);
    f.create_attribute('keras_version', kerasVersion, null, `S${kerasVersion.length}`);
    f.create_attribute('backend', 'tensorflow', null, 'S10');
    const mw = f.create_group('model_weights');
    mw.create_attribute('layer_names', ...fixedStrings(layers.map((l) => l.name)));
    mw.create_attribute('keras_version', kerasVersion, null, `S${kerasVersion.length}`);
    mw.create_attribute('backend', 'tensorflow', null, 'S10');
    for (const layer of layers) {
      const g = mw.create_group(layer.name);
      if (layer.weights.length === 0) continue;
      g.create_attribute('weight_names', ...fixedStrings(layer.weights.map((w) => w.name)));
      for (const w of layer.weights) {
        // "conv2d/kernel:0" is the dataset "kernel:0" in a subgroup "conv2d".
        const parts = w.name.split('/');
        dataset(parts.length > 1 ? subgroup(g, parts.slice(0, -1).join('/')) : g, parts.at(-1)!, w.array);
      }
    }
  });
}

/** `model.weights.h5` of a Keras 3 archive: `groups` maps `layers/dense` etc. to their variables. */
export function kerasV3WeightsBytes(groups: ReadonlyMap<string, readonly StoredArray[]>): Promise<Uint8Array> {
  return writeHdf5((f) => {
    f.create_group('vars'); // the model's own (empty) variables, as Keras writes them
    for (const [path, arrays] of groups) {
      const vars = subgroup(f, `${path}/vars`);
      arrays.forEach((a, i) => dataset(vars, String(i), a));
    }
  });
}

export async function kerasArchiveBytes(config: object, groups: ReadonlyMap<string, readonly StoredArray[]>, kerasVersion = '3.6.0'): Promise<Uint8Array> {
  const enc = new TextEncoder();
  return zipSync({
    'metadata.json': enc.encode(JSON.stringify({ keras_version: kerasVersion, date_saved: '2026-12-02@08:00:00' })),
    'config.json': enc.encode(JSON.stringify(config)),
    'model.weights.h5': await kerasV3WeightsBytes(groups),
  });
}
