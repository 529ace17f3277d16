/** The model-source interface (see source.ts), apart so that each format's module can implement it without a cycle. */
import type { Graph } from './ir.js';

export interface ModelFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Choices a model's file cannot make by itself. */
export interface LoadOptions {
  /** Which output to prove when the model has several (`--output-node`; recorded as model.outputNode). */
  readonly outputNode?: string;
}

export interface ModelSource {
  /** Recorded in the manifest (`model.format`). */
  readonly format: string;
  /** What a person calls it, for messages: "a tfjs Layers model (model.json + weight files)". */
  readonly description: string;
  /** Whether an entry file's bytes are this format. */
  detect(entry: Uint8Array): boolean;
  /** The other files the entry refers to, as paths beside it, in the order they are hashed. */
  companions(entry: Uint8Array): string[];
  /** Files that the companions refer to in turn (the shards a separate weights manifest lists), hashed after them. */
  moreCompanions?(entry: Uint8Array, files: ReadonlyMap<string, Uint8Array>): string[];
  /** The float graph of the model; `files` holds the entry and its companions by path. */
  toGraph(entry: Uint8Array, files: ReadonlyMap<string, Uint8Array>, name: string, options?: LoadOptions): Promise<Graph>;
}
