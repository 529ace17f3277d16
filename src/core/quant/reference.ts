/**
 * Plain integer inference over the integer IR: the specification the circuit must match bit for
 * bit. Each op's reference rule (src/core/ops) is deliberately independent of its lowering (no
 * linear combinations, no gadgets).
 */
import type { OutputRule, TensorId } from '../model/ir.js';
import { integerRules } from '../ops/registry.js';
import type { QModel, QOp, QTensor } from './qir.js';

export function referenceInference(model: QModel, codes: readonly bigint[]): Map<TensorId, bigint[]> {
  const values = new Map<TensorId, bigint[]>([[model.input, [...codes]]]);
  for (const node of model.nodes) {
    const xs = node.inputs.map((t) => values.get(t)!);
    const inputs = node.inputs.map((t) => model.tensors.get(t)!);
    values.set(node.output, integerRules(node.op).reference(node.op, xs, { inputs }));
  }
  return values;
}

/** Whether the reference evaluates `op` in doubles (exactly) rather than in bigint. */
export function exactInFloat(op: QOp, input: QTensor): boolean {
  return integerRules(op).exactInFloat?.(op, input) ?? false;
}

/** The public output a rule makes of the final integers; argmax ties go to the lowest index. */
export function applyOutputRule(rule: OutputRule, values: readonly bigint[]): bigint[] {
  switch (rule) {
    case 'argmax': {
      let best = 0;
      for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
      return [BigInt(best)];
    }
    case 'sign':
      return values.map((v) => (v >= 0n ? 1n : 0n));
    case 'logits':
      return [...values];
    default: {
      const never: never = rule;
      return never;
    }
  }
}
