/**
 * What the bench page (bench/browser/page.ts, in Chromium) and its driver (bench/browser/drive.ts,
 * in Node) exchange: `window.zkBench.run(job)` and its answer. Progress comes back as console
 * lines starting with PROGRESS_PREFIX; a line `stage <name>` names the stage that runs from then on.
 */
import type { PageMemory } from '../types.js';

export const PROGRESS_PREFIX = '[zkbench]';

export interface PageJob {
  /** The package's base URL (ending in "/"). */
  readonly packageUrl: string;
  /** Flat feature values, as the app's prover worker takes them. */
  readonly input: readonly number[];
  /** Timed proofs after the warm-up. */
  readonly repeat: number;
  /**
   * Timed proofs with the prover worker forced to one thread, after the others (0: none): the
   * evidence for the worker's run-time thread rule.
   */
  readonly singleRepeat?: number;
  /**
   * A signature-bound package: the data source's signature over `input` (decimal strings: the job
   * crosses to the page as JSON), passed to the worker as the app does with a signed file.
   */
  readonly signed?: { readonly publicKey: readonly [string, string]; readonly signature: { readonly R8: readonly [string, string]; readonly S: string }; readonly metadata: readonly string[] };
}

export interface PageProof {
  /** Page wall time of proveInWorker. */
  readonly wall: number;
  /** The worker's own timings (core's proveWithPackage). */
  readonly prove: number;
  readonly witness: number;
}

export interface PageResult {
  readonly crossOriginIsolated: boolean;
  readonly userAgent: string;
  readonly download: number;
  readonly cachedLoad: number;
  readonly keyCached: boolean;
  readonly compile: number;
  readonly constraints: number;
  readonly proveFirst: number;
  readonly proofs: readonly PageProof[];
  /** PageJob.singleRepeat proofs on one thread (after one warm-up on one thread). */
  readonly singleProofs?: readonly PageProof[];
  readonly verify: readonly number[];
  readonly output: string;
  readonly singleThread: boolean;
  readonly memory: PageMemory | null;
}

export interface ZkBench {
  run(job: PageJob): Promise<PageResult>;
}
