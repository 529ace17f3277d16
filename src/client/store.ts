/**
 * Everything the app keeps on this device, in IndexedDB through idb-keyval:
 * - package files (proving keys included) under `file:<sha256>`, so a key is fetched once;
 * - packages the user opened (their manifest and source) under `package:<id>`;
 * - the proof history under `history`;
 * - the private input, only when the user asks for it, under `input:<modelHash>`;
 * - compiled circuits (witness programs, no user data) under `circuit:<r1csSha256>`, written by the
 *   prover worker so that a later session proves without compiling (docs/circuit-cache.md).
 */
import { createStore, del, get, keys, set } from 'idb-keyval';

const store = createStore('zkinfer', 'kv');

export const getFile = (sha256: string) => get<Uint8Array>(`file:${sha256}`, store);
export const putFile = (sha256: string, bytes: Uint8Array) => set(`file:${sha256}`, bytes, store);

/** The compiled-circuit cache (core's CircuitCache) over this store; usable in workers too. */
export const circuitCache = {
  get: (r1csSha256: string) => get<Uint8Array>(`circuit:${r1csSha256}`, store),
  set: (r1csSha256: string, entry: Uint8Array) => set(`circuit:${r1csSha256}`, entry, store),
  delete: (r1csSha256: string) => del(`circuit:${r1csSha256}`, store),
  /** Whether an entry is stored, without reading it (an entry is 141 MiB for the 18M-parameter row). */
  has: async (r1csSha256: string) => (await keys(store)).includes(`circuit:${r1csSha256}`),
};

export async function getJson<T>(key: string): Promise<T | undefined> {
  return get<T>(key, store);
}
export const setJson = <T>(key: string, value: T) => set(key, value, store);
export const delKey = (key: string) => del(key, store);
export async function keysWithPrefix(prefix: string): Promise<string[]> {
  return (await keys(store)).map(String).filter((k) => k.startsWith(prefix));
}
