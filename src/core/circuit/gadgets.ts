/**
 * The non-linear gadgets. Each states its constraints, the hint that computes its wires, and its
 * cost. Soundness rests on one fact used everywhere: a sum Σ 2^i·b_i of n < 250 boolean wires is
 * an integer in [0, 2^n), far below the field size, so `Σ 2^i·b_i = x + offset` in the field pins
 * x + offset to that integer range with no wrap-around.
 */
import { bitLength } from '../tensor/bits.js';
import type { CircuitBuilder } from './builder.js';
import type { LC } from './lc.js';
import { addScaled, bitsLC, scaled, wireLC } from './lc.js';

/** Largest decomposition allowed: keeps 2^bits far below p/2 ≈ 2^253. */
export const MAX_DECOMPOSITION_BITS = 240;

const ONE = wireLC(0);

/** b · b = b. */
export function assertBoolean(cs: CircuitBuilder, b: number): void {
  cs.constrainBoolean(b);
}

/**
 * Wires b_0…b_{n−1}, boolean, with Σ 2^i·b_i = lc + offset. Cost: n + 1 constraints; the sum
 * is a linear constraint wholly on C, so neither lc nor the bits add terms the prover reads.
 * `preset` puts chosen bit positions on wires allocated elsewhere (e.g. a public output).
 */
export function decompose(cs: CircuitBuilder, lc: LC, offset: bigint, n: number, preset: ReadonlyMap<number, number> = new Map()): number[] {
  if (n > MAX_DECOMPOSITION_BITS) throw new RangeError(`decomposition of ${n} bits exceeds ${MAX_DECOMPOSITION_BITS}`);
  const bits = Array.from({ length: n }, (_, i) => preset.get(i) ?? cs.wire());
  for (const b of bits) if (lc.has(b)) throw new RangeError(`bit wire ${b} already appears in the decomposed value`);
  for (const b of bits) assertBoolean(cs, b);
  const target = cs.constrainLinear(lc, offset, bits.map((b, i) => [b, -(1n << BigInt(i))] as const));
  // The hint reads the stored terms (lc + offset − Σ 2^i·b_i, exact signed integers), not `lc`:
  // a layer's long combinations can then be freed once the layer is lowered.
  // The op range-checks target + Σ 2^i·b_i in [0, 2^n) and writes its bits (program.ts).
  cs.program.decompose(bits, target);
  return bits;
}

/** Bits needed for an offset 2^m that makes [lo, hi] non-negative with b_m as the sign. */
function signedWidth(lo: bigint, hi: bigint, atLeast: number): number {
  return Math.max(atLeast, lo < 0n ? bitLength(-lo - 1n) : 0, hi > 0n ? bitLength(hi) : 0);
}

export interface RequantResult {
  readonly value: LC;
  /** Bits spent (0 when the interval made the gadget free). */
  readonly bits: number;
}

/** A closed integer interval. */
export interface Interval {
  readonly lo: bigint;
  readonly hi: bigint;
}

/**
 * How requantize handles x ∈ [lo, hi] (true bounds) with a calibrated interval `cal` (optional):
 * which gadget, how wide, and the interval of x its decomposition enforces. Shortcuts that spend
 * no decomposition ('zero', 'identity') are decided from the true bounds only; `cal` only narrows
 * the widths of decompositions, each of which enforces its own window (docs/CALIBRATION.md).
 */
export type RequantPlan =
  | { readonly kind: 'zero' | 'identity' }
  | { readonly kind: 'unsigned' | 'signed' | 'dead'; readonly n: number; readonly window: Interval };

export function requantPlan(lo: bigint, hi: bigint, k: number, relu: boolean, cal?: Interval): RequantPlan {
  const half = k > 0 ? 1n << BigInt(k - 1) : 0n;
  const K = BigInt(k);
  if (relu && (hi + half) >> K <= 0n) return { kind: 'zero' };
  if (k === 0 && (lo + half >= 0n || !relu)) return { kind: 'identity' };
  const c = cal ? { lo: cal.lo > lo ? cal.lo : lo, hi: cal.hi < hi ? cal.hi : hi } : { lo, hi };
  const zlo = c.lo + half;
  const zhi = c.hi + half;
  if (cal && relu && zhi >> K <= 0n) {
    // Calibrated dead: enforce z ≤ 2^k − 1 (so the output is 0) with (2^k − 1) − z in n bits.
    const top = (1n << K) - 1n;
    const n = Math.max(1, bitLength(top - (zlo < top ? zlo : top)));
    return { kind: 'dead', n, window: { lo: top - (1n << BigInt(n)) + 1n - half, hi: top - half } };
  }
  if (zlo >= 0n) {
    const n = Math.max(k, bitLength(zhi > 0n ? zhi : 0n));
    return { kind: 'unsigned', n, window: { lo: -half, hi: (1n << BigInt(n)) - 1n - half } };
  }
  const m = signedWidth(zlo, zhi, k);
  return { kind: 'signed', n: m + 1, window: { lo: -(1n << BigInt(m)) - half, hi: (1n << BigInt(m)) - 1n - half } };
}

/** The interval of x that requantize's constraints enforce (the true bounds when it spends nothing). */
export function requantEnforced(lo: bigint, hi: bigint, k: number, relu: boolean, cal?: Interval): Interval {
  const plan = requantPlan(lo, hi, k, relu, cal);
  if (!('window' in plan)) return { lo, hi };
  const w = plan.window;
  return { lo: w.lo > lo ? w.lo : lo, hi: w.hi < hi ? w.hi : hi };
}

/**
 * y = round(x / 2^k), then max(0, ·) when relu, for x = lc ∈ [lo, hi]. One decomposition serves
 * remainder, quotient and sign: with z = x + 2^(k−1) and 2^m ≥ −lo, 2^m > hi, m ≥ k, write
 * z + 2^m in m+1 bits; b_m is the sign, bits k…m−1 are the quotient. ReLU is one product.
 * Cost: bits + 2 (signed interval), bits + 1 (non-negative interval), 0 when the sign is known
 * and k = 0, or when the output is the constant 0. With a calibrated interval `cal` the widths
 * come from it (see requantPlan); a value outside the window leaves the circuit unsatisfiable.
 */
export function requantize(cs: CircuitBuilder, lc: LC, lo: bigint, hi: bigint, k: number, relu: boolean, cal?: Interval): RequantResult {
  const half = k > 0 ? 1n << BigInt(k - 1) : 0n;
  const plan = requantPlan(lo, hi, k, relu, cal);
  switch (plan.kind) {
    case 'zero':
      return { value: new Map(), bits: 0 };
    case 'identity':
      return { value: lc, bits: 0 };
    case 'dead': {
      // (2^k − 1 − half) − x = Σ 2^i·b_i: the negated value, decomposed.
      const neg = new Map<number, bigint>();
      addScaled(neg, lc, -1n);
      decompose(cs, neg, (1n << BigInt(k)) - 1n - half, plan.n);
      return { value: new Map(), bits: plan.n };
    }
    case 'unsigned': {
      const bits = decompose(cs, lc, half, plan.n);
      return { value: bitsLC(bits, k), bits: plan.n };
    }
    case 'signed':
      break;
  }
  const m = plan.n - 1;
  const bits = decompose(cs, lc, half + (1n << BigInt(m)), m + 1);
  const quotient = bitsLC(bits, k, m); // floor(z / 2^k) when z ≥ 0
  if (!relu) {
    const value = bitsLC(bits, k, m + 1);
    addScaled(value, ONE, -(1n << BigInt(m - k)));
    return { value, bits: m + 1 };
  }
  return { value: wireLC(gated(cs, bits[m]!, quotient)), bits: m + 1 };
}

/** A wire holding sign · lc (sign a boolean wire): one constraint. */
function gated(cs: CircuitBuilder, sign: number, lc: LC): number {
  const y = cs.wire();
  cs.program.product(y, sign, lc);
  cs.constrain(wireLC(sign), lc, wireLC(y));
  return y;
}

/**
 * y = a·q + (one − a)·max(q, 0) with q = round(x / 2^k): a leaky ReLU with slope a/one below zero
 * and one/one above, from requantize's one decomposition (its sign bit and quotient give max(q, 0)
 * as one product, and the bits give q itself). Cost as the ReLU: bits + 2 on a signed interval;
 * when the interval fixes the sign it is one plain requantization, scaled (0 when k = 0).
 */
export function requantizeLeaky(cs: CircuitBuilder, lc: LC, lo: bigint, hi: bigint, k: number, a: bigint, one: bigint): RequantResult {
  const half = k > 0 ? 1n << BigInt(k - 1) : 0n;
  const zlo = lo + half;
  const zhi = hi + half;
  if (zlo >= 0n || zhi >> BigInt(k) <= 0n) {
    // q ≥ 0 throughout (y = one·q) or q ≤ 0 throughout (y = a·q).
    const r = requantize(cs, lc, lo, hi, k, false);
    return { value: scaled(r.value, zlo >= 0n ? one : a), bits: r.bits };
  }
  const m = signedWidth(zlo, zhi, k);
  const bits = decompose(cs, lc, half + (1n << BigInt(m)), m + 1);
  const positive = wireLC(gated(cs, bits[m]!, bitsLC(bits, k, m)));
  const q = bitsLC(bits, k, m + 1);
  addScaled(q, ONE, -(1n << BigInt(m - k)));
  const value = scaled(q, a);
  addScaled(value, positive, one - a);
  return { value, bits: m + 1 };
}

export interface Ranged {
  readonly value: LC;
  readonly lo: bigint;
  readonly hi: bigint;
  /** A calibrated interval inside [lo, hi]: sizes decompositions, never decides a shortcut. */
  readonly cal?: Interval;
}

/**
 * max(a, b) with d = a − b: decompose d + 2^m (m+1 bits, b_m = [d ≥ 0]), then
 * max = b + b_m · (low m bits), since the low bits equal d whenever d ≥ 0. The product's B side
 * is the m bits, not the (possibly long) sums behind a and b.
 * Cost: bits + 2, or 0 when the (true) intervals already order a and b. With calibrated
 * intervals, m comes from them: a d outside [−2^m, 2^m) leaves the circuit unsatisfiable.
 */
export function max2(cs: CircuitBuilder, a: Ranged, b: Ranged): Ranged & { bits: number } {
  const lo = a.lo > b.lo ? a.lo : b.lo;
  const hi = a.hi > b.hi ? a.hi : b.hi;
  if (a.lo >= b.hi) return { ...a, bits: 0 };
  if (b.lo >= a.hi) return { ...b, bits: 0 };
  const d = new Map(a.value);
  addScaled(d, b.value, -1n);
  const ac = a.cal ?? a;
  const bc = b.cal ?? b;
  const m = signedWidth(ac.lo - bc.hi > a.lo - b.hi ? ac.lo - bc.hi : a.lo - b.hi, ac.hi - bc.lo < a.hi - b.lo ? ac.hi - bc.lo : a.hi - b.lo, 0);
  const bits = decompose(cs, d, 1n << BigInt(m), m + 1);
  const low = bitsLC(bits, 0, m);
  const value = new Map(b.value);
  addScaled(value, wireLC(gated(cs, bits[m]!, low)), 1n);
  const cal = a.cal || b.cal ? { lo: ac.lo > bc.lo ? ac.lo : bc.lo, hi: ac.hi > bc.hi ? ac.hi : bc.hi } : undefined;
  return { value, lo, hi, ...(cal ? { cal } : {}), bits: m + 1 };
}

/**
 * out = 1 if x ≥ 0 else 0, on a given (public) wire. Cost: bits + 1, or 1 when the (true) sign is
 * known. A calibrated interval sizes the decomposition; x outside [−2^m, 2^m) is unsatisfiable.
 */
export function signBit(cs: CircuitBuilder, lc: LC, lo: bigint, hi: bigint, out: number, cal?: Interval): number {
  if (lo >= 0n || hi < 0n) {
    const v = lo >= 0n ? 1n : 0n;
    cs.program.constant(out, v);
    cs.constrainLinear(new Map(), v, [[out, -1n]]);
    return 0;
  }
  const m = cal ? signedWidth(cal.lo > lo ? cal.lo : lo, cal.hi < hi ? cal.hi : hi, 0) : signedWidth(lo, hi, 0);
  decompose(cs, lc, 1n << BigInt(m), m + 1, new Map([[m, out]]));
  return m + 1;
}

/** out = x on a given (public) wire. Cost: 1. */
export function expose(cs: CircuitBuilder, lc: LC, out: number): void {
  cs.program.evaluate(out, lc);
  cs.constrainLinear(lc, 0n, [[out, -1n]]);
}

/**
 * out = the index of the largest x_j; ties go to the lowest index. A one-hot selector s picks
 * m = Σ s_j·x_j, out = Σ j·s_j, and every d_j = m − x_j − [j < out] is range-checked ≥ 0,
 * which says x_out > x_j for j < out and x_out ≥ x_j for j > out.
 * Cost: n·(bits + 3) + 2, bits from the spread of the intervals.
 */
export function argmax(cs: CircuitBuilder, xs: readonly LC[], lo: readonly bigint[], hi: readonly bigint[], out: number): number {
  const n = xs.length;
  const sel = xs.map(() => cs.wire());
  const prod = xs.map(() => cs.wire());
  // The op picks the first largest x_j: sel one-hot, prod_j = s_j·x_j, out = its index.
  cs.program.argmax(out, sel, prod, xs);
  for (const s of sel) assertBoolean(cs, s);
  cs.constrainLinear(new Map(sel.map((s) => [s, 1n])), -1n, []);
  cs.constrainLinear(new Map(sel.map((s, j) => [s, BigInt(j)] as [number, bigint]).filter(([, j]) => j !== 0n)), 0n, [[out, -1n]]);
  xs.forEach((x, j) => cs.constrain(wireLC(sel[j]!), x, wireLC(prod[j]!)));
  const max = new Map(prod.map((p) => [p, 1n]));
  let top = hi[0]!;
  let bottom = lo[0]!;
  for (let j = 1; j < n; j++) {
    if (hi[j]! > top) top = hi[j]!;
    if (lo[j]! < bottom) bottom = lo[j]!;
  }
  const bits = Math.max(1, bitLength(top - bottom));
  xs.forEach((x, j) => {
    const d = new Map(max);
    addScaled(d, x, -1n);
    for (let i = j + 1; i < n; i++) addScaled(d, wireLC(sel[i]!), -1n);
    decompose(cs, d, 0n, bits);
  });
  return bits;
}

/**
 * Private input: `bits` boolean wires per element. The code is their weighted sum — kept as a lazy
 * combination (no constraint), or, when `materialize`, pinned to one wire (one constraint) so that
 * a layer with a large fan-out copies one term per neuron instead of `bits`.
 */
export function inputCodes(cs: CircuitBuilder, count: number, bits: number, materialize = false): LC[] {
  // The op checks each code is in [0, 2^bits) and writes its bits from the first private input on.
  cs.program.input(count, bits, count > 0 ? cs.privateInputWire(0) : 0);
  const out: LC[] = [];
  for (let e = 0; e < count; e++) {
    const wires = Array.from({ length: bits }, (_, i) => cs.privateInputWire(e * bits + i));
    wires.forEach((b) => assertBoolean(cs, b));
    const code = bitsLC(wires);
    if (materialize) {
      const wire = cs.wire();
      cs.program.evaluate(wire, code);
      cs.constrainLinear(code, 0n, [[wire, -1n]]);
      out.push(wireLC(wire));
    } else {
      out.push(code);
    }
  }
  return out;
}

