/** Proof history on this device: what was proved, when, and the bundle. Never the private input. */
import type { ProofBundle } from '../../core/package/bundle.js';
import { getJson, setJson } from '../../client/store.js';

export interface HistoryEntry {
  readonly id: string;
  readonly model: string;
  readonly label: string;
  readonly createdAt: string;
  readonly proveMs: number;
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

export function outputText(b: ProofBundle): string {
  const o = b.output;
  if (o.label !== undefined) return o.label;
  if (o.class !== undefined) return `class ${o.class}`;
  if (o.bits) return `bits ${o.bits.join('')}`;
  if (o.values) return `values [${o.values.map((v) => v.toFixed(3)).join(', ')}]`;
  return o.rule;
}
