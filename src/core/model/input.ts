/** Checking and encoding a user's input against the model's input spec. */
import { fail } from '../errors.js';
import type { InputKind, InputSpec } from './input-spec.js';
import { DEFAULT_INPUT_BITS, INPUT_KINDS } from './input-spec.js';
import { sizeOf } from './ir.js';

export type NestedNumbers = number | readonly NestedNumbers[];

/** Flattens a nested array, checking it has exactly `shape`. */
export function flattenInput(input: unknown, shape: readonly number[]): number[] {
  const out: number[] = [];
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        fail('input', 'not-a-number', `input${path} is ${JSON.stringify(v)}, not a finite number`);
      }
      out.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      fail('input', 'wrong-shape', `input has the wrong shape: input${path} should be an array of ${shape[depth]} (the model expects shape [${shape.join(', ')}]), got ${Array.isArray(v) ? `an array of ${v.length}` : JSON.stringify(v)}`);
    }
    v.forEach((x, i) => walk(x, depth + 1, `${path}[${i}]`));
  };
  walk(input, 0, '');
  return out;
}

/** The inverse of flattenInput: row-major values as a nested array of `shape` (a prove input). */
export function nestInput(values: readonly number[], shape: readonly number[]): NestedNumbers {
  if (values.length !== sizeOf(shape)) throw new RangeError(`${values.length} values do not fill shape [${shape.join(', ')}]`);
  let at = 0;
  const build = (depth: number): NestedNumbers => (depth === shape.length ? values[at++]! : Array.from({ length: shape[depth]! }, () => build(depth + 1)));
  return build(0);
}

export interface OutOfRange {
  readonly index: number;
  readonly feature: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
}

export interface EncodedInput {
  readonly codes: bigint[];
  /** Features outside their range; they were clamped when the policy is 'clamp'. */
  readonly outOfRange: OutOfRange[];
}

/** Maps each feature onto its grid (see InputSpec). Policy 'reject' throws on the first feature out of range. */
export function encodeInput(spec: InputSpec, values: readonly number[], policy: 'reject' | 'clamp' = 'reject'): EncodedInput {
  if (values.length !== sizeOf(spec.shape)) {
    fail('input', 'wrong-shape', `input has ${values.length} values, the model expects ${sizeOf(spec.shape)} (shape [${spec.shape.join(', ')}])`);
  }
  const levels = 2 ** spec.bits - 1;
  const outOfRange: OutOfRange[] = [];
  const codes = values.map((v, i) => {
    const f = spec.features[i]!;
    if (!Number.isFinite(v)) fail('input', 'not-a-number', `feature "${f.name}" (index ${i}) is ${v}, not a finite number`);
    if (v < f.min || v > f.max) {
      const unit = f.unit ? ` ${f.unit}` : '';
      if (policy === 'reject') {
        fail('input', 'out-of-range', `feature "${f.name}" (index ${i}) is ${v}${unit}, outside its allowed range [${f.min}, ${f.max}]${unit}`);
      }
      outOfRange.push({ index: i, feature: f.name, value: v, min: f.min, max: f.max });
    }
    const t = f.max === f.min ? 0 : (Math.min(Math.max(v, f.min), f.max) - f.min) / (f.max - f.min);
    return BigInt(Math.round(t * levels));
  });
  return { codes, outOfRange };
}

/** The feature values the circuit actually sees for some codes (the grid points). */
export function decodeInput(spec: InputSpec, codes: readonly bigint[]): number[] {
  const levels = 2 ** spec.bits - 1;
  return codes.map((c, i) => {
    const f = spec.features[i]!;
    return f.min + (Number(c) * (f.max - f.min)) / levels;
  });
}

/** A spec giving one range to every element. */
export function uniformInputSpec(shape: readonly number[], min: number, max: number, bits: number, kind?: InputKind): InputSpec {
  const features = Array.from({ length: sizeOf(shape) }, (_, i) => ({ name: `x[${i}]`, min, max }));
  return validateInputSpec({ shape, features, bits, ...(kind ? { kind } : {}) });
}

/**
 * The grid of an image-shaped input ([h, w] or [h, w, 1], at least 8×8 pixels), or undefined.
 * With `flatSquare`, a flat [n] input with n a square (an MLP's flattened picture, e.g. [784]) is a
 * √n × √n grid too: only for a kind the package declares, never guessed from the shape.
 */
export function imageGrid(shape: readonly number[], flatSquare = false): { readonly h: number; readonly w: number } | undefined {
  if ((shape.length === 2 || (shape.length === 3 && shape[2] === 1)) && shape[0]! * shape[1]! >= 64) return { h: shape[0]!, w: shape[1]! };
  const side = Math.round(Math.sqrt(shape[0] ?? 0));
  if (flatSquare && shape.length === 1 && side * side === shape[0] && side >= 8) return { h: side, w: side };
  return undefined;
}

/**
 * The input kind a package declares, or for a package made before `kind` existed, the one it most
 * likely means: a 28×28 image is a handwritten digit (the MNIST convention every such package so
 * far followed), any other image shape a picture used as is, everything else tabular. An iris strip
 * is never guessed: it has to be declared.
 */
export function inputKind(spec: Pick<InputSpec, 'shape' | 'kind'>): InputKind {
  if (spec.kind) return spec.kind;
  const grid = imageGrid(spec.shape);
  if (!grid) return 'tabular';
  return grid.h === 28 && grid.w === 28 ? 'digit' : 'image';
}

/** Whether an input kind is read from a picture (and so needs an image-shaped input). */
export const isImageKind = (kind: InputKind): boolean => kind !== 'tabular';

/**
 * An input spec read from a file (input-spec.json) for a model of input shape `modelShape`: the
 * full object or just its list of features; shape defaults to the model's and bits to `bits`.
 * A spec for another shape is refused with both shapes named.
 */
export function inputSpecFromJson(raw: unknown, modelShape: readonly number[], bits = DEFAULT_INPUT_BITS): InputSpec {
  const obj = Array.isArray(raw) ? { features: raw } : (raw as Record<string, unknown>);
  const spec = validateInputSpec({ shape: modelShape, bits, ...(typeof obj === 'object' && obj !== null ? obj : {}) });
  if (spec.shape.join() !== modelShape.join()) {
    fail('input', 'spec-shape', `the input spec has shape [${spec.shape.join(', ')}] but the model's input is [${modelShape.join(', ')}]`);
  }
  return spec;
}

export function validateInputSpec(raw: unknown): InputSpec {
  const bad = (why: string): never => fail('input', 'bad-input-spec', `invalid input spec: ${why}`);
  if (typeof raw !== 'object' || raw === null) return bad('expected a JSON object with "shape", "features" and "bits"');
  const r = raw as Record<string, unknown>;
  const shape = r.shape;
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d <= 0)) return bad('"shape" must be an array of positive integers');
  const bits = r.bits;
  if (!Number.isInteger(bits) || (bits as number) < 1 || (bits as number) > 24) return bad('"bits" must be an integer from 1 to 24');
  const features = r.features;
  if (!Array.isArray(features) || features.length !== sizeOf(shape)) {
    return bad(`"features" must list one entry per input element (${sizeOf(shape as number[])})`);
  }
  features.forEach((f: unknown, i) => {
    const g = f as Record<string, unknown>;
    if (typeof g !== 'object' || g === null || typeof g.name !== 'string') bad(`feature ${i} needs a "name"`);
    if (typeof g.min !== 'number' || typeof g.max !== 'number' || !Number.isFinite(g.min) || !Number.isFinite(g.max) || g.min > g.max) {
      bad(`feature ${i} ("${String(g.name)}") needs finite "min" ≤ "max"`);
    }
    if (g.unit !== undefined && typeof g.unit !== 'string') bad(`feature ${i} ("${String(g.name)}"): "unit" must be a string`);
  });
  const kind = r.kind;
  if (kind !== undefined) {
    if (!INPUT_KINDS.includes(kind as InputKind)) return bad(`"kind" must be one of ${INPUT_KINDS.join(', ')}, not ${JSON.stringify(kind)}`);
    if (isImageKind(kind as InputKind) && !imageGrid(shape as number[], kind !== 'iris-strip')) {
      const shapes = kind === 'iris-strip' ? '[h, w] or [h, w, 1]' : '[h, w], [h, w, 1] or a flattened square [h·h]';
      return bad(`"kind" ${kind as string} needs an image-shaped input (${shapes}, at least 8×8), not shape [${(shape as number[]).join(', ')}]`);
    }
  }
  return raw as InputSpec;
}
