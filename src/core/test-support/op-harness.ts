/**
 * One harness that checks an op through every stage, calling the stages directly (no compile
 * recipe, no input decode, no folding): the graph's input is the integer codes themselves, so the
 * float model, the integer reference and the circuit all read the same numbers.
 * - float vs reference: the dequantized reference output is close to the float output;
 * - intervals: every tensor's reference values lie inside its static interval;
 * - reference vs circuit: the witness satisfies every constraint and its public outputs are the
 *   reference output;
 * - forged witnesses: any single wire moved by one, and the witness of other input codes placed
 *   under these input bits, are refused (the input bits pin every other wire).
 */
import { expect } from 'vitest';
import { isSatisfied } from '../circuit/check.js';
import { lower } from '../circuit/lower.js';
import { toSigned } from '../field.js';
import { floatInference } from '../model/float-inference.js';
import type { Graph } from '../model/ir.js';
import type { QModel } from '../quant/qir.js';
import { quantize } from '../quant/quantize.js';
import { referenceInference } from '../quant/reference.js';

export interface HarnessOptions {
  readonly inputBits?: number;
  readonly activationBits?: number;
  readonly weightBits?: number;
  readonly trials?: number;
  /** Largest |dequantized reference − float| allowed, relative to 1 + max |float|. */
  readonly tolerance?: number;
}

export function checkOpStages(graph: Graph, random: () => number, o: HarnessOptions = {}): QModel {
  const inputBits = o.inputBits ?? 4;
  const q = quantize(graph, { inputBits, activationBits: o.activationBits ?? 8, weightBits: o.weightBits ?? 10, outputRule: 'logits' });
  const { builder, nOutputs } = lower(q);
  const r1cs = builder.toR1cs();
  const nInputs = q.tensors.get(q.input)!.lo.length;
  const code = () => BigInt(Math.floor(random() * 2 ** inputBits));
  const top = (1n << BigInt(inputBits)) - 1n;
  const trials = o.trials ?? 6;
  for (let trial = 0; trial < trials; trial++) {
    const codes = Array.from({ length: nInputs }, trial === 0 ? () => 0n : trial === 1 ? () => top : code);
    const ref = referenceInference(q, codes);
    for (const [t, values] of ref) {
      const { lo, hi } = q.tensors.get(t)!;
      values.forEach((v, i) => expect(lo[i]! <= v && v <= hi[i]!, `tensor ${t}[${i}] = ${v} outside [${lo[i]}, ${hi[i]}]`).toBe(true));
    }
    const out = ref.get(q.output)!;
    const float = floatInference(graph, codes.map(Number)).get(graph.output)!;
    const scale = 2 ** q.tensors.get(q.output)!.scale;
    const worst = Math.max(1, ...Array.from(float, Math.abs));
    out.forEach((v, i) => expect(Math.abs(Number(v) / scale - float[i]!), `output ${i}`).toBeLessThanOrEqual((o.tolerance ?? 0.02) * worst));

    const w = builder.witness(codes);
    expect(isSatisfied(r1cs, w)).toBe(true);
    expect(w.slice(1, 1 + nOutputs).map(toSigned)).toEqual(out);
    for (let wire = 1; wire < w.length; wire++) {
      const forged = [...w];
      forged[wire] = forged[wire]! + 1n;
      expect(isSatisfied(r1cs, forged), `wire ${wire} moved by one`).toBe(false);
    }
    const other = Array.from({ length: nInputs }, code);
    const spliced = builder.witness(other);
    const firstInput = 1 + nOutputs;
    for (let i = firstInput; i < firstInput + nInputs * inputBits; i++) spliced[i] = w[i]!;
    const same = spliced.every((v, i) => v === w[i]);
    expect(isSatisfied(r1cs, spliced), 'the witness of other codes under these input bits').toBe(same);
  }
  return q;
}
