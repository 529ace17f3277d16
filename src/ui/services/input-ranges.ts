/**
 * The "Your model" page's input ranges as typed: one range for every feature or one per feature,
 * the input bits and kind. Everything stays text until it is read, so a wrong field is named and
 * nothing typed is lost; a read that succeeds gives the input spec core publishes with.
 */
import type { InputKind, InputSpec } from '../../core/model/input-spec.js';
import { DEFAULT_INPUT_BITS } from '../../core/model/input-spec.js';
import { imageGrid, inputKind, validateInputSpec } from '../../core/model/input.js';
import { numberProblem, parseDecimal } from './number-field.js';

export interface FeatureRow {
  readonly name: string;
  readonly min: string;
  readonly max: string;
}

export interface RangeForm {
  readonly mode: 'global' | 'per-feature';
  readonly min: string;
  readonly max: string;
  readonly bits: string;
  readonly kind: InputKind;
  /** Per-feature rows (mode 'per-feature'); kept when switching back to one range. */
  readonly features: readonly FeatureRow[];
}

/** Above this many features the per-feature table is not offered (load an input spec instead). */
export const MAX_FEATURE_ROWS = 64;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const featureName = (i: number) => `x[${i}]`;

/** The kinds an input of this shape can declare (core refuses a picture kind for a non-image shape). */
export function kindsFor(shape: readonly number[]): InputKind[] {
  const kinds: InputKind[] = ['tabular'];
  if (imageGrid(shape, true)) kinds.push('digit', 'image');
  if (imageGrid(shape)) kinds.push('iris-strip');
  return kinds;
}

/** Defaults: every feature in [0, 1]; 8 bits for a picture (its 256 grey levels), else core's default. */
export function defaultRangeForm(shape: readonly number[]): RangeForm {
  const kind = inputKind({ shape });
  return { mode: 'global', min: '0', max: '1', bits: String(kind === 'tabular' ? DEFAULT_INPUT_BITS : 8), kind, features: [] };
}

/** The form for a loaded input spec: one row per feature. */
export function rangeFormFromSpec(spec: InputSpec): RangeForm {
  return {
    mode: 'per-feature',
    min: String(Math.min(...spec.features.map((f) => f.min))),
    max: String(Math.max(...spec.features.map((f) => f.max))),
    bits: String(spec.bits),
    kind: inputKind(spec),
    features: spec.features.map((f) => ({ name: f.name, min: String(f.min), max: String(f.max) })),
  };
}

/** Per-feature rows to start from: the ones typed before, else every feature with the one range. */
export function featureRows(form: RangeForm, shape: readonly number[]): FeatureRow[] {
  const n = size(shape);
  if (form.features.length === n) return [...form.features];
  return Array.from({ length: n }, (_, i) => ({ name: featureName(i), min: form.min, max: form.max }));
}

function range(minText: string, maxText: string, where: string, errors: string[]): [number, number] | undefined {
  const min = parseDecimal(minText);
  const max = parseDecimal(maxText);
  if (min === undefined) errors.push(`${where} minimum: ${numberProblem(minText) ?? `"${minText}" is not a number`}`);
  if (max === undefined) errors.push(`${where} maximum: ${numberProblem(maxText) ?? `"${maxText}" is not a number`}`);
  if (min === undefined || max === undefined) return undefined;
  if (!(min < max)) {
    errors.push(`${where}: the minimum (${min}) must be below the maximum (${max})`);
    return undefined;
  }
  return [min, max];
}

/** The input spec the form describes, or the named problems (each a sentence). */
export function readRangeForm(form: RangeForm, shape: readonly number[]): { spec?: InputSpec; errors: string[] } {
  const errors: string[] = [];
  const bits = Number(form.bits.trim());
  if (!/^\d+$/.test(form.bits.trim()) || bits < 1 || bits > 24) errors.push(`Input bits: "${form.bits}" is not a whole number from 1 to 24`);
  const n = size(shape);
  const features: { name: string; min: number; max: number }[] = [];
  if (form.mode === 'global') {
    const r = range(form.min, form.max, 'Every feature', errors);
    if (r) for (let i = 0; i < n; i++) features.push({ name: featureName(i), min: r[0], max: r[1] });
  } else {
    const rows = featureRows(form, shape);
    const names = new Set<string>();
    rows.forEach((row, i) => {
      const where = `Feature ${i + 1}${row.name.trim() ? ` ("${row.name.trim()}")` : ''}`;
      if (!row.name.trim()) errors.push(`Feature ${i + 1}: the name is empty`);
      else if (names.has(row.name.trim())) errors.push(`${where}: the name is used twice`);
      names.add(row.name.trim());
      const r = range(row.min, row.max, where, errors);
      if (r) features.push({ name: row.name.trim(), min: r[0], max: r[1] });
    });
  }
  if (errors.length > 0) return { errors };
  try {
    return { spec: validateInputSpec({ shape: [...shape], features, bits, kind: form.kind }), errors };
  } catch (e) {
    return { errors: [(e as Error).message] };
  }
}
