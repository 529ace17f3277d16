/**
 * The CLI's compiled-circuit cache (docs/circuit-cache.md): one file per circuit, named by its r1cs
 * hash, in `.zkinfer-cache/` inside the package directory, so that it goes wherever the package
 * goes and is deleted with it. Writes go to a temporary file renamed into place, so a crash or a
 * second prover never leaves a half-written entry (a damaged one would be refused anyway).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CircuitCache } from '../core/index.js';

export const CACHE_DIR = '.zkinfer-cache';

const HEX64 = /^[0-9a-f]{64}$/;

export function packageCircuitCache(pkgDir: string): CircuitCache {
  const dir = join(pkgDir, CACHE_DIR);
  const file = (key: string) => {
    if (!HEX64.test(key)) throw new RangeError(`not an r1cs hash: ${key}`);
    return join(dir, `${key}.zkcc`);
  };
  return {
    get: async (key) => {
      try {
        return new Uint8Array(readFileSync(file(key)));
      } catch {
        return undefined;
      }
    },
    set: async (key, bytes) => {
      mkdirSync(dir, { recursive: true });
      const tmp = `${file(key)}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file(key));
    },
    delete: async (key) => rmSync(file(key), { force: true }),
  };
}
