/**
 * A model's own runtime against the compiled circuit: seeded inputs on the input grid, the class
 * the runtime (tfjs) picks against the class the circuit outputs, plus a few full witnesses that
 * satisfy the constraints and a forged output that does not. For classifier test models.
 */
import { isSatisfied } from '../circuit/check.js';
import { compileModel, type CompiledModel } from '../compile.js';
import { FIELD_PRIME } from '../field.js';
import type { Graph } from '../model/ir.js';
import type { InputSpec } from '../model/input-spec.js';
import { seededRng } from '../seeded-rng.js';

export interface Agreement {
  readonly samples: number;
  /** Share of samples where the circuit's class is the runtime's. */
  readonly top1: number;
  /** Witnesses checked against the constraints (all satisfied, all forgeries refused, or the call throws). */
  readonly witnessesChecked: number;
  readonly compiled: CompiledModel;
}

const argmaxOf = (v: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
};

/**
 * `predict` maps one flat input (the graph's input order) to the runtime's output vector. Inputs
 * are drawn on an 8-bit grid over [lo, hi] per feature, so the circuit sees exactly what tfjs sees.
 */
export function circuitAgreement(
  graph: Graph,
  predict: (x: number[]) => ArrayLike<number>,
  { samples = 200, lo = -1, hi = 1, seed = 1, witnesses = 3 }: { samples?: number; lo?: number; hi?: number; seed?: number; witnesses?: number } = {},
): Agreement {
  const shape = graph.shapes.get(graph.input)!;
  const n = shape.reduce((a, b) => a * b, 1);
  const bits = 8;
  const inputSpec: InputSpec = { shape, bits, features: Array.from({ length: n }, (_, i) => ({ name: `f${i}`, min: lo, max: hi })) };
  const compiled = compileModel(graph, { inputSpec, output: 'argmax' });
  const random = seededRng(seed);
  const levels = 2 ** bits - 1;
  let agree = 0;
  for (let s = 0; s < samples; s++) {
    const codes = Array.from({ length: n }, () => BigInt(Math.floor(random() * (levels + 1))));
    const x = codes.map((c) => lo + (Number(c) * (hi - lo)) / levels);
    const expected = argmaxOf(predict(x));
    const got = Number(compiled.referenceOutput(codes)[0]);
    if (got === expected) agree++;
    if (s < witnesses) {
      const w = compiled.witness(codes);
      if (!isSatisfied(compiled.r1cs, w)) throw new Error(`sample ${s}: the honest witness does not satisfy the constraints`);
      if (compiled.outputSignals(w).join() !== compiled.referenceOutput(codes).join()) throw new Error(`sample ${s}: the witness output differs from the integer reference`);
      const forged = [...w];
      forged[1] = (forged[1]! + 1n) % FIELD_PRIME;
      if (isSatisfied(compiled.r1cs, forged)) throw new Error(`sample ${s}: a forged output satisfies the constraints`);
    }
  }
  return { samples, top1: agree / samples, witnessesChecked: Math.min(witnesses, samples), compiled };
}
