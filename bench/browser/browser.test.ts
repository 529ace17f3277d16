/**
 * The browser bench without a browser: the static server's path handling (nothing outside its
 * roots), a row's figures from a page result or a failure, merging a browser run into a Node
 * run of the same commit, the report's browser sections, and a row's package (published, then
 * opened and proved by the core as the worker would). Chromium itself is not started here.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPackage, proveWithPackage, releaseCurve } from '../../src/core/index.js';
import { latestBrowserRun, latestNodeRun, mergeRuns, readRuns } from '../merge.js';
import { renderReport } from '../report.js';
import { publishedBits, ROOT, smokeRow } from '../rows.js';
import type { BenchRun, BrowserRun } from '../types.js';
import { BROWSER_RESULTS_FORMAT, BROWSER_RESULTS_VERSION, RESULTS_FORMAT, RESULTS_VERSION } from '../types.js';
import { browserRow, limitHint, range } from './figures.js';
import type { PublishedRow } from './packages.js';
import { publishRow } from './packages.js';
import type { PageResult } from './protocol.js';
import { resolvePath, serveStatic } from './serve.js';

describe('static server', () => {
  let dir: string;
  const roots = () => ({ '/': path.join(dir, 'page'), '/packages/': path.join(dir, 'pkgs') });

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'zkinfer-serve-'));
    mkdirSync(path.join(dir, 'page/assets'), { recursive: true });
    mkdirSync(path.join(dir, 'pkgs/row'), { recursive: true });
    writeFileSync(path.join(dir, 'page/index.html'), '<p>page</p>');
    writeFileSync(path.join(dir, 'page/assets/a.js'), 'export {}');
    writeFileSync(path.join(dir, 'pkgs/row/circuit.zkey'), 'key');
    writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('maps paths into their root, longest prefix first', () => {
    expect(resolvePath(roots(), '/')).toBe(path.join(dir, 'page/index.html'));
    expect(resolvePath(roots(), '/assets/a.js?v=1')).toBe(path.join(dir, 'page/assets/a.js'));
    expect(resolvePath(roots(), '/packages/row/circuit.zkey')).toBe(path.join(dir, 'pkgs/row/circuit.zkey'));
    expect(resolvePath(roots(), '/packages/row/a%20b.json')).toBe(path.join(dir, 'pkgs/row/a b.json'));
  });

  it('never resolves outside its roots', () => {
    for (const bad of ['/../secret.txt', '/packages/../../secret.txt', '/%2e%2e/secret.txt', '/packages/%2E%2E/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..\\secret.txt', '/a%00.js', '/%E0%A4%A', 'secret.txt', '/packages/..']) {
      expect(resolvePath(roots(), bad), bad).toBeNull();
    }
    expect(resolvePath({ '/packages/': path.join(dir, 'pkgs') }, '/secret.txt')).toBeNull();
  });

  it('serves files with cross-origin isolation and 404s the rest', async () => {
    const server = await serveStatic(roots());
    try {
      const ok = await fetch(`${server.url}/packages/row/circuit.zkey`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('key');
      expect(ok.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(ok.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect((await fetch(`${server.url}/`)).headers.get('content-type')).toMatch(/text\/html/);
      expect((await fetch(`${server.url}/%2e%2e/secret.txt`)).status).toBe(404);
      expect((await fetch(`${server.url}/packages/row/missing`)).status).toBe(404);
      expect((await fetch(`${server.url}/packages/row`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

const pkg: PublishedRow = { id: 'smoke-8-4-3', fingerprint: 'x', input: [0.5], publishMs: 10, parameters: 51, constraints: 40, power: 6, zkeyBytes: 9000, bits: { weight: 12, activation: 10 } };

const pageResult: PageResult = {
  crossOriginIsolated: true,
  userAgent: 'Chromium',
  download: 50,
  cachedLoad: 5,
  keyCached: true,
  compile: 30,
  constraints: 40,
  proveFirst: 300,
  proofs: [
    { wall: 130, prove: 120, witness: 3 },
    { wall: 110, prove: 100, witness: 2 },
    { wall: 150, prove: 140, witness: 4 },
  ],
  verify: [20, 18, 22],
  output: '{}',
  singleThread: false,
  memory: { api: 'measureUserAgentSpecificMemory', peak: 2e7, peakByScope: { 'prover worker': 1e7 }, after: 1.5e7, samples: 3 },
};

function nodeRun(commit: string, date: string): BenchRun {
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    date,
    commit,
    dirty: false,
    machine: { hostname: 'h', cpus: 2, cpuModel: 'cpu', memoryBytes: 8e9, node: 'v20', platform: 'linux', snarkjs: '0.7.6', tfjs: '4.22.0' },
    load: { start: [0.1], end: [0.2] },
    options: { repeat: 3, quick: true, naiveMaxConstraints: 1000, floor: false, isolate: false },
    durationMs: 1000,
    rows: [],
  };
}

function browserRun(commit: string, date: string, rows = [browserRow(smokeRow(), pkg, 10, { chromium: '156', result: pageResult, error: null, rendererPeakRss: 3e8 }, null)]): BrowserRun {
  const n = nodeRun(commit, date);
  return { format: BROWSER_RESULTS_FORMAT, version: BROWSER_RESULTS_VERSION, date, commit, dirty: false, machine: n.machine, chromium: '156.0', crossOriginIsolated: true, options: { repeat: 3, timeoutMs: 60_000 }, durationMs: 1, rows };
}

describe('browser figures', () => {
  it('summarizes timed proofs as median, min and max', () => {
    expect(range([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: [3, 1, 2] });
    expect(range([])).toBeNull();
    const r = browserRow(smokeRow(), pkg, 10, { chromium: '156', result: pageResult, error: null, rendererPeakRss: 3e8 }, null);
    expect(r.status).toBe('ok');
    expect(r.times.prove).toEqual({ median: 120, min: 100, max: 140, runs: [120, 100, 140] });
    expect(r.times.proofWall!.median).toBe(130);
    expect(r.times.verify!.median).toBe(20);
    expect(r.memory.rendererPeakRss).toBe(3e8);
    expect(r.notes).toEqual([]);
  });

  it('takes browser / Node as the ratio of the prove medians of the same run, and the one-thread proofs apart', () => {
    const withSingle: PageResult = { ...pageResult, singleProofs: [{ wall: 210, prove: 200, witness: 3 }] };
    const r = browserRow(smokeRow(), pkg, 10, { chromium: '156', result: withSingle, error: null, rendererPeakRss: 3e8 }, null, { runs: [60, 40, 80], error: null });
    expect(r.node!.prove!.median).toBe(60);
    expect(r.node!.ratio).toBe(2);
    expect(r.times.proveOneThread!.median).toBe(200);
    expect(r.times.prove!.median).toBe(120);
    const noNode = browserRow(smokeRow(), pkg, 10, { chromium: '156', result: pageResult, error: null, rendererPeakRss: 3e8 }, null);
    expect(noNode.node).toBeUndefined();
    expect(noNode.times.proveOneThread).toBeNull();
    const nodeFailed = browserRow(smokeRow(), pkg, 10, { chromium: '156', result: pageResult, error: null, rendererPeakRss: 3e8 }, null, { runs: [], error: 'boom' });
    expect(nodeFailed.node).toEqual({ prove: null, ratio: null, error: 'boom' });
  });

  it('records a failure with its stage and what it means, and measures nothing past it', () => {
    const crashed = browserRow(smokeRow(), pkg, 10, { chromium: '156', result: null, error: { stage: 'compile', message: 'the page crashed (…)' }, rendererPeakRss: 4e9 }, null);
    expect(crashed.status).toBe('error');
    expect(crashed.error!.stage).toBe('compile');
    expect(crashed.error!.limit).toMatch(/renderer process died in "compile"/);
    expect(crashed.times.prove).toBeNull();
    expect(crashed.memory.rendererPeakRss).toBe(4e9);
    const unpublished = browserRow(smokeRow(), null, null, null, { stage: 'publish (Node)', message: 'exit code 1' });
    expect(unpublished.error!.limit).toBeNull();
    expect(limitHint('prove', 'RangeError: WebAssembly.Memory(): could not allocate memory')).toMatch(/wasm32/);
    expect(limitHint('compile', 'RangeError: Array buffer allocation failed')).toMatch(/allocation failed/);
    expect(limitHint('prove', 'no result within 20 min (--browser-timeout)')).toMatch(/time limit/);
  });
});

describe('merging a browser run into a Node run', () => {
  const runs = [nodeRun('aaa', '2026-01-01T00:00:00.000Z'), nodeRun('bbb', '2026-01-02T00:00:00.000Z'), browserRun('aaa', '2026-01-03T00:00:00.000Z'), browserRun('bbb', '2026-01-01T12:00:00.000Z'), browserRun('bbb', '2026-01-02T12:00:00.000Z')];

  it('takes the newest browser run of the same commit only', () => {
    const node = latestNodeRun(runs)!;
    expect(node.commit).toBe('bbb');
    expect(latestBrowserRun(runs, 'bbb')!.date).toBe('2026-01-02T12:00:00.000Z');
    expect(latestBrowserRun(runs, 'ccc')).toBeNull();
    expect(latestBrowserRun(runs, null)).toBeNull();
    expect(latestNodeRun(runs, 'aaa')!.date).toBe('2026-01-01T00:00:00.000Z');
    const merged = mergeRuns(node, latestBrowserRun(runs, node.commit));
    expect(merged.browser!.commit).toBe('bbb');
    expect(merged.rows).toBe(node.rows);
    expect(mergeRuns(node, null).browser).toBeNull();
    expect(() => mergeRuns(node, browserRun('aaa', '2026-01-05T00:00:00.000Z'))).toThrow(/different commits/);
  });

  it('reads Node and browser runs from one directory and skips other files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zkinfer-runs-'));
    try {
      writeFileSync(path.join(dir, 'a.json'), JSON.stringify(runs[0]));
      writeFileSync(path.join(dir, 'a-browser.json'), JSON.stringify(runs[2]));
      writeFileSync(path.join(dir, 'junk.json'), '{"format": "other"}');
      writeFileSync(path.join(dir, 'broken.json'), '{');
      const read = readRuns(dir);
      expect(read.map((r) => r.format).sort()).toEqual([RESULTS_FORMAT, BROWSER_RESULTS_FORMAT].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders the browser tables, the headline and the failures', () => {
    const failed = browserRow({ ...smokeRow(), id: 'sweep-huge', group: 'sweep', approxParameters: 18e6 }, { ...pkg, id: 'sweep-huge', parameters: 18e6 }, 10, { chromium: '156', result: null, error: { stage: 'compile', message: 'the page crashed' }, rendererPeakRss: 4.1e9 }, null);
    const ok = browserRow({ ...smokeRow(), id: 'sweep-small', group: 'sweep' }, { ...pkg, id: 'sweep-small', parameters: 1e6 }, 10, { chromium: '156', result: pageResult, error: null, rendererPeakRss: 5e8 }, null);
    const md = renderReport(mergeRuns(nodeRun('bbb', '2026-01-02T00:00:00.000Z'), browserRun('bbb', '2026-01-02T12:00:00.000Z', [ok, failed])));
    expect(md).toContain('### Browser (Chromium 156.0)');
    expect(md).toContain('| `sweep-small` |');
    expect(md).toContain('**Largest MLP proved in Chromium**: `sweep-small`, 1.00M parameters, 120 ms');
    expect(md).toMatch(/`sweep-huge` \(18\.00M parameters, key [^)]*\) \*\*did not prove in Chromium\*\*: compile: the page crashed — the renderer process died/);
    expect(md).toContain('measureUserAgentSpecificMemory');
    expect(renderReport(nodeRun('bbb', '2026-01-02T00:00:00.000Z'))).toContain('No browser run of commit');
  });
});

describe('row packages', () => {
  it('publishes a synthetic row as a package the core opens and proves with the row input', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zkinfer-pkg-'));
    try {
      const info = await publishRow(smokeRow(), () => {}, dir);
      const files = new Map<string, Uint8Array>();
      for (const name of readdirSync(path.join(dir, info.id))) files.set(name, new Uint8Array(readFileSync(path.join(dir, info.id, name))));
      expect(files.has('verifier.sol')).toBe(false);
      const pkg = await openPackage(files, { needZkey: true });
      expect(pkg.manifest.circuit.constraints).toBe(info.constraints);
      expect(info.bits).toEqual({ weight: pkg.manifest.compile.weightBits, activation: pkg.manifest.compile.activationBits });
      const proved = await proveWithPackage(pkg, info.input);
      expect(proved.decoded.output.rule).toBe('argmax');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await releaseCurve();
    }
  });

  it('reads the demo bit widths from publish.json, as the shipped packages use them', () => {
    expect(publishedBits(path.join(ROOT, 'public/models/mnist-lean'))).toEqual({ weightBits: 6, activationBits: 4 });
    expect(publishedBits(path.join(ROOT, 'public/models/breast-cancer'))).toEqual({});
  });
});
