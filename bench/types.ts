/**
 * The results file format (bench/results/*.json): one file per run, every figure of every row, so
 * that docs/BENCHMARKS.md can be regenerated from it and runs can be compared later. Times are
 * milliseconds, sizes bytes; a figure that was not measured is null (never 0), and `notes` says why.
 */
import type { RowGroup } from './rows.js';

export const RESULTS_FORMAT = 'zkinfer-bench';
export const RESULTS_VERSION = 1;

export interface Repeated {
  /** Median of `runs`. */
  readonly median: number;
  readonly runs: readonly number[];
}

export interface NaiveResult {
  /** Analytic counts (every row, any size). */
  readonly constraints: number;
  readonly wires: number;
  readonly privateInputs: number;
  readonly multiplications: number;
  readonly decompositions: number;
  readonly power: number;
  /** Present when the naive circuit was built, set up and proved in this run. */
  readonly built: {
    readonly constraints: number;
    readonly wires: number;
    readonly terms: { readonly a: number; readonly b: number; readonly c: number };
    readonly buildMs: number;
    readonly witnessMs: number;
    readonly setupMs: number;
    readonly zkeyBytes: number;
    readonly prove: Repeated;
    readonly verified: boolean;
  } | null;
  /** Why it was not built or proved, when it was not. */
  readonly skipped: string | null;
}

export interface FloorResult {
  readonly ms: number;
  readonly fftMs: number;
  readonly msmMs: number;
  readonly runs: readonly number[];
}

export interface RowResult {
  readonly id: string;
  readonly group: RowGroup;
  readonly architecture: string;
  /** ok: every stage ran; partial: some stages were skipped or failed; error: nothing measured past the failure. */
  readonly status: 'ok' | 'partial' | 'error';
  readonly error: { readonly stage: string; readonly message: string } | null;
  readonly notes: readonly string[];
  readonly parameters: number | null;
  /** Neurons that pass through a non-linear gadget (ReLU/requantization, pooling max). */
  readonly activations: number | null;
  readonly constraints: number | null;
  readonly wires: number | null;
  readonly publicSignals: number | null;
  readonly power: number | null;
  readonly terms: { readonly a: number; readonly b: number; readonly c: number } | null;
  readonly times: {
    readonly load: number | null;
    /** importModel + compileModel. */
    readonly compile: number | null;
    readonly r1csWrite: number | null;
    /** Development key (createDevelopmentKey) + verification key export. */
    readonly setup: number | null;
    /** Witness computation + .wtns serialization. */
    readonly witness: number | null;
    /** Our own constraint check of the witness (snarkjs does not check). */
    readonly check: number | null;
    /** Median of N warm proofs (after one warm-up). */
    readonly prove: Repeated | null;
    /** The first proof of the row (includes curve start-up when the curve was not built yet). */
    readonly proveFirst: number | null;
    readonly verify: Repeated | null;
  };
  readonly sizes: { readonly r1cs: number | null; readonly zkey: number | null };
  readonly memory: {
    /** Kernel high-water mark of the process that ran the row (a fresh child unless --in-process). */
    readonly peakRss: number | null;
    /** RSS right after each stage. */
    readonly afterStage: Readonly<Record<string, number>>;
    /** true when the row ran in its own process, so peakRss is this row's alone. */
    readonly isolated: boolean;
  };
  readonly floor: FloorResult | null;
  readonly naive: NaiveResult | null;
  readonly ratios: {
    /** naive constraints / ours. */
    readonly constraints: number | null;
    /** naive prove / ours (when both were proved). */
    readonly prove: number | null;
    /** our prove / floor: the median of the ratios of interleaved (proof, floor) pairs. */
    readonly proveOverFloor: number | null;
  };
}

export interface Machine {
  readonly hostname: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly node: string;
  readonly platform: string;
  readonly snarkjs: string;
  readonly tfjs: string;
}

export interface BenchRun {
  readonly format: typeof RESULTS_FORMAT;
  readonly version: typeof RESULTS_VERSION;
  readonly date: string;
  readonly commit: string | null;
  /** Uncommitted changes in the work tree when the run started (the figures may not match `commit`). */
  readonly dirty: boolean | null;
  readonly machine: Machine;
  /** 1-minute load averages at the start and the end: other work on the machine skews timings. */
  readonly load: { readonly start: readonly number[]; readonly end: readonly number[] };
  readonly options: { readonly repeat: number; readonly quick: boolean; readonly naiveMaxConstraints: number; readonly floor: boolean; readonly isolate: boolean };
  readonly durationMs: number;
  readonly rows: readonly RowResult[];
}

// ---------------------------------------------------------------------------------------------
// Browser runs (`npm run bench -- --browser`): their own files, merged into a Node run for the report

export const BROWSER_RESULTS_FORMAT = 'zkinfer-bench-browser';
export const BROWSER_RESULTS_VERSION = 1;

export interface RepeatedRange extends Repeated {
  readonly min: number;
  readonly max: number;
}

/** Memory as the page itself can measure it (no access to the process from inside the page). */
export interface PageMemory {
  /**
   * measureUserAgentSpecificMemory: the JS heaps of the page and its workers (snarkjs's thread
   * pool included), with a breakdown by worker; needs cross-origin isolation. performance.memory: the main
   * thread's JS heap only — the proof runs in workers, so it misses nearly all of it.
   */
  readonly api: 'measureUserAgentSpecificMemory' | 'performance.memory';
  /** Largest sample taken during the warm-up proof (samples are not taken during timed proofs). */
  readonly peak: number;
  /** The peak sample by holder (page, prover worker, verifier worker, snarkjs threads…), when the API breaks it down. */
  readonly peakByScope: Readonly<Record<string, number>> | null;
  /** After the timed proofs. */
  readonly after: number;
  readonly samples: number;
}

export interface BrowserRowResult {
  readonly id: string;
  readonly group: RowGroup;
  readonly architecture: string;
  readonly status: 'ok' | 'error';
  /** The stage that failed and Chromium's error text, as seen; `limit` says what it means when known. */
  readonly error: { readonly stage: string; readonly message: string; readonly limit: string | null } | null;
  readonly parameters: number | null;
  readonly constraints: number | null;
  readonly power: number | null;
  readonly zkeyBytes: number | null;
  readonly bits: { readonly weight: number; readonly activation: number } | null;
  readonly times: {
    /** Building the package in Node (publishPackage, development key); 0 when cached. Not a browser figure. */
    readonly publish: number | null;
    /** loadFromUrl, first time: download, sha256 checks, IndexedDB writes. */
    readonly download: number | null;
    /** loadFromUrl again: every file from IndexedDB ("key cached"). */
    readonly cachedLoad: number | null;
    /** The worker opens the package and compiles its circuit (page wall time). */
    readonly compile: number | null;
    /** Warm-up proof, page wall time (includes building snarkjs's curve and thread pool). */
    readonly proveFirst: number | null;
    /** groth16 prove inside the worker, key cached and worker warm (N timed proofs). */
    readonly prove: RepeatedRange | null;
    /** What the user waits for per proof: witness + check + prove + messages (page wall time). */
    readonly proofWall: RepeatedRange | null;
    /** Witness + constraint check + .wtns, median of the timed proofs. */
    readonly witness: number | null;
    /** The app's verifier worker on the bundle (median of N after a warm-up). */
    readonly verify: Repeated | null;
    /** groth16 prove inside the worker forced to one thread (the thread rule's evidence); absent when not measured. */
    readonly proveOneThread?: RepeatedRange | null;
  };
  /**
   * The same package proved in Node in the same run (bench/browser/node-prove.ts: groth16 prove of
   * core's proveWithPackage, worker threads), half of the proofs right before the browser's and
   * half right after; `ratio` is browser prove median / Node prove median. Absent in older runs.
   */
  readonly node?: { readonly prove: RepeatedRange | null; readonly ratio: number | null; readonly error: string | null };
  readonly memory: {
    readonly page: PageMemory | null;
    /** Peak RSS of the renderer process (Linux /proc VmHWM; its workers are threads of it): measured from outside the page. */
    readonly rendererPeakRss: number | null;
  };
  /** snarkjs fell back to one thread (no nested workers). */
  readonly singleThread: boolean | null;
  readonly notes: readonly string[];
}

export interface BrowserRun {
  readonly format: typeof BROWSER_RESULTS_FORMAT;
  readonly version: typeof BROWSER_RESULTS_VERSION;
  readonly date: string;
  readonly commit: string | null;
  readonly dirty: boolean | null;
  readonly machine: Machine;
  /** e.g. "156.0.8078.79". */
  readonly chromium: string;
  /** The page was cross-origin isolated (COOP/COEP), so measureUserAgentSpecificMemory was available. */
  readonly crossOriginIsolated: boolean;
  readonly options: { readonly repeat: number; readonly timeoutMs: number; readonly singleMaxPower?: number; readonly node?: boolean };
  readonly durationMs: number;
  readonly rows: readonly BrowserRowResult[];
}

/** A Node run with the browser run of the same commit merged in (by bench/merge.ts, for the report). */
export interface MergedRun extends BenchRun {
  readonly browser: BrowserRun | null;
}
