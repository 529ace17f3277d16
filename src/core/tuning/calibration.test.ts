import { describe, expect, it } from 'vitest';
import { compileModel } from '../compile.js';
import { isSatisfied } from '../circuit/check.js';
import { ZkinferError } from '../errors.js';
import { decodeInput } from '../model/input.js';
import type { OutputRule } from '../model/ir.js';
import { GraphMaker, rng, specFor } from '../test-support/random-graph.js';
import { calibrate, provabilityReport } from './calibration.js';

type Build = (g: GraphMaker) => number;

const models: [string, number[], Build, OutputRule][] = [
  ['dense → relu → dense → relu → dense', [6], (g) => g.dense(g.relu(g.dense(g.relu(g.dense(g.input, 5)), 4)), 3), 'argmax'],
  ['conv → relu → max pool → dense', [6, 6, 1], (g) => g.dense(g.reshape(g.pool(g.relu(g.conv(g.input, 2, [3, 3], [1, 1], 'valid')), 'max', [2, 2], [2, 2], 'valid'), [8]), 3), 'argmax'],
  ['residual add with relu6', [4], (g) => {
    const h = g.relu6(g.dense(g.input, 4));
    return g.dense(g.add(h, g.relu(g.dense(h, 4))), 2);
  }, 'sign'],
  ['global max pool after conv', [3, 4, 1], (g) => g.globalPool(g.relu(g.conv(g.pad(g.input, 1, 0, 0, 2), 2, [1, 3], [1, 1], 'valid')), 'max'), 'logits'],
];

describe('calibrated circuits', () => {
  for (const [name, shape, build, rule] of models) {
    it(`${name}: every input either proves the exact reference output or is refused naming its layer`, () => {
      const random = rng(name.length * 17);
      const g = new GraphMaker(random, shape);
      const graph = g.graph(build(g));
      const spec = specFor(shape, 6, random);
      const options = { inputSpec: spec, output: rule, activationBits: 6, weightBits: 8 };
      const codes = () => spec.features.map(() => BigInt(Math.floor(random() * 64)));
      const calibration = Array.from({ length: 6 }, codes);
      const exact = compileModel(graph, options);
      const c = compileModel(graph, { ...options, calibration: calibrate(graph, options, calibration.map((x) => decodeInput(spec, x)), 0) });
      expect(c.stats.constraints).toBeLessThanOrEqual(exact.stats.constraints);
      const layers = new Set(graph.nodes.map((n) => n.layer));
      let refused = 0;
      // The calibration inputs themselves always prove (margin 0 keeps their exact ranges).
      for (const x of [...calibration, ...Array.from({ length: 40 }, codes)]) {
        let w: bigint[];
        try {
          w = c.witness(x);
        } catch (e) {
          expect(e).toBeInstanceOf(ZkinferError);
          expect((e as ZkinferError).code).toBe('outside-calibration');
          const m = /this input drives layer (\S+) outside the range the publisher calibrated/.exec((e as Error).message);
          expect(m).not.toBeNull();
          expect([...layers].some((l) => m![1]!.includes(l))).toBe(true);
          expect(calibration).not.toContain(x);
          refused++;
          continue;
        }
        expect(isSatisfied(c.r1cs, w)).toBe(true);
        expect(c.outputSignals(w)).toEqual(c.referenceOutput(x));
      }
      expect(refused).toBeLessThan(46);
    });
  }

  it('a wider margin proves more inputs, and provability is reported', () => {
    const random = rng(5);
    const g = new GraphMaker(random, [6]);
    const graph = g.graph(g.dense(g.relu(g.dense(g.relu(g.dense(g.input, 8)), 8)), 3));
    const spec = specFor([6], 6, random);
    const options = { inputSpec: spec, output: 'argmax' as const, activationBits: 6, weightBits: 8 };
    const sample = () => decodeInput(spec, spec.features.map(() => BigInt(Math.floor(random() * 64))));
    const cal = Array.from({ length: 5 }, sample);
    const held = Array.from({ length: 60 }, sample);
    const narrow = provabilityReport(compileModel(graph, { ...options, calibration: calibrate(graph, options, cal, 0) }), spec, held);
    const wide = provabilityReport(compileModel(graph, { ...options, calibration: calibrate(graph, options, cal, 4) }), spec, held);
    expect(narrow.provability).toBeLessThan(1);
    expect(Object.keys(narrow.refusedBy).length).toBeGreaterThan(0);
    expect(wide.provability).toBeGreaterThan(narrow.provability);
    expect(provabilityReport(compileModel(graph, options), spec, held).provability).toBe(1);
  });
});
