/** Content hashes of source trees, to rebuild the bench page and row packages only when their inputs change. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

function listFiles(p: string, keep: (file: string) => boolean): string[] {
  if (!existsSync(p)) return [];
  if (statSync(p).isFile()) return [p];
  return readdirSync(p, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(p, e.name), keep) : e.isFile() && keep(path.join(p, e.name)) ? [path.join(p, e.name)] : []))
    .sort();
}

/** sha256 over the relative paths and contents of every kept file under `paths` (files or directories), plus `extra` strings. */
export function fingerprint(root: string, paths: readonly string[], extra: readonly string[] = [], keep: (file: string) => boolean = (f) => !f.endsWith('.test.ts')): string {
  const h = createHash('sha256');
  for (const e of extra) h.update(`${e}\n`);
  for (const p of paths) {
    for (const f of listFiles(path.join(root, p), keep)) {
      h.update(`${path.relative(root, f)}:`);
      h.update(createHash('sha256').update(readFileSync(f)).digest('hex'));
      h.update('\n');
    }
  }
  return h.digest('hex');
}
