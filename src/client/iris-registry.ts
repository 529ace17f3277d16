/**
 * This device's iris registry (issue 14), kept in IndexedDB under `iris:registry` as the same
 * JSON value the CLI keeps in a file (src/core/registry: format `zkinfer-iris-registry`). Writes
 * replace the whole value: a registry is small (one bundle and two 2,048-bit hex strings per entry).
 * A stored value this version cannot read is not overwritten silently: loading names the problem.
 */
import type { Registry } from '../core/registry/index.js';
import { getJson, setJson } from './store.js';
import { readRegistryInWorker } from './workers/verifier.js';

const KEY = 'iris:registry';

export async function loadRegistry(): Promise<Registry> {
  const raw = await getJson<unknown>(KEY);
  // Checked in the verifier worker: the registry's code (and snarkjs) is not in the page's bundle.
  return readRegistryInWorker(raw ?? { format: 'zkinfer-iris-registry', version: 1, entries: [] });
}

export async function saveRegistry(registry: Registry): Promise<void> {
  await setJson(KEY, registry);
}
