/**
 * Node and browser runs are saved in separate files (bench/results/<date>.json and
 * <date>-browser.json): they are made at different times, often with different row selections.
 * The report is rendered from the newest Node run merged with the newest browser run of the same
 * commit; a browser run of another commit is never mixed in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchRun, BrowserRun, MergedRun } from './types.js';
import { BROWSER_RESULTS_FORMAT, RESULTS_FORMAT } from './types.js';

export type AnyRun = BenchRun | BrowserRun;

export const isBrowserRun = (r: AnyRun): r is BrowserRun => r.format === BROWSER_RESULTS_FORMAT;

export function mergeRuns(node: BenchRun, browser: BrowserRun | null): MergedRun {
  if (browser && (browser.commit === null || browser.commit !== node.commit)) {
    throw new Error(`the browser run of ${browser.date} is of commit ${browser.commit ?? 'unknown'}, the Node run of ${node.date} of ${node.commit ?? 'unknown'}: runs of different commits are not merged`);
  }
  return { ...node, browser };
}

/** The newest browser run of `commit` (by date), or null. */
export function latestBrowserRun(runs: readonly AnyRun[], commit: string | null): BrowserRun | null {
  if (commit === null) return null;
  const same = runs.filter(isBrowserRun).filter((r) => r.commit === commit);
  return same.sort((a, b) => a.date.localeCompare(b.date)).at(-1) ?? null;
}

export function latestNodeRun(runs: readonly AnyRun[], commit?: string | null): BenchRun | null {
  const node = runs.filter((r): r is BenchRun => !isBrowserRun(r) && (commit === undefined || r.commit === commit));
  return node.sort((a, b) => a.date.localeCompare(b.date)).at(-1) ?? null;
}

export function readAnyRun(file: string): AnyRun {
  const run = JSON.parse(readFileSync(file, 'utf8')) as AnyRun;
  if (run.format !== RESULTS_FORMAT && run.format !== BROWSER_RESULTS_FORMAT) throw new Error(`${file} is not a zkinfer benchmark results file`);
  return run;
}

/** Every results file in `dir` (files that are not results are skipped). */
export function readRuns(dir: string): AnyRun[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return names.flatMap((f) => {
    try {
      return [readAnyRun(path.join(dir, f))];
    } catch {
      return [];
    }
  });
}
