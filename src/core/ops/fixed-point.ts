/**
 * Fixed-point helpers the ops' quantization rules share: how a layer's weights get their scale,
 * how real values become integers, and the rounding of requantization.
 */
import { fail } from '../errors.js';
import type { Node } from '../model/ir.js';

/**
 * The scale that gives the largest weight `weightBits` bits — or a smaller one at which every
 * weight is exactly an integer (average pooling's 1/4, padding's 1): fewer fractional bits now
 * mean fewer bits in every later decomposition.
 */
export function weightScale(values: Float64Array, weightBits: number): number {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  if (max === 0) return 0;
  const byRange = weightBits - 1 - Math.ceil(Math.log2(max));
  for (let s = Math.min(0, byRange); s < byRange; s++) {
    const f = 2 ** s;
    if (values.every((v) => Number.isInteger(v * f))) return s;
  }
  return byRange;
}

/** round(v · 2^scale) for each value; weights must stay exact in doubles, so past 2^53 is an error. */
export function quantizeValues(values: Float64Array, scale: number, node: Node, what: string): Float64Array {
  const f = 2 ** scale;
  return values.map((v) => {
    const q = Math.round(v * f);
    if (!Number.isSafeInteger(q)) {
      fail('quantize', 'weight-overflow', `layer "${node.layer}" (${node.className}): a ${what} value ${v} does not fit in 53 bits at scale 2^${scale}; lower the weight or activation bits`);
    }
    return q;
  });
}

/** max(0, round(x / 2^shift)) (or without the max), ties toward +∞; bigint >> is a floor. */
export function requantValue(x: bigint, shift: number, relu: boolean): bigint {
  const s = BigInt(shift);
  const q = shift === 0 ? x : (x + (1n << (s - 1n))) >> s;
  return relu && q < 0n ? 0n : q;
}

