/**
 * The CLI's compiled-circuit cache (docs/circuit-cache.md): one file per circuit, named by its r1cs
 * hash, in a per-user directory — `$ZKINFER_CACHE_DIR`, else `$XDG_CACHE_HOME/zkinfer/circuits`, else
 * `~/.cache/zkinfer/circuits` — never inside the package directory. Why: a cache entry is trusted
 * to hold the witness program and key facts of a circuit this machine compiled and checked; an
 * entry that arrived *with* a package would be the publisher's, who could pair it with a key for
 * another circuit whose public signals carry the input (a leak no later check catches). Only this
 * user's own zkinfer writes here. Writes go to a temporary file renamed into place, so a crash or a
 * second prover never leaves a half-written entry (a damaged one would be refused anyway).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CircuitCache } from '../core/index.js';

const HEX64 = /^[0-9a-f]{64}$/;

/** Where this user's compiled circuits are kept. */
export function circuitCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ZKINFER_CACHE_DIR) return env.ZKINFER_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'zkinfer', 'circuits');
}

export function userCircuitCache(dir: string = circuitCacheDir()): CircuitCache {
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
