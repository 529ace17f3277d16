/** Turning --input-range / --input-spec / --labels arguments into core types. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { InputKind, InputSpec, OutputRule } from '../core/index.js';
import { DEFAULT_INPUT_BITS, INPUT_KINDS, uniformInputSpec, validateInputSpec } from '../core/index.js';
import { readJson, UsageError } from './files.js';

export function parseRange(text: string): [number, number] {
  const m = /^(-?[\d.e+-]+):(-?[\d.e+-]+)$/i.exec(text);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m ? Number(m[2]) : NaN;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo >= hi) {
    throw new UsageError(`--input-range must look like <lo>:<hi> with lo < hi (e.g. 0:1), got "${text}"`);
  }
  return [lo, hi];
}

export function parseIntOption(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return n;
}

export function parseInputKind(text: string | undefined): InputKind | undefined {
  if (text === undefined) return undefined;
  if (!INPUT_KINDS.includes(text as InputKind)) throw new UsageError(`--input-kind must be ${INPUT_KINDS.join(', ')}, got "${text}"`);
  return text as InputKind;
}

export function parseOutputRule(text: string | undefined): OutputRule | undefined {
  if (text === undefined) return undefined;
  if (text !== 'argmax' && text !== 'logits' && text !== 'sign') throw new UsageError(`--output must be argmax, logits or sign, got "${text}"`);
  return text;
}

/**
 * The input spec from --input-range or --input-spec, else an input-spec.json next to the model.
 * A spec file may be the full object or just the list of features; shape defaults to the model's.
 * `inputKind` (--input-kind) overrides the file's "kind".
 */
export function resolveInputSpec(
  opts: { inputRange?: string; inputSpec?: string; inputBits?: number; inputKind?: InputKind },
  modelJsonPath: string,
  modelShape: readonly number[],
): InputSpec {
  if (opts.inputRange && opts.inputSpec) throw new UsageError('give either --input-range or --input-spec, not both');
  if (opts.inputRange) {
    const [lo, hi] = parseRange(opts.inputRange);
    return uniformInputSpec(modelShape, lo, hi, opts.inputBits ?? DEFAULT_INPUT_BITS, opts.inputKind);
  }
  const path = opts.inputSpec ?? join(dirname(modelJsonPath), 'input-spec.json');
  if (!opts.inputSpec && !existsSync(path)) {
    throw new UsageError('the input ranges are needed: pass --input-range <lo>:<hi> or --input-spec <file>');
  }
  const raw = readJson(path, 'input spec');
  const obj = Array.isArray(raw) ? { features: raw } : (raw as Record<string, unknown>);
  const spec = validateInputSpec({ shape: modelShape, bits: opts.inputBits ?? DEFAULT_INPUT_BITS, ...obj, ...(opts.inputBits ? { bits: opts.inputBits } : {}), ...(opts.inputKind ? { kind: opts.inputKind } : {}) });
  if (spec.shape.join() !== modelShape.join()) {
    throw new UsageError(`the input spec has shape [${spec.shape.join(', ')}] but the model's input is [${modelShape.join(', ')}]`);
  }
  return spec;
}

export function resolveLabels(labels: string | undefined, modelJsonPath: string): string[] | undefined {
  if (labels !== undefined) return labels.split(',').map((s) => s.trim());
  const path = join(dirname(modelJsonPath), 'labels.json');
  if (!existsSync(path)) return undefined;
  const raw = readJson(path, 'labels file');
  if (!Array.isArray(raw) || !raw.every((l) => typeof l === 'string')) throw new UsageError(`${path} must be a JSON list of strings`);
  return raw;
}
