/**
 * Choosing the fixed point: every bit less per weight or activation is one constraint less per
 * ReLU, so the publisher can ask for the cheapest widths whose float-vs-circuit agreement on
 * their samples still meets a target. A coordinate descent from the defaults: lower the weight
 * bits while the target holds, then the activation bits; cost grows with bits, so it stops at the
 * first width that breaks the target.
 */
import type { CompiledModel } from '../compile.js';
import { compileModel } from '../compile.js';
import type { InputSpec } from '../model/input-spec.js';
import type { Graph, OutputRule } from '../model/ir.js';
import { DEFAULT_ACTIVATION_BITS, DEFAULT_WEIGHT_BITS } from '../quant/quantize.js';
import type { AgreementReport } from './report.js';
import { agreementReport } from './report.js';

export interface BitsTrial {
  readonly weightBits: number;
  readonly activationBits: number;
  readonly constraints: number;
  readonly agreement: AgreementReport;
}

export interface BitsSearch {
  readonly best: BitsTrial;
  readonly compiled: CompiledModel;
  readonly trials: readonly BitsTrial[];
}

export const MIN_WEIGHT_BITS = 4;
export const MIN_ACTIVATION_BITS = 2;

export function searchBits(
  graph: Graph,
  inputSpec: InputSpec,
  samples: readonly (readonly number[])[],
  o: { target: number; output?: OutputRule; onTrial?: (t: BitsTrial) => void },
): BitsSearch {
  const trials: BitsTrial[] = [];
  const attempt = (weightBits: number, activationBits: number) => {
    const compiled = compileModel(graph, { inputSpec, output: o.output, weightBits, activationBits });
    const trial = { weightBits, activationBits, constraints: compiled.stats.constraints, agreement: agreementReport(compiled, inputSpec, samples) };
    trials.push(trial);
    o.onTrial?.(trial);
    return { trial, compiled };
  };
  let best = attempt(DEFAULT_WEIGHT_BITS, DEFAULT_ACTIVATION_BITS);
  if (best.trial.agreement.top1 < o.target) return { best: best.trial, compiled: best.compiled, trials };
  for (let w = best.trial.weightBits - 1; w >= MIN_WEIGHT_BITS; w--) {
    const next = attempt(w, best.trial.activationBits);
    if (next.trial.agreement.top1 < o.target) break;
    best = next;
  }
  for (let a = best.trial.activationBits - 1; a >= MIN_ACTIVATION_BITS; a--) {
    const next = attempt(best.trial.weightBits, a);
    if (next.trial.agreement.top1 < o.target) break;
    best = next;
  }
  return { best: best.trial, compiled: best.compiled, trials };
}
