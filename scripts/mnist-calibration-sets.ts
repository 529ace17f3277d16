/**
 * Writes the MNIST digit sets the CLI's calibrated publish reads (docs/CALIBRATION.md): the
 * calibration inputs from the training split, and the held-out test digits as agreement and
 * provability samples — the same split as the demos' training.json and as
 * scripts/calibration-figures.ts, so the CLI reproduces that script's figures.
 *
 *   npx tsx scripts/mnist-calibration-sets.ts --out <dir> [--calibrate 8000] [--test 2000]
 *
 * <dir>/calibration.json is {"inputs": [<28×28×1 digit>, …]}; <dir>/test-samples.json a list of
 * 28×28×1 digits. Values are grey levels in [0, 1].
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageValues, loadMnistDigits, MNIST_SIDE, stratifiedSplit } from './lib/mnist.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
};
const out = arg('out');
const calibrateCount = Number(arg('calibrate', '8000'));
const testCount = Number(arg('test', '2000'));

const digits = loadMnistDigits();
const training = JSON.parse(readFileSync(path.join(root, 'public/models/mnist-cnn/training.json'), 'utf8')) as { split: { seed: number; test: number } };
const { train, test } = stratifiedSplit(digits.labels, training.split.test, training.split.seed);
/** A digit in the models' input shape [28, 28, 1]. */
const nested = (i: number) => {
  const v = imageValues(digits, i);
  return Array.from({ length: MNIST_SIDE }, (_, r) => Array.from({ length: MNIST_SIDE }, (_, c) => [v[r * MNIST_SIDE + c]!]));
};
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'calibration.json'), JSON.stringify({ inputs: train.slice(0, calibrateCount).map(nested) }));
writeFileSync(path.join(out, 'test-samples.json'), JSON.stringify(test.slice(0, testCount).map(nested)));
console.log(`${out}: calibration.json (${Math.min(calibrateCount, train.length)} training digits), test-samples.json (${Math.min(testCount, test.length)} test digits)`);
