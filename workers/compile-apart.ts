/**
 * The prover worker's side of compile.worker.ts: a compiled-circuit cache for prepareCircuit that
 * already holds this package's entry, compiled in a separate worker when the device's cache
 * (IndexedDB) has none, so that the prover worker itself never holds a compile's heap
 * (docs/browser-perf.md § 7). prepareCircuit then takes its cached path: the entry's content hash,
 * r1cs hash and binding are checked, the key is checked against the entry's key facts, and every
 * proof is verified before it is returned (docs/circuit-cache.md).
 */
import { proxy, wrap } from 'comlink';
import { filesNeeded, writeCircuitCache } from '../src/core/index.js';
import type { CircuitCache, OnProgress, OpenedPackage } from '../src/core/index.js';
import { circuitCache } from '../src/client/store.js';
import type { CompileApi } from './compile.worker.js';

export interface ApartCache {
  readonly cache: CircuitCache;
  /** The entry was compiled just now in the compile worker (not found in the device's cache). */
  readonly compiled: boolean;
}

/** The device's cache, with `entry` served for `key` instead of a second read. */
function serving(key: string, entry: Uint8Array): CircuitCache {
  return {
    get: (k) => (k === key ? Promise.resolve(entry) : circuitCache.get(k)),
    set: (k, bytes) => circuitCache.set(k, bytes),
    delete: (k) => circuitCache.delete(k),
  };
}

/** Compiles in a fresh compile worker and terminates it; the entry's bytes, or undefined when it failed. */
async function compileInWorker(pkg: OpenedPackage, files: Map<string, Uint8Array>, onProgress?: OnProgress): Promise<Uint8Array | undefined> {
  if (typeof Worker === 'undefined') return undefined;
  // The proving key is not needed to compile: not copied into the compile worker.
  const needed = filesNeeded(pkg.manifest, files);
  let worker: Worker | undefined;
  try {
    worker = new Worker(new URL('./compile.worker.ts', import.meta.url), { type: 'module', name: 'zkinfer-compile' });
    const api = wrap<CompileApi>(worker);
    const entry = await api.compile(needed, onProgress ? proxy((e: Parameters<OnProgress>[0]) => onProgress(e)) : undefined);
    worker.terminate();
    // The bytes are made here, the compile worker's heap given back first.
    return await writeCircuitCache(entry);
  } catch {
    // A compile that fails there (circuit mismatch, a worker that cannot start, out of memory) is
    // repeated by prepareCircuit in the prover worker, which reports the error as before.
    return undefined;
  } finally {
    worker?.terminate();
  }
}

/** Entries compiled by compileAhead, by r1cs hash, until the package's load takes them. */
const ahead = new Map<string, Uint8Array>();

/**
 * Makes sure the package's circuit is in the device's cache or compiled (in a compile worker)
 * before the package is loaded with its proving key: `pkg` and `files` come without the key, so
 * that this worker does not hold its copy of the key (125 MB for the 18M-parameter row) while the
 * compile runs (docs/browser-perf.md § 7). The entry is kept here for the load even when
 * IndexedDB refuses it (storage quota). A compile that fails is left to the load, which repeats it.
 */
export async function compileAhead(pkg: OpenedPackage, files: Map<string, Uint8Array>, onProgress?: OnProgress): Promise<void> {
  const key = pkg.manifest.circuit.r1csSha256;
  if (ahead.has(key) || (await circuitCache.has(key).catch(() => false))) return;
  const entry = await compileInWorker(pkg, files, onProgress);
  if (!entry) return;
  await circuitCache.set(key, entry).catch(() => undefined);
  ahead.set(key, entry);
}

/**
 * A cache for prepareCircuit(pkg, { cache }): the device's own when it has an entry for the
 * package's circuit; else one that serves the entry just compiled in a separate worker; else (the
 * compile worker failed) the device's own, so that prepareCircuit compiles here as before.
 */
export async function cacheWithCompiledCircuit(pkg: OpenedPackage, files: Map<string, Uint8Array>, onProgress?: OnProgress): Promise<ApartCache> {
  const key = pkg.manifest.circuit.r1csSha256;
  const early = ahead.get(key);
  if (early) {
    ahead.delete(key);
    return { cache: serving(key, early), compiled: true };
  }
  const have = await circuitCache.get(key).catch(() => undefined);
  if (have) return { cache: serving(key, have), compiled: false };
  const entry = await compileInWorker(pkg, files, onProgress);
  if (!entry) return { cache: circuitCache, compiled: false };
  // Stored here, the compile worker gone: IndexedDB's copy is not made beside the compile's heap.
  // A cache that cannot be written (storage quota) costs only the next visit's compile.
  await circuitCache.set(key, entry).catch(() => undefined);
  return { cache: serving(key, entry), compiled: true };
}
