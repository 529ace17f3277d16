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
  /** How many different classes the runtime gave: agreement on one constant answer says little. */
  readonly classes: number;
  /** Witnesses checked against the constraints (all satisfied, all forgeries refused, or the call throws). */
  readonly witnessesChecked: number;
  readonly compiled: CompiledModel;
}

const argmaxOf = (v: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
};

interface AgreementOptions {
  samples?: number;
  lo?: number;
  hi?: number;
  seed?: number;
  witnesses?: number;
}

/** The seeded inputs: codes on an 8-bit grid over [lo, hi] per feature, and the values they stand for. */
function draw(graph: Graph, { samples = 200, lo = -1, hi = 1, seed = 1 }: AgreementOptions) {
  const shape = graph.shapes.get(graph.input)!;
  const n = shape.reduce((a, b) => a * b, 1);
  const bits = 8;
  const inputSpec: InputSpec = { shape, bits, features: Array.from({ length: n }, (_, i) => ({ name: `f${i}`, min: lo, max: hi })) };
  const random = seededRng(seed);
  const levels = 2 ** bits - 1;
  const codes = Array.from({ length: samples }, () => Array.from({ length: n }, () => BigInt(Math.floor(random() * (levels + 1)))));
  const xs = codes.map((c) => c.map((v) => lo + (Number(v) * (hi - lo)) / levels));
  return { inputSpec, codes, xs };
}

function check(graph: Graph, { inputSpec, codes }: ReturnType<typeof draw>, expected: readonly number[], { witnesses = 3 }: AgreementOptions): Agreement {
  const compiled = compileModel(graph, { inputSpec, output: 'argmax' });
  let agree = 0;
  codes.forEach((c, s) => {
    if (Number(compiled.referenceOutput(c)[0]) === expected[s]) agree++;
    if (s < witnesses) {
      const w = compiled.witness(c);
      if (!isSatisfied(compiled.r1cs, w)) throw new Error(`sample ${s}: the honest witness does not satisfy the constraints`);
      if (compiled.outputSignals(w).join() !== compiled.referenceOutput(c).join()) throw new Error(`sample ${s}: the witness output differs from the integer reference`);
      const forged = [...w];
      forged[1] = (forged[1]! + 1n) % FIELD_PRIME;
      if (isSatisfied(compiled.r1cs, forged)) throw new Error(`sample ${s}: a forged output satisfies the constraints`);
    }
  });
  return { samples: codes.length, top1: agree / codes.length, classes: new Set(expected).size, witnessesChecked: Math.min(witnesses, codes.length), compiled };
}

/**
 * `predict` maps one flat input (the graph's input order) to the runtime's output vector. Inputs
 * are drawn on an 8-bit grid over [lo, hi] per feature, so the circuit sees exactly what tfjs sees.
 */
export function circuitAgreement(graph: Graph, predict: (x: number[]) => ArrayLike<number>, options: AgreementOptions = {}): Agreement {
  const drawn = draw(graph, options);
  return check(graph, drawn, drawn.xs.map((x) => argmaxOf(predict(x))), options);
}

/** The same, for a runtime that answers asynchronously (onnxruntime). */
export async function circuitAgreementAsync(graph: Graph, predict: (x: number[]) => Promise<ArrayLike<number>>, options: AgreementOptions = {}): Promise<Agreement> {
  const drawn = draw(graph, options);
  const expected: number[] = [];
  for (const x of drawn.xs) expected.push(argmaxOf(await predict(x)));
  return check(graph, drawn, expected, options);
}
