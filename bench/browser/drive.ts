/**
 * Drives Debian's Chromium with the Playwright library (never a downloaded browser): one fresh
 * browser per row, so that a row's memory and a crash stay its own, and the row's package proved
 * on the bench page through the app's workers. A failure — crash, out of memory, timeout — is
 * returned as the stage it happened in and Chromium's own words, never thrown.
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import type { Browser, CDPSession } from '@playwright/test';
import type { PageJob, PageResult, ZkBench } from './protocol.js';
import { PROGRESS_PREFIX } from './protocol.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // measureUserAgentSpecificMemory otherwise waits for the next natural GC (up to ~20 s per sample).
  '--enable-blink-features=ForceEagerMeasureMemory',
];

export interface DriveResult {
  readonly chromium: string;
  readonly result: PageResult | null;
  readonly error: { readonly stage: string; readonly message: string } | null;
  /** Largest VmHWM of the renderer processes, sampled every second (the last sample before a crash). */
  readonly rendererPeakRss: number | null;
}

/** Peak RSS (VmHWM) of a Linux process in bytes, or null where /proc is not there. */
function vmHwm(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function rendererPeak(cdp: CDPSession): Promise<number | null> {
  const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  const peaks = info.processInfo.filter((p) => p.type === 'renderer').map((p) => vmHwm(p.id)).filter((x): x is number => x !== null);
  return peaks.length ? Math.max(...peaks) : null;
}

export async function proveInChromium(o: {
  readonly pageUrl: string;
  readonly job: PageJob;
  readonly timeoutMs: number;
  readonly progress: (line: string) => void;
}): Promise<DriveResult> {
  let stage = 'launch';
  let browser: Browser | undefined;
  let chromiumVersion = 'unknown';
  let peak: number | null = null;
  let sampler: ReturnType<typeof setInterval> | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    chromiumVersion = browser.version();
    const cdp = await browser.newBrowserCDPSession();
    const sample = async () => {
      const p = await rendererPeak(cdp).catch(() => null);
      if (p !== null) peak = Math.max(peak ?? 0, p);
    };
    sampler = setInterval(() => void sample(), 1000);
    const page = await (await browser.newContext()).newPage();
    let failed: (e: Error) => void = () => {};
    const failure = new Promise<never>((_, reject) => {
      failed = reject;
    });
    page.on('crash', () => failed(new Error('the page crashed (Chromium killed the renderer process: out of memory, or a hard limit in V8 or WebAssembly)')));
    page.on('pageerror', (e) => o.progress(`page error: ${e.message}`));
    page.on('console', (m) => {
      const text = m.text();
      if (text.startsWith(PROGRESS_PREFIX)) {
        const line = text.slice(PROGRESS_PREFIX.length).trim();
        const s = /^stage (.+?)(?: — |$)/.exec(line);
        if (s) stage = s[1]!;
        o.progress(line);
      } else if (m.type() === 'error' || m.type() === 'warning') {
        o.progress(`console ${m.type()}: ${text.slice(0, 500)}`);
      }
    });
    stage = 'open page';
    const response = await page.goto(o.pageUrl);
    if (!response?.ok()) throw new Error(`the bench page did not load from ${o.pageUrl} (HTTP ${response?.status() ?? 'no response'})`);
    await page.waitForFunction(() => 'zkBench' in window, undefined, { timeout: 60_000 });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result within ${(o.timeoutMs / 60_000).toFixed(0)} min (--browser-timeout)`)), o.timeoutMs);
    });
    try {
      const result = await Promise.race([page.evaluate((job) => (window as unknown as { zkBench: ZkBench }).zkBench.run(job), o.job), failure, timeout]);
      await sample();
      return { chromium: chromiumVersion, result, error: null, rendererPeakRss: peak };
    } finally {
      clearTimeout(timer);
    }
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/^[a-zA-Z]+\.[a-zA-Z]+: (Error: )?/, '');
    return { chromium: chromiumVersion, result: null, error: { stage, message }, rendererPeakRss: peak };
  } finally {
    clearInterval(sampler);
    await browser?.close().catch(() => {});
  }
}
