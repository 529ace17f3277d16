import { describe, expect, it } from 'vitest';
import { GREY_LEVELS, greyCode, imageValues, loadMnistDigits, MNIST_PIXELS, stratifiedSplit } from './mnist';

// Loaded once: parsing the ten JSON files (~23 MB) takes a second or two.
const digits = loadMnistDigits();

const perClass = (idx: readonly number[]) => {
  const counts = new Array<number>(10).fill(0);
  for (const i of idx) counts[digits.labels[i]!]!++;
  return counts;
};

describe('loadMnistDigits', () => {
  it('reads the 10,000 digits with the per-class counts of the package', () => {
    expect(digits.count).toBe(10_000);
    expect(digits.codes.length).toBe(10_000 * MNIST_PIXELS);
    expect(perClass([...Array(digits.count).keys()])).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  });

  it('puts every pixel on the 8-bit grid k/255, using the whole range', () => {
    // Codes are Uint8 by construction; check the values handed to the model are exact k/255.
    const values = imageValues(digits, 1234);
    expect(values).toHaveLength(MNIST_PIXELS);
    for (const v of values) expect(Math.round(v * GREY_LEVELS) / GREY_LEVELS).toBe(v);
    expect(Math.max(...digits.codes.subarray(0, 100 * MNIST_PIXELS))).toBe(255);
    expect(Math.min(...digits.codes.subarray(0, 100 * MNIST_PIXELS))).toBe(0);
  });

  it('snaps the 3-decimal values of the files and rejects off-grid ones', () => {
    expect(greyCode(0.624)).toBe(159); // 159/255 = 0.62353
    expect(greyCode(1)).toBe(255);
    expect(() => greyCode(0.5)).toThrow(/8-bit grid/); // 127.5/255: between two codes
    expect(() => greyCode(1.1)).toThrow(/8-bit grid/);
  });
});

describe('stratifiedSplit', () => {
  it('is deterministic, disjoint, complete and stratified', () => {
    const a = stratifiedSplit(digits.labels, 2000, 42);
    const b = stratifiedSplit(digits.labels, 2000, 42);
    expect(a).toEqual(b);
    expect(a.test).toHaveLength(2000);
    expect(a.train).toHaveLength(8000);
    expect(new Set([...a.train, ...a.test]).size).toBe(10_000);
    // 20% of each class, rounded by largest remainder to a total of exactly 2000.
    expect(perClass(a.test)).toEqual([200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
    const c = stratifiedSplit(digits.labels, 2000, 43);
    expect(c.test).not.toEqual(a.test);
    expect(perClass(c.test)).toEqual(perClass(a.test));
  });

  it('hits the requested total when the per-class shares do not add up', () => {
    const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2];
    const s = stratifiedSplit(labels, 4, 1);
    expect(s.test).toHaveLength(4);
    expect(s.train).toHaveLength(5);
    expect(() => stratifiedSplit(labels, 10, 1)).toThrow(/test count/);
  });
});
