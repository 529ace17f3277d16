/**
 * `npm run bench -- --browser`: the selected rows proved in Chromium through the app's prover
 * worker. For each row: publish its package (bench/.packages/, cached), serve it with the bench
 * page, and in a fresh Chromium load it with the app's loader, compile it in the worker, prove
 * once to warm up and N times timed, verify. A row that fails is recorded and the run goes on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RowSpec } from '../rows.js';
import { ROOT } from '../rows.js';
import { commitState, machine } from '../env.js';
import type { BrowserRowResult, BrowserRun } from '../types.js';
import { BROWSER_RESULTS_FORMAT, BROWSER_RESULTS_VERSION } from '../types.js';
import { buildPage } from './build.js';
import type { DriveResult } from './drive.js';
import { proveInChromium } from './drive.js';
import { browserRow } from './figures.js';
import type { NodeFigures } from './figures.js';
import { nodeProver } from './node-prove.js';
import { ensurePackage, PACKAGES_DIR } from './packages.js';
import { serveStatic } from './serve.js';

export interface BrowserOptions {
  readonly rows: readonly RowSpec[];
  readonly repeat: number;
  readonly timeoutMs: number;
  /** Also time proofs on one thread for rows up to this domain power (0: never). */
  readonly singleMaxPower: number;
  /** Also prove every row in Node in the same run (the browser / Node ratio). */
  readonly node: boolean;
  readonly progress: (line: string) => void;
}

export async function runBrowserBench(o: BrowserOptions): Promise<BrowserRun> {
  const start = Date.now();
  const state = commitState();
  const pageDir = await buildPage(o.progress);
  const server = await serveStatic({ '/': pageDir, '/packages/': PACKAGES_DIR });
  o.progress(`serving the bench page and packages on ${server.url}`);
  const rows: BrowserRowResult[] = [];
  let chromium = 'unknown';
  let isolated = false;
  try {
    for (const [i, spec] of o.rows.entries()) {
      o.progress(`[${i + 1}/${o.rows.length}] ${spec.id} (${spec.group}) — ${spec.architecture}, in Chromium`);
      const t = performance.now();
      let pkg;
      try {
        pkg = await ensurePackage(spec, o.progress);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        o.progress(`${spec.id}: ERROR in publish: ${message}`);
        rows.push(browserRow(spec, null, null, null, { stage: 'publish (Node)', message }));
        continue;
      }
      const publishMs = pkg.cached ? 0 : performance.now() - t;
      // Node proofs of the same package: half before the browser's, half after (same run, same load).
      const node: { runs: number[]; error: string | null } = { runs: [], error: null };
      const prover = o.node ? await nodeProver(path.join(PACKAGES_DIR, spec.id), pkg.info.input).catch((e: unknown) => ((node.error = String(e)), null)) : null;
      const nodeHalf = async (n: number) => {
        if (!prover || node.error) return;
        try {
          node.runs.push(...(await prover.prove(n)));
        } catch (e) {
          node.error = e instanceof Error ? e.message : String(e);
        }
      };
      await nodeHalf(Math.ceil(o.repeat / 2));
      const singleRepeat = pkg.info.power <= o.singleMaxPower ? o.repeat : 0;
      const drive: DriveResult = await proveInChromium({
        pageUrl: `${server.url}/`,
        job: { packageUrl: `${server.url}/packages/${spec.id}/`, input: pkg.info.input, repeat: o.repeat, singleRepeat },
        timeoutMs: o.timeoutMs,
        progress: (line) => o.progress(`${spec.id}: ${line}`),
      });
      if (prover) {
        await nodeHalf(Math.max(1, Math.floor(o.repeat / 2)));
        await prover.close();
      }
      if (node.runs.length) o.progress(`${spec.id}: Node prove ${node.runs.map((x) => (x / 1000).toFixed(2)).join(', ')} s`);
      const nodeFigures: NodeFigures | null = o.node ? node : null;
      if (drive.chromium !== 'unknown') chromium = drive.chromium;
      if (drive.result?.crossOriginIsolated) isolated = true;
      const row = browserRow(spec, pkg.info, publishMs, drive, null, nodeFigures);
      if (row.error) o.progress(`${spec.id}: ERROR in ${row.error.stage}: ${row.error.message}`);
      else o.progress(`${spec.id}: prove ${(row.times.prove!.median / 1000).toFixed(2)} s (median of ${o.repeat}, key cached, worker warm)${row.node?.ratio ? `, browser / Node ${row.node.ratio.toFixed(2)}` : ''}`);
      rows.push(row);
    }
  } finally {
    await server.close();
  }
  return {
    format: BROWSER_RESULTS_FORMAT,
    version: BROWSER_RESULTS_VERSION,
    date: new Date(start).toISOString(),
    ...state,
    machine: machine(),
    chromium,
    crossOriginIsolated: isolated,
    options: { repeat: o.repeat, timeoutMs: o.timeoutMs, singleMaxPower: o.singleMaxPower, node: o.node },
    durationMs: Date.now() - start,
    rows,
  };
}

/** bench/results/<date>-browser.json */
export function saveBrowserRun(run: BrowserRun): string {
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${run.date.replace(/[:.]/g, '-')}-browser.json`);
  writeFileSync(file, JSON.stringify(run, null, 1) + '\n');
  return file;
}
