/** The tfjs Layers format (model.json with a Keras topology + binary weight files) as a model source. */
import { importModel } from './import.js';
import { loadModel, parseModelJson } from './load.js';
import type { ModelSource } from './source-types.js';

/** "./weights.bin" (what tfjs's own model.save writes) and "weights.bin" name the same file. */
export function normalisePath(p: string): string {
  return p.replace(/^(\.\/)+/, '');
}

export const tfjsLayersSource: ModelSource = {
  format: 'tfjs-layers',
  description: 'a tfjs Layers model (model.json with "format": "layers-model", plus its weight files)',
  detect(entry) {
    if (entry[0] !== 0x7b /* { */ && !new TextDecoder().decode(entry.subarray(0, 64)).trimStart().startsWith('{')) return false;
    try {
      const j = JSON.parse(new TextDecoder().decode(entry)) as Record<string, unknown>;
      const topo = j.modelTopology as Record<string, unknown> | undefined;
      return (j.format === undefined || j.format === 'layers-model') && typeof topo === 'object' && topo !== null && ('class_name' in topo || 'model_config' in topo) && Array.isArray(j.weightsManifest);
    } catch {
      return false;
    }
  },
  companions(entry) {
    return parseModelJson(entry).weightsManifest.flatMap((g) => g.paths.map(normalisePath));
  },
  async toGraph(entry, files, name, options) {
    const weights = new Map<string, Uint8Array>();
    for (const [path, bytes] of files) weights.set(path, bytes);
    const model = await loadModel({ modelJson: entry, weights });
    try {
      return importModel(model, name, options?.outputNode);
    } finally {
      model.dispose();
    }
  },
};
