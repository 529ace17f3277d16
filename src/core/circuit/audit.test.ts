/**
 * Soundness audit of the zkinfer compiler.
 *
 * Two kinds of tests live here:
 * - regression tests for attacks that are correctly refused (they pass and must keep passing);
 * - regression tests for the bugs it found (marked `regression:`).
 *
 * The gadget tests do not rely on hand-made forgeries only: `satisfyingOutputs`
 * (test-support/solver.ts) enumerates every boolean wire of a small gadget circuit, solves every
 * other wire from the constraints it appears in linearly, and collects every public output that
 * some satisfying witness gives for a fixed input. A sound gadget yields exactly one output, the
 * right one.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_PRIME, toSigned } from '../field.js';
import type { LinearTerms, R1cs } from '../formats/r1cs-types.js';
import { readR1cs, writeR1cs } from '../formats/r1cs.js';
import { compileModel } from '../compile.js';
import { foldAffines, poolBeforeRelu, withInputDecode } from '../model/fold.js';
import { floatOutput } from '../model/float-inference.js';
import type { Graph } from '../model/ir.js';
import { decodeOutputSignals, splitSignals, standardLayout } from '../package/signals.js';
import type { OutputSpec } from '../package/signals.js';
import { quantize } from '../quant/quantize.js';
import { GraphMaker, rng, specFor } from '../test-support/random-graph.js';
import { fixedInputs, freeInputs, isBooleanity, satisfyingOutputs } from '../test-support/solver.js';
import { CircuitBuilder } from './builder.js';
import { isSatisfied } from './check.js';
import { lower } from './lower.js';
import { argmax, decompose, expose, inputCodes, max2, requantize, signBit } from './gadgets.js';
import { wireLC } from './lc.js';

const roundShift = (x: bigint, k: number) => (k === 0 ? x : (x + (1n << BigInt(k - 1))) >> BigInt(k));

// ---------------------------------------------------------------------------------------------

describe('audit: the exhaustive solver itself finds forgeries in a broken gadget', () => {
  it('a ReLU whose product constraint is missing has a free output', () => {
    const { cs, xs } = freeInputs(1, 1);
    const bits = decompose(cs, xs[0]!, 8n, 4); // x + 8 in 4 bits, sign = bit 3
    const y = cs.wire(); // y = sign · low bits, but the product constraint is "forgotten"
    cs.hint((w) => (w[y] = w[bits[3]!]! * (w[bits[0]!]! + 2n * w[bits[1]!]! + 4n * w[bits[2]!]!)));
    expose(cs, wireLC(y), cs.outputWire(0));
    const out = satisfyingOutputs(cs.toR1cs(), fixedInputs(cs, [3n]));
    expect([...out].some((o) => o.startsWith('FREE'))).toBe(true);
  });
  it('an argmax without the strict [j < class] term accepts both tie-breaks', () => {
    const { cs, xs } = freeInputs(1, 2);
    const sel = [cs.wire(), cs.wire()];
    const prod = [cs.wire(), cs.wire()];
    const one = wireLC(0);
    for (const s of sel) cs.constrain(wireLC(s), new Map([[s, 1n], [0, -1n]]), new Map());
    cs.constrain(new Map(sel.map((s) => [s, 1n])), one, new Map([[0, 1n]]));
    cs.constrain(wireLC(cs.outputWire(0)), one, wireLC(sel[1]!));
    xs.forEach((x, j) => cs.constrain(wireLC(sel[j]!), x, wireLC(prod[j]!)));
    xs.forEach((x) => {
      const d = new Map(prod.map((p) => [p, 1n] as [number, bigint]));
      for (const [k, v] of x) d.set(k, (d.get(k) ?? 0n) - v);
      decompose(cs, d, 0n, 3);
    });
    expect(satisfyingOutputs(cs.toR1cs(), fixedInputs(cs, [2n, 2n]))).toEqual(new Set(['0', '1']));
  });
});

describe('audit: requantize (+ReLU) at interval edges — exactly one satisfying output, the right one', () => {
  // [lo, hi, k, relu]: lo = −2^m exactly, hi = 2^m − 1, hi = 0, lo = 0, k = 0, k larger than the width, etc.
  const cases: [bigint, bigint, number, boolean][] = [
    [-8n, 7n, 0, true],
    [-8n, 7n, 0, false],
    [-8n, 8n, 0, true],
    [-9n, 7n, 2, true],
    [-8n, 7n, 2, false],
    [-8n, 0n, 0, false],
    [-8n, 0n, 2, false],
    [-8n, 2n, 2, true], // hi rounds up to 1 after the shift
    [-8n, 1n, 2, true], // hi rounds to 0: constant 0
    [0n, 15n, 2, true],
    [0n, 15n, 2, false],
    [-2n, 13n, 2, false], // lo = −half: z ≥ 0 branch
    [-3n, 13n, 2, false],
    [-5n, 3n, 5, false], // k > m: quotient has no bits
    [-5n, 30n, 5, true],
    [-1n, 0n, 0, true],
    [-1n, 0n, 0, false],
    [-1n, 1n, 1, false],
    [-16n, 15n, 4, false],
    [-17n, 16n, 3, true],
  ];
  for (const [lo, hi, k, relu] of cases) {
    it(`[${lo}, ${hi}], k = ${k}, relu = ${relu}`, () => {
      const { cs, xs } = freeInputs(1, 1);
      const r = requantize(cs, xs[0]!, lo, hi, k, relu);
      expose(cs, r.value, cs.outputWire(0));
      const r1cs = cs.toR1cs();
      for (let x = lo; x <= hi; x++) {
        const q = roundShift(x, k);
        const expected = relu && q < 0n ? 0n : q;
        const w = cs.witness([x]);
        expect(isSatisfied(r1cs, w)).toBe(true);
        expect(w[1]).toBe(expected);
        expect(satisfyingOutputs(r1cs, fixedInputs(cs, [x]))).toEqual(new Set([String(expected)]));
      }
    });
  }
});

describe('audit: max2 (max pooling) — partial overlap, nesting, touching intervals', () => {
  const cases: [bigint, bigint, bigint, bigint][] = [
    [-4n, 3n, -2n, 6n], // partial overlap
    [-4n, 6n, -1n, 2n], // b nested in a
    [0n, 3n, 3n, 7n], // touching: b.lo = a.hi (free, b ≥ a)
    [3n, 7n, 0n, 3n], // touching the other way
    [-8n, -1n, -8n, -1n], // identical
    [-1n, 0n, 0n, 0n], // b constant at a's top
    [0n, 0n, 0n, 0n],
  ];
  for (const [alo, ahi, blo, bhi] of cases) {
    it(`a ∈ [${alo}, ${ahi}], b ∈ [${blo}, ${bhi}]`, () => {
      const { cs, xs } = freeInputs(1, 2);
      const r = max2(cs, { value: xs[0]!, lo: alo, hi: ahi }, { value: xs[1]!, lo: blo, hi: bhi });
      expose(cs, r.value, cs.outputWire(0));
      const r1cs = cs.toR1cs();
      for (let a = alo; a <= ahi; a++) {
        for (let b = blo; b <= bhi; b++) {
          const expected = a > b ? a : b;
          expect(r.lo <= expected && expected <= r.hi).toBe(true);
          const w = cs.witness([a, b]);
          expect(isSatisfied(r1cs, w)).toBe(true);
          expect(satisfyingOutputs(r1cs, fixedInputs(cs, [a, b]))).toEqual(new Set([String(expected)]));
        }
      }
    });
  }
});

describe('audit: sign output at the edges', () => {
  const cases: [bigint, bigint][] = [
    [-1n, 0n],
    [-8n, 7n],
    [-8n, 8n],
    [-9n, 0n],
    [0n, 5n], // constant 1
    [-5n, -1n], // constant 0
    [0n, 0n],
  ];
  for (const [lo, hi] of cases) {
    it(`[${lo}, ${hi}]`, () => {
      const { cs, xs } = freeInputs(1, 1);
      signBit(cs, xs[0]!, lo, hi, cs.outputWire(0));
      const r1cs = cs.toR1cs();
      for (let x = lo; x <= hi; x++) {
        const w = cs.witness([x]);
        expect(isSatisfied(r1cs, w)).toBe(true);
        expect(satisfyingOutputs(r1cs, fixedInputs(cs, [x]))).toEqual(new Set([x >= 0n ? '1' : '0']));
      }
    });
  }
});

describe('audit: argmax — one-hot, lowest-index ties, n = 1, all-equal logits', () => {
  const ref = (v: readonly bigint[]) => v.reduce((best, x, i) => (x > v[best]! ? i : best), 0);
  it('n = 1: the class is the constant 0', () => {
    const { cs, xs } = freeInputs(1, 1);
    argmax(cs, xs, [-3n], [3n], cs.outputWire(0));
    const r1cs = cs.toR1cs();
    for (let x = -3n; x <= 3n; x++) expect(satisfyingOutputs(r1cs, fixedInputs(cs, [x]))).toEqual(new Set(['0']));
  });
  it('n = 3 over every triple in [−2, 1]³ (ties everywhere): one output, the lowest maximal index', () => {
    const { cs, xs } = freeInputs(1, 3);
    argmax(cs, xs, [-2n, -2n, -2n], [1n, 1n, 1n], cs.outputWire(0));
    const r1cs = cs.toR1cs();
    for (let a = -2n; a <= 1n; a++) {
      for (let b = -2n; b <= 1n; b++) {
        for (let c = -2n; c <= 1n; c++) {
          const v = [a, b, c];
          expect(isSatisfied(r1cs, cs.witness(v))).toBe(true);
          expect(satisfyingOutputs(r1cs, fixedInputs(cs, v))).toEqual(new Set([String(ref(v))]));
        }
      }
    }
  });
  it('n = 3 with disjoint and point intervals (bits = 1 edge): still unique', () => {
    const { cs, xs } = freeInputs(1, 3);
    const lo = [0n, 1n, 0n];
    const hi = [0n, 1n, 1n];
    argmax(cs, xs, lo, hi, cs.outputWire(0));
    const r1cs = cs.toR1cs();
    for (const c of [0n, 1n]) {
      const v = [0n, 1n, c];
      expect(satisfyingOutputs(r1cs, fixedInputs(cs, v))).toEqual(new Set([String(ref(v))]));
    }
  });
  it('all-equal logits: only class 0 is provable', () => {
    const { cs, xs } = freeInputs(1, 3);
    argmax(cs, xs, [5n, 5n, 5n], [9n, 9n, 9n], cs.outputWire(0));
    const r1cs = cs.toR1cs();
    expect(satisfyingOutputs(r1cs, fixedInputs(cs, [7n, 7n, 7n]))).toEqual(new Set(['0']));
  });
});

describe('audit: decomposition and input codes', () => {
  it('a wrap-around value (x = −1 ↦ p − 1) has no boolean decomposition in 240 bits', () => {
    const { cs, xs } = freeInputs(0, 1);
    decompose(cs, xs[0]!, 0n, 4);
    const r1cs = cs.toR1cs();
    for (const x of [-1n, 16n, FIELD_PRIME - 1n, (FIELD_PRIME + 1n) / 2n]) expect(satisfyingOutputs(r1cs, fixedInputs(cs, [x])).size).toBe(0);
  });
  it('refuses decompositions wider than MAX_DECOMPOSITION_BITS', () => {
    const { cs, xs } = freeInputs(0, 1);
    expect(() => decompose(cs, xs[0]!, 0n, 241)).toThrow(/exceeds 240/);
  });
  it('every input code bit is boolean-constrained (no free input wire)', () => {
    const cs = new CircuitBuilder(1, 3 * 2);
    const codes = inputCodes(cs, 2, 3);
    expose(cs, new Map([...codes[0]!, ...[...codes[1]!].map(([k, v]) => [k, v * 8n] as [number, bigint])]), cs.outputWire(0));
    const r1cs = cs.toR1cs();
    const bool = new Set(r1cs.constraints.map(isBooleanity));
    for (let i = 0; i < 6; i++) expect(bool.has(cs.privateInputWire(i))).toBe(true);
    // Every output is reachable only as 8·code1 + code0 with both codes in [0, 8).
    expect(satisfyingOutputs(r1cs, new Map()).size).toBe(64);
  });
});

describe('audit: lowering binds materialised input codes to their bits', () => {
  it('a wide first layer reads one wire per code, and that wire cannot carry another code', () => {
    // Lowered directly from the integer IR (no compile recipe): 4 codes of 6 bits read by a Dense
    // of 300 neurons, past the fan-out at which each code gets its own wire.
    const random = rng(300);
    const g = new GraphMaker(random, [4]);
    const q = quantize(g.graph(g.relu(g.dense(g.input, 300))), { inputBits: 6, activationBits: 6, weightBits: 8, outputRule: 'logits' });
    const { builder, layers, nOutputs } = lower(q);
    expect(layers[0]!.constraints).toBe(4 * 6 + 4);
    const r1cs = builder.toR1cs();
    const bitWires = Array.from({ length: 4 * 6 }, (_, i) => 1 + nOutputs + i);
    for (const [a, b] of [
      [[1n, 2n, 3n, 4n], [60n, 0n, 33n, 17n]],
      [[0n, 0n, 0n, 0n], [0n, 0n, 0n, 1n]],
    ] as const) {
      const honest = builder.witness(a);
      expect(isSatisfied(r1cs, honest)).toBe(true);
      // The prover commits to a's bits but runs the network on b: every wire past the bits is b's.
      const forged = builder.witness(b);
      for (const w of bitWires) forged[w] = honest[w]!;
      expect(isSatisfied(r1cs, forged)).toBe(false);
    }
  });
});

describe('audit: compiled models have no free wire and match the reference on edge codes', () => {
  it('every wire above the inputs appears in some constraint', () => {
    const random = rng(1234);
    const g = new GraphMaker(random, [4, 4, 2]);
    const out = g.dense(g.reshape(g.pool(g.relu(g.conv(g.input, 3, [2, 2], [1, 1], 'same')), 'max', [2, 2], [2, 2], 'valid'), [12]), 3);
    for (const rule of ['argmax', 'sign', 'logits'] as const) {
      const c = compileModel(g.graph(out), { inputSpec: specFor([4, 4, 2], 4, random), output: rule });
      const used = new Set<number>();
      for (const [a, b, cc] of c.r1cs.constraints) for (const lc of [a, b, cc]) lc.wires.forEach((w) => used.add(w));
      for (let wire = 1; wire < c.r1cs.nWires; wire++) expect(used.has(wire), `wire ${wire} (${rule})`).toBe(true);
    }
  });

  it('a tiny model: circuit = reference for every input code (every rule)', () => {
    const random = rng(77);
    const g = new GraphMaker(random, [2]);
    const out = g.dense(g.relu(g.dense(g.input, 2)), 2);
    const spec = specFor([2], 2, random);
    for (const rule of ['argmax', 'sign', 'logits'] as const) {
      const c = compileModel(g.graph(out), { inputSpec: spec, output: rule, activationBits: 2, weightBits: 3 });
      for (let a = 0n; a < 4n; a++) {
        for (let b = 0n; b < 4n; b++) {
          const w = c.witness([a, b]);
          expect(isSatisfied(c.r1cs, w)).toBe(true);
          expect(c.outputSignals(w)).toEqual(c.referenceOutput([a, b]));
        }
      }
    }
  });
});

describe('audit: R1CS canonicalization (negative, duplicate, zero terms)', () => {
  const big = (wires: number[], coefs: bigint[]): LinearTerms => ({ wires, coefs });
  it('negative coefficients, repeated wires and cancelling terms serialize to the same relation', () => {
    // Wires: 0 = one, 1 = out, 2 = x. Constraint: (x − 3 + x) · 1 = out + 0·x, written non-canonically.
    const r1cs: R1cs = {
      prime: FIELD_PRIME,
      nWires: 3,
      nOutputs: 1,
      nPublicInputs: 0,
      nPrivateInputs: 1,
      constraints: [[big([2, 0, 2], [1n, -3n, 1n]), big([0], [1n]), big([1, 2, 2], [1n, 5n, -5n])]],
    };
    const back = readR1cs(writeR1cs(r1cs));
    expect(back.constraints[0]![0]).toEqual({ wires: [0, 2], coefs: [FIELD_PRIME - 3n, 2n] });
    expect(back.constraints[0]![2]).toEqual({ wires: [1], coefs: [1n] });
    for (const x of [-7n, 0n, 1n, 12n]) {
      const good = [1n, 2n * x - 3n, x];
      expect(isSatisfied(r1cs, good)).toBe(true);
      expect(isSatisfied(back, good)).toBe(true);
      const bad = [1n, 2n * x - 2n, x];
      expect(isSatisfied(back, bad)).toBe(false);
    }
  });
  it('the builder reduces coefficients ≥ r and < 0 and drops terms that vanish mod r', () => {
    const cs = new CircuitBuilder(1, 1);
    cs.constrain(new Map([[2, FIELD_PRIME + 2n], [0, -FIELD_PRIME]]), wireLC(0), new Map([[1, 1n]]));
    const [a] = cs.toR1cs().constraints[0]!;
    expect(a).toEqual({ wires: [2], coefs: [2n] });
  });
});

describe('audit: rewrites keep the function (float graph before vs after folding)', () => {
  type Build = (g: GraphMaker) => number;
  const models: [string, number[], Build][] = [
    ['affine (non-zero shift) → conv "same" (must not fold the shift through padding)', [5, 5, 2], (g) => g.conv(g.affine(g.input), 3, [3, 3], [1, 1], 'same')],
    ['affine → conv valid stride 2 with an uncovered border', [6, 6, 2], (g) => g.conv(g.affine(g.input), 3, [3, 3], [2, 2], 'valid')],
    ['affine → depthwise conv same', [4, 4, 2], (g) => g.conv(g.affine(g.input), 0, [3, 3], [1, 1], 'same', 2)],
    ['affine → avg pool same (border windows average fewer taps)', [5, 5, 2], (g) => g.pool(g.affine(g.input), 'avg', [3, 3], [2, 2], 'same')],
    ['conv → affine (negative scales possible) → relu → max pool same', [5, 5, 2], (g) => g.pool(g.relu(g.affine(g.conv(g.input, 3, [2, 2], [1, 1], 'valid'))), 'max', [2, 2], [2, 2], 'same')],
    ['depthwise conv → affine', [4, 4, 3], (g) => g.affine(g.conv(g.input, 0, [2, 2], [1, 1], 'valid', 2))],
    ['affine on rank 2 → dense per row', [3, 4], (g) => g.dense(g.affine(g.input), 2)],
  ];
  for (const [name, shape, build] of models) {
    it(name, () => {
      for (let seed = 1; seed <= 10; seed++) {
        const random = rng(seed * 13 + name.length);
        const g = new GraphMaker(random, shape);
        const graph: Graph = g.graph(build(g));
        const spec = specFor(shape, 6, random);
        const decoded = withInputDecode(graph, spec);
        const folded = foldAffines(poolBeforeRelu(decoded));
        for (let t = 0; t < 4; t++) {
          const codes = spec.features.map(() => Math.floor(random() * 64));
          const a = floatOutput(decoded, codes);
          const b = floatOutput(folded, codes);
          a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-9));
        }
        // And the circuit equals the integer reference on the same model.
        const c = compileModel(graph, { inputSpec: spec, output: 'argmax', activationBits: 6, weightBits: 8 });
        for (const fill of [0n, 63n]) {
          const codes = spec.features.map(() => fill);
          const w = c.witness(codes);
          expect(isSatisfied(c.r1cs, w)).toBe(true);
          expect(c.outputSignals(w)).toEqual(c.referenceOutput(codes));
        }
      }
    });
  }
});

describe('audit: public signal decoding', () => {
  const spec = (rule: 'argmax' | 'sign' | 'logits', size: number): OutputSpec => ({ rule, size, scale: 4 });
  it('decodes negative logits from their field representation (toSigned)', () => {
    const out = decodeOutputSignals(spec('logits', 3), [FIELD_PRIME - 32n, 16n, 0n]);
    expect(out.values).toEqual([-2, 1, 0]);
    // The largest positive and the most negative representable values sit on either side of (r−1)/2.
    expect(toSigned((FIELD_PRIME - 1n) / 2n)).toBe((FIELD_PRIME - 1n) / 2n);
    expect(toSigned((FIELD_PRIME + 1n) / 2n)).toBe(-(FIELD_PRIME - 1n) / 2n);
  });
  it('refuses a wrong number of signals', () => {
    expect(() => splitSignals(standardLayout(spec('argmax', 3)), ['1', '0', '0'])).toThrow(/3 public signals/);
    expect(() => splitSignals(standardLayout(spec('sign', 2)), ['1', '0'])).toThrow(/2 public signals/);
  });
  it('refuses a signal shifted by r or otherwise not a canonical field element (our check, before snarkjs)', () => {
    const layout = standardLayout(spec('argmax', 2));
    expect(splitSignals(layout, ['1', '0']).get('output')).toEqual([1n]);
    expect(() => splitSignals(layout, [String(1n + FIELD_PRIME), '0'])).toThrow(/not a field element/);
    expect(() => splitSignals(layout, ['1', String(FIELD_PRIME)])).toThrow(/not a field element/);
  });
});
