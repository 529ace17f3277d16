/**
 * Figures for docs/CALIBRATION.md: for each MNIST demo, the exact circuit and the calibrated one
 * (ranges from the training digits, margin as given), with constraints, top-1 agreement and
 * provability on the 2,000 held-out test digits (split seed in training.json).
 *
 *   npx tsx scripts/calibration-figures.ts [--models mnist-cnn,mnist-lean] [--margins 0.25] [--calibrate 8000]
 *     [--test 2000] [--bits <weight>/<activation>] [--input-bits <n>] [--validate <n>]
 *
 * `--input-bits` overrides the input spec's width (default: the spec's, else DEFAULT_INPUT_BITS):
 * the input codes and the first layer's accumulators narrow with it.
 *
 * `--validate <n>` takes the first n held-out digits as validation digits and the next `--test`
 * ones as the test digits, and reports agreement and provability on both: widths and margins are
 * chosen on the validation digits, which no training, fine-tuning or calibration saw, and the
 * test digits stay out of the choice too (docs/CALIBRATION.md). The training digits cannot serve:
 * the models fit them, so quantization flips fewer of their decisions.
 *
 * `--models` also takes the benchmark's synthetic CNN rows (bench/rows.ts: cnn-14x14-3x3,
 * cnn-28x28-5x5, cnn-28x28-5x5-dense; seeded random weights): they are calibrated and measured on
 * the same digits and split as mnist-cnn (14×14 rows on the digits averaged over 2×2 blocks), and
 * agreement compares their float and integer outputs. Their weights are seeded random, so their
 * decisions are no task's and sit near class boundaries; `--train-shapes <epochs>` first trains
 * them on the training digits (Adam, the random weights as initialisation, seeded batch order),
 * as the published benchmark's models are trained, and measures those.
 *
 * `--qat <epochs>` fine-tunes any of them with the circuit's rounding in the forward pass
 * (scripts/lib/qat.ts) at the widths of `--bits` and `--input-bits`, on the training digits, and
 * measures the fine-tuned model (BatchNormalization folded, weights on the compiler's grid).
 * `--save <dir>` writes the measured model to <dir>/<name>/ (model.json, weights.bin,
 * input-spec.json at the measured input width, publish.json with the bits, a demo's labels.json)
 * for `zkinfer publish`.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_INPUT_BITS, compileModel, importModel, loadModel, validateInputSpec, weightFileNames } from '../src/core/index.js';
import { agreementReport } from '../src/core/tuning/report.js';
import { calibrate, provabilityReport } from '../src/core/tuning/calibration.js';
import { countNaive } from '../bench/naive.js';
import type { Graph, InputSpec } from '../src/core/index.js';
import * as tf from '@tensorflow/tfjs';
import { shapeRows } from '../bench/rows.js';
import { installFastConvFilterGrad } from './lib/fast-training.js';
import { fineTune, stepsOf, toModel } from './lib/qat.js';
import { saveLayersModel } from './lib/tfjs-node-io.js';
import { imageValues, loadMnistDigits, MNIST_CLASSES, rng, shuffled, stratifiedSplit } from './lib/mnist.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const models = arg('models', 'mnist-cnn,mnist-lean').split(',');
const margins = arg('margins', '0.25').split(',').map(Number);
const calibrateCount = Number(arg('calibrate', '8000'));
const testCount = Number(arg('test', '2000'));
const bitsArg = arg('bits', '');
const inputBits = arg('input-bits', '');
const validateCount = Number(arg('validate', '0'));
const trainEpochs = Number(arg('train-shapes', '0'));
const qatEpochs = Number(arg('qat', '0'));
const saveDir = arg('save', '');

const digits = loadMnistDigits();

/** What is calibrated and measured: a shipped demo (public/models/<name>) or a synthetic benchmark row. */
interface Subject {
  readonly graph: Graph;
  readonly inputSpec: InputSpec;
  readonly bits: { weightBits?: number; activationBits?: number };
  /** The digits in the model's input shape. */
  readonly image: (i: number) => number[];
}

const specWith = (raw: Record<string, unknown>, shape: unknown): InputSpec =>
  validateInputSpec({ shape, bits: DEFAULT_INPUT_BITS, ...raw, ...(inputBits ? { bits: Number(inputBits) } : {}) });

/** A 28×28 digit averaged over 2×2 blocks, for the 14×14 rows. */
function halved(values: readonly number[]): number[] {
  const out: number[] = [];
  for (let r = 0; r < 14; r++) for (let c = 0; c < 14; c++) out.push((values[2 * r * 28 + 2 * c]! + values[2 * r * 28 + 2 * c + 1]! + values[(2 * r + 1) * 28 + 2 * c]! + values[(2 * r + 1) * 28 + 2 * c + 1]!) / 4);
  return out;
}

/** One epoch's batches of 64 training digits in a seeded order, as tensors. */
function* batchesOf(image: (i: number) => number[], order: readonly number[], shape: readonly number[]): Generator<{ xs: tf.Tensor; ys: tf.Tensor }> {
  for (let b = 0; b < order.length; b += 64) {
    const batch = order.slice(b, b + 64);
    yield { xs: tf.tensor(batch.flatMap(image), [batch.length, ...shape]), ys: tf.oneHot(tf.tensor1d(batch.map((i) => digits.labels[i]!), 'int32'), MNIST_CLASSES) };
  }
}

/** Fine-tunes with the circuit's rounding at the measured widths; returns the stock model that replaces `model`. */
function qat(model: tf.LayersModel, image: (i: number) => number[], trainIdx: readonly number[], shape: readonly number[], bits: { weightBits?: number; activationBits?: number }, inputBits: number, log: (s: string) => void): tf.LayersModel {
  installFastConvFilterGrad();
  const { weightBits, activationBits } = bits;
  if (weightBits === undefined || activationBits === undefined) throw new Error('--qat needs --bits <weight>/<activation>');
  const widths = { weightBits, activationBits, inputBits };
  const started = performance.now();
  const steps = stepsOf(model);
  const random = rng(training.split.seed ^ 0x9a7);
  const loss = fineTune(steps, widths, qatEpochs, 1e-3, () => batchesOf(image, shuffled(trainIdx, random), shape));
  log(`quantization-aware fine-tuning at ${weightBits}/${activationBits} bits, ${inputBits}-bit input: ${qatEpochs} epochs on ${trainIdx.length} training digits (loss ${loss.toFixed(3)}, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const tuned = toModel(steps, shape, widths);
  model.dispose();
  return tuned;
}

/** Trains a synthetic row's model (softmax out) on the training digits, in place. */
async function trainShape(model: tf.LayersModel, image: (i: number) => number[], trainIdx: readonly number[], shape: readonly number[]): Promise<string> {
  installFastConvFilterGrad();
  const started = performance.now();
  const random = rng(training.split.seed);
  const optimizer = tf.train.adam(3e-3);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  let loss = 0;
  for (let epoch = 0; epoch < trainEpochs; epoch++) {
    let sum = 0;
    const order = shuffled(trainIdx, random);
    for (const { xs, ys } of batchesOf(image, order, shape)) {
      sum += ((await model.trainOnBatch(xs, ys)) as number) * xs.shape[0]!;
      tf.dispose([xs, ys]);
    }
    loss = sum / order.length;
  }
  optimizer.dispose();
  return `trained ${trainEpochs} epochs on ${trainIdx.length} training digits (loss ${loss.toFixed(3)}, ${((performance.now() - started) / 1000).toFixed(0)} s)`;
}

/** The widths measured: `--bits` if given, else the demo's publish.json, else the compiler's defaults. */
function widthsFor(publish: { weightBits?: number; activationBits?: number }): { weightBits?: number; activationBits?: number } {
  const [w, a] = bitsArg ? bitsArg.split('/').map(Number) : [];
  return w ? { weightBits: w, activationBits: a } : { weightBits: publish.weightBits, activationBits: publish.activationBits };
}

async function subject(name: string, trainIdx: readonly number[]): Promise<Subject> {
  const row = shapeRows().find((r) => r.id === name);
  let model: tf.LayersModel;
  let inputSpec: InputSpec;
  let bits: { weightBits?: number; activationBits?: number };
  let image: (i: number) => number[];
  if (row) {
    const loaded = await row.load();
    model = loaded.model;
    const side = loaded.inputSpec.shape[0];
    if (side !== 28 && side !== 14) throw new Error(`${name}: input ${JSON.stringify(loaded.inputSpec.shape)} is not a 28×28 or 14×14 digit`);
    image = (i) => (side === 14 ? halved(imageValues(digits, i)) : imageValues(digits, i));
    inputSpec = specWith({ ...loaded.inputSpec }, loaded.inputSpec.shape);
    bits = widthsFor({});
    if (trainEpochs > 0) console.log(`${name}: ${await trainShape(model, image, trainIdx, inputSpec.shape)}`);
  } else {
    const dir = path.join(root, 'public/models', name);
    const read = (p: string) => new Uint8Array(readFileSync(path.join(dir, p)));
    const modelJson = read('model.json');
    model = await loadModel({ modelJson, weights: new Map(weightFileNames(modelJson).map((f) => [f, read(f)])) });
    const publishPath = path.join(dir, 'publish.json');
    bits = widthsFor((existsSync(publishPath) ? JSON.parse(readFileSync(publishPath, 'utf8')) : {}) as { weightBits?: number; activationBits?: number });
    const rawSpec = JSON.parse(readFileSync(path.join(dir, 'input-spec.json'), 'utf8')) as Record<string, unknown>;
    inputSpec = specWith(rawSpec, model.inputs[0]!.shape.slice(1));
    image = (i) => imageValues(digits, i);
  }
  if (qatEpochs > 0) model = qat(model, image, trainIdx, inputSpec.shape, bits, inputSpec.bits, (line) => console.log(`${name}: ${line}`));
  if (saveDir) {
    const out = path.join(saveDir, name);
    await saveLayersModel(model, out);
    writeFileSync(path.join(out, 'input-spec.json'), JSON.stringify(inputSpec));
    writeFileSync(path.join(out, 'publish.json'), JSON.stringify(bits));
    const labels = path.join(root, 'public/models', name, 'labels.json');
    if (existsSync(labels)) copyFileSync(labels, path.join(out, 'labels.json'));
    console.log(`${name}: model written to ${out}`);
  }
  const graph = importModel(model, name);
  model.dispose();
  return { graph, inputSpec, bits, image };
}

// Every subject uses the split the MNIST demos were trained with (their training.json), so the
// 2,000 test digits are held out from the demos' training and from every calibration set.
const training = JSON.parse(readFileSync(path.join(root, 'public/models/mnist-cnn/training.json'), 'utf8')) as { split: { seed: number; test: number } };
const { train, test } = stratifiedSplit(digits.labels, training.split.test, training.split.seed);
for (const name of models) {
  const { graph, inputSpec, bits, image } = await subject(name, train);
  const validationSet = test.slice(0, validateCount).map(image);
  const testSet = test.slice(validateCount, validateCount + testCount).map(image);
  const calSet = train.slice(0, calibrateCount).map(image);
  const options = { inputSpec, ...bits };
  const exact = compileModel(graph, options);
  const agreement = agreementReport(exact, inputSpec, testSet);
  const validation = validationSet.length > 0 ? agreementReport(exact, inputSpec, validationSet) : undefined;
  const onValidation = (what: string) => (validation ? `; on the ${validationSet.length} validation digits: ${what}` : '');
  const naive = countNaive(exact.quantized).constraints;
  const ratio = (c: number) => `${(naive / c).toFixed(1)}× below the naive ${naive}`;
  console.log(`${name} (weights / activations ${options.weightBits ?? 'default'} / ${options.activationBits ?? 'default'}, input ${inputSpec.bits} bits): exact ${exact.stats.constraints} constraints (2^${exact.stats.power}, ${ratio(exact.stats.constraints)}), agreement ${(100 * agreement.top1).toFixed(2)}% on ${testSet.length} test digits${onValidation(`agreement ${(100 * (validation?.top1 ?? 0)).toFixed(2)}%`)}`);
  for (const margin of margins) {
    const t0 = performance.now();
    const ranges = calibrate(graph, options, calSet, margin);
    const compiled = compileModel(graph, { ...options, calibration: ranges });
    const t1 = performance.now();
    const p = provabilityReport(compiled, inputSpec, testSet);
    const t2 = performance.now();
    const pv = validation ? provabilityReport(compiled, inputSpec, validationSet) : undefined;
    const perLayer = compiled.layers.map((l) => `${l.layer}:${l.constraints}${l.bits.length ? ` (${Math.min(...l.bits)}–${Math.max(...l.bits)} bits)` : ''}`).join(', ');
    console.log(
      `${name}: margin ${margin}, ${calSet.length} calibration digits: ${compiled.stats.constraints} constraints (2^${compiled.stats.power}, ${ratio(compiled.stats.constraints)}), ` +
        `agreement ${(100 * agreement.top1).toFixed(2)}%, provability ${(100 * p.provability).toFixed(2)}% (${Math.round(p.provability * p.samples)}/${p.samples}) ` +
        `refused by ${JSON.stringify(p.refusedBy)}${onValidation(`provability ${(100 * (pv?.provability ?? 0)).toFixed(2)}%`)}; calibrate+compile ${((t1 - t0) / 1000).toFixed(1)} s, witnesses ${((t2 - t1) / 1000).toFixed(1)} s\n  ${perLayer}`,
    );
  }
}
