/**
 * Calibrated gadgets (docs/CALIBRATION.md): a calibrated interval only narrows decompositions, each
 * of which enforces its own window, and never decides a shortcut. A value outside the window (just
 * outside, or wrapped to p − k) leaves the circuit unsatisfiable: the honest prover refuses it and
 * a forged witness fails the constraint check. Forgeries of the ReLU6 clip and of argmax are made
 * by `forge` (the hints with their range checks off), so every constraint but the range check under
 * test holds. Last, a property: no input outside the bounds an op's `enforce` claims satisfies it.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_PRIME, mod, toSigned } from '../field.js';
import type { R1cs } from '../formats/r1cs-types.js';
import { requantValue } from '../ops/fixed-point.js';
import { requant } from '../ops/relu.js';
import { integerRelu6 } from '../ops/relu6.js';
import type { IntegerRules } from '../ops/types.js';
import type { QRelu6, QRequant, QTensor } from '../quant/qir.js';
import { seededRng } from '../seeded-rng.js';
import { fixedInputs, freeInputs, isBooleanity, propagate, satisfyingOutputs } from '../test-support/solver.js';
import { isSatisfied } from './check.js';
import type { Interval } from './gadgets.js';
import { argmax, expose, max2, requantEnforced, requantPlan, requantize, signBit } from './gadgets.js';
import { evaluate } from './lc.js';
import type { CircuitBuilder } from './builder.js';

const TRUE = { lo: -(1n << 20n), hi: 1n << 20n };

/**
 * The strongest cheat for x outside a decomposition: keep every constraint but one. Sets x, then
 * rewrites the decomposition's bits (the booleanity constraints right before the linear sum) to
 * the wrapped value (x + offset) mod 2^n, and once more with the top bit carrying the excess.
 */
function cheats(cs: CircuitBuilder, honest: readonly bigint[], xWire: number, x: bigint): bigint[][] {
  const r1cs = cs.toR1cs();
  // The decomposition is the first linear constraint (A and B empty) that mentions x.
  const sumIndex = r1cs.constraints.findIndex(([a, b, c]) => a.wires.length === 0 && b.wires.length === 0 && c.wires.includes(xWire));
  const bits: number[] = [];
  for (let k = sumIndex - 1; k >= 0; k--) {
    const [a, b, c] = r1cs.constraints[k]!;
    if (a.wires.length !== 1 || b.wires[0] !== a.wires[0] || c.wires[0] !== a.wires[0]) break;
    bits.unshift(a.wires[0]!);
  }
  const n = bits.length;
  // v = x + offset: the constraint is lc + offset − Σ 2^i·b_i = 0 with lc = ±x.
  const [, , c] = r1cs.constraints[sumIndex]!;
  const coefX = c.coefs[c.wires.indexOf(xWire)]!;
  const offset = c.wires[0] === 0 ? c.coefs[0]! : 0n;
  const v = coefX * x + offset;
  const wrapped = ((v % (1n << BigInt(n))) + (1n << BigInt(n))) % (1n << BigInt(n));
  const base = [...honest];
  base[xWire] = ((x % FIELD_PRIME) + FIELD_PRIME) % FIELD_PRIME;
  const a = [...base];
  bits.forEach((b, i) => (a[b] = (wrapped >> BigInt(i)) & 1n));
  const top = [...a];
  top[bits[n - 1]!] = (top[bits[n - 1]!]! + (v - wrapped) / (1n << BigInt(n - 1)) + FIELD_PRIME) % FIELD_PRIME;
  return [a, top];
}

describe('calibrated requantize', () => {
  const cases: [string, Interval, number, boolean, string][] = [
    ['signed window, shift 4', { lo: -300n, hi: 900n }, 4, true, 'signed'],
    ['non-negative calibration (true bounds signed), shift 3', { lo: 40n, hi: 5000n }, 3, true, 'unsigned'],
    // Calibrated always ≥ 0 with k = 0: the identity would be free, but only true bounds may skip a gadget.
    ['calibrated identity, shift 0', { lo: 3n, hi: 70n }, 0, true, 'unsigned'],
    // Calibrated always ≤ 0 after rounding: the output is 0, enforced by decomposing the negated value.
    ['calibrated dead ReLU, shift 2', { lo: -900n, hi: 1n }, 2, true, 'dead'],
    ['signed without ReLU, shift 2', { lo: -77n, hi: 60n }, 2, false, 'signed'],
  ];
  for (const [name, cal, k, relu, kind] of cases) {
    it(`${name}: exact inside the window, unsatisfiable just outside and wrapped`, () => {
      const plan = requantPlan(TRUE.lo, TRUE.hi, k, relu, cal);
      expect(plan.kind).toBe(kind);
      const window = requantEnforced(TRUE.lo, TRUE.hi, k, relu, cal);
      expect(window.lo <= cal.lo && window.hi >= cal.hi).toBe(true);
      const { cs, xs } = freeInputs(1, 1);
      const r = requantize(cs, xs[0]!, TRUE.lo, TRUE.hi, k, relu, cal);
      expose(cs, r.value, cs.outputWire(0));
      const r1cs = cs.toR1cs();
      const xWire = cs.privateInputWire(0);
      for (const x of [window.lo, window.hi, cal.lo, cal.hi, (window.lo + window.hi) / 2n]) {
        const w = cs.witness([x]);
        expect(isSatisfied(r1cs, w)).toBe(true);
        expect(w[1]).toBe(requantValue(x, k, relu));
      }
      const honest = cs.witness([cal.lo]);
      for (const x of [window.hi + 1n, window.lo - 1n, -1n - 2n * (window.hi - window.lo)]) {
        expect(() => cs.witness([x])).toThrow(/interval/);
        for (const f of cheats(cs, honest, xWire, x)) expect(isSatisfied(r1cs, f)).toBe(false);
      }
      // A wrapped value: x = p − k for small k (the field's −k), with the honest bits of nearby x.
      for (const f of cheats(cs, honest, xWire, FIELD_PRIME - 3n)) expect(isSatisfied(r1cs, f)).toBe(false);
    });
  }

  it('leaves exact mode untouched and takes shortcuts from true bounds only', () => {
    expect(requantPlan(0n, 100n, 0, true).kind).toBe('identity');
    expect(requantPlan(-100n, -1n, 0, true).kind).toBe('zero');
    // True bounds decide: with them non-negative, the calibrated interval cannot force a decomposition either.
    expect(requantPlan(0n, 100n, 0, true, { lo: 5n, hi: 9n }).kind).toBe('identity');
    expect(requantPlan(-100n, 100n, 0, true, { lo: 5n, hi: 9n }).kind).toBe('unsigned');
  });
});

describe('calibrated max2 and sign', () => {
  it('max2: calibrated ordered taps still get a comparison; a difference outside the window is unsatisfiable', () => {
    const { cs, xs } = freeInputs(1, 2);
    // True bounds overlap; the calibration says a ≥ b always (which a forger would exploit if it skipped the gadget).
    const r = max2(cs, { value: xs[0]!, ...TRUE, cal: { lo: 100n, hi: 200n } }, { value: xs[1]!, ...TRUE, cal: { lo: 0n, hi: 50n } });
    expect(r.bits).toBeGreaterThan(0);
    expose(cs, r.value, cs.outputWire(0));
    const r1cs = cs.toR1cs();
    const m = BigInt(r.bits - 1);
    // d = a − b in [−2^m, 2^m): b > a within it is computed correctly (no shortcut took a as the max).
    for (const [a, b] of [[150n, 20n], [10n, 40n], [0n, (1n << m) - 1n]] as const) {
      const w = cs.witness([a, b]);
      expect(isSatisfied(r1cs, w)).toBe(true);
      expect(w[1]).toBe(a > b ? a : b);
    }
    expect(() => cs.witness([(1n << m) + 10n, 10n])).toThrow(/interval/);
    expect(() => cs.witness([0n, (1n << m) + 1n])).toThrow(/interval/);
    const honest = cs.witness([150n, 20n]);
    // Forge a = b + 2^m (just outside) or a = b − 2^m − 1, and a wrapped a = p − 5.
    for (const a of [20n + (1n << m), 20n - (1n << m) - 1n, FIELD_PRIME - 5n]) {
      const forged = [...honest];
      forged[cs.privateInputWire(0)] = ((a % FIELD_PRIME) + FIELD_PRIME) % FIELD_PRIME;
      expect(isSatisfied(r1cs, forged)).toBe(false);
    }
  });

  it('signBit: a calibrated width enforces its window; the constant-sign shortcut needs true bounds', () => {
    const { cs, xs } = freeInputs(1, 1);
    const bits = signBit(cs, xs[0]!, TRUE.lo, TRUE.hi, cs.outputWire(0), { lo: 1n, hi: 30n });
    expect(bits).toBe(6); // [−32, 32): not the free constant 1 the calibration alone would suggest
    const r1cs = cs.toR1cs();
    expect(cs.witness([-5n])[1]).toBe(0n);
    expect(isSatisfied(r1cs, cs.witness([-32n]))).toBe(true);
    expect(() => cs.witness([32n])).toThrow(/interval/);
    expect(() => cs.witness([-33n])).toThrow(/interval/);
    const honest = cs.witness([3n]);
    for (const f of cheats(cs, honest, cs.privateInputWire(0), 32n)) expect(isSatisfied(r1cs, f)).toBe(false);
    for (const f of cheats(cs, honest, cs.privateInputWire(0), FIELD_PRIME - 40n)) expect(isSatisfied(r1cs, f)).toBe(false);
    expect(evaluate(xs[0]!, honest)).toBe(3n);
  });
});

/** The indices of every constraint a witness breaks. */
function broken(r1cs: R1cs, w: readonly bigint[]): number[] {
  const v = w.map(mod);
  const dot = (lc: R1cs['constraints'][number][number]) => mod(lc.wires.reduce((acc, x, i) => acc + lc.coefs[i]! * v[x]!, 0n));
  return r1cs.constraints.flatMap(([a, b, c], i) => (mod(dot(a) * dot(b)) === dot(c) ? [] : [i]));
}

/** Each decomposition of a circuit: its booleanity constraints, its linear sum, its bits (low to high). */
function decompositions(r1cs: R1cs): { constraints: number[]; sum: number; bits: number[] }[] {
  const out: { constraints: number[]; sum: number; bits: number[] }[] = [];
  r1cs.constraints.forEach(([a, b], sum) => {
    if (a.wires.length !== 0 || b.wires.length !== 0) return;
    const bits: number[] = [];
    const constraints: number[] = [];
    for (let k = sum - 1; k >= 0; k--) {
      const bit = isBooleanity(r1cs.constraints[k]!);
      if (bit === undefined) break;
      bits.unshift(bit);
      constraints.unshift(k);
    }
    if (bits.length > 0) out.push({ constraints: [...constraints, sum], sum, bits });
  });
  return out;
}

/**
 * A forged witness: the hints with their range checks turned off. Fixes the given wires, solves
 * every other wire from the constraints in order, and gives each decomposition the low n bits of
 * its value v (`carry`: the first one that does not fit also puts the excess on its top bit, so
 * its sum holds and only that bit's booleanity breaks). Every constraint but those of the
 * decompositions whose value left their window holds.
 */
function forge(r1cs: R1cs, fixed: ReadonlyMap<number, bigint>, carry: boolean): bigint[] {
  const w: (bigint | undefined)[] = new Array(r1cs.nWires).fill(undefined);
  w[0] = 1n;
  for (const [k, v] of fixed) w[k] = mod(v);
  const decs = decompositions(r1cs);
  let carried = false;
  for (;;) {
    propagate(r1cs, w);
    const d = decs.find((d) => d.bits.every((b) => w[b] === undefined) && r1cs.constraints[d.sum]![2].wires.every((x) => d.bits.includes(x) || w[x] !== undefined));
    if (!d) break;
    const c = r1cs.constraints[d.sum]![2];
    let rest = 0n;
    c.wires.forEach((x, i) => {
      if (!d.bits.includes(x)) rest += c.coefs[i]! * w[x]!;
    });
    const v = toSigned(mod(rest));
    const size = 1n << BigInt(d.bits.length);
    const wrapped = ((v % size) + size) % size;
    d.bits.forEach((b, i) => (w[b] = (wrapped >> BigInt(i)) & 1n));
    if (carry && !carried && v !== wrapped) {
      const top = d.bits.at(-1)!;
      w[top] = mod(w[top]! + (v - wrapped) / (size >> 1n));
      carried = true;
    }
  }
  return w.map((v) => v ?? 0n);
}

/** Both forgeries fail, and only in the decompositions `targets` (so their range checks alone refuse them). */
function expectRefusedBy(r1cs: R1cs, fixed: ReadonlyMap<number, bigint>, targets: readonly { constraints: number[] }[], what: string): void {
  for (const carry of [false, true]) {
    const failing = broken(r1cs, forge(r1cs, fixed, carry));
    expect(failing.length, `${what} (carry ${carry}) satisfies every constraint`).toBeGreaterThan(0);
    expect(failing.every((i) => targets.some((t) => t.constraints.includes(i))), `${what} (carry ${carry}) breaks ${failing.join(', ')}, not only the target decompositions`).toBe(true);
  }
}

describe('calibrated ReLU6 clip', () => {
  // Shift 0 and true bounds x ≥ 0: the first half is the free identity (q = x), so the clip's
  // decomposition of q − C (its width from `qcal`) is the only one, and forgeries target it alone.
  const C = 12;
  const op: QRelu6 = { kind: 'relu6', shift: 0, ceiling: C };
  const TOP = 1n << 20n;
  const cases: [string, Interval, string][] = [
    // Calibrated q ≤ C always: the clip is 'dead' and enforces q ≤ C (C − q in n bits).
    ['dead clip', { lo: 0n, hi: 10n }, 'dead'],
    ['signed clip', { lo: 0n, hi: 40n }, 'signed'],
    // Calibrated q ≥ C always: the clip enforces q ≥ C (the constant ceiling needs true bounds).
    ['unsigned clip', { lo: 14n, hi: 40n }, 'unsigned'],
  ];
  for (const [name, cal, kind] of cases) {
    it(`${name}: exact inside its window; just outside and wrapped values fail, honestly and forged`, () => {
      const t: QTensor = { shape: [1], scale: 0, lo: [0n], hi: [TOP], cal: { lo: [cal.lo], hi: [cal.hi] } };
      const c = BigInt(C);
      const qcal = { lo: cal.lo - c, hi: cal.hi - c };
      const plan = requantPlan(-c, TOP - c, 0, true, qcal);
      expect(plan.kind).toBe(kind);
      // The clip's window on x = q (before the true bound x ≥ 0 cuts it).
      if (!('window' in plan)) throw new Error('the clip spends a decomposition');
      const window = { lo: plan.window.lo + c, hi: plan.window.hi + c };
      const over = requantEnforced(-c, TOP - c, 0, true, qcal);
      expect(over.hi + c).toBe(window.hi);
      const { cs, xs } = freeInputs(1, 1);
      const spent: number[] = [];
      const [y] = integerRelu6.lower(op, { cs, xs: [xs], inputs: [t], spend: (b) => spent.push(b) });
      expose(cs, y!, cs.outputWire(0));
      const r1cs = cs.toR1cs();
      const decs = decompositions(r1cs);
      expect(decs.length).toBe(1);
      const n = BigInt(decs[0]!.bits.length);
      expect(spent).toEqual([Number(n)]);
      expect(window.hi - window.lo + 1n).toBe(1n << n);
      const ref = (x: bigint) => integerRelu6.reference(op, [[x]], { inputs: [t] })[0]!;
      for (const x of [window.lo < 0n ? 0n : window.lo, window.hi, cal.lo, cal.hi]) {
        const w = cs.witness([x]);
        expect(isSatisfied(r1cs, w), `x = ${x}`).toBe(true);
        expect(w[1]).toBe(ref(x));
      }
      // In terms of the decomposed value v (C − q when dead, q − C + offset otherwise): v = p − 1
      // and v = p − 2^n (wrapped; its low n bits are those of a value inside), v = 2^n and 2^(n+1) − 1.
      for (const x of [window.hi + 1n, window.hi + (1n << n), window.lo - 1n, window.lo - (1n << n)]) {
        expect(() => cs.witness([x]), `x = ${x}`).toThrow(/interval/);
        expectRefusedBy(r1cs, fixedInputs(cs, [x]), [decs[0]!], `x = ${x}`);
      }
    });
  }

  it('after a signed first half: no witness at all for q = C + 1 (exhaustive solver)', () => {
    // Shift 2, x ∈ [−64, 96], calibrated [−20, 30]: the first decomposition enforces x ∈ [−64, 61]
    // (q ≤ 15), the dead clip q ≤ 12 (x ≤ 49).
    const op2: QRelu6 = { kind: 'relu6', shift: 2, ceiling: C };
    const t: QTensor = { shape: [1], scale: 2, lo: [-64n], hi: [96n], cal: { lo: [-20n], hi: [30n] } };
    const { cs, xs } = freeInputs(1, 1);
    const spent: number[] = [];
    const [y] = integerRelu6.lower(op2, { cs, xs: [xs], inputs: [t], spend: (b) => spent.push(b) });
    expose(cs, y!, cs.outputWire(0));
    expect(spent).toEqual([7, 4]);
    const r1cs = cs.toR1cs();
    expect(satisfyingOutputs(r1cs, fixedInputs(cs, [49n]))).toEqual(new Set(['12']));
    for (const x of [50n, 61n, 62n]) expect(satisfyingOutputs(r1cs, fixedInputs(cs, [x])), `x = ${x}`).toEqual(new Set());
    // The clip alone refuses x = 50 (q = 13): the first decomposition holds in the forgery.
    expectRefusedBy(r1cs, fixedInputs(cs, [50n]), [decompositions(r1cs)[1]!], 'x = 50');
  });
});

describe('argmax with calibrated widths', () => {
  it('a forged index with a negative difference fails, just below 0 and wrapped by 2^bits', () => {
    const n = 3;
    const { cs, xs } = freeInputs(1, n);
    const first = cs.nWires; // argmax allocates the selector, then the products
    // Calibrated bounds [0, 15] size 4-bit differences; the true bounds could be far wider.
    const bits = argmax(cs, xs, [0n, 0n, 0n], [15n, 15n, 15n], cs.outputWire(0));
    expect(bits).toBe(4);
    const r1cs = cs.toR1cs();
    const decs = decompositions(r1cs).filter((d) => d.bits.length === bits);
    expect(decs.length).toBe(n);
    const forged = (x: bigint[], index: number) => {
      const fixed = fixedInputs(cs, x);
      fixed.set(cs.outputWire(0), BigInt(index));
      for (let j = 0; j < n; j++) {
        fixed.set(first + j, j === index ? 1n : 0n);
        fixed.set(first + n + j, j === index ? x[j]! : 0n);
      }
      return fixed;
    };
    const honest = cs.witness([5n, 9n, 2n]);
    expect(honest[1]).toBe(1n);
    expect(isSatisfied(r1cs, honest)).toBe(true);
    // The forger's own honest-shaped witness for the true index satisfies everything.
    expect(broken(r1cs, forge(r1cs, forged([5n, 9n, 2n], 1), false))).toEqual([]);
    // Claim index 0: d_1 = 5 − 9 = −4 (p − 4). Claim 2: d_0 = 2 − 5 − 1 and d_1 = 2 − 9 − 1.
    expectRefusedBy(r1cs, forged([5n, 9n, 2n], 0), [decs[1]!], 'index 0 of [5, 9, 2]');
    expectRefusedBy(r1cs, forged([5n, 9n, 2n], 2), [decs[0]!, decs[1]!], 'index 2 of [5, 9, 2]');
    // x_1 beyond the calibrated range: d_1 = 5 − 21 = −16 ≡ p − 16, whose low 4 bits are all 0.
    expectRefusedBy(r1cs, forged([5n, 21n, 2n], 0), [decs[1]!], 'index 0 of [5, 21, 2]');
  });
});

describe('calibrated ops: the bounds enforce() claims hold for every satisfying witness', () => {
  type Case = { name: string; rules: IntegerRules<QRelu6> | IntegerRules<QRequant>; op: QRelu6 | QRequant; t: QTensor };
  const one = (lo: bigint, hi: bigint, clo: bigint, chi: bigint): QTensor => ({ shape: [1], scale: 0, lo: [lo], hi: [hi], cal: { lo: [clo], hi: [chi] } });
  // The reviewer's case: ceiling 0 makes every element the constant, which constrains nothing.
  const cases: Case[] = [{ name: 'relu6 ceiling 0, x ∈ [−15, 1], cal [−7, 0]', rules: integerRelu6, op: { kind: 'relu6', shift: 0, ceiling: 0 }, t: one(-15n, 1n, -7n, 0n) }];
  const random = seededRng(20261202);
  const int = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
  for (let trial = 0; trial < 24; trial++) {
    const shift = int(0, 2);
    const lo = int(-10, 8);
    const hi = Math.min(lo + int(0, 16), 12);
    const clo = int(lo, hi);
    const chi = int(clo, hi);
    const t = one(BigInt(lo), BigInt(hi), BigInt(clo), BigInt(chi));
    const kind = trial % 3;
    const c: Case =
      kind === 0
        ? { name: '', rules: integerRelu6, op: { kind: 'relu6', shift, ceiling: int(0, 4) }, t }
        : { name: '', rules: requant, op: { kind: 'requant', shift, relu: kind === 1 }, t };
    cases.push({ ...c, name: `${JSON.stringify(c.op)}, x ∈ [${lo}, ${hi}], cal [${clo}, ${chi}]` });
  }
  for (const { name, rules, op, t } of cases) {
    it(name, () => {
      const r = rules as IntegerRules<typeof op>;
      const { cs, xs } = freeInputs(1, 1);
      const [y] = r.lower(op, { cs, xs: [xs], inputs: [t], spend: () => {} });
      expose(cs, y!, cs.outputWire(0));
      const r1cs = cs.toR1cs();
      const bounds = r.enforce!(op, t);
      const ref = (x: bigint) => r.reference(op, [[x]], { inputs: [t] })[0]!;
      // Earlier layers enforce the true bounds; within them, a satisfying x must lie in enforce's bounds.
      for (let x = t.lo[0]!; x <= t.hi[0]!; x++) {
        const out = satisfyingOutputs(r1cs, fixedInputs(cs, [x]));
        if (x < bounds.lo[0]! || x > bounds.hi[0]!) expect(out, `x = ${x} satisfies, outside [${bounds.lo[0]}, ${bounds.hi[0]}]`).toEqual(new Set());
        else if (x >= t.cal!.lo[0]! && x <= t.cal!.hi[0]!) expect(out, `x = ${x}`).toEqual(new Set([String(ref(x))]));
        else expect([...out].every((o) => o === String(ref(x))), `x = ${x}: ${[...out].join(' ')}`).toBe(true);
      }
    });
  }
});
