/**
 * Proof history on this device: what was proved, when, and the bundle. Never the private input.
 * The model name, output text and time are this device's own notes: a bundle carries none of them.
 */
import type { ProofBundle } from '../../core/package/bundle.js';
import { getJson, setJson } from '../../client/store.js';

export interface HistoryEntry {
  readonly id: string;
  readonly model: string;
  readonly label: string;
  readonly createdAt: string;
  readonly proveMs: number;
  /** The challenge the proof answers, if a verifier asked for one. */
  readonly challenge?: string;
  readonly bundle: ProofBundle;
}

const KEY = 'history';

export async function listHistory(): Promise<HistoryEntry[]> {
  return (await getJson<HistoryEntry[]>(KEY)) ?? [];
}

export async function addHistory(entry: HistoryEntry): Promise<void> {
  await setJson(KEY, [entry, ...(await listHistory())]);
}

export async function deleteHistory(id: string): Promise<void> {
  await setJson(KEY, (await listHistory()).filter((e) => e.id !== id));
}

export async function clearHistory(): Promise<void> {
  await setJson(KEY, []);
}

/** Puts deleted entries back (Undo), after any made since, newest first. */
export async function restoreHistory(entries: readonly HistoryEntry[]): Promise<void> {
  const now = await listHistory();
  const ids = new Set(now.map((e) => e.id));
  const all = [...now, ...entries.filter((e) => !ids.has(e.id))].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  await setJson(KEY, all);
}
