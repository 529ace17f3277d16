/** The naive encoding of every integer op kind: its analytic count equals the circuit it builds, which computes our outputs. */
import { describe, expect, it } from 'vitest';
import { isSatisfied } from '../src/core/circuit/check.js';
import { compileModel } from '../src/core/compile.js';
import { GraphMaker, rng, specFor } from '../src/core/test-support/random-graph.js';
import { buildNaive, countNaive } from './naive.js';

describe('naive encoding', () => {
  it('counts what it builds, for a model with every op kind, ReLU6 included', () => {
    const random = rng(8);
    const g = new GraphMaker(random, [4, 4, 1]);
    const conv = g.conv(g.pad(g.input, 1, 0, 1, 0), 2, [2, 2], [1, 1], 'valid');
    const pooled = g.pool(g.relu6(g.conv(g.input, 2, [1, 1], [1, 1], 'valid')), 'max', [2, 2], [2, 2], 'valid');
    const avg = g.pool(g.relu(conv), 'avg', [2, 2], [2, 2], 'valid');
    const flat = g.reshape(g.add(pooled, avg), [8]);
    const out = g.dense(g.concat(0, g.relu6(g.affine(flat)), flat), 3);
    const spec = specFor([4, 4, 1], 4, random);
    const compiled = compileModel(g.graph(out), { inputSpec: spec, output: 'logits', activationBits: 4, weightBits: 6 });
    expect(new Set(compiled.quantized.nodes.map((n) => n.op.kind))).toEqual(new Set(['sparse', 'requant', 'relu6', 'max', 'add', 'reshape', 'affine', 'concat', 'linear']));
    const naive = buildNaive(compiled.quantized);
    const r1cs = naive.builder.toR1cs();
    const count = countNaive(compiled.quantized);
    expect(r1cs.constraints.length).toBe(count.constraints);
    expect(r1cs.nWires).toBe(count.wires);
    const codes = spec.features.map((_, i) => BigInt((i * 5) % 16));
    const w = naive.builder.witness(naive.privateInputs(codes));
    expect(isSatisfied(r1cs, w)).toBe(true);
    expect(w.slice(1, 4)).toEqual(compiled.witness(codes).slice(1, 4));
  });
});
