/**
 * `npx tsx bench/memory-trace.ts <row> [--out file.json]`: the renderer's memory over time
 * for one bench row (docs/browser-perf.md § 7). Two visits in one Chromium profile (persistent, in a
 * temporary directory: an ephemeral context cannot store the 18M row's circuit entry), each a fresh
 * page (so a fresh prover worker): the first compiles the circuit (IndexedDB starts empty), the
 * second reads it from the compiled-circuit cache. Each visit loads the package, opens it in the
 * prover worker and proves once; the renderer's VmRSS and VmHWM are read from /proc every 250 ms
 * and lined up with the page's stage lines and the worker's progress, all stamped with the same
 * clock. The row's package must already be published (npm run bench -- --browser --models <row>).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { buildPage } from './browser/build.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser/drive.js';
import { PACKAGES_DIR } from './browser/packages.js';
import type { PageJob, ZkBench } from './browser/protocol.js';
import { PROGRESS_PREFIX } from './browser/protocol.js';
import { serveStatic } from './browser/serve.js';

const row = process.argv[2];
if (!row) throw new Error('usage: memory-trace.ts <row> [--out file.json]');
const outAt = process.argv.indexOf('--out');
const out = outAt > 0 ? process.argv[outAt + 1] : undefined;
const info = JSON.parse(readFileSync(path.join(PACKAGES_DIR, row, 'bench.json'), 'utf8')) as { input: number[] };

const t0 = Date.now();
const now = () => (Date.now() - t0) / 1000;
const MiB = 1024 * 1024;

interface Sample { t: number; pid: number; rss: number; hwm: number }
const samples: Sample[] = [];
const events: { t: number; visit: number; line: string }[] = [];

function status(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Chromium's renderer processes of this profile: descendants of the browser process started with it. */
function renderers(profile: string): number[] {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => {
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const ppid = Number(/^\d+ \(.*\) \S (\d+)/.exec(readFileSync(`/proc/${d}/stat`, 'utf8'))?.[1]);
      return { pid: Number(d), ppid, cmd };
    } catch {
      return null;
    }
  }).filter((p): p is { pid: number; ppid: number; cmd: string } => p !== null);
  const mine = new Set(procs.filter((p) => p.cmd.includes(`--user-data-dir=${profile}`) && !p.cmd.includes('--type=')).map((p) => p.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!mine.has(p.pid) && mine.has(p.ppid)) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  return procs.filter((p) => mine.has(p.pid) && p.cmd.includes('--type=renderer')).map((p) => p.pid);
}

const log = (visit: number, line: string) => {
  events.push({ t: now(), visit, line });
  console.log(`${now().toFixed(1).padStart(6)} s  [visit ${visit}] ${line}`);
};

async function visit(page: Page, n: number, url: string, job: PageJob) {
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith(PROGRESS_PREFIX)) log(n, text.slice(PROGRESS_PREFIX.length).trim());
    else if (m.type() === 'error') log(n, `console error: ${text.slice(0, 300)}`);
  });
  page.on('crash', () => log(n, 'PAGE CRASHED'));
  await page.goto(url);
  await page.waitForFunction(() => 'zkBench' in window, undefined, { timeout: 60_000 });
  const r = await page.evaluate((j) => (window as unknown as { zkBench: ZkBench }).zkBench.run(j), job);
  log(n, `done: compile ${(r.compile / 1000).toFixed(2)} s, first proof ${(r.proveFirst / 1000).toFixed(2)} s, page-measured peak ${r.memory ? (r.memory.peak / MiB).toFixed(0) : '?'} MiB ${JSON.stringify(Object.fromEntries(Object.entries(r.memory?.peakByScope ?? {}).map(([k, v]) => [k, Math.round(v / MiB)])))}`);
  return r;
}

const pageDir = await buildPage((l) => console.log(l));
const server = await serveStatic({ '/': pageDir, '/packages/': PACKAGES_DIR });
// A persistent profile (a fresh temporary directory): an ephemeral context's storage quota is too
// small for the 18M row's key and circuit entry, so its second visit would compile again.
const profile = mkdtempSync(path.join(tmpdir(), 'zkinfer-trace-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

const timer = setInterval(() => {
  void Promise.resolve(renderers(profile)).then((pids) => {
    for (const pid of pids) {
      const s = status(pid);
      if (s) samples.push({ t: now(), pid, ...s });
    }
  }).catch(() => {});
}, 250);
const job: PageJob = { packageUrl: `${server.url}/packages/${row}/`, input: info.input, repeat: 0 };
const peaks: { visit: number; peakRss: number; compile: number; proveFirst: number; pageMemory: number | null }[] = [];
try {
  for (const n of [1, 2]) {
    // VmHWM is per process and the second page may reuse the first one's renderer: reset it.
    for (const pid of renderers(profile)) {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch { /* not ours to reset: the peak then carries over */ }
    }
    const start = now();
    const page = await context.newPage();
    const r = await visit(page, n, `${server.url}/`, job);
    await page.close();
    await new Promise((res) => setTimeout(res, 500));
    const mine = samples.filter((s) => s.t >= start);
    const peakRss = Math.max(...mine.map((s) => Math.max(s.rss, s.hwm)).filter(Number.isFinite));
    peaks.push({ visit: n, peakRss, compile: r.compile, proveFirst: r.proveFirst, pageMemory: r.memory?.peak ?? null });
    console.log(`visit ${n}: renderer peak ${(peakRss / MiB).toFixed(0)} MiB (${(peakRss / 1024 ** 3).toFixed(2)} GiB)`);
  }
} finally {
  clearInterval(timer);
  await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  await server.close();
}
if (out) writeFileSync(out, JSON.stringify({ row, date: new Date(t0).toISOString(), peaks, events, samples }, null, 1) + '\n');
