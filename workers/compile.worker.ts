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
import { compileCacheEntry, openPackage } from '../src/core/index.js';
import type { CircuitCacheEntry, OnProgress } from '../src/core/index.js';

const api = {
  /**
   * Compiles the package (its files without the proving key), checks the circuit against the
   * manifest's r1cs hash (compileCacheEntry, as prepareCircuit), and returns what the
   * compiled-circuit cache entry holds, the program's code transferred. The compiled model and its
   * R1CS are let go before it returns; the prover worker makes the entry's bytes, reads them through
   * the cached path and stores them once this worker is gone, so that neither the bytes nor
   * IndexedDB's copy of them are made beside this worker's heap.
   */
  async compile(files: Map<string, Uint8Array>, onProgress?: OnProgress): Promise<CircuitCacheEntry> {
    await tf.setBackend('cpu');
    const entry = await compileCacheEntry(await openPackage(files, { needZkey: false }), onProgress);
    return transfer(entry, [entry.program.code.buffer as ArrayBuffer]);
  },
};

export type CompileApi = typeof api;
expose(api);
