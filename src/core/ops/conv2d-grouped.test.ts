/**
 * Grouped convolution (ONNX Conv with 1 < group < channels): each output channel reads only its
 * group's input channels. Through every stage with forged witnesses (op harness), an affine folded
 * in front of it, and an ONNX model against onnxruntime through the circuit.
 */
import { describe, expect, it } from 'vitest';
import { foldAffines } from '../model/fold.js';
import { floatOutput } from '../model/float-inference.js';
import { loadModelFromMap } from '../model/source.js';
import { circuitAgreementAsync } from '../test-support/circuit-agreement.js';
import { checkOpStages } from '../test-support/op-harness.js';
import { attr, floatTensor, node, onnxBytes, seeded } from '../test-support/onnx-builder.js';
import { irToNchw, onnxRuntime } from '../test-support/onnx-runtime.js';
import { GraphMaker, rng } from '../test-support/random-graph.js';
import { windowFor } from '../tensor/spatial.js';
import type { TensorId } from '../model/ir.js';

/** A 3×3 conv, 4 → 6 channels in 2 groups, stride 1; kernel [3, 3, 2, 6]. */
function grouped(g: GraphMaker, x: TensorId, padding: 'same' | 'valid' = 'same'): TensorId {
  const [h, w] = g.shape(x) as [number, number, number];
  const { outH, outW, ...window } = windowFor(h, w, [3, 3], [1, 1], padding);
  return g.op({ kind: 'conv2d', geometry: { inShape: [h, w, 4], outShape: [outH, outW, 6], window, depthMultiplier: 0, groups: 2 }, kernel: g.weights(3 * 3 * 2 * 6, 0.4), bias: g.weights(6, 0.2) }, [x], [outH, outW, 6]);
}

describe('grouped convolution', () => {
  it('float ≈ integer reference = circuit witness, and every forged wire fails', () => {
    const random = rng(41);
    const g = new GraphMaker(random, [4, 4, 4]);
    checkOpStages(g.graph(grouped(g, g.input)), random, { trials: 3 });
  });

  it('an affine before it folds in exactly (per input channel of each group)', () => {
    const g = new GraphMaker(rng(5), [4, 4, 4]);
    // Unpadded, so the affine's shift folds into the bias too.
    const graph = g.graph(g.reshape(grouped(g, g.affine(g.input), 'valid'), [24]));
    const folded = foldAffines(graph);
    expect(folded.nodes.map((n) => n.op.kind)).toEqual(['conv2d', 'reshape']);
    const x = seeded(64, 3);
    floatOutput(folded, x).forEach((v, i) => expect(v).toBeCloseTo(floatOutput(graph, x)[i]!, 9));
  });

  it('ONNX Conv with group 2 computes what onnxruntime computes, through the circuit', async () => {
    const K = seeded(6 * 2 * 3 * 3, 8).map((v) => v * 0.6);
    const B = seeded(6, 9).map((v) => v * 0.1);
    const F = seeded(6 * 3, 10);
    const bytes = onnxBytes({
      input: { name: 'x', dims: ['n', 4, 5, 5] },
      output: { name: 'y', dims: ['n', 3] },
      initializers: [floatTensor('K', [6, 2, 3, 3], K), floatTensor('B', [6], B), floatTensor('F', [6, 3], F)],
      nodes: [
        node('Conv', ['x', 'K', 'B'], ['c'], [attr.ints('kernel_shape', [3, 3]), attr.int('group', 2), attr.ints('pads', [1, 1, 1, 1])], 'grouped'),
        node('Relu', ['c'], ['r']),
        node('GlobalAveragePool', ['r'], ['g']),
        node('Flatten', ['g'], ['f']),
        node('MatMul', ['f', 'F'], ['y']),
      ],
    });
    const m = await loadModelFromMap('model.onnx', new Map([['model.onnx', bytes]]), 'grouped');
    // onnxruntime reads NCHW; the package's input is channels-last.
    const rt = await onnxRuntime(bytes, { name: 'x', dims: [4, 5, 5] }, 'y');
    const ref = (v: number[]) => rt.run(irToNchw(v, [4, 5, 5]));
    try {
      for (let s = 0; s < 3; s++) {
        const v = seeded(100, 20 + s);
        const want = await ref(v);
        floatOutput(m.graph, v).forEach((y, i) => expect(Math.abs(y - want[i]!)).toBeLessThan(1e-5));
      }
      const r = await circuitAgreementAsync(m.graph, ref, { seed: 12 });
      expect(r.classes).toBeGreaterThan(1);
      expect(r.top1).toBeGreaterThanOrEqual(0.995);
    } finally {
      await rt.release();
    }
  });
});
