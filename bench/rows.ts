/**
 * The benchmark's rows: the demo models shipped in public/models, the shapes of a published ZKML
 * benchmark (MLPs and small CNNs), and an MLP sweep by parameter count. Synthetic models are built
 * in memory with tfjs and seeded weights, so every run benchmarks exactly the same circuits.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { InputSpec, ModelFiles, OutputRule } from '../src/core/index.js';
import { DEFAULT_INPUT_BITS, loadModel, uniformInputSpec, validateInputSpec, weightFileNames } from '../src/core/index.js';
import { rng } from '../src/core/test-support/random-graph.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type RowGroup = 'demo' | 'shape' | 'sweep' | 'smoke';

export interface LoadedRow {
  readonly model: tf.LayersModel;
  readonly inputSpec: InputSpec;
  readonly output?: OutputRule;
  /** Feature values (flattened, in range) for the witness. */
  readonly input: readonly number[];
  /** Fixed-point widths the demo's shipped package uses (public/models/<name>/publish.json); else the compiler's defaults. */
  readonly weightBits?: number;
  readonly activationBits?: number;
  /** The model's files as shipped (demos), so the browser bench publishes the same bytes as the app's package. */
  readonly files?: ModelFiles;
}

export interface RowSpec {
  readonly id: string;
  readonly group: RowGroup;
  /** Human-readable architecture, e.g. "784-56-10 MLP". */
  readonly architecture: string;
  /** Rows above this size are left out of --quick runs. */
  readonly approxParameters?: number;
  load(): Promise<LoadedRow>;
}

// ---------------------------------------------------------------------------------------------
// Demo models

/** Every public/models/<name>/ with an input-spec.json, as the demo packages are built. */
export function demoRows(): RowSpec[] {
  const dir = path.join(ROOT, 'public/models');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'input-spec.json')) && existsSync(path.join(dir, e.name, 'model.json')))
    .map((e) => e.name)
    .sort()
    .map((name) => ({
      id: name,
      group: 'demo' as const,
      architecture: demoArchitecture(path.join(dir, name)),
      load: () => loadDemo(path.join(dir, name)),
    }));
}

function demoArchitecture(dir: string): string {
  const training = path.join(dir, 'training.json');
  if (existsSync(training)) {
    try {
      const t = JSON.parse(readFileSync(training, 'utf8')) as { model?: { architecture?: string } };
      if (t.model?.architecture) return t.model.architecture;
    } catch {
      // A malformed training record only costs the description.
    }
  }
  return 'demo model';
}

async function loadDemo(dir: string): Promise<LoadedRow> {
  const modelJson = new Uint8Array(readFileSync(path.join(dir, 'model.json')));
  const weights = new Map<string, Uint8Array>();
  for (const name of weightFileNames(modelJson)) weights.set(name, new Uint8Array(readFileSync(path.join(dir, name))));
  const model = await loadModel({ modelJson, weights });
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  // Same resolution as the CLI (src/cli/spec-args.ts): the file may omit shape and bits.
  const raw = JSON.parse(readFileSync(path.join(dir, 'input-spec.json'), 'utf8')) as unknown;
  const obj = Array.isArray(raw) ? { features: raw } : (raw as Record<string, unknown>);
  const inputSpec = validateInputSpec({ shape, bits: DEFAULT_INPUT_BITS, ...obj });
  return { model, inputSpec, input: demoInput(dir, inputSpec), ...publishedBits(dir), files: { modelJson, weights } };
}

/** The bit widths scripts/prepare-demos.ts publishes the demo with: the package the app ships is what is measured. */
export function publishedBits(dir: string): { weightBits?: number; activationBits?: number } {
  const p = path.join(dir, 'publish.json');
  if (!existsSync(p)) return {};
  const raw = JSON.parse(readFileSync(p, 'utf8')) as { weightBits?: unknown; activationBits?: unknown };
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
  const out: { weightBits?: number; activationBits?: number } = {};
  const w = int(raw.weightBits);
  const a = int(raw.activationBits);
  if (w !== undefined) out.weightBits = w;
  if (a !== undefined) out.activationBits = a;
  return out;
}

/** The first sample of samples.json (any of its usual shapes), else the middle of every range. */
function demoInput(dir: string, spec: InputSpec): number[] {
  const p = path.join(dir, 'samples.json');
  const n = spec.features.length;
  if (existsSync(p)) {
    const samples = JSON.parse(readFileSync(p, 'utf8')) as unknown;
    const first = Array.isArray(samples) ? (samples[0] as unknown) : undefined;
    const values = first && typeof first === 'object' && !Array.isArray(first) ? ((first as { values?: unknown; input?: unknown }).values ?? (first as { input?: unknown }).input) : first;
    const flat = Array.isArray(values) ? (values.flat(Infinity) as unknown[]) : [];
    if (flat.length === n && flat.every((v) => typeof v === 'number')) {
      return (flat as number[]).map((v, i) => Math.min(Math.max(v, spec.features[i]!.min), spec.features[i]!.max));
    }
  }
  return spec.features.map((f) => (f.min + f.max) / 2);
}

// ---------------------------------------------------------------------------------------------
// Synthetic models

type LayerSpec =
  | { readonly kind: 'dense'; readonly units: number; readonly relu: boolean }
  | { readonly kind: 'conv'; readonly filters: number; readonly kernel: number; readonly relu: boolean }
  | { readonly kind: 'flatten' };

/**
 * A tfjs model with seeded uniform weights in ±1/√fanIn (biases ±0.1): the scale of a trained
 * network's layers, so the interval analysis sees realistic magnitudes. Inputs are images in [0, 1]
 * with 8-bit codes (the 256 grey levels of MNIST) and the output is the argmax.
 */
export function syntheticModel(inputShape: readonly number[], layers: readonly LayerSpec[], seed: number): tf.LayersModel {
  const random = rng(seed);
  const model = tf.sequential();
  let first = true;
  const shapeArg = (): { inputShape?: number[] } => (first ? { inputShape: [...inputShape] } : {});
  layers.forEach((l, i) => {
    const last = i === layers.length - 1;
    if (l.kind === 'dense') {
      // Zero initializers: tfjs's random init of a 15M-weight kernel costs seconds we then overwrite.
      model.add(tf.layers.dense({ units: l.units, activation: last ? 'softmax' : l.relu ? 'relu' : 'linear', kernelInitializer: 'zeros', ...shapeArg() }));
    } else if (l.kind === 'conv') {
      model.add(tf.layers.conv2d({ filters: l.filters, kernelSize: l.kernel, activation: l.relu ? 'relu' : 'linear', kernelInitializer: 'zeros', ...shapeArg() }));
    } else {
      model.add(tf.layers.flatten(shapeArg()));
    }
    first = false;
  });
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    if (ws.length === 0) continue;
    const kernelShape = ws[0]!.shape;
    const fanIn = kernelShape.slice(0, -1).reduce((a, b) => a * b, 1);
    const fresh = ws.map((w, k) => {
      const bound = k === 0 ? 1 / Math.sqrt(fanIn) : 0.1;
      const data = new Float32Array(w.size);
      for (let j = 0; j < data.length; j++) data[j] = (random() * 2 - 1) * bound;
      return tf.tensor(data, w.shape);
    });
    layer.setWeights(fresh);
    fresh.forEach((t) => t.dispose());
  }
  return model;
}

function syntheticRow(id: string, group: RowGroup, architecture: string, inputShape: number[], layers: LayerSpec[], seed: number): RowSpec {
  return {
    id,
    group,
    architecture,
    approxParameters: countParameters(inputShape, layers),
    load: async () => {
      const model = syntheticModel(inputShape, layers, seed);
      const inputSpec = uniformInputSpec(inputShape, 0, 1, 8);
      const random = rng(seed ^ 0x5eed);
      const input = inputSpec.features.map(() => random());
      return { model, inputSpec, output: 'argmax', input };
    },
  };
}

/** Parameters of a dense/conv stack without building it (to pick rows for --quick). */
function countParameters(inputShape: readonly number[], layers: readonly LayerSpec[]): number {
  let shape = [...inputShape];
  let total = 0;
  for (const l of layers) {
    if (l.kind === 'dense') {
      const inSize = shape[shape.length - 1]!;
      total += inSize * l.units + l.units;
      shape = [...shape.slice(0, -1), l.units];
    } else if (l.kind === 'conv') {
      const [h, w, c] = shape as [number, number, number];
      total += l.kernel * l.kernel * c * l.filters + l.filters;
      shape = [h - l.kernel + 1, w - l.kernel + 1, l.filters];
    } else {
      shape = [shape.reduce((a, b) => a * b, 1)];
    }
  }
  return total;
}

const dense = (units: number, relu = true): LayerSpec => ({ kind: 'dense', units, relu });
const conv = (filters: number, kernel: number): LayerSpec => ({ kind: 'conv', filters, kernel, relu: true });
const flatten: LayerSpec = { kind: 'flatten' };

/** MLP given by its widths, input first: "784-56-10". */
function mlp(id: string, group: RowGroup, widths: number[], seed: number): RowSpec {
  const [input, ...rest] = widths;
  return syntheticRow(id, group, `MLP ${widths.join('-')}`, [input!], rest.map((u, i) => dense(u, i < rest.length - 1)), seed);
}

/**
 * The shapes of the published ZKML benchmark rows (MLPs on 14×14 and 28×28 MNIST, CNNs with 3×3
 * and 5×5 kernels); weights are seeded random, which costs the same constraints as trained ones
 * up to the bit widths the interval analysis derives.
 */
export function shapeRows(): RowSpec[] {
  return [
    mlp('mlp-196-25-10', 'shape', [196, 25, 10], 1),
    mlp('mlp-196-24-14-10', 'shape', [196, 24, 14, 10], 2),
    mlp('mlp-784-56-10', 'shape', [784, 56, 10], 3),
    syntheticRow('cnn-14x14-3x3', 'shape', 'CNN 14×14×1 → conv 3×3×4 relu → dense 10', [14, 14, 1], [conv(4, 3), flatten, dense(10, false)], 4),
    syntheticRow('cnn-28x28-5x5', 'shape', 'CNN 28×28×1 → conv 5×5×4 relu → dense 10', [28, 28, 1], [conv(4, 5), flatten, dense(10, false)], 5),
    syntheticRow(
      'cnn-28x28-5x5-dense',
      'shape',
      'CNN 28×28×1 → conv 5×5×4 relu → dense 32 relu → dense 10',
      [28, 28, 1],
      [conv(4, 5), flatten, dense(32), dense(10, false)],
      6,
    ),
  ];
}

/** MLPs on 784 inputs of about 10k, 100k, 1M, 4M and 18M parameters. */
export function sweepRows(): RowSpec[] {
  return [
    mlp('sweep-10k', 'sweep', [784, 12, 10], 10),
    mlp('sweep-100k', 'sweep', [784, 128, 10], 11),
    mlp('sweep-1m', 'sweep', [784, 1024, 256, 10], 12),
    mlp('sweep-4m', 'sweep', [784, 2048, 1024, 10], 13),
    mlp('sweep-18m', 'sweep', [784, 4096, 3584, 10], 14),
  ];
}

/** A tiny MLP for the harness's smoke test. */
export function smokeRow(): RowSpec {
  return mlp('smoke-8-4-3', 'smoke', [8, 4, 3], 99);
}

export function allRows(): RowSpec[] {
  return [...demoRows(), ...shapeRows(), ...sweepRows(), smokeRow()];
}
