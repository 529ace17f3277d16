/**
 * The ONNX source on models built here with the ONNX schema, against onnxruntime running the same
 * bytes: the imported float graph computes what ONNX's own runtime computes (so the layout rewrite
 * is checked against ONNX itself), every model's circuit agrees with onnxruntime on ≥ 99.5 % of 200
 * seeded inputs (honest witnesses satisfy the constraints, forged outputs do not), and everything
 * outside the subset is refused with a sentence that names it.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../compile.js';
import { ZkinferError } from '../errors.js';
import { circuitAgreementAsync } from '../test-support/circuit-agreement.js';
import { expectCircuitIsReference } from '../test-support/circuit-check.js';
import { rng, specFor } from '../test-support/random-graph.js';
import { attr, floatTensor, int64Tensor, node, onnxBytes, seeded, type OnnxSpec } from '../test-support/onnx-builder.js';
import { irToNchw, onnxRuntime } from '../test-support/onnx-runtime.js';
import { floatOutput } from './float-inference.js';
import type { Graph } from './ir.js';
import { detectSource, loadModelFromMap } from './source.js';

interface Weights {
  [name: string]: { dims: number[]; data: number[] };
}

function weights(spec: Record<string, number[]>, seed: number): Weights {
  const out: Weights = {};
  let s = seed;
  for (const [name, dims] of Object.entries(spec)) out[name] = { dims, data: seeded(dims.reduce((a, b) => a * b, 1), s++) };
  return out;
}

const inits = (w: Weights, form: 'raw' | 'floatData' = 'raw') => Object.entries(w).map(([name, v]) => floatTensor(name, v.dims, v.data, form));

async function load(spec: OnnxSpec, entry = 'model.onnx') {
  return loadModelFromMap(entry, new Map([[entry, onnxBytes(spec)]]), 'test');
}

/** onnxruntime on the spec's bytes, taking inputs in the IR's order (channels-last unless the model's input already is). */
async function runtimeFor(spec: OnnxSpec, graph: Graph) {
  const dims = spec.input.dims.slice(1) as number[];
  const rt = await onnxRuntime(onnxBytes(spec), { name: spec.input.name, dims }, spec.output.name);
  const asIs = graph.shapes.get(graph.input)!.join() === dims.join();
  return { run: (irX: number[]) => rt.run(asIs ? irX : irToNchw(irX, dims)), release: () => rt.release() };
}

/** A final Softmax / Sigmoid becomes the output rule, so the graph ends at the logits; onnxruntime runs it. */
function finalActivation(spec: OnnxSpec): (logits: Float64Array) => number[] {
  const last = spec.nodes.at(-1)!.opType;
  if (last === 'Sigmoid') return (v) => Array.from(v, (z) => 1 / (1 + Math.exp(-z)));
  if (last !== 'Softmax') return (v) => Array.from(v);
  return (v) => {
    const e = Array.from(v, (z) => Math.exp(z - Math.max(...v)));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((z) => z / sum);
  };
}

/** The float graph against onnxruntime on a few seeded inputs. */
async function expectSameAsOnnxRuntime(spec: OnnxSpec, graph: Graph, seeds = [11, 12, 13, 14, 15]) {
  const rt = await runtimeFor(spec, graph);
  const n = graph.shapes.get(graph.input)!.reduce((a, b) => a * b, 1);
  const activate = finalActivation(spec);
  try {
    for (const seed of seeds) {
      const x = seeded(n, seed).map((v) => v * 2);
      const expected = await rt.run(x);
      const got = activate(floatOutput(graph, x));
      expect(got.length).toBe(expected.length);
      got.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5));
    }
  } finally {
    await rt.release();
  }
}

// --- the models ---------------------------------------------------------------------------

/** Gemm (transB, alpha, beta) → Relu → MatMul + Add → Clip(0, 6) → Gemm → Softmax. */
const mlpW = weights({ W1: [5, 6], b1: [5], W2: [5, 4], b2: [4], W3: [4, 3], b3: [1, 3] }, 131);
const mlp: OnnxSpec = {
  input: { name: 'x', dims: ['batch', 6] },
  output: { name: 'probs', dims: ['batch', 3] },
  initializers: [...inits(mlpW), floatTensor('zero', [], [0]), floatTensor('six', [], [6])],
  nodes: [
    node('Gemm', ['x', 'W1', 'b1'], ['h1'], [attr.int('transB', 1), attr.float('alpha', 0.5), attr.float('beta', 2)], 'fc1'),
    node('Relu', ['h1'], ['r1']),
    node('MatMul', ['r1', 'W2'], ['m2']),
    node('Add', ['m2', 'b2'], ['h2']),
    node('Clip', ['h2', 'zero', 'six'], ['r2']),
    node('Gemm', ['r2', 'W3', 'b3'], ['logits']),
    node('Softmax', ['logits'], ['probs'], [attr.int('axis', 1)]),
  ],
};

/** Conv(pads 1) → BatchNormalization → Clip(0, 6) → MaxPool → depthwise Conv (SAME_UPPER, stride 2) → Relu → Flatten → Gemm → Softmax. */
const cnnW = weights({ C1: [4, 3, 3, 3], C1b: [4], bnS: [4], bnB: [4], bnM: [4], bnV: [4], D: [8, 1, 3, 3], Db: [8], F: [3, 32], Fb: [3] }, 200);
cnnW.bnV!.data = cnnW.bnV!.data.map((v) => 0.5 + Math.abs(v));
const cnn: OnnxSpec = {
  input: { name: 'image', dims: [1, 3, 6, 6] },
  output: { name: 'out', dims: [1, 3] },
  initializers: [...inits(cnnW), floatTensor('lo', [], [0]), floatTensor('hi', [], [6])],
  nodes: [
    node('Conv', ['image', 'C1', 'C1b'], ['c1'], [attr.ints('pads', [1, 1, 1, 1]), attr.ints('kernel_shape', [3, 3])], 'conv1'),
    node('BatchNormalization', ['c1', 'bnS', 'bnB', 'bnM', 'bnV'], ['bn'], [attr.float('epsilon', 1e-3)]),
    node('Clip', ['bn', 'lo', 'hi'], ['r6']),
    node('MaxPool', ['r6'], ['p1'], [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2])]),
    node('Conv', ['p1', 'D', 'Db'], ['d1'], [attr.int('group', 4), attr.ints('strides', [2, 2]), attr.string('auto_pad', 'SAME_UPPER')], 'dw'),
    node('Relu', ['d1'], ['r2']),
    node('Flatten', ['r2'], ['flat']),
    node('Gemm', ['flat', 'F', 'Fb'], ['logits'], [attr.int('transB', 1)]),
    node('Softmax', ['logits'], ['out']),
  ],
};

/** Conv (no bias) → Relu → AveragePool (pads, excluding them) → GlobalAveragePool → Reshape → MatMul + Add → Sigmoid; opset 11, initializers as inputs, float_data. */
const gapW = weights({ K: [3, 1, 3, 3], M: [3, 2], Mb: [2] }, 300);
const gap: OnnxSpec = {
  input: { name: 'x', dims: ['N', 1, 5, 5] },
  output: { name: 'y', dims: ['N', 2] },
  opset: 11,
  initializersAsInputs: true,
  initializers: [...inits(gapW, 'floatData'), int64Tensor('shape', [2], [1, -1])],
  nodes: [
    node('Conv', ['x', 'K'], ['c'], [attr.ints('strides', [1, 1])]),
    node('Relu', ['c'], ['r']),
    node('AveragePool', ['r'], ['a'], [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1])]),
    node('GlobalAveragePool', ['a'], ['g']),
    node('Reshape', ['g', 'shape'], ['v']),
    node('MatMul', ['v', 'M'], ['m']),
    node('Add', ['Mb', 'm'], ['logits']),
    node('Sigmoid', ['logits'], ['y']),
  ],
};

/** Mul/Sub constants → Gemm → Relu → Identity → Dropout, a residual Add of two tensors, Div → Clip (opset 9 attributes) → BatchNormalization → Gemm (logits). */
const resW = weights({ s: [4], A: [4, 4], Ab: [4], B: [4, 4], Bb: [4], bnS: [4], bnB: [4], bnM: [4], bnV: [4], O: [4, 2], Ob: [2] }, 400);
resW.bnV!.data = resW.bnV!.data.map((v) => 0.5 + Math.abs(v));
const res: OnnxSpec = {
  input: { name: 'x', dims: [1, 4] },
  output: { name: 'y', dims: [1, 2] },
  opset: 9,
  initializers: [...inits(resW), floatTensor('off', [], [0.25]), floatTensor('two', [1], [2])],
  nodes: [
    node('Mul', ['x', 's'], ['xs']),
    node('Sub', ['xs', 'off'], ['x0']),
    node('Gemm', ['x0', 'A', 'Ab'], ['a']),
    node('Relu', ['a'], ['ra']),
    node('Identity', ['ra'], ['ia']),
    node('Dropout', ['ia'], ['h']),
    node('Gemm', ['h', 'B', 'Bb'], ['b']),
    node('Relu', ['b'], ['rb']),
    node('Add', ['h', 'rb'], ['sum']),
    node('Div', ['sum', 'two'], ['half']),
    node('Clip', ['half'], ['c'], [attr.float('min', 0), attr.float('max', 6)]),
    node('BatchNormalization', ['c', 'bnS', 'bnB', 'bnM', 'bnV'], ['n']),
    node('Gemm', ['n', 'O', 'Ob'], ['y']),
  ],
};

/** PyTorch's x.view(x.size(0), -1) after a Conv: Shape → Gather → Unsqueeze → Concat → Reshape, folded at import. */
const viewW = weights({ K: [3, 2, 2, 2], Kb: [3], L: [2, 27], Lb: [2] }, 500);
const view: OnnxSpec = {
  input: { name: 'x', dims: ['N', 2, 4, 4] },
  output: { name: 'y', dims: ['N', 2] },
  initializers: [...inits(viewW), int64Tensor('zero', [], [0]), int64Tensor('axes0', [1], [0]), int64Tensor('minus1', [1], [-1])],
  nodes: [
    node('Conv', ['x', 'K', 'Kb'], ['c']),
    node('Relu', ['c'], ['r']),
    node('Shape', ['r'], ['s']),
    node('Gather', ['s', 'zero'], ['n'], [attr.int('axis', 0)]),
    node('Unsqueeze', ['n', 'axes0'], ['n1']),
    node('Concat', ['n1', 'minus1'], ['target'], [attr.int('axis', 0)]),
    node('Reshape', ['r', 'target'], ['flat']),
    node('Gemm', ['flat', 'L', 'Lb'], ['y'], [attr.int('transB', 1)]),
  ],
};

/** AveragePool counting its padding (count_include_pad 1, PyTorch's default), then GlobalMaxPool. */
const avgPad: OnnxSpec = {
  input: { name: 'x', dims: [1, 2, 5, 5] },
  output: { name: 'y', dims: [1, 2, 1, 1] },
  initializers: [],
  nodes: [node('AveragePool', ['x'], ['a'], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 1, 1]), attr.int('count_include_pad', 1)]), node('GlobalMaxPool', ['a'], ['y'])],
};

/** tf2onnx style: NHWC input, Transpose to NCHW, Conv, Transpose back, Relu, Mul per channel, Reshape, MatMul + Add. */
const nhwcW = weights({ K: [3, 2, 2, 2], Kb: [3], ch: [1, 1, 3], L: [27, 2], Lb: [2] }, 600);
const nhwc: OnnxSpec = {
  input: { name: 'x', dims: ['N', 4, 4, 2] },
  output: { name: 'y', dims: ['N', 2] },
  initializers: [...inits(nhwcW), int64Tensor('flat', [2], [1, 27])],
  nodes: [
    node('Transpose', ['x'], ['nchw'], [attr.ints('perm', [0, 3, 1, 2])]),
    node('Conv', ['nchw', 'K', 'Kb'], ['c']),
    node('Transpose', ['c'], ['nhwc'], [attr.ints('perm', [0, 2, 3, 1])]),
    node('Relu', ['nhwc'], ['r']),
    node('Mul', ['r', 'ch'], ['m']),
    node('Reshape', ['m', 'flat'], ['f']),
    node('MatMul', ['f', 'L'], ['l']),
    node('Add', ['l', 'Lb'], ['y']),
  ],
};

/** Two NCHW branches concatenated on channels, then feature vectors concatenated. */
const concatW = weights({ A: [2, 2, 3, 3], B: [3, 2, 1, 1], Bb: [3], G: [5, 2], E: [2, 1] }, 731);
const concat: OnnxSpec = {
  input: { name: 'x', dims: [1, 2, 5, 5] },
  output: { name: 'y', dims: [1, 3] },
  initializers: inits(concatW),
  nodes: [
    node('Conv', ['x', 'A'], ['a'], [attr.ints('pads', [1, 1, 1, 1])]),
    node('Conv', ['x', 'B', 'Bb'], ['b']),
    node('Concat', ['a', 'b'], ['ab'], [attr.int('axis', 1)]),
    node('Relu', ['ab'], ['r']),
    node('GlobalAveragePool', ['r'], ['g']),
    node('Flatten', ['g'], ['f']),
    node('MatMul', ['f', 'G'], ['h']),
    node('MatMul', ['h', 'E'], ['e']),
    node('Concat', ['h', 'e'], ['y'], [attr.int('axis', -1)]),
  ],
};

/** Zero Pad of H and W (pads as an input from opset 11, an attribute before) → Conv → GlobalMaxPool → Flatten. */
const padW = weights({ K: [2, 1, 3, 3] }, 800);
const padded = (opset: number): OnnxSpec => ({
  input: { name: 'x', dims: [1, 1, 4, 5] },
  output: { name: 'y', dims: [1, 2] },
  opset,
  initializers: [...inits(padW), int64Tensor('pads', [8], [0, 0, 1, 2, 0, 0, 0, 1])],
  nodes: [
    node('Pad', opset >= 11 ? ['x', 'pads'] : ['x'], ['p'], opset >= 11 ? [] : [attr.ints('pads', [0, 0, 1, 2, 0, 0, 0, 1])]),
    node('Conv', ['p', 'K'], ['c']),
    node('GlobalMaxPool', ['c'], ['g']),
    node('Flatten', ['g'], ['y']),
  ],
});

/** Squeeze after a global pool, Unsqueeze of a vector into a 1×1 map (axes as an input from opset 13, an attribute before). */
const squeezeW = weights({ K: [3, 2, 3, 3], G: [3, 4], P: [2, 4, 1, 1] }, 900);
const squeezed = (opset: number): OnnxSpec => {
  const axesIn = (name: string) => (opset >= 13 ? [name, 'axes'] : [name]);
  const axesAttr = opset >= 13 ? [] : [attr.ints('axes', [2, 3])];
  return {
    input: { name: 'x', dims: [1, 2, 5, 5] },
    output: { name: 'y', dims: [1, 2] },
    opset,
    initializers: [...inits(squeezeW), int64Tensor('axes', [2], [2, 3])],
    nodes: [
      node('Conv', ['x', 'K'], ['c']),
      node('GlobalAveragePool', ['c'], ['g']),
      node('Squeeze', axesIn('g'), ['s'], axesAttr),
      node('MatMul', ['s', 'G'], ['h']),
      node('Unsqueeze', axesIn('h'), ['u'], axesAttr),
      node('Conv', ['u', 'P'], ['p']),
      node('Flatten', ['p'], ['y']),
    ],
  };
};

/** Every test model above, by name: each is checked against onnxruntime, float graph and circuit. */
const MODELS: readonly (readonly [string, OnnxSpec])[] = [
  ['mlp', mlp],
  ['cnn', cnn],
  ['gap', gap],
  ['res', res],
  ['view', view],
  ['avgPad', avgPad],
  ['nhwc', nhwc],
  ['concat', concat],
  ['pad (opset 13)', padded(13)],
  ['pad (opset 9)', padded(9)],
  ['squeeze (opset 13)', squeezed(13)],
  ['squeeze (opset 11)', squeezed(11)],
];

describe('ONNX model source: float graph', () => {
  it('imports an MLP (Gemm with transB/alpha/beta, MatMul + Add, Clip as ReLU6) and computes what onnxruntime computes', async () => {
    const m = await load(mlp);
    expect(m.format).toBe('onnx');
    expect(m.files.map((f) => f.path)).toEqual(['model.onnx']);
    expect(m.graph.suggestedOutput).toBe('argmax');
    expect(m.graph.parameters).toBe(30 + 5 + 20 + 4 + 12 + 3);
    expect(m.graph.nodes.map((n) => n.op.kind)).toEqual(['dense', 'relu', 'dense', 'affine', 'relu6', 'dense']);
    expect(m.graph.nodes[0]!.layer).toBe('fc1');
    await expectSameAsOnnxRuntime(mlp, m.graph);
  });

  it('imports an NCHW CNN (Conv with pads, BatchNormalization, ReLU6, MaxPool, depthwise Conv, Flatten → Gemm) into the channels-last IR', async () => {
    const m = await load(cnn);
    expect(m.graph.shapes.get(m.graph.input)).toEqual([6, 6, 3]);
    expect(m.graph.suggestedOutput).toBe('argmax');
    await expectSameAsOnnxRuntime(cnn, m.graph);
  });

  it('imports AveragePool with padding, GlobalAveragePool, Reshape by a constant and a final Sigmoid (opset 11, initializers listed as inputs)', async () => {
    const m = await load(gap);
    expect(m.graph.suggestedOutput).toBe('sign');
    expect(m.graph.parameters).toBe(27 + 6 + 2);
    await expectSameAsOnnxRuntime(gap, m.graph);
  });

  it('imports constant Mul/Sub/Div, Identity, Dropout, a residual Add, Clip by attributes and BatchNormalization on features (opset 9)', async () => {
    const m = await load(res);
    expect(m.graph.suggestedOutput).toBe('logits');
    await expectSameAsOnnxRuntime(res, m.graph);
  });

  it("folds PyTorch's view(x.size(0), -1) shape chain (Shape, Gather, Unsqueeze, Concat) into the Reshape", async () => {
    const m = await load(view);
    expect(m.graph.nodes.map((n) => n.op.kind)).toEqual(['conv2d', 'relu', 'reshape', 'dense']);
    await expectSameAsOnnxRuntime(view, m.graph);
  });

  it("imports AveragePool counting its padding (count_include_pad 1, PyTorch's default) as a depthwise convolution", async () => {
    const m = await load(avgPad);
    expect(m.graph.nodes.map((n) => n.op.kind)).toEqual(['conv2d', 'pool2d']);
    await expectSameAsOnnxRuntime(avgPad, m.graph);
  });

  it('reads an NHWC model (tf2onnx style: Transpose to NCHW, and back before the Reshape) in its own input order', async () => {
    const m = await load(nhwc);
    expect(m.graph.shapes.get(m.graph.input)).toEqual([4, 4, 2]);
    await expectSameAsOnnxRuntime(nhwc, m.graph, [31, 32, 33]);
    const bad = { ...nhwc, nodes: [node('Transpose', ['x'], ['y'], [attr.ints('perm', [0, 2, 1, 3])], 'swap')] };
    expect(await refusal(bad)).toMatch(/node "swap" \(Transpose\) permutes \[N, 4, 4, 2\] by \[0,2,1,3\]; supported: NHWC ↔ NCHW/);
  });

  it("concatenates NCHW branches on the channel axis (the IR's last) and feature vectors", async () => {
    const m = await load(concat);
    await expectSameAsOnnxRuntime(concat, m.graph);
  });

  it('imports zero Pad of height and width (pads as an input from opset 11, as an attribute before)', async () => {
    for (const opset of [13, 9]) {
      const spec = padded(opset);
      const m = await load(spec);
      expect(m.graph.nodes.map((n) => n.op.kind)).toEqual(['pad2d', 'conv2d', 'pool2d', 'reshape']);
      await expectSameAsOnnxRuntime(spec, m.graph);
    }
    const reflect: OnnxSpec = {
      input: { name: 'x', dims: [1, 1, 4, 4] },
      output: { name: 'y', dims: [1, 1, 6, 6] },
      initializers: [int64Tensor('pads', [8], [0, 0, 1, 1, 0, 0, 1, 1])],
      nodes: [node('Pad', ['x', 'pads'], ['y'], [attr.string('mode', 'reflect')], 'mirror')],
    };
    expect(await refusal(reflect)).toMatch(/node "mirror" \(Pad\) pads with mode reflect.*only zero padding of height and width/);
  });

  it('imports Squeeze after a global pool and Unsqueeze of a vector into a 1×1 map (axes as input from opset 13, attribute before)', async () => {
    for (const opset of [13, 11]) {
      const spec = squeezed(opset);
      await expectSameAsOnnxRuntime(spec, (await load(spec)).graph);
    }
  });

  it('leaves out nodes whose results never reach the output', async () => {
    const extra = floatTensor('Wdead', [6, 2], seeded(12, 3));
    const spec = { ...mlp, initializers: [...mlp.initializers, extra], nodes: [node('Relu', ['x'], ['unused'], [], 'dead'), node('MatMul', ['unused', 'Wdead'], ['u2'], [], 'dead2'), ...mlp.nodes] };
    const m = await load(spec);
    expect(m.graph.nodes.map((n) => n.layer)).not.toContain('dead');
    expect(m.graph.nodes.map((n) => n.layer)).not.toContain('dead2');
    expect(m.graph.parameters).toBe(30 + 5 + 20 + 4 + 12 + 3); // the dead branch's weights are not counted
    await expectSameAsOnnxRuntime(spec, m.graph, [21]);
  });

  it('detects ONNX from the content, whatever the file is called', async () => {
    const m = await loadModelFromMap('model.json', new Map([['model.json', onnxBytes(mlp)]]), 'x');
    expect(m.format).toBe('onnx');
  });
});

describe('ONNX model source: the circuit against onnxruntime', () => {
  for (const [name, spec] of MODELS) {
    it(`${name}: the circuit's class is onnxruntime's on ≥ 99.5 % of 200 seeded inputs`, async () => {
      const m = await load(spec);
      const rt = await runtimeFor(spec, m.graph);
      try {
        const r = await circuitAgreementAsync(m.graph, rt.run, { seed: name.length, lo: -3, hi: 3 });
        expect(r.samples).toBe(200);
        // res's logits keep one order over this input box (its seeded weights); every other model's
        // inputs reach at least two classes, so its agreement is not one answer matched 200 times.
        if (name !== 'res') expect(r.classes).toBeGreaterThan(1);
        expect(r.top1).toBeGreaterThanOrEqual(0.995);
      } finally {
        await rt.release();
      }
    });
  }
});

describe('ONNX model source: compiled circuits', () => {
  for (const [name, spec, shape] of [
    ['cnn', cnn, [6, 6, 3]],
    ['gap', gap, [5, 5, 1]],
    ['res', res, [4]],
    ['view', view, [4, 4, 2]],
  ] as const) {
    it(`${name}: the circuit equals the integer reference, and a forged output fails`, async () => {
      const m = await load(spec);
      const random = rng(name.length + 7);
      const inputSpec = specFor([...shape], 4, random);
      const c = compileModel(m.graph, { inputSpec, output: m.graph.suggestedOutput, activationBits: 8, weightBits: 10 });
      for (let trial = 0; trial < 4; trial++) {
        expectCircuitIsReference(c, inputSpec.features.map(() => BigInt(Math.floor(random() * 16))));
      }
    });
  }
});

function refusal(spec: OnnxSpec): Promise<string> {
  return load(spec).then(
    () => 'accepted',
    (e: unknown) => {
      expect(e).toBeInstanceOf(ZkinferError);
      return (e as Error).message;
    },
  );
}

describe('ONNX model source: refusals', () => {
  const withNodes = (nodes: OnnxSpec['nodes'], extra: OnnxSpec['initializers'] = []): OnnxSpec => ({ ...mlp, nodes, initializers: [...mlp.initializers, ...extra] });

  it('names an unsupported op, its node and the supported list', async () => {
    const msg = await refusal(withNodes([node('Gemm', ['x', 'W1', 'b1'], ['h'], [attr.int('transB', 1)]), node('Tanh', ['h'], ['t'], [], 'squash'), node('Gemm', ['t', 'W2'], ['probs'])]));
    expect(msg).toMatch(/^node "squash" \(Tanh\) is not supported; supported ONNX ops: Gemm, MatMul, .*Softmax, LogSoftmax or Sigmoid as the final node$/);
  });

  it('refuses a group that does not divide the channels, other clips, a Softmax before the end, and transA', async () => {
    const grouped: OnnxSpec = {
      ...cnn,
      nodes: [node('Conv', ['image', 'G'], ['out'], [attr.int('group', 3)], 'grouped')],
      initializers: [floatTensor('G', [6, 1, 3, 3], seeded(54, 1))],
      output: { name: 'out', dims: [1, 6, 4, 4] },
    };
    expect(await refusal({ ...grouped, nodes: [node('Conv', ['image', 'G'], ['out'], [attr.int('group', 4)], 'grouped')], initializers: [floatTensor('G', [4, 2, 3, 3], seeded(72, 1))], input: { name: 'image', dims: [1, 6, 6, 6] } })).toMatch(
      /node "grouped" \(Conv\) has group 4, which does not divide its 6 input and 4 output channels/,
    );
    expect(await refusal(withNodes([node('Gemm', ['x', 'W1', 'b1'], ['h'], [attr.int('transB', 1)]), node('Clip', ['h', 'lo', 'hi'], ['probs'])], [floatTensor('lo', [], [-1]), floatTensor('hi', [], [1])]))).toMatch(
      /\(Clip\) clips to \[-1, 1\]; only \[0, 6\] \(ReLU6\) and \[0, ∞\) \(ReLU\)/,
    );
    expect(await refusal(withNodes([node('Gemm', ['x', 'W1', 'b1'], ['h'], [attr.int('transB', 1)]), node('Softmax', ['h'], ['s']), node('Gemm', ['s', 'W2'], ['probs'])]))).toMatch(
      /reads the output of a final Softmax; Softmax, LogSoftmax and Sigmoid are supported only as the last node/,
    );
    expect(await refusal(withNodes([node('Gemm', ['x', 'W1', 'b1'], ['probs'], [attr.int('transA', 1)])]))).toMatch(/sets transA/);
  });

  it('refuses external or float16 weights, dynamic non-batch dimensions, a batch above 1 and old opsets, naming each', async () => {
    const external = { name: 'W1', dims: [5, 6], dataType: 1, dataLocation: 1, externalData: [{ key: 'location', value: 'w.bin' }] };
    expect(await refusal({ ...mlp, initializers: [external, ...mlp.initializers.filter((i) => i.name !== 'W1')] })).toMatch(
      /initializer "W1" keeps its data in an external file; only ONNX files with embedded weights are supported/,
    );
    const half = { name: 'W1', dims: [5, 6], dataType: 10, rawData: new Uint8Array(60) };
    expect(await refusal({ ...mlp, initializers: [half, ...mlp.initializers.filter((i) => i.name !== 'W1')] })).toMatch(/initializer "W1" has ONNX data type 10; supported: float32/);
    expect(await refusal({ ...mlp, input: { name: 'x', dims: ['batch', 'features'] } })).toMatch(/input "x" has a dynamic or unknown shape \[batch, features\]/);
    expect(await refusal({ ...mlp, input: { name: 'x', dims: [4, 6] } })).toMatch(/fixed batch of 4; zkinfer proves one input at a time/);
    expect(await refusal({ ...mlp, opset: 6 })).toMatch(/opset 6 of the default domain; opset 7 and later are supported/);
  });

  it('refuses a feature-map output, whose order would differ from ONNX', async () => {
    const conv: OnnxSpec = { ...cnn, nodes: [node('Conv', ['image', 'C1'], ['out'], [attr.ints('pads', [1, 1, 1, 1])])], output: { name: 'out', dims: [1, 4, 6, 6] } };
    expect(await refusal(conv)).toMatch(/output "out" is a C×H×W feature map/);
  });

  it('answers an unrecognised file in one sentence, naming what it is and the supported formats, with no raw bytes', () => {
    const garbage = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 3) % 256);
    for (const bytes of [garbage, new TextEncoder().encode('{"format":"graph-model"}'), Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0)]) {
      let msg = '';
      try {
        detectSource(bytes, 'model.onnx');
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toMatch(/^model\.onnx is .*; supported: a tfjs Layers model .*; an ONNX model \(\.onnx with embedded weights\)$/);
      expect(msg).not.toMatch(/[\x00-\x08\x0e-\x1f\x7f-\x9f]/);
    }
  });
});
