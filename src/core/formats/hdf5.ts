/**
 * Read-only access to an HDF5 file held in memory, for Keras `.h5` models and the weights inside a
 * `.keras` archive. The reader is jsfive: pure JavaScript over an ArrayBuffer, so the same code runs
 * in Node and in a browser worker with no file system (h5wasm, which the tests use to *write*
 * files, needs an emscripten FS and ships 4 MB of wasm). jsfive throws strings as well as Errors;
 * every failure here becomes one named error.
 */
import { File, Dataset, Group } from 'jsfive';
import { fail } from '../errors.js';

/** The 8-byte HDF5 format signature, "\x89HDF\r\n\x1a\n", at offset 0 in every file Keras writes. */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export function isHdf5(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

export interface Hdf5Array {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export interface Hdf5Reader {
  has(path: string): boolean;
  /** Child names of a group ([] if the path is not a group). */
  keys(path: string): string[];
  /** A string attribute (h5py writes both variable-length and null-padded fixed-length strings). */
  text(path: string, name: string): string | undefined;
  /** A list-of-strings attribute, e.g. Keras's `layer_names` and `weight_names`. */
  texts(path: string, name: string): string[] | undefined;
  /** A float dataset (float16/32/64 as stored), as float32 values in row-major order. */
  floats(path: string): Hdf5Array;
}

const decoder = new TextDecoder();

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.replace(/\0+$/, '');
  if (v instanceof Uint8Array) return decoder.decode(v).replace(/\0+$/, '');
  if (Array.isArray(v) && v.length === 1) return asText(v[0]);
  return undefined;
}

function lookup(root: Group, path: string): Group | Dataset | null {
  if (path === '' || path === '/') return root;
  try {
    return root.get(path);
  } catch {
    return null;
  }
}

export function openHdf5(bytes: Uint8Array, what: string): Hdf5Reader {
  let root: File;
  try {
    root = new File(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, what);
  } catch (e) {
    return fail('model', 'malformed-hdf5', `${what} starts like an HDF5 file but cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  const attrs = (path: string): Record<string, unknown> => {
    const node = lookup(root, path);
    if (!node) return {};
    try {
      return node.attrs;
    } catch (e) {
      return fail('model', 'malformed-hdf5', `${what}: the attributes of "${path}" cannot be read (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  return {
    has: (path) => lookup(root, path) !== null,
    keys(path) {
      const node = lookup(root, path);
      return node instanceof Group ? node.keys : [];
    },
    text: (path, name) => asText(attrs(path)[name]),
    texts(path, name) {
      const v = attrs(path)[name];
      if (v === undefined) return undefined;
      if (typeof v === 'string') return [asText(v)!];
      if (!Array.isArray(v)) return undefined;
      return v.map((x) => asText(x) ?? String(x));
    },
    floats(path) {
      const node = lookup(root, path);
      if (!(node instanceof Dataset)) return fail('model', 'missing-weight', `${what} has no dataset "${path}"`);
      const dtype = node.dtype;
      if (typeof dtype !== 'string' || !/^[<>]f[248]$/.test(dtype)) {
        return fail('model', 'unsupported-dtype', `${what}: dataset "${path}" holds ${JSON.stringify(dtype)}; only float16, float32 and float64 weights are supported`);
      }
      let value: ArrayLike<number> | unknown[];
      try {
        value = node.value;
      } catch (e) {
        return fail('model', 'malformed-hdf5', `${what}: dataset "${path}" cannot be read (${e instanceof Error ? e.message : String(e)})`);
      }
      return { shape: node.shape.slice(), values: Float32Array.from(value as ArrayLike<number>) };
    },
  };
}
