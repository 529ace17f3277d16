/**
 * The publisher worker (the app's "Your model" page): reads a model the user dropped (format from
 * the content), estimates its circuit per layer for the input ranges the page sets, publishes it
 * with a development key, and zips the package. Everything here is a thin call into src/core; the
 * model's files and weights stay in this worker and on this device. Cancelling a publish
 * terminates this worker; the client opens the model again in the next one.
 */
import { expose, transfer } from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { estimateCircuit, estimateSentence, loadPickedModel, publishPackage, writePackageZip, ZkinferError } from '../src/core/index.js';
import type { InputSpec, LoadedModel, Manifest, OnProgress, OutputRule, PickedFile, SizeEstimate } from '../src/core/index.js';

/** What the page shows about a dropped model (plain data: the graph stays here). */
export interface ModelSummary {
  readonly format: string;
  /** The entry file as picked, and every file the model is made of (entry first) with its size. */
  readonly entry: string;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  readonly ignored: readonly string[];
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly suggestedOutput: OutputRule;
  /** The JSON of an input spec dropped with the model, unchecked (the page checks it, so it can keep the fields on error). */
  readonly inputSpec?: { readonly name: string; readonly json: unknown };
}

export interface CostEstimate {
  readonly estimate: SizeEstimate;
  /** estimateSentence: constraints, key size, memory and time, and whether it fits a browser proof. */
  readonly sentence: string;
}

export interface PublishRequest {
  readonly name: string;
  readonly inputSpec: InputSpec;
  readonly output?: OutputRule;
  readonly labels?: readonly string[];
}

export interface PublishResult {
  readonly id: string;
  readonly manifest: Manifest;
  /** Every package file by its path, as `zkinfer publish` writes them. */
  readonly files: Map<string, Uint8Array>;
}

let opened: LoadedModel | undefined;

/** tfjs only builds the Keras/tfjs models here: its CPU backend avoids a WebGL context in the worker. */
let backendReady: Promise<boolean> | undefined;
const cpuBackend = () => (backendReady ??= tf.setBackend('cpu'));

function model(): LoadedModel {
  if (!opened) throw new Error('internal: no model is open in the publisher worker');
  return opened;
}

function estimateFor(m: LoadedModel, r: Pick<PublishRequest, 'inputSpec' | 'output'>): SizeEstimate {
  return estimateCircuit(m.graph, { inputSpec: r.inputSpec, ...(r.output ? { output: r.output } : {}) });
}

const api = {
  /** Finds the model among the files, loads it and keeps it here for estimates and publishing. */
  async open(files: PickedFile[], name: string): Promise<ModelSummary> {
    await cpuBackend();
    const picked = await loadPickedModel(files, name);
    opened = picked.model;
    const g = picked.model.graph;
    return {
      format: picked.model.format,
      entry: picked.entry,
      files: picked.model.files.map((f) => ({ path: f.path, bytes: f.bytes.length })),
      ignored: picked.ignored,
      inputShape: [...g.shapes.get(g.input)!],
      outputShape: [...g.shapes.get(g.output)!],
      suggestedOutput: g.suggestedOutput,
      ...(picked.inputSpec ? { inputSpec: picked.inputSpec } : {}),
    };
  },

  /** The circuit's size per layer for these ranges, without compiling (seconds even for a model far too large). */
  estimate(inputSpec: InputSpec, output?: OutputRule): CostEstimate {
    const e = estimateFor(model(), { inputSpec, output });
    return { estimate: e, sentence: estimateSentence(e) };
  },

  /**
   * Compiles, makes a development key and writes the package. A model the estimate says will not
   * fit a browser proof is refused before anything slow (the CLI's `publish --force` is the way).
   */
  async publish(r: PublishRequest, onProgress?: OnProgress): Promise<PublishResult> {
    const m = model();
    const e = estimateFor(m, r);
    if (!e.fitsBrowser) {
      throw new ZkinferError('input', 'too-large', `this model is too large to publish in a browser: ${estimateSentence(e)}. The CLI can publish it anyway (zkinfer publish --force)`);
    }
    const pkg = await publishPackage({
      name: r.name,
      // The graph under the package's name, as `prove` loads it again (loadPackageModel).
      model: { ...m, graph: { ...m.graph, name: r.name } },
      inputSpec: r.inputSpec,
      ...(r.output ? { output: r.output } : {}),
      ...(r.labels?.length ? { labels: r.labels } : {}),
      solidity: true,
      onProgress,
    });
    return { id: pkg.id, manifest: pkg.manifest, files: pkg.files };
  },

  /** The package as one .zip (a top folder named after it), handed over without a copy. */
  zip(name: string, files: Map<string, Uint8Array>): Uint8Array {
    const bytes = writePackageZip(name, files);
    return transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
};

export type PublisherApi = typeof api;
expose(api);
