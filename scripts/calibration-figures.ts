/**
 * Figures for docs/CALIBRATION.md: for each MNIST demo, the exact circuit and the calibrated one
 * (ranges from the training digits, margin as given), with constraints, top-1 agreement and
 * provability on the 2,000 held-out test digits (split seed in training.json).
 *
 *   npx tsx scripts/calibration-figures.ts [--models mnist-cnn,mnist-lean] [--margins 0.25] [--calibrate 8000]
 *     [--test 2000] [--bits <weight>/<activation>] [--input-bits <n>]
 *
 * `--input-bits` overrides the input spec's width (default: the spec's, else DEFAULT_INPUT_BITS):
 * the input codes and the first layer's accumulators narrow with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_INPUT_BITS, compileModel, loadModelFiles, validateInputSpec } from '../src/core/index.js';
import { agreementReport } from '../src/core/tuning/report.js';
import { calibrate, provabilityReport } from '../src/core/tuning/calibration.js';
import { countNaive } from '../bench/naive.js';
import { imageValues, loadMnistDigits, stratifiedSplit } from './lib/mnist.js';

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

const digits = loadMnistDigits();
for (const name of models) {
  const dir = path.join(root, 'public/models', name);
  const read = (p: string) => new Uint8Array(readFileSync(path.join(dir, p)));
  const loaded = await loadModelFiles('model.json', read('model.json'), (p) => read(p), name);
  const training = JSON.parse(readFileSync(path.join(dir, 'training.json'), 'utf8')) as { split: { seed: number; test: number } };
  const publishPath = path.join(dir, 'publish.json');
  const publish = (existsSync(publishPath) ? JSON.parse(readFileSync(publishPath, 'utf8')) : {}) as { weightBits?: number; activationBits?: number };
  const rawSpec = JSON.parse(readFileSync(path.join(dir, 'input-spec.json'), 'utf8')) as Record<string, unknown>;
  const inputSpec = validateInputSpec({ shape: loaded.graph.shapes.get(loaded.graph.input), bits: DEFAULT_INPUT_BITS, ...rawSpec, ...(inputBits ? { bits: Number(inputBits) } : {}) });
  const { train, test } = stratifiedSplit(digits.labels, training.split.test, training.split.seed);
  const testSet = test.slice(0, testCount).map((i) => imageValues(digits, i));
  const calSet = train.slice(0, calibrateCount).map((i) => imageValues(digits, i));
  const [w, a] = bitsArg ? bitsArg.split('/').map(Number) : [];
  const options = { inputSpec, weightBits: publish.weightBits, activationBits: publish.activationBits, ...(w ? { weightBits: w, activationBits: a } : {}) };
  const exact = compileModel(loaded.graph, options);
  const agreement = agreementReport(exact, inputSpec, testSet);
  const naive = countNaive(exact.quantized).constraints;
  const ratio = (c: number) => `${(naive / c).toFixed(1)}× below the naive ${naive}`;
  console.log(`${name} (weights / activations ${options.weightBits ?? 'default'} / ${options.activationBits ?? 'default'}, input ${inputSpec.bits} bits): exact ${exact.stats.constraints} constraints (2^${exact.stats.power}, ${ratio(exact.stats.constraints)}), agreement ${(100 * agreement.top1).toFixed(2)}% on ${testSet.length} test digits`);
  for (const margin of margins) {
    const t0 = performance.now();
    const ranges = calibrate(loaded.graph, options, calSet, margin);
    const compiled = compileModel(loaded.graph, { ...options, calibration: ranges });
    const t1 = performance.now();
    const p = provabilityReport(compiled, inputSpec, testSet);
    const t2 = performance.now();
    const bits = compiled.layers.map((l) => `${l.layer}:${l.constraints}${l.bits.length ? ` (${Math.min(...l.bits)}–${Math.max(...l.bits)} bits)` : ''}`).join(', ');
    console.log(
      `${name}: margin ${margin}, ${calSet.length} calibration digits: ${compiled.stats.constraints} constraints (2^${compiled.stats.power}, ${ratio(compiled.stats.constraints)}), ` +
        `agreement ${(100 * agreement.top1).toFixed(2)}%, provability ${(100 * p.provability).toFixed(2)}% (${Math.round(p.provability * p.samples)}/${p.samples}) ` +
        `refused by ${JSON.stringify(p.refusedBy)}; calibrate+compile ${((t1 - t0) / 1000).toFixed(1)} s, witnesses ${((t2 - t1) / 1000).toFixed(1)} s\n  ${bits}`,
    );
  }
}
