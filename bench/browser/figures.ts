/** Pure: a row's browser figures from what the page returned, and what a failure means. */
import { median } from '../measure.js';
import type { RowSpec } from '../rows.js';
import type { BrowserRowResult, RepeatedRange } from '../types.js';
import type { DriveResult } from './drive.js';
import type { PublishedRow } from './packages.js';

export function range(runs: readonly number[]): RepeatedRange | null {
  if (runs.length === 0) return null;
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs: [...runs] };
}

/** What a failure says about the browser's limits, for the messages we know; null otherwise. */
export function limitHint(stage: string, message: string): string | null {
  if (/crashed|Target closed|Target page, context or browser has been closed/i.test(message)) {
    return `the renderer process died in "${stage}": Chromium kills a renderer that runs out of memory (each JS heap is capped at 4 GiB by V8's pointer compression, a wasm32 memory at 4 GiB)`;
  }
  if (/wasm|WebAssembly/i.test(message) && /memory|grow|allocat/i.test(message)) return `WebAssembly memory in "${stage}": a wasm32 instance cannot address more than 4 GiB`;
  if (/Array buffer allocation failed|Invalid typed array length|Invalid array length|Invalid string length|allocation failed|out of memory/i.test(message)) {
    return `an allocation failed in "${stage}": the worker's JS heap or array buffers hit Chromium's per-isolate limit`;
  }
  if (/QuotaExceeded|quota/i.test(message)) return `IndexedDB quota in "${stage}": the package is larger than the origin may store`;
  if (/no result within/.test(message)) return `time limit in "${stage}"`;
  return null;
}

/** Node's proofs of the same package in the same run (bench/browser/node-prove.ts). */
export interface NodeFigures {
  readonly runs: readonly number[];
  readonly error: string | null;
}

export function browserRow(
  spec: RowSpec,
  pkg: PublishedRow | null,
  publishMs: number | null,
  drive: DriveResult | null,
  failure: { stage: string; message: string } | null,
  nodeFigures: NodeFigures | null = null,
): BrowserRowResult {
  const r = drive?.result ?? null;
  const prove = r ? range(r.proofs.map((p) => p.prove)) : null;
  const nodeProve = nodeFigures ? range(nodeFigures.runs) : null;
  const error = failure ?? drive?.error ?? null;
  const notes: string[] = [];
  if (r && !r.keyCached) notes.push('the second load did not find the proving key in IndexedDB');
  if (r && r.constraints !== pkg?.constraints) notes.push(`the worker compiled ${r.constraints} constraints, the package says ${pkg?.constraints}`);
  return {
    id: spec.id,
    group: spec.group,
    architecture: spec.architecture,
    status: error ? 'error' : 'ok',
    error: error ? { ...error, limit: limitHint(error.stage, error.message) } : null,
    parameters: pkg?.parameters ?? spec.approxParameters ?? null,
    constraints: pkg?.constraints ?? null,
    power: pkg?.power ?? null,
    zkeyBytes: pkg?.zkeyBytes ?? null,
    bits: pkg?.bits ?? null,
    times: {
      publish: publishMs,
      download: r?.download ?? null,
      cachedLoad: r?.cachedLoad ?? null,
      compile: r?.compile ?? null,
      proveFirst: r?.proveFirst ?? null,
      prove,
      proofWall: r ? range(r.proofs.map((p) => p.wall)) : null,
      witness: r && r.proofs.length ? median(r.proofs.map((p) => p.witness)) : null,
      verify: r && r.verify.length ? { median: median(r.verify), runs: [...r.verify] } : null,
      proveOneThread: r?.singleProofs?.length ? range(r.singleProofs.map((p) => p.prove)) : null,
    },
    node: nodeFigures ? { prove: nodeProve, ratio: prove && nodeProve ? prove.median / nodeProve.median : null, error: nodeFigures.error } : undefined,
    memory: { page: r?.memory ?? null, rendererPeakRss: drive?.rendererPeakRss ?? null },
    singleThread: r?.singleThread ?? null,
    notes,
  };
}
