/**
 * Float-vs-circuit agreement: how often the circuit's public decision equals the float model's,
 * and how far the dequantized integer outputs are from the float logits.
 */
import type { CompiledModel } from '../compile.js';
import type { InputSpec } from '../model/input-spec.js';
import { encodeInput } from '../model/input.js';
import { floatOutput } from '../model/float-inference.js';
import { applyOutputRule, referenceInference } from '../quant/reference.js';
import type { OutputRule } from '../model/ir.js';

export interface AgreementReport {
  readonly samples: number;
  readonly top1: number;
  readonly maxAbsError: number;
  readonly meanAbsError: number;
}

function floatDecision(rule: OutputRule, logits: Float64Array): number[] {
  switch (rule) {
    case 'argmax':
    case 'logits': {
      let best = 0;
      for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
      return [best];
    }
    case 'sign':
      return Array.from(logits, (v) => (v >= 0 ? 1 : 0));
  }
}

/** Samples are raw feature vectors (flattened); values outside the spec are clamped, as the grid is. */
export function agreementReport(compiled: CompiledModel, spec: InputSpec, samples: readonly (readonly number[])[]): AgreementReport {
  const q = compiled.quantized;
  const rule = compiled.options.output;
  const scale = 2 ** q.tensors.get(q.output)!.scale;
  let agree = 0;
  let maxAbs = 0;
  let sumAbs = 0;
  let count = 0;
  for (const x of samples) {
    const logits = floatOutput(compiled.graph, x);
    const { codes } = encodeInput(spec, x, 'clamp');
    const ints = referenceInference(q, codes).get(q.output)!;
    const decision = rule === 'logits' ? applyOutputRule('argmax', ints) : applyOutputRule(rule, ints);
    const expected = floatDecision(rule, logits);
    if (decision.every((d, i) => Number(d) === expected[i])) agree++;
    ints.forEach((v, i) => {
      const e = Math.abs(Number(v) / scale - logits[i]!);
      maxAbs = Math.max(maxAbs, e);
      sumAbs += e;
      count++;
    });
  }
  return { samples: samples.length, top1: samples.length ? agree / samples.length : 1, maxAbsError: maxAbs, meanAbsError: count ? sumAbs / count : 0 };
}
