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
