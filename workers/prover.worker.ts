/**
 * The prover worker: opens a model package, keeps its circuit's witness program in memory (from
 * IndexedDB's compiled-circuit cache, or compiled once and stored there), computes the float
 * prediction, and proves. Everything here is a thin call into src/core; the worker lives
 * between proofs so that snarkjs's curve (globalThis.curve_bn128, with its own sub-workers) and the
 * compiled circuits stay warm. Cancelling a proof terminates this worker; the next one starts fresh.
 */
import { expose } from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { floatOutput, loadPackageModel, openPackage, prepareCircuit, proveWithPackage, withoutR1cs, ZkinferError } from '../src/core/index.js';
import type { DecodedOutput, Graph, InputOpening, LayerCost, OnProgress, OpenedPackage, PreparedCircuit, ProofBundle, OutOfRange, ProveOptions, Timings, CircuitStats } from '../src/core/index.js';
import { circuitCache } from '../src/client/store.js';
import type { ThreadMode } from './snark-threads.js';
import { chooseThreads, lastProbe, prepareCurve } from './snark-threads.js';
import { cacheWithCompiledCircuit, compileAhead } from './compile-apart.js';

interface Loaded {
  readonly pkg: OpenedPackage;
  /**
   * The circuit as a witness program (docs/circuit-cache.md). Compiled here, it keeps its R1CS only
   * until the first witness has been checked against it; then the R1CS (the largest thing a
   * worker held) is dropped, and later proofs are checked by verifying them.
   */
  circuit: PreparedCircuit;
  /** The float model, loaded when a prediction first needs it. */
  graph?: Promise<Graph>;
}

/** Packages opened in this worker, by the caller's package id (the manifest's sha256). */
const loaded = new Map<string, Loaded>();

/** tfjs only parses the model here: its CPU backend avoids a WebGL context in the worker. */
let backendReady: Promise<boolean> | undefined;
const cpuBackend = () => (backendReady ??= tf.setBackend('cpu'));

/**
 * One thread or a pool (snarkjs's sub-workers, one per logical core), chosen at run time by
 * chooseThreads (snark-threads.ts, evidence in docs/browser-perf.md). When the pool fails to start
 * or fails a proof (e.g. a CSP that blocks blob: workers), prove on one thread from then on. The
 * first proof with the pool also measures whether it pays off (poolPaysOff) and keeps one thread
 * when it does not. The bench may force either mode (`threads`).
 */
let mode: ThreadMode = chooseThreads();
/** The bench forced a mode: no probe. */
let forced = false;

/** Plain data about the loaded circuit: the model's weights stay in this worker. */
export interface LoadResult {
  readonly stats: CircuitStats;
  /** The circuit was already compiled in this worker. */
  readonly alreadyCompiled: boolean;
  /** The circuit came from the compiled-circuit cache (IndexedDB): nothing was compiled. */
  readonly fromCache: boolean;
  readonly compileMs: number;
}

export interface ProveOutcome {
  readonly bundle: ProofBundle;
  /** What the bundle's public signals say, decoded with the package. */
  readonly output: DecodedOutput;
  /** The verifier's challenge the proof answers, if one was given. */
  readonly challenge?: string;
  readonly outOfRange: readonly OutOfRange[];
  readonly timings: Timings;
  /**
   * What the proof binds its input to (docs/PROVENANCE.md): the signer's fingerprint, or the
   * commitment; absent for an unbound package.
   */
  readonly binding?: { readonly kind: 'signature'; readonly signer: string } | { readonly kind: 'commitment'; readonly commitment: string };
  /**
   * Commitment-bound package: the opening (codes and salt, the salt fresh from this worker's
   * CSPRNG). The page offers it as its own download; it is never part of the bundle or the history.
   */
  readonly opening?: InputOpening;
  readonly singleThread: boolean;
  /** The worker's measurement of its thread pool (one MSM as one task vs one per thread), once per worker. */
  readonly threadProbe: { readonly pool: boolean; readonly oneMs: number; readonly poolMs: number } | null;
}

/** What the compiler spent per layer, for the Models page (plain data: it crosses to the page). */
export interface CostReport {
  readonly layers: readonly LayerCost[];
  /** Exact rewrites the compiler made to save constraints. */
  readonly notes: readonly string[];
  readonly stats: CircuitStats;
  readonly compileMs: number;
}

/** Cost reports of packages compiled only to be described (no key loaded), by package id. */
const reports = new Map<string, CostReport>();

const report = (c: PreparedCircuit, compileMs: number): CostReport => ({
  layers: c.layers.map((l) => ({ ...l, bits: [...l.bits] })),
  notes: [...c.notes],
  stats: c.stats,
  compileMs,
});

/** The UI sends a flat list of feature values; core wants them nested as the input shape (e.g. 28×28×1). */
function nest(values: readonly number[], shape: readonly number[]): unknown {
  if (shape.length <= 1) return [...values];
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[0]! }, (_, i) => nest(values.slice(i * inner, (i + 1) * inner), shape.slice(1)));
}

const api = {
  /** Opens a package (hash checks included) and compiles its circuit once per worker. */
  async load(id: string, files: Map<string, Uint8Array>, onProgress?: OnProgress): Promise<LoadResult> {
    const have = loaded.get(id);
    if (have) return { stats: have.circuit.stats, alreadyCompiled: true, fromCache: false, compileMs: 0 };
    await cpuBackend();
    const started = performance.now();
    onProgress?.({ stage: 'load', message: 'checking the package files' });
    const pkg = await openPackage(files, { needZkey: true });
    // Compiled, when it must be, in a worker of its own that is gone before the proof (compile-apart.ts).
    const apart = await cacheWithCompiledCircuit(pkg, files, onProgress);
    // Just compiled apart, the entry is then read through the cached path: say what happened.
    const said: OnProgress | undefined = onProgress && apart.compiled
      ? (e) => onProgress(e.stage === 'compile' && e.message?.startsWith('using the cached circuit') ? { ...e, message: 'circuit compiled in a separate worker' } : e)
      : onProgress;
    const circuit = await prepareCircuit(pkg, { cache: apart.cache, onProgress: said });
    loaded.set(id, { pkg, circuit });
    return { stats: circuit.stats, alreadyCompiled: false, fromCache: circuit.source === 'cache' && !apart.compiled, compileMs: performance.now() - started };
  },

  /**
   * Before `load`: the package's circuit compiled (in a compile worker) unless the device's cache
   * has it, from the package's files without the proving key, so that the compile never runs
   * while this worker holds its copy of the key (docs/browser-perf.md § 7). `load` then takes the
   * entry. Failures are left to `load`, which compiles again and reports them.
   */
  async compileFirst(id: string, files: Map<string, Uint8Array>, onProgress?: OnProgress): Promise<void> {
    if (loaded.has(id)) return;
    await cpuBackend();
    const pkg = await openPackage(files, { needZkey: false }).catch(() => undefined);
    if (pkg) await compileAhead(pkg, files, onProgress);
  },

  /**
   * The per-layer circuit cost of a package: from the compiled circuit when this worker holds it,
   * else compiled from the model files alone (no proving key needed; checked against the
   * manifest's r1cs hash like any compile).
   */
  async costs(id: string, files: Map<string, Uint8Array>): Promise<CostReport> {
    const have = loaded.get(id);
    if (have) return report(have.circuit, 0);
    const cached = reports.get(id);
    if (cached) return cached;
    await cpuBackend();
    const started = performance.now();
    const pkg = await openPackage(files, { needZkey: false });
    const r = report(await prepareCircuit(pkg, { cache: (await cacheWithCompiledCircuit(pkg, files)).cache }), performance.now() - started);
    reports.set(id, r);
    return r;
  },

  /** The float model's raw outputs (logits) on a flat input: the UI's live prediction, without the weights leaving this worker. */
  async predict(id: string, input: readonly number[]): Promise<number[]> {
    const have = loaded.get(id);
    if (!have) throw new Error('internal: the package is not loaded in the prover worker');
    have.graph ??= loadPackageModel(have.pkg).then((m) => m.graph);
    return Array.from(floatOutput(await have.graph, input));
  },

  /**
   * Proves the model's output on a private input; the input never leaves this worker except as the
   * proof (and, for a commitment-bound package, the opening returned to the page). `signed`: the
   * data source's signature, for a signature-bound package.
   */
  async prove(id: string, input: readonly number[], challenge: string | undefined, onProgress?: OnProgress, signed?: ProveOptions['signed']): Promise<ProveOutcome> {
    const have = loaded.get(id);
    if (!have) throw new Error('internal: the package is not loaded in the prover worker');
    const nested = nest(input, have.pkg.manifest.input.shape);
    // The curve snarkjs uses is built here once (single-threaded too), so no singleThread option.
    const run = async () => {
      mode = await prepareCurve(mode, forced ? undefined : have.pkg.zkey);
      return proveWithPackage(have.pkg, nested, { circuit: have.circuit, cache: circuitCache, challenge, onProgress, ...(signed ? { signed } : {}) });
    };
    let result;
    try {
      result = await run();
    } catch (e) {
      // Our own errors (input out of range…) are answers; anything else may be the thread pool.
      if (e instanceof ZkinferError || mode === 'single') throw e;
      mode = 'single';
      result = await run();
    }
    // The first witness was checked against the R1CS (or the circuit came from the cache): from
    // now on the program alone. Every proof's witness is checked to hold this input and its binding
    // signals, and the proof verified, before it is returned; a kept circuit of another package's
    // r1cs hash is refused (docs/circuit-cache.md, F2 and F5).
    have.circuit = withoutR1cs(result.circuit);
    return {
      bundle: result.bundle,
      output: result.decoded.output,
      ...(challenge ? { challenge } : {}),
      outOfRange: result.outOfRange,
      timings: result.timings,
      ...(result.decoded.signer !== undefined ? { binding: { kind: 'signature', signer: result.decoded.signer.toString() } as const } : {}),
      ...(result.decoded.commitment !== undefined ? { binding: { kind: 'commitment', commitment: result.decoded.commitment.toString() } as const } : {}),
      ...(result.opening ? { opening: result.opening } : {}),
      singleThread: mode === 'single',
      threadProbe: lastProbe,
    };
  },

  /** Forces one thread or the pool for later proofs ('auto': the run-time rule); for the bench. */
  threads(want: ThreadMode | 'auto'): ThreadMode {
    forced = want !== 'auto';
    mode = want !== 'auto' ? want : lastProbe ? (lastProbe.pool ? 'threads' : 'single') : chooseThreads();
    return mode;
  },
};

export type ProverApi = typeof api;
expose(api);
