/**
 * Builds the bench page (bench/browser/index.html + page.ts) with the app's own Vite config, so
 * the prover and verifier workers are bundled exactly as in the app. Output goes to the
 * git-ignored .cache/bench-browser/ (outside the linted tree) and is rebuilt only when a source it
 * depends on changes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { ROOT } from '../rows.js';
import { fingerprint } from './fingerprint.js';

export const PAGE_DIST = path.join(ROOT, '.cache/bench-browser');
const STAMP = '.inputs-sha256';

export async function buildPage(progress: (line: string) => void): Promise<string> {
  const fp = fingerprint(ROOT, ['src/core', 'src/client', 'src/ui', 'workers', 'bench/browser', 'bench/types.ts', 'vite.config.ts', 'package-lock.json']);
  const stamp = path.join(PAGE_DIST, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === fp) {
    progress('bench page up to date (.cache/bench-browser/)');
    return PAGE_DIST;
  }
  progress('building the bench page with the app\'s Vite config (.cache/bench-browser/)…');
  const started = performance.now();
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    root: path.join(ROOT, 'bench/browser'),
    publicDir: false,
    logLevel: 'warn',
    build: { outDir: PAGE_DIST, emptyOutDir: true },
  });
  writeFileSync(stamp, fp + '\n');
  progress(`bench page built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return PAGE_DIST;
}
