import { describe, expect, it } from 'vitest';
import { GraphMaker, rng, specFor } from '../test-support/random-graph.js';
import { searchBits } from './search.js';
import { DEFAULT_ACTIVATION_BITS, DEFAULT_WEIGHT_BITS } from '../quant/quantize.js';

describe('searchBits', () => {
  const random = rng(21);
  const g = new GraphMaker(random, [8]);
  const graph = g.graph(g.dense(g.relu(g.dense(g.relu(g.dense(g.input, 12)), 8)), 4), 'argmax');
  const spec = specFor([8], 8, random);
  const samples = Array.from({ length: 200 }, () => spec.features.map((f) => f.min + random() * (f.max - f.min)));

  it('finds cheaper widths that still meet the agreement target', () => {
    const { best, trials, compiled } = searchBits(graph, spec, samples, { target: 0.97 });
    const defaults = trials[0]!;
    expect([defaults.weightBits, defaults.activationBits]).toEqual([DEFAULT_WEIGHT_BITS, DEFAULT_ACTIVATION_BITS]);
    expect(best.agreement.top1).toBeGreaterThanOrEqual(0.97);
    expect(best.constraints).toBeLessThan(defaults.constraints);
    expect(compiled.stats.constraints).toBe(best.constraints);
    expect(compiled.options).toMatchObject({ weightBits: best.weightBits, activationBits: best.activationBits });
    // The step past the choice breaks the target (or the floor was reached).
    const rejected = trials.filter((t) => t.agreement.top1 < 0.97);
    for (const t of rejected) expect(t.weightBits <= best.weightBits && t.activationBits <= best.activationBits).toBe(true);
  });

  it('keeps the defaults when even they miss the target', () => {
    const { best, trials } = searchBits(graph, spec, samples, { target: 1.01 });
    expect(trials).toHaveLength(1);
    expect(best.weightBits).toBe(DEFAULT_WEIGHT_BITS);
  });
});
