/**
 * Lazy linear combinations: a value that is a linear function of wires costs no constraint until
 * a non-linear gadget needs it. Wire 0 is the constant one, so the map's entry for 0 is the
 * constant term. Coefficients are plain (signed) integers; they are reduced mod r only when the
 * R1CS is serialized.
 */
import type { LinearTerms } from '../formats/r1cs-types.js';

export type LC = Map<number, bigint>;

export function constantLC(c: bigint): LC {
  return c === 0n ? new Map() : new Map([[0, c]]);
}

export function wireLC(wire: number, coef = 1n): LC {
  return new Map([[wire, coef]]);
}

/** target += k · src, in place. */
export function addScaled(target: LC, src: LC, k: bigint): void {
  if (k === 0n) return;
  for (const [w, c] of src) {
    const v = (target.get(w) ?? 0n) + c * k;
    if (v === 0n) target.delete(w);
    else target.set(w, v);
  }
}

export function scaled(src: LC, k: bigint): LC {
  const out: LC = new Map();
  addScaled(out, src, k);
  return out;
}

export function sum(parts: readonly (readonly [LC, bigint])[]): LC {
  const out: LC = new Map();
  for (const [lc, k] of parts) addScaled(out, lc, k);
  return out;
}

/** Exact integer value of lc for a witness of integers. */
export function evaluate(lc: LC, values: readonly bigint[]): bigint {
  let acc = 0n;
  for (const [w, c] of lc) acc += c * values[w]!;
  return acc;
}

/** Exact integer value of a constraint's stored terms (signed coefficients) for a witness of integers. */
export function evaluateTerms(t: LinearTerms, values: readonly bigint[]): bigint {
  let acc = 0n;
  for (let i = 0; i < t.wires.length; i++) acc += t.coefs[i]! * values[t.wires[i]!]!;
  return acc;
}

/** Σ 2^(i - from) · bits[i] for i in [from, to). */
export function bitsLC(bits: readonly number[], from = 0, to = bits.length): LC {
  const out: LC = new Map();
  for (let i = from; i < to; i++) out.set(bits[i]!, 1n << BigInt(i - from));
  return out;
}
