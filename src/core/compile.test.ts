import { describe, expect, it } from 'vitest';
import { compileModel } from './compile.js';
import { isSatisfied } from './circuit/check.js';
import { floatOutput } from './model/float-inference.js';
import { decodeInput } from './model/input.js';
import type { Graph, OutputRule } from './model/ir.js';
import { GraphMaker, rng, specFor } from './test-support/random-graph.js';
import { FIELD_PRIME } from './field.js';
import { exactInFloat } from './quant/reference.js';

type Build = (g: GraphMaker) => number;

const models: [string, number[], Build][] = [
  ['dense → relu → dense', [6], (g) => g.dense(g.relu(g.dense(g.input, 5)), 3)],
  ['batchnorm-style affine → dense → relu → affine → dense', [5], (g) => g.dense(g.affine(g.relu(g.dense(g.affine(g.input), 4))), 3)],
  ['reshape (flatten) → dense', [2, 3], (g) => g.dense(g.relu(g.dense(g.reshape(g.input, [6]), 4)), 2)],
  ['dense on rank-2 input (per row)', [3, 4], (g) => g.reshape(g.dense(g.relu(g.dense(g.input, 3)), 2), [6])],
  ['residual add', [4], (g) => {
    const h = g.relu(g.dense(g.input, 4));
    return g.dense(g.add(h, g.relu(g.dense(h, 4))), 3);
  }],
  ['add at mixed scales', [4], (g) => g.dense(g.add(g.dense(g.input, 3), g.relu(g.dense(g.input, 3))), 2)],
  ['concatenate branches', [4], (g) => {
    const a = g.relu(g.dense(g.input, 3));
    const b = g.relu(g.dense(g.input, 2));
    return g.dense(g.concat(0, a, b), 3);
  }],
  ['concatenate on an inner axis', [2, 2], (g) => g.dense(g.reshape(g.concat(1, g.relu(g.dense(g.input, 3)), g.input), [10]), 2)],
  ['relu straight on the input', [5], (g) => g.dense(g.relu(g.affine(g.input)), 2)],
  ['conv valid → relu → avg pool 2 → dense', [6, 6, 1], (g) => g.dense(g.reshape(g.pool(g.relu(g.conv(g.input, 2, [3, 3], [1, 1], 'valid')), 'avg', [2, 2], [2, 2], 'valid'), [8]), 3)],
  ['conv same, stride 2 → relu → max pool (pooled before the ReLU)', [5, 5, 2], (g) => g.reshape(g.pool(g.relu(g.conv(g.input, 3, [3, 3], [2, 2], 'same')), 'max', [2, 2], [1, 1], 'valid'), [12])],
  ['depthwise conv ×2 → affine → relu → global avg pool', [4, 4, 2], (g) => g.dense(g.globalPool(g.relu(g.affine(g.conv(g.input, 0, [2, 2], [1, 1], 'valid', 2))), 'avg'), 3)],
  ['zero padding → conv 1×3 → relu → global max pool', [3, 4, 1], (g) => g.globalPool(g.relu(g.conv(g.pad(g.input, 1, 0, 0, 2), 2, [1, 3], [1, 1], 'valid')), 'max')],
  ['max pool same padding 3×3 stride 2 → avg pool same', [5, 5, 1], (g) => g.reshape(g.pool(g.pool(g.affine(g.input), 'max', [3, 3], [2, 2], 'same'), 'avg', [2, 2], [2, 2], 'same'), [4])],
];

const rules: OutputRule[] = ['argmax', 'sign', 'logits'];

describe('compiled circuits equal the integer reference inference', () => {
  for (const [name, shape, build] of models) {
    for (const rule of rules) {
      it(`${name}, ${rule}`, () => {
        const random = rng(name.length * 31 + rule.length);
        const g = new GraphMaker(random, shape);
        const graph = g.graph(build(g));
        const spec = specFor(shape, 6, random);
        const c = compileModel(graph, { inputSpec: spec, output: rule, activationBits: 8, weightBits: 10 });
        for (let trial = 0; trial < 12; trial++) {
          const codes = spec.features.map(() => BigInt(Math.floor(random() * 64)));
          if (trial === 0) codes.fill(0n);
          if (trial === 1) codes.fill(63n);
          const w = c.witness(codes);
          expect(isSatisfied(c.r1cs, w)).toBe(true);
          const out = c.outputSignals(w);
          expect(out).toEqual(c.referenceOutput(codes));
          // Tampering with any public output breaks the witness.
          const forged = [...w];
          forged[1] = (forged[1]! + 1n) % FIELD_PRIME;
          expect(isSatisfied(c.r1cs, forged)).toBe(false);
          // The float model agrees closely (logits) on the values the circuit saw.
          if (rule === 'logits') {
            const f = floatOutput(graph, decodeInput(spec, codes));
            const scale = 2 ** c.quantized.tensors.get(c.quantized.output)!.scale;
            out.forEach((v, i) => expect(Math.abs(Number(v) / scale - f[i]!)).toBeLessThan(0.1));
          }
        }
      });
    }
  }
});

describe('wide fixed point (sums past 2^50: the reference falls back to bigint)', () => {
  it('still equals the circuit exactly', () => {
    const random = rng(99);
    const g = new GraphMaker(random, [6]);
    const out = g.dense(g.relu(g.dense(g.relu(g.dense(g.input, 6)), 5)), 3);
    const spec = specFor([6], 20, random);
    const c = compileModel(g.graph(out), { inputSpec: spec, output: 'logits', weightBits: 26, activationBits: 24 });
    const q = c.quantized;
    const paths = q.nodes.filter((n) => n.op.kind === 'linear').map((n) => exactInFloat(n.op, q.tensors.get(n.inputs[0]!)!));
    expect(paths).toContain(false); // at least one layer takes the bigint path…
    expect(paths).toContain(true); // …and at least one the double path
    for (let i = 0; i < 5; i++) {
      const codes = spec.features.map(() => BigInt(Math.floor(random() * 2 ** 20)));
      const w = c.witness(codes);
      expect(isSatisfied(c.r1cs, w)).toBe(true);
      expect(c.outputSignals(w)).toEqual(c.referenceOutput(codes));
    }
  });
});

describe('wide first layer', () => {
  it('pins each input code to one wire (one constraint) instead of copying its bits into every neuron', () => {
    const random = rng(5);
    const build = (width: number) => {
      const g = new GraphMaker(random, [4]);
      return g.graph(g.dense(g.relu(g.dense(g.input, width)), 3), 'argmax');
    };
    const spec = specFor([4], 8, random);
    const wide = compileModel(build(300), { inputSpec: spec });
    const narrow = compileModel(build(30), { inputSpec: spec });
    const inputCost = (c: typeof wide) => c.layers[0]!.constraints;
    expect(inputCost(narrow)).toBe(4 * 8);
    expect(inputCost(wide)).toBe(4 * 8 + 4);
    // Each first-layer neuron reads 4 terms (one per code wire), not 4 × 8 bits.
    const cs = wide.r1cs.constraints;
    const booleans = new Set(cs.filter(([a, b, c]) => a.wires.length === 1 && b.wires.length === 1 && c.wires.length === 1 && a.wires[0] === b.wires[0] && b.wires[0] === c.wires[0]).map(([a]) => a.wires[0]!));
    // The first ReLU's decomposition: a linear constraint (empty A and B) with more bits than an
    // input code has; it reads the 4 code wires and the constant, no input bit (wires 2 … 33).
    const firstRelu = cs.find((c) => c[0].wires.length === 0 && c[1].wires.length === 0 && c[2].wires.filter((w) => booleans.has(w)).length > 8)!;
    expect(firstRelu[2].wires.some((w) => w >= 2 && w < 2 + 4 * 8)).toBe(false);
    expect(firstRelu[2].wires.filter((w) => !booleans.has(w)).length).toBeLessThanOrEqual(5);
    for (let t = 0; t < 5; t++) {
      const codes = spec.features.map(() => BigInt(Math.floor(random() * 256)));
      const w = wide.witness(codes);
      expect(isSatisfied(wide.r1cs, w)).toBe(true);
      expect(wide.outputSignals(w)).toEqual(wide.referenceOutput(codes));
      // A code wire that disagrees with its bits is refused.
      const codeWire = wide.r1cs.constraints[4 * 8]![0].wires[0]!;
      const forged = [...w];
      forged[codeWire] = forged[codeWire]! + 1n;
      expect(isSatisfied(wide.r1cs, forged)).toBe(false);
    }
  });
});

describe('convolution costs', () => {
  it('convolutions, average pooling and padding cost zero constraints; max pooling is applied before the ReLU', () => {
    const random = rng(11);
    const g = new GraphMaker(random, [8, 8, 1]);
    const c1 = g.relu(g.conv(g.pad(g.input, 1, 1, 1, 1), 3, [3, 3], [1, 1], 'valid'));
    const p1 = g.pool(c1, 'max', [2, 2], [2, 2], 'valid');
    const out = g.dense(g.reshape(g.pool(g.relu(g.conv(p1, 4, [3, 3], [1, 1], 'same')), 'avg', [2, 2], [2, 2], 'valid'), [16]), 3);
    const c = compileModel(g.graph(out, 'argmax'), { inputSpec: specFor([8, 8, 1], 8, random) });
    for (const l of c.layers.filter((x) => x.op === 'sparse' || x.op === 'linear')) expect(l.constraints).toBe(0);
    const relus = c.layers.filter((l) => l.op === 'requant');
    expect(relus[0]!.activations).toBe(4 * 4 * 3); // one ReLU per pooled output, not per 8×8×3 conv output
    expect(c.notes.join()).toMatch(/moved before the ReLU.*48 ReLUs instead of 192/);
    const maxes = c.layers.find((l) => l.op === 'max')!;
    expect(maxes.constraints).toBe(maxes.bits.reduce((s, b) => s + b + 2, 0));
  });
});

describe('costs', () => {
  function mlp(): Graph {
    const g = new GraphMaker(rng(7), [20]);
    return g.graph(g.dense(g.relu(g.dense(g.input, 12)), 3), 'argmax');
  }

  it('a Dense matrix product costs zero constraints; each ReLU costs its bits + 2', () => {
    const random = rng(3);
    const c = compileModel(mlp(), { inputSpec: specFor([20], 8, random) });
    const dense = c.layers.filter((l) => l.op === 'linear');
    expect(dense.length).toBe(2);
    for (const l of dense) expect(l.constraints).toBe(0);
    const relu = c.layers.find((l) => l.op === 'requant')!;
    expect(relu.bits.length).toBe(12);
    expect(relu.constraints).toBe(relu.bits.reduce((s, b) => s + b + 2, 0));
    // Bit widths come from each neuron's own interval, not one global width.
    const q = c.quantized.tensors.get(c.quantized.nodes[0]!.output)!;
    expect(new Set(relu.bits).size).toBeGreaterThan(1);
    expect(q.lo.length).toBe(12);
    expect(c.stats.constraints).toBe(c.layers.reduce((s, l) => s + l.constraints, 0));
    // 2^P > constraints + public signals (the output and the challenge).
    expect(c.stats.power).toBe(Math.ceil(Math.log2(c.stats.constraints + 3)));
  });

  it('puts the long sums in C: the A and B sides stay short', () => {
    const c = compileModel(mlp(), { inputSpec: specFor([20], 8, rng(4)) });
    expect(c.stats.terms.c).toBeGreaterThan(c.stats.terms.a);
    const longest = (k: 0 | 1 | 2) => Math.max(...c.r1cs.constraints.map((x) => x[k].wires.length));
    expect(longest(2)).toBeGreaterThanOrEqual(20 * 8); // a first-layer neuron over 20 inputs × 8 bits
    expect(longest(0)).toBeLessThan(64);
  });

  it('is deterministic: the same model and options give the same R1CS', () => {
    const spec = specFor([20], 8, rng(5));
    const a = compileModel(mlp(), { inputSpec: spec });
    const b = compileModel(mlp(), { inputSpec: spec });
    expect(a.r1cs).toEqual(b.r1cs);
  });
});
