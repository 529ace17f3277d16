/**
 * Multiply-accumulate evaluation shared by the linear ops' integer references (dense, sparse):
 * in doubles when the intervals prove every partial sum small enough for doubles to be exact, in
 * bigint otherwise — the same integers, much faster.
 */
import type { QTensor } from '../quant/qir.js';

const exactCache = new WeakMap<object, boolean>();

/**
 * A multiply-accumulate op is exact in doubles when |bias| + Σ |w|·max|x| < 2^53 for every row:
 * that bounds every partial sum, whatever the order of the terms. `worstRow` computes the largest
 * such sum from the inputs' magnitudes; the answer is cached per op.
 */
export function exactInFloatCached(op: object, input: QTensor, worstRow: (mag: readonly number[]) => number): boolean {
  let exact = exactCache.get(op);
  if (exact === undefined) {
    const mag = input.lo.map((l, i) => Math.max(Math.abs(Number(l)), Math.abs(Number(input.hi[i]!))));
    // The bound itself is computed in doubles: keep a wide margin below 2^53 for its rounding.
    exact = worstRow(mag) < 2 ** 50;
    exactCache.set(op, exact);
  }
  return exact;
}

/** rows outputs, each bias(r) + Σ w·x[i] over the (w, i) pairs `terms` visits, in doubles. */
export function macInFloat(
  x: readonly bigint[],
  rows: number,
  terms: (r: number, visit: (w: number, i: number) => void) => void,
  bias: (r: number) => number,
): bigint[] {
  const xf = Float64Array.from(x, Number);
  const out = new Array<bigint>(rows);
  for (let r = 0; r < rows; r++) {
    let acc = bias(r);
    terms(r, (w, i) => (acc += w * xf[i]!));
    out[r] = BigInt(acc);
  }
  return out;
}
