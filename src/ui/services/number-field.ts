/**
 * Reading a typed number strictly: a decimal with a dot, an optional sign and exponent. What
 * `Number()` would quietly accept or mangle ("0x14", "", " ", "Infinity") and what a locale would
 * mean differently ("17,99") is refused with a sentence naming the problem and the allowed range.
 */
import type { InputSpec } from '../../core/model/input-spec.js';

type Feature = InputSpec['features'][number];

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d*,\d+$/;

/** The number a cell or field holds, or undefined unless it is a plain finite decimal. */
export function parseDecimal(raw: string): number | undefined {
  const t = raw.trim();
  if (!DECIMAL.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

export const rangeText = (f: Feature): string => `${f.min} – ${f.max}`;

/** Why a typed text is not a number (no range check), or undefined if it is one. */
export function numberProblem(raw: string): string | undefined {
  const t = raw.trim();
  if (DECIMAL_COMMA.test(t)) return `"${t}" is not a number — use a dot for decimals`;
  if (DECIMAL.test(t)) return Number.isFinite(Number(t)) ? undefined : `"${t}" is too large to be a number`;
  return `"${t}" is not a number`;
}

/**
 * Whether a typed value is usable, and why not. An empty field is a problem only when
 * `emptyIsProblem` (some other field is filled: the user emptied this one or skipped it).
 */
export function fieldProblem(raw: string, f: Feature, emptyIsProblem = true): string | undefined {
  if (raw.trim() === '') return emptyIsProblem ? `empty — enter a number from ${f.min} to ${f.max}` : undefined;
  const bad = numberProblem(raw);
  if (bad) return `${bad} (allowed ${rangeText(f)})`;
  const v = Number(raw.trim());
  if (v < f.min || v > f.max) return `${raw.trim()} is outside ${rangeText(f)}`;
  return undefined;
}

/** The values as numbers if every field is a number within its range. */
export function readValues(values: readonly string[], spec: InputSpec): number[] | undefined {
  if (values.length !== spec.features.length) return undefined;
  const out: number[] = [];
  for (const [i, f] of spec.features.entries()) {
    const v = parseDecimal(values[i] ?? '');
    if (v === undefined || v < f.min || v > f.max) return undefined;
    out.push(v);
  }
  return out;
}

/** The page's summary of the wrong fields: how many, and the first few by name. */
export function summarizeProblems(values: readonly string[], spec: InputSpec): { count: number; text: string } | undefined {
  const filled = values.some((v) => v.trim() !== '');
  if (!filled) return undefined;
  const wrong = spec.features.filter((f, i) => fieldProblem(values[i] ?? '', f) !== undefined).map((f) => f.name);
  if (wrong.length === 0) return undefined;
  const first = wrong.slice(0, 3).join(', ');
  const more = wrong.length > 3 ? ` and ${wrong.length - 3} more` : '';
  return { count: wrong.length, text: `${wrong.length === 1 ? '1 field needs' : `${wrong.length} fields need`} fixing: ${first}${more} (see the message under each).` };
}
