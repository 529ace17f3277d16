import { describe, expect, it } from 'vitest';
import { imageGrid, inputKind, uniformInputSpec, validateInputSpec } from './input.js';

const features = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, min: 0, max: 1 }));

describe('input kinds', () => {
  it('accepts each declared kind on a fitting shape and keeps it', () => {
    expect(validateInputSpec({ shape: [4], features: features(4), bits: 8, kind: 'tabular' }).kind).toBe('tabular');
    expect(validateInputSpec({ shape: [28, 28, 1], features: features(784), bits: 8, kind: 'digit' }).kind).toBe('digit');
    expect(validateInputSpec({ shape: [16, 16], features: features(256), bits: 8, kind: 'image' }).kind).toBe('image');
    expect(validateInputSpec({ shape: [8, 64, 1], features: features(512), bits: 8, kind: 'iris-strip' }).kind).toBe('iris-strip');
    // A flattened square picture (an MLP's input) may declare a picture kind.
    expect(validateInputSpec({ shape: [784], features: features(784), bits: 8, kind: 'digit' }).kind).toBe('digit');
  });

  it('refuses an unknown kind, naming the supported ones', () => {
    expect(() => validateInputSpec({ shape: [4], features: features(4), bits: 8, kind: 'audio' })).toThrow(/"kind" must be one of tabular, digit, image, iris-strip, not "audio"/);
    expect(() => validateInputSpec({ shape: [4], features: features(4), bits: 8, kind: 3 })).toThrow(/"kind" must be one of/);
  });

  it('refuses an image kind on an input that is no image', () => {
    expect(() => validateInputSpec({ shape: [30], features: features(30), bits: 8, kind: 'image' })).toThrow(/"kind" image needs an image-shaped input .* not shape \[30\]/);
    expect(() => validateInputSpec({ shape: [8, 8, 3], features: features(192), bits: 8, kind: 'iris-strip' })).toThrow(/iris-strip needs an image-shaped input/);
    expect(() => validateInputSpec({ shape: [4, 4], features: features(16), bits: 8, kind: 'digit' })).toThrow(/at least 8×8/);
    expect(() => validateInputSpec({ shape: [50], features: features(50), bits: 8, kind: 'digit' })).toThrow(/flattened square/);
    // An iris strip is never square-guessed from a flat vector: it needs its height and width.
    expect(() => validateInputSpec({ shape: [256], features: features(256), bits: 8, kind: 'iris-strip' })).toThrow(/iris-strip needs an image-shaped input \(\[h, w\] or \[h, w, 1\]/);
  });

  it('uses the declared kind whatever the shape suggests', () => {
    expect(inputKind({ shape: [28, 28, 1], kind: 'image' })).toBe('image');
    expect(inputKind({ shape: [16, 16], kind: 'digit' })).toBe('digit');
    expect(inputKind({ shape: [28, 28], kind: 'tabular' })).toBe('tabular');
  });

  it('infers a kind for packages made before the field', () => {
    expect(inputKind({ shape: [30] })).toBe('tabular');
    expect(inputKind({ shape: [784] })).toBe('tabular'); // a flat vector is never guessed to be a picture
    expect(inputKind({ shape: [2, 3] })).toBe('tabular'); // 6 values: too small to be a picture
    expect(inputKind({ shape: [8, 8, 3] })).toBe('tabular'); // colour is not supported as a picture
    expect(inputKind({ shape: [28, 28, 1] })).toBe('digit');
    expect(inputKind({ shape: [28, 28] })).toBe('digit');
    expect(inputKind({ shape: [16, 16, 1] })).toBe('image');
    expect(inputKind({ shape: [20, 100] })).toBe('image');
  });

  it('reads the image grid of [h, w] and [h, w, 1] only', () => {
    expect(imageGrid([16, 64, 1])).toEqual({ h: 16, w: 64 });
    expect(imageGrid([12, 12])).toEqual({ h: 12, w: 12 });
    expect(imageGrid([12, 12, 3])).toBeUndefined();
    expect(imageGrid([144])).toBeUndefined();
    expect(imageGrid([144], true)).toEqual({ h: 12, w: 12 });
    expect(imageGrid([150], true)).toBeUndefined();
    expect(imageGrid([49], true)).toBeUndefined();
  });

  it('a uniform spec carries the kind it is given', () => {
    expect(uniformInputSpec([16, 16, 1], 0, 1, 8, 'iris-strip').kind).toBe('iris-strip');
    expect(uniformInputSpec([3], 0, 1, 8).kind).toBeUndefined();
  });
});
