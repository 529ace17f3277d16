/**
 * lower() on its own, from hand-made integer IR (quantize() of small graphs): what each layer
 * costs, when an input code gets its own wire, and what the output rules spend. Per-op
 * correctness (witness = reference, forged witnesses fail) is in src/core/ops/ops.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { OutputRule } from '../model/ir.js';
import { quantize } from '../quant/quantize.js';
import { GraphMaker, rng } from '../test-support/random-graph.js';
import { isSatisfied } from './check.js';
import { lower } from './lower.js';

const options = (outputRule: OutputRule = 'logits') => ({ inputBits: 4, activationBits: 6, weightBits: 8, outputRule });

describe('lower', () => {
  it('reports per layer: linear ops cost nothing, a ReLU its bits + 2 (bits + 1 when non-negative), max pooling bits + 2 per comparison', () => {
    const g = new GraphMaker(rng(4), [4, 4, 1]);
    const conv = g.conv(g.input, 2, [3, 3], [1, 1], 'same');
    const out = g.dense(g.reshape(g.pool(g.relu(conv), 'max', [2, 2], [2, 2], 'valid'), [8]), 3);
    const graph = g.graph(out);
    // Parameters are counted by the source layer's class (a Conv2D's sparse op has them, pooling's not).
    const named = { ...graph, nodes: graph.nodes.map((n) => (n.op.kind === 'conv2d' ? { ...n, className: 'Conv2D' } : n)) };
    const { layers } = lower(quantize(named, options()));
    expect(layers.map((l) => [l.layer, l.op])).toEqual([
      ['input', 'range check'],
      ['conv2d_0', 'sparse'],
      ['relu_1', 'requant'],
      ['pool2d_2', 'max'],
      ['reshape_3', 'reshape'],
      ['dense_4', 'linear'],
      ['output', 'logits'],
    ]);
    const [input, convCost, relu, pool, reshape, dense, output] = layers;
    expect(input).toMatchObject({ constraints: 16 * 4, bits: [4], activations: 16 });
    for (const free of [convCost!, reshape!, dense!]) expect(free).toMatchObject({ constraints: 0, wires: 0, bits: [] });
    // bits + 2 per element whose interval is signed, bits + 1 where it is non-negative.
    expect(relu!.constraints).toBeLessThanOrEqual(relu!.bits.reduce((s, b) => s + b + 2, 0));
    expect(relu!.constraints).toBeGreaterThanOrEqual(relu!.bits.reduce((s, b) => s + b + 1, 0));
    expect(pool!.constraints).toBe(pool!.bits.reduce((s, b) => s + b + 2, 0));
    expect(output).toMatchObject({ constraints: 3, activations: 3 });
    // Parameters: the conv's kernel and bias and the dense's; pooling and reshape carry none.
    expect(layers.map((l) => l.parameters)).toEqual([0, 3 * 3 * 2 + 2, 0, 0, 0, 8 * 3 + 3, 0]);
  });

  it('gives each input code its own wire from a fan-out of 256 terms, not below', () => {
    for (const [width, extra] of [[255, 0], [256, 3]] as const) {
      const g = new GraphMaker(rng(width), [3]);
      const q = quantize(g.graph(g.dense(g.input, width)), options());
      const { builder, layers } = lower(q);
      expect(layers[0]!.constraints).toBe(3 * 4 + extra);
      expect(isSatisfied(builder.toR1cs(), builder.witness([1n, 7n, 15n]))).toBe(true);
    }
  });

  it('spends 1 wire for argmax and one per value for sign and logits', () => {
    for (const [rule, outputs] of [['argmax', 1], ['sign', 3], ['logits', 3]] as const) {
      const g = new GraphMaker(rng(7), [2]);
      const { nOutputs, builder } = lower(quantize(g.graph(g.dense(g.input, 3)), options(rule)));
      expect(nOutputs).toBe(outputs);
      expect(builder.nOutputs).toBe(outputs);
    }
  });
});
