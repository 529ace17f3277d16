/**
 * The app's publisher worker ("Your model"): open a dropped model once, estimate its circuit as
 * the ranges change, publish it with a development key (cancel terminates the worker), zip it.
 * A worker started after a cancel has no model: the model's files are sent again first.
 */
import { proxy } from 'comlink';
import type { Remote } from 'comlink';
import type { InputSpec, OnProgress, OutputRule, PickedFile } from '../../core/index.js';
import type { CostEstimate, ModelSummary, PublisherApi, PublishRequest, PublishResult } from '../../../workers/publish.worker.js';
import { WorkerBridge } from './bridge.js';

export type { CostEstimate, ModelSummary, PublishRequest, PublishResult } from '../../../workers/publish.worker.js';

const bridge = new WorkerBridge<PublisherApi>(
  () => new Worker(new URL('../../../workers/publish.worker.ts', import.meta.url), { type: 'module', name: 'zkinfer-publisher' }),
  'publisher',
);

/** The model the current worker holds: its files (to open it again in a fresh worker) and the worker generation. */
let current: { files: PickedFile[]; name: string; generation: number } | undefined;

async function ensureOpen(api: Remote<PublisherApi>, generation: number): Promise<void> {
  if (!current) throw new Error('no model is open: choose a model file first');
  if (current.generation !== generation) {
    await api.open(current.files, current.name);
    current.generation = generation;
  }
}

/**
 * Opens the model among `files` in the worker. A failure leaves the previous model open (the page
 * keeps showing it): the worker only replaces its model once the new one has loaded.
 */
export function openModel(files: PickedFile[], name: string, signal?: AbortSignal): Promise<ModelSummary> {
  return bridge.run(async (api, generation) => {
    if (current && current.generation !== generation) await ensureOpen(api, generation).catch(() => {});
    const summary = await api.open(files, name);
    current = { files, name, generation };
    return summary;
  }, signal);
}

export function estimateInWorker(inputSpec: InputSpec, output?: OutputRule, signal?: AbortSignal): Promise<CostEstimate> {
  return bridge.run(async (api, generation) => {
    await ensureOpen(api, generation);
    return api.estimate(inputSpec, output);
  }, signal);
}

export function publishInWorker(request: PublishRequest, onProgress: OnProgress, signal?: AbortSignal): Promise<PublishResult> {
  return bridge.run(async (api, generation) => {
    await ensureOpen(api, generation);
    return api.publish(request, proxy(onProgress));
  }, signal);
}

export function zipInWorker(name: string, files: Map<string, Uint8Array>): Promise<Uint8Array> {
  return bridge.run((api) => api.zip(name, files));
}
