/**
 * A short-lived worker that only compiles a package's circuit and hands back its compiled-circuit
 * cache entry (docs/circuit-cache.md), then is terminated by the prover worker before anything is
 * proved. Why (docs/browser-perf.md § 7): every worker of the page lives in the same renderer
 * process, and a compile's transient heap (the R1CS and the lowering's linear combinations: about
 * 1.3 GiB for the 18M-parameter row) used to sit in the prover worker next to the proving key and
 * snarkjs's buffers, so the renderer's peak was their sum. Terminating this worker gives its whole
 * heap back before the proof starts: the peak becomes the larger of the two, not their sum.
 */
import { expose, transfer } from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { openPackage, prepareCircuit } from '../src/core/index.js';
import type { CircuitCache, OnProgress } from '../src/core/index.js';
import { circuitCache } from '../src/client/store.js';

const api = {
  /**
   * Compiles the package (its files without the proving key), checks the circuit against the
   * manifest's r1cs hash (prepareCircuit), stores the entry in IndexedDB as any compile does, and
   * returns the entry's bytes (transferred) for the prover worker to read.
   */
  async compile(files: Map<string, Uint8Array>, onProgress?: OnProgress): Promise<Uint8Array> {
    await tf.setBackend('cpu');
    const pkg = await openPackage(files, { needZkey: false });
    let entry: Uint8Array | undefined;
    // Never reads an entry (the prover worker looked already); keeps the one the compile writes.
    const capture: CircuitCache = {
      get: () => Promise.resolve(undefined),
      set: async (key, bytes) => {
        entry = bytes;
        await circuitCache.set(key, bytes);
      },
      delete: (key) => circuitCache.delete(key),
    };
    await prepareCircuit(pkg, { cache: capture, onProgress });
    if (!entry) throw new Error('internal: the compile wrote no circuit-cache entry');
    return transfer(entry, [entry.buffer as ArrayBuffer]);
  },
};

export type CompileApi = typeof api;
expose(api);
