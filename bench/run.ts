/**
 * `npm run bench`: compile, set up, prove and verify every benchmark row in Node, with the naive
 * encoding and the prover's floor measured in the same run; print tables, append the results to
 * bench/results/, and (for full runs) render docs/BENCHMARKS.md.
 *
 *   npm run bench -- [--models id,group,…] [--repeat N] [--quick] [--json] [--naive-max N]
 *                    [--max-prove-power P] [--no-floor] [--in-process] [--no-save] [--report]
 *   npm run bench -- --browser [--models …] [--repeat N] [--browser-timeout MIN]
 *                    [--browser-single-max-power P] [--no-node]                      (bench/browser/)
 *
 * Each row runs in a fresh child process by default: peak RSS is then that row's alone, and one
 * row's garbage (an 18M-parameter model leaves gigabytes) cannot slow the next one down.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { releaseCurve } from '../src/core/index.js';
import { runBrowserBench, saveBrowserRun } from './browser/run.js';
import { fmtBytes, fmtCount, fmtMs, fmtRatio } from './measure.js';
import { latestBrowserRun, latestNodeRun, mergeRuns, readRuns } from './merge.js';
import { writeReport } from './report.js';
import type { RowSpec } from './rows.js';
import { allRows, ROOT } from './rows.js';
import type { RowOptions } from './stages.js';
import { blankRow, runRow } from './stages.js';
import { commitState, machine } from './env.js';
import type { BenchRun, BrowserRun, RowResult } from './types.js';
import { RESULTS_FORMAT, RESULTS_VERSION } from './types.js';

const HELP = `npm run bench -- [options]

  --models a,b       rows or groups to run: row ids, or demo, shape, sweep, smoke, all
                     (default: all rows but smoke; --quick: demos, shapes and sweep rows ≤ 100k)
  --repeat N         proofs, verifications and floor runs per row after one warm-up (median; default 5, --quick 3)
  --quick            a fast subset with fewer repeats
  --json             print the run as one JSON object on stdout (progress goes to stderr)
  --naive-max N      build and prove the naive encoding only up to N constraints (default 300000)
  --max-prove-power P  set up and prove only circuits of domain ≤ 2^P (default 22); larger are compiled and counted
  --no-floor         skip the floor measurement
  --in-process       run every row in this process (peak RSS is then approximate)
  --no-save          do not write bench/results/<date>.json
  --report           render docs/BENCHMARKS.md (+ bench/charts/*.svg) from this run (default for full runs only),
                     with the newest run of the other kind (Node or browser) of the same commit merged in
  --browser          prove the selected rows in Chromium (/usr/bin/chromium) through the app's prover worker
                     instead; results go to bench/results/<date>-browser.json
  --browser-timeout MIN  give up a row in the browser after MIN minutes (default 20)
  --browser-single-max-power P  in the browser, also time proofs forced to one thread for rows of
                     domain ≤ 2^P (default 17; 0: never): the evidence for the worker's thread rule
  --no-node          with --browser: skip the Node proofs of the same packages (browser / Node column)
  --help`;

export interface RunOptions {
  readonly rows: readonly RowSpec[];
  readonly repeat: number;
  readonly quick: boolean;
  readonly naiveMaxConstraints: number;
  readonly maxProvePower: number;
  readonly floor: boolean;
  readonly isolate: boolean;
  readonly progress: (line: string) => void;
}

export function selectRows(all: readonly RowSpec[], selection: string | undefined, quick: boolean): RowSpec[] {
  if (!selection) {
    return all.filter((r) => r.group !== 'smoke' && (!quick || r.group !== 'sweep' || (r.approxParameters ?? 0) <= 150_000));
  }
  const wanted = selection.split(',').map((s) => s.trim()).filter(Boolean);
  const out: RowSpec[] = [];
  for (const w of wanted) {
    const hits = w === 'all' ? all : all.filter((r) => r.id === w || r.group === w);
    if (hits.length === 0) throw new Error(`unknown row or group "${w}"; rows: ${all.map((r) => r.id).join(', ')}; groups: demo, shape, sweep, smoke, all`);
    for (const h of hits) if (!out.includes(h)) out.push(h);
  }
  return out;
}

/** Runs one row in a fresh child process (this same script with --child). */
function runIsolated(spec: RowSpec, o: RunOptions): Promise<RowResult> {
  const script = fileURLToPath(import.meta.url);
  const args = ['--child', spec.id, '--repeat', String(o.repeat), '--naive-max', String(o.naiveMaxConstraints), '--max-prove-power', String(o.maxProvePower)];
  if (!o.floor) args.push('--no-floor');
  return new Promise((resolve) => {
    // The child inherits tsx's loader through execArgv; big rows need more than V8's default heap.
    // Its stdout (tfjs prints a banner there) goes to stderr: --json keeps stdout to one object.
    const child = fork(script, args, { stdio: ['ignore', 2, 'inherit', 'ipc'], execArgv: [...process.execArgv, '--max-old-space-size=20480', '--expose-gc'] });
    let result: RowResult | undefined;
    child.on('message', (m) => {
      result = m as RowResult;
    });
    child.on('exit', (code, signal) => {
      if (result) return resolve(result);
      o.progress(`${spec.id}: the row's process ended without a result (${signal ?? `exit ${code}`})`);
      const why = signal ? `killed by ${signal} (out of memory?)` : `exit code ${code}; its error is printed above`;
      resolve(crashedRow(spec, `the row's process ended without a result (${why})`));
    });
  });
}

function crashedRow(spec: RowSpec, message: string): RowResult {
  return { ...blankRow(spec, true), status: 'error', error: { stage: 'process', message }, parameters: spec.approxParameters ?? null };
}

export async function runBench(o: RunOptions): Promise<BenchRun> {
  const start = Date.now();
  const loadStart = os.loadavg();
  const rows: RowResult[] = [];
  const rowOptions: RowOptions = {
    repeat: o.repeat,
    naiveMaxConstraints: o.naiveMaxConstraints,
    maxProvePower: o.maxProvePower,
    floor: o.floor,
    isolated: false,
    progress: o.progress,
  };
  for (const [i, spec] of o.rows.entries()) {
    o.progress(`[${i + 1}/${o.rows.length}] ${spec.id} (${spec.group}) — ${spec.architecture}`);
    rows.push(o.isolate ? await runIsolated(spec, o) : await runRow(spec, rowOptions));
  }
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    date: new Date(start).toISOString(),
    ...commitState(),
    machine: machine(),
    load: { start: loadStart, end: os.loadavg() },
    options: { repeat: o.repeat, quick: o.quick, naiveMaxConstraints: o.naiveMaxConstraints, floor: o.floor, isolate: o.isolate },
    durationMs: Date.now() - start,
    rows,
  };
}

// ---------------------------------------------------------------------------------------------
// Tables

function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatTables(run: BenchRun): string {
  const rows = run.rows;
  const circuit = table(
    ['row', 'params', 'activations', 'constraints', 'wires', 'A/B/C terms', 'domain', 'r1cs', 'zkey', 'peak RSS'],
    rows.map((r) => [
      r.id,
      fmtCount(r.parameters),
      fmtCount(r.activations),
      fmtCount(r.constraints),
      fmtCount(r.wires),
      r.terms ? `${fmtCount(r.terms.a)}/${fmtCount(r.terms.b)}/${fmtCount(r.terms.c)}` : '—',
      r.power === null ? '—' : `2^${r.power}`,
      fmtBytes(r.sizes.r1cs),
      fmtBytes(r.sizes.zkey),
      fmtBytes(r.memory.peakRss),
    ]),
  );
  const times = table(
    ['row', 'compile', 'setup', 'witness', 'check', 'prove (median)', 'verify', 'floor', 'prove/floor'],
    rows.map((r) => [
      r.id,
      fmtMs(r.times.compile),
      fmtMs(r.times.setup),
      fmtMs(r.times.witness),
      fmtMs(r.times.check),
      fmtMs(r.times.prove?.median),
      fmtMs(r.times.verify?.median),
      fmtMs(r.floor?.ms),
      r.ratios.proveOverFloor === null ? '—' : r.ratios.proveOverFloor.toFixed(2),
    ]),
  );
  const naive = table(
    ['row', 'naive constraints', 'ours', '× fewer', 'naive prove', 'ours', '× faster'],
    rows.map((r) => [
      r.id,
      fmtCount(r.naive?.constraints),
      fmtCount(r.constraints),
      fmtRatio(r.ratios.constraints),
      r.naive?.built ? fmtMs(r.naive.built.prove.median) : 'not proved',
      fmtMs(r.times.prove?.median),
      fmtRatio(r.ratios.prove),
    ]),
  );
  const problems = rows.flatMap((r) => [
    ...(r.error ? [`${r.id}: error in ${r.error.stage}: ${r.error.message}`] : []),
    ...r.notes.map((n) => `${r.id}: ${n}`),
  ]);
  const load = `load average ${run.load.start[0]!.toFixed(2)} → ${run.load.end[0]!.toFixed(2)} on ${run.machine.cpus} cores`;
  return [
    `zkinfer benchmark — ${run.date}, ${run.commit?.slice(0, 10) ?? 'no commit'}${run.dirty ? ' (+ uncommitted changes)' : ''}, ${run.machine.cpuModel}, Node ${run.machine.node}, ${load}; median of ${run.options.repeat} after a warm-up`,
    '',
    circuit,
    '',
    times,
    '',
    naive,
    ...(problems.length ? ['', ...problems] : []),
  ].join('\n');
}

export function formatBrowserTable(run: BrowserRun): string {
  const rows = run.rows.map((r) => [
    r.id,
    fmtCount(r.parameters),
    fmtCount(r.constraints),
    fmtBytes(r.zkeyBytes),
    fmtMs(r.times.compile),
    fmtMs(r.times.proveFirst),
    fmtMs(r.times.prove?.median),
    r.times.prove ? `${fmtMs(r.times.prove.min)}–${fmtMs(r.times.prove.max)}` : '—',
    fmtMs(r.node?.prove?.median),
    fmtRatio(r.node?.ratio ?? null),
    fmtMs(r.times.proveOneThread?.median),
    fmtMs(r.times.proofWall?.median),
    fmtMs(r.times.verify?.median),
    fmtBytes(r.memory.page?.peak),
    fmtBytes(r.memory.rendererPeakRss),
  ]);
  const problems = run.rows.flatMap((r) => [...(r.node?.error ? [`${r.id}: Node prove failed: ${r.node.error}`] : []), ...(r.error ? [`${r.id}: failed in ${r.error.stage}: ${r.error.message}${r.error.limit ? ` (${r.error.limit})` : ''}`] : []), ...r.notes.map((n) => `${r.id}: ${n}`)]);
  const memoryApi = run.rows.find((r) => r.memory.page)?.memory.page?.api ?? 'none';
  return [
    `zkinfer browser benchmark — ${run.date}, ${run.commit?.slice(0, 10) ?? 'no commit'}${run.dirty ? ' (+ uncommitted changes)' : ''}, Chromium ${run.chromium}, page memory: ${memoryApi}; median of ${run.options.repeat} after a warm-up, key cached, worker warm`,
    '',
    table(['row', 'params', 'constraints', 'zkey', 'compile', 'first proof', 'prove (median)', 'min–max', 'Node prove', 'browser/Node', '1 thread', 'per proof', 'verify', 'page mem', 'renderer RSS'], rows),
    ...(problems.length ? ['', ...problems] : []),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Entry point

function saveRun(run: BenchRun): string {
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${run.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(run, null, 1) + '\n');
  return file;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      models: { type: 'string' },
      repeat: { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'naive-max': { type: 'string' },
      'max-prove-power': { type: 'string' },
      'no-floor': { type: 'boolean', default: false },
      'in-process': { type: 'boolean', default: false },
      'no-save': { type: 'boolean', default: false },
      report: { type: 'boolean', default: false },
      browser: { type: 'boolean', default: false },
      'browser-timeout': { type: 'string' },
      'browser-single-max-power': { type: 'string' },
      'no-node': { type: 'boolean', default: false },
      child: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const int = (text: string | undefined, name: string, fallback: number, min: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${text}"`);
    return n;
  };
  const quick = values.quick!;
  const repeat = int(values.repeat, 'repeat', quick ? 3 : 5, 1);
  const naiveMaxConstraints = int(values['naive-max'], 'naive-max', quick ? 70_000 : 300_000, 0);
  const maxProvePower = int(values['max-prove-power'], 'max-prove-power', 22, 1);
  const floor = !values['no-floor'];
  const all = allRows();
  // Progress always goes to stderr so that --json keeps stdout to one JSON object.
  const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

  if (values.child) {
    const spec = all.find((r) => r.id === values.child);
    if (!spec) throw new Error(`unknown row ${values.child}`);
    const result = await runRow(spec, { repeat, naiveMaxConstraints, maxProvePower, floor, isolated: true, progress });
    await releaseCurve();
    await new Promise<void>((resolve) => process.send!(result, () => resolve()));
    return 0;
  }

  const rows = selectRows(all, values.models, quick);
  const resultsDir = path.join(ROOT, 'bench/results');
  const full = !values.models && !quick;
  if (values.browser) {
    const timeoutMs = int(values['browser-timeout'], 'browser-timeout', 20, 1) * 60_000;
    const singleMaxPower = int(values['browser-single-max-power'], 'browser-single-max-power', 17, 0);
    const run = await runBrowserBench({ rows, repeat, timeoutMs, singleMaxPower, node: !values['no-node'], progress });
    if (values.json) process.stdout.write(JSON.stringify(run) + '\n');
    else process.stdout.write('\n' + formatBrowserTable(run) + '\n');
    if (!values['no-save']) progress(`results written to ${path.relative(ROOT, saveBrowserRun(run))}`);
    if (values.report || full) {
      const node = latestNodeRun(readRuns(resultsDir), run.commit);
      if (!node) progress(`docs/BENCHMARKS.md not rewritten: no Node run of commit ${run.commit?.slice(0, 12) ?? 'unknown'} in bench/results/ (run \`npm run bench\`, which merges this browser run in)`);
      else for (const p of writeReport(mergeRuns(node, run))) progress(`wrote ${path.relative(ROOT, p)} (Node run of ${node.date} + this browser run)`);
    } else {
      progress('docs/BENCHMARKS.md not rewritten (partial run); pass --report to render it with the newest Node run of this commit');
    }
    return 0;
  }
  const run = await runBench({ rows, repeat, quick, naiveMaxConstraints, maxProvePower, floor, isolate: !values['in-process'], progress });
  await releaseCurve();
  if (values.json) process.stdout.write(JSON.stringify(run) + '\n');
  else process.stdout.write('\n' + formatTables(run) + '\n');
  if (!values['no-save']) progress(`results written to ${path.relative(ROOT, saveRun(run))}`);
  if (values.report || full) {
    const browser = latestBrowserRun(readRuns(resultsDir), run.commit);
    for (const p of writeReport(mergeRuns(run, browser))) progress(`wrote ${path.relative(ROOT, p)}${browser ? ` (with the browser run of ${browser.date})` : ''}`);
  } else {
    progress('docs/BENCHMARKS.md not rewritten (partial run); pass --report to render it from this run');
  }
  // Rows that fail (e.g. a layer the compiler does not support yet) are reported, not fatal.
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
