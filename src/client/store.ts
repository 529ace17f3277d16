/**
 * Everything the app keeps on this device, in IndexedDB through idb-keyval:
 * - package files (proving keys included) under `file:<sha256>`, so a key is fetched once;
 * - packages the user opened (their manifest and source) under `package:<id>`;
 * - the proof history under `history`;
 * - the private input, only when the user asks for it, under `input:<modelHash>`.
 */
import { createStore, del, get, keys, set } from 'idb-keyval';

const store = createStore('zkinfer', 'kv');

export const getFile = (sha256: string) => get<Uint8Array>(`file:${sha256}`, store);
export const putFile = (sha256: string, bytes: Uint8Array) => set(`file:${sha256}`, bytes, store);

export async function getJson<T>(key: string): Promise<T | undefined> {
  return get<T>(key, store);
}
export const setJson = <T>(key: string, value: T) => set(key, value, store);
export const delKey = (key: string) => del(key, store);
export async function keysWithPrefix(prefix: string): Promise<string[]> {
  return (await keys(store)).map(String).filter((k) => k.startsWith(prefix));
}
