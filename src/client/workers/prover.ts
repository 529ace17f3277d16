/** The app's prover worker: load a package into it once, then prove as often as needed. */
import { proxy } from 'comlink';
import type { Remote } from 'comlink';
import type { OnProgress, ProgressEvent } from '../../core/progress.js';
import type { ProveOptions } from '../../core/package/prove.js';
import type { CostReport, LoadResult, ProveOutcome, ProverApi } from '../../../workers/prover.worker.js';
import { filesNeeded } from '../../core/package/open.js';
import type { LoadedPackage } from '../packages.js';
import { WorkerBridge } from './bridge.js';
import { circuitCache } from '../store.js';

export type { CostReport, LoadResult, ProveOutcome } from '../../../workers/prover.worker.js';

const bridge = new WorkerBridge<ProverApi>(
  () => new Worker(new URL('../../../workers/prover.worker.ts', import.meta.url), { type: 'module', name: 'zkinfer-prover' }),
  'prover',
);

/**
 * The package into the worker: its circuit first, from the files without the proving key (compiled
 * in a worker of its own unless the device has it), then the whole package. The worker then never
 * holds its copy of the key while a compile runs: for the 18M-parameter row the key is 125 MB of
 * the renderer's peak (docs/browser-perf.md § 7).
 */
async function loadPackage(api: Remote<ProverApi>, pkg: LoadedPackage, onProgress?: OnProgress): Promise<LoadResult> {
  const progress = onProgress ? proxy(onProgress) : undefined;
  // A circuit the device has cached needs no compile: the files are then not sent twice.
  if (!(await circuitCache.has(pkg.manifest.circuit.r1csSha256).catch(() => false))) {
    await api.compileFirst(pkg.id, filesNeeded(pkg.manifest, pkg.files), progress);
  }
  return api.load(pkg.id, filesNeeded(pkg.manifest, pkg.files, { needZkey: true }), progress);
}

/** Which packages the current worker holds, as `generation:id`. */
const inWorker = new Set<string>();

/** Opens and compiles the package in the worker (a no-op when this worker already has it). */
export function loadIntoProver(pkg: LoadedPackage, onProgress?: OnProgress, signal?: AbortSignal): Promise<LoadResult> {
  return bridge.run(async (api, generation) => {
    const result = await loadPackage(api, pkg, onProgress);
    inWorker.add(`${generation}:${pkg.id}`);
    return result;
  }, signal);
}

export interface ProveJob {
  readonly pkg: LoadedPackage;
  readonly input: readonly number[];
  /** The verifier's challenge the proof must answer (from a "request a proof" link). */
  readonly challenge?: string;
  /** Signature-bound package: the data source's signature over these values (checked on the page already). */
  readonly signed?: ProveOptions['signed'];
  readonly onProgress: (e: ProgressEvent) => void;
  readonly signal?: AbortSignal;
}

/**
 * The float model's raw outputs on the given values, computed in the worker that holds the
 * package (the weights never come to the page). A fresh worker gets the package loaded first.
 */
export function predictInWorker(pkg: LoadedPackage, input: readonly number[], signal?: AbortSignal): Promise<number[]> {
  return bridge.run(async (api, generation) => {
    if (!inWorker.has(`${generation}:${pkg.id}`)) {
      await loadPackage(api, pkg);
      inWorker.add(`${generation}:${pkg.id}`);
    }
    return api.predict(pkg.id, [...input]);
  }, signal);
}

/** Where a proof's circuit came from: compiled now, read from this device's cache, or already in the worker. */
export type CircuitOrigin = 'compiled' | 'cache' | 'warm';

/** Proves in the worker; a fresh worker (after a cancel) gets the package loaded first. */
export function proveInWorker(job: ProveJob): Promise<ProveOutcome & { circuit: CircuitOrigin }> {
  return bridge.run(async (api, generation) => {
    const progress = proxy(job.onProgress);
    let circuit: CircuitOrigin = 'warm';
    if (!inWorker.has(`${generation}:${job.pkg.id}`)) {
      const loaded = await loadPackage(api, job.pkg, job.onProgress);
      circuit = loaded.alreadyCompiled ? 'warm' : loaded.fromCache ? 'cache' : 'compiled';
      inWorker.add(`${generation}:${job.pkg.id}`);
    }
    const outcome = await api.prove(job.pkg.id, job.input, job.challenge, progress, job.signed);
    return { ...outcome, circuit };
  }, job.signal);
}

/**
 * Forces the prover worker onto one thread or snarkjs's thread pool ('auto': its run-time rule)
 * for later proofs; the bench uses it to measure both on the same page.
 */
export function setProverThreads(mode: 'single' | 'threads' | 'auto'): Promise<'single' | 'threads'> {
  return bridge.run((api) => api.threads(mode));
}

/** The per-layer circuit cost of a package, compiled in the prover worker (files: manifest, model, weights). */
export function packageCosts(id: string, files: Map<string, Uint8Array>, signal?: AbortSignal): Promise<CostReport> {
  return bridge.run((api) => api.costs(id, files), signal);
}
