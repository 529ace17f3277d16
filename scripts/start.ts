/**
 * `npm start`: build what the demos need, build the app when its sources changed, and serve the
 * production build on a printed localhost URL. The first run builds everything (about a minute);
 * later runs reuse the cached demo packages (public/packages/) and the build (dist/) when nothing
 * changed, and start in seconds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { build, preview } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(root, 'dist/.build-sha256');
/** Everything the production build is made from (public/packages included: the demos are copied). */
const INPUTS = ['index.html', 'vite.config.ts', 'package-lock.json', 'src', 'workers', 'public'];

async function filesUnder(p: string): Promise<string[]> {
  const abs = path.join(root, p);
  if (!existsSync(abs)) return [];
  const entries = await readdir(abs, { withFileTypes: true, recursive: true }).catch(() => undefined);
  if (!entries) return [p];
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

async function buildFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await Promise.all(INPUTS.map(filesUnder))).flat().sort();
  for (const f of files) hash.update(`${f}\n`).update(await readFile(path.join(root, f)));
  return hash.digest('hex');
}

const step = (line: string) => process.stdout.write(`[start] ${line}\n`);

step('preparing the demo model packages');
const demos = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/prepare-demos.ts')], { stdio: 'inherit', cwd: root });
if (demos.status !== 0) process.exit(demos.status ?? 1);

const fingerprint = await buildFingerprint();
if (existsSync(STAMP) && (await readFile(STAMP, 'utf8')).trim() === fingerprint) {
  step('the app build in dist/ is up to date');
} else {
  step('building the app (vite build)…');
  await build({ root, logLevel: 'warn' });
  await writeFile(STAMP, fingerprint + '\n');
  step('app built into dist/');
}

const server = await preview({ root, preview: { port: Number(process.env.PORT ?? 4173) } });
step('serving the app — open this URL in your browser (Ctrl+C stops):');
server.printUrls();
