/**
 * ONNX graph → float graph IR. ONNX lays images out NCHW; the IR is channels-last ([H, W, C],
 * as tfjs), so weights are transposed, never activations:
 * - a 4-D activation [N, C, H, W] is held as the IR tensor [H, W, C];
 * - Conv/pool weights and windows are rewritten for that layout;
 * - Flatten (or a Reshape to [N, −1]) of a C×H×W map gives a vector whose IR order (h, w, c)
 *   differs from ONNX's (c, h, w): the vector carries that permutation, and the Gemm/MatMul that
 *   reads it permutes its weight rows instead (elementwise ops on the way permute their constants).
 * Nodes are read in the file's order (ONNX requires a topological order). Anything outside the
 * supported subset is refused with a sentence naming the node, its op type and the supported list.
 */
import { fail } from '../errors.js';
import type { OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from '../formats/onnx.js';
import { ONNX_DTYPE } from '../formats/onnx.js';
import { sizeOf } from '../tensor/shape.js';
import type { Graph, Node, Op, OutputRule, TensorId } from './ir.js';
import { FOLDABLE_OPS, foldNode, shapeConstant, type Constant } from './onnx-fold.js';

export const SUPPORTED_ONNX_OPS = [
  'Gemm',
  'MatMul',
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Conv',
  'Relu',
  'LeakyRelu',
  'PRelu',
  'Clip',
  'MaxPool',
  'AveragePool',
  'GlobalAveragePool',
  'GlobalMaxPool',
  'BatchNormalization',
  'Flatten',
  'Reshape',
  'Identity',
  'Dropout',
  'Constant',
  'Shape',
  'Transpose',
  'Concat',
  'Pad',
  'Squeeze',
  'Unsqueeze',
] as const;

const SUPPORTED_SENTENCE =
  `supported ONNX ops: ${SUPPORTED_ONNX_OPS.join(', ')} (Gemm/MatMul with constant weights; ` +
  `Add/Sub/Mul/Div with a constant or, for Add, two tensors of one shape; Clip as ReLU or ReLU6; PRelu with a scalar, per-feature or per-channel slope; Concat of one layout; Pad with zeros on H and W; ` +
  `Conv with any group (depthwise included); Transpose between NHWC and NCHW), ${FOLDABLE_OPS.filter((o) => o !== 'Shape').join(', ')} on constants (shape computations), ` +
  `and Softmax, LogSoftmax or Sigmoid as the final node`;

/** The lowest default-domain opset read: the attribute forms below (Clip, BatchNormalization, Softmax) follow opset 7+. */
export const MIN_ONNX_OPSET = 7;

/**
 * An activation. `onnx` is its ONNX shape without the batch dimension. A 3-D one ([C, H, W]) is the
 * IR tensor [H, W, C]; a 1-D one ([F]) is the IR tensor [F] whose element i is ONNX element perm[i].
 */
interface Value {
  readonly id: TensorId;
  readonly onnx: readonly number[];
  readonly perm?: Int32Array;
  /**
   * A 3-D activation whose ONNX shape is [H, W, C] (channels-last, as tf2onnx models start): its
   * IR tensor is the same. A Transpose to NCHW turns it into an ordinary [C, H, W] one at no cost.
   */
  readonly hwc?: boolean;
  /** Set on the output of a final Softmax/LogSoftmax/Sigmoid (and aliases of it). */
  readonly final?: 'softmax' | 'sigmoid';
}

function irShape(onnx: readonly number[], hwc = false): number[] {
  return onnx.length === 3 && !hwc ? [onnx[1]!, onnx[2]!, onnx[0]!] : [...onnx];
}

/** ir index → onnx index of a C×H×W map flattened. Undefined when the orders coincide (C = 1 or H·W = 1). */
function flattenPerm([c, h, w]: readonly number[]): Int32Array | undefined {
  if (c === 1 || h! * w! === 1) return undefined;
  const perm = new Int32Array(c! * h! * w!);
  for (let y = 0; y < h!; y++) for (let x = 0; x < w!; x++) for (let ch = 0; ch < c!; ch++) perm[(y * w! + x) * c! + ch] = ch * h! * w! + y * w! + x;
  return perm;
}

function tensorData(t: OnnxTensor, where: string): Float64Array {
  if (t.dataLocation === 1 || t.externalData.length > 0) {
    fail('model', 'external-data', `${where} keeps its data in an external file; only ONNX files with embedded weights are supported (save with external data off)`);
  }
  const n = sizeOf(t.dims);
  const raw = t.rawData;
  let out: Float64Array;
  const fromRaw = raw.length > 0;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const expect = (bytes: number) => {
    if (raw.length !== n * bytes) fail('model', 'bad-tensor', `${where} has ${raw.length} bytes of data for ${n} values of ${bytes} bytes`);
  };
  switch (t.dataType) {
    case ONNX_DTYPE.FLOAT:
      if (fromRaw) {
        expect(4);
        out = Float64Array.from({ length: n }, (_, i) => view.getFloat32(i * 4, true));
      } else out = Float64Array.from(t.floatData);
      break;
    case ONNX_DTYPE.DOUBLE:
      if (fromRaw) {
        expect(8);
        out = Float64Array.from({ length: n }, (_, i) => view.getFloat64(i * 8, true));
      } else out = Float64Array.from(t.doubleData);
      break;
    case ONNX_DTYPE.INT64:
      if (fromRaw) {
        expect(8);
        out = Float64Array.from({ length: n }, (_, i) => Number(view.getBigInt64(i * 8, true)));
      } else out = Float64Array.from(t.int64Data);
      break;
    case ONNX_DTYPE.INT32:
      if (fromRaw) {
        expect(4);
        out = Float64Array.from({ length: n }, (_, i) => view.getInt32(i * 4, true));
      } else out = Float64Array.from(t.int32Data);
      break;
    default:
      return fail('model', 'unsupported-dtype', `${where} has ONNX data type ${t.dataType}; supported: float32 (1), float64 (11), int32 (6) and int64 (7)`);
  }
  if (out.length !== n) fail('model', 'bad-tensor', `${where} has ${out.length} values for shape [${t.dims.join(', ')}]`);
  const bad = out.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) fail('model', 'non-finite-weight', `${where} has a non-finite value (${out[bad]}) at index ${bad}`);
  return out;
}

function attrs(node: OnnxNode) {
  const byName = new Map<string, OnnxAttribute>(node.attribute.map((a) => [a.name, a]));
  return {
    has: (name: string) => byName.has(name),
    int: (name: string, fallback: number): number => {
      const a = byName.get(name);
      return a ? a.i : fallback;
    },
    float: (name: string, fallback: number): number => {
      const a = byName.get(name);
      return a ? a.f : fallback;
    },
    ints: (name: string): number[] | undefined => byName.get(name)?.ints,
    string: (name: string, fallback: string): string => {
      const a = byName.get(name);
      return a ? new TextDecoder().decode(a.s) : fallback;
    },
    raw: (name: string) => byName.get(name),
  };
}

function defaultOpset(model: OnnxModel): number {
  const entry = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  return entry ? entry.version : 0;
}

function fixedDims(info: OnnxValueInfo, what: string): number[] {
  const dims = info.type?.tensorType?.shape?.dim;
  if (!dims) fail('model', 'dynamic-shape', `${what} "${info.name}" has no declared shape; only fixed shapes are supported`);
  if (dims.length !== 2 && dims.length !== 4) {
    fail('model', 'unsupported-shape', `${what} "${info.name}" has ${dims.length} dimensions; supported inputs are [N, features], [N, C, H, W], and [N, H, W, C] transposed to NCHW`);
  }
  const rest = dims.slice(1).map((d) => d.dimValue);
  if (rest.some((d) => !Number.isInteger(d) || d <= 0)) {
    const shown = dims.map((d) => (d.dimParam ? d.dimParam : String(d.dimValue))).join(', ');
    fail('model', 'dynamic-shape', `${what} "${info.name}" has a dynamic or unknown shape [${shown}]; only a dynamic batch dimension is supported`);
  }
  const batch = dims[0]!;
  if (!batch.dimParam && batch.dimValue !== 1 && batch.dimValue !== 0) {
    fail('model', 'unsupported-shape', `${what} "${info.name}" has a fixed batch of ${batch.dimValue}; zkinfer proves one input at a time (batch 1 or dynamic)`);
  }
  return rest;
}

export function importOnnx(model: OnnxModel, name: string, outputNode?: string): Graph {
  const g: OnnxGraph | null | undefined = model.graph;
  if (!g) return fail('model', 'bad-onnx', 'the ONNX file has no graph');
  const opset = defaultOpset(model);
  if (opset < MIN_ONNX_OPSET) {
    fail('model', 'unsupported-opset', `the ONNX model uses opset ${opset || 'none'} of the default domain; opset ${MIN_ONNX_OPSET} and later are supported`);
  }

  const constants = new Map<string, Constant>();
  const integerTypes = new Set<number>([ONNX_DTYPE.INT32, ONNX_DTYPE.INT64]);
  for (const t of g.initializer) constants.set(t.name, { dims: t.dims, data: tensorData(t, `initializer "${t.name}"`), initializer: true, integer: integerTypes.has(t.dataType) });
  const inputs = g.input.filter((i) => !constants.has(i.name));
  if (inputs.length !== 1) {
    fail('model', 'multi-io', `model "${name}" has ${inputs.length} inputs (initializers not counted); only models with one input are supported`);
  }
  const outputNames = g.output.map((o) => o.name);
  const listed = outputNames.map((n) => `"${n}"`).join(', ');
  if (outputNode !== undefined && !outputNames.includes(outputNode)) fail('model', 'unknown-output', `model "${name}" has no output "${outputNode}"; its outputs are ${listed}`);
  if (outputNode === undefined && outputNames.length !== 1) fail('model', 'multi-io', `model "${name}" has ${outputNames.length} outputs (${listed}); pick one with --output-node <name>`);
  const outName = outputNode ?? outputNames[0]!;
  // Only the nodes the chosen output depends on are read: another head's ops do not matter.
  const needed = new Set<string>([outName]);
  const wanted = new Set<OnnxNode>();
  for (let i = g.node.length - 1; i >= 0; i--) {
    const n = g.node[i]!;
    if (!n.output.some((o) => needed.has(o))) continue;
    wanted.add(n);
    for (const x of n.input) needed.add(x);
  }

  const shapes = new Map<TensorId, number[]>();
  const nodes: Node[] = [];
  const values = new Map<string, Value>();
  /** The initializers each IR node was built from (by its output), to count the parameters of the nodes kept. */
  const weightsOf = new Map<TensorId, string[]>();
  let nextId = 0;
  const fresh = (shape: number[]): TensorId => {
    const id = nextId++;
    shapes.set(id, shape);
    return id;
  };

  const inputDims = fixedDims(inputs[0]!, 'input');
  // An NHWC input that is only ever transposed to NCHW (tf2onnx's Keras exports) is read as it is:
  // its IR tensor is already channels-last, so the package input keeps the model's own order.
  const isToNchw = (n: OnnxNode) => n.opType === 'Transpose' && (n.attribute.find((x) => x.name === 'perm')?.ints ?? []).join() === '0,3,1,2';
  const readers = g.node.filter((n) => n.input.includes(inputs[0]!.name));
  const hwcInput = inputDims.length === 3 && readers.length > 0 && readers.every(isToNchw);
  const input = fresh(irShape(inputDims, hwcInput));
  values.set(inputs[0]!.name, { id: input, onnx: inputDims, hwc: hwcInput || undefined });

  g.node.forEach((node, index) => {
    if (!wanted.has(node)) return;
    const label = node.name || `${node.opType}_${index}`;
    const where = `node "${label}" (${node.opType})`;
    const used: string[] = [];
    const a = attrs(node);
    if (node.domain !== '' && node.domain !== 'ai.onnx') {
      fail('model', 'unsupported-op', `${where} is in domain "${node.domain}", which is not supported; ${SUPPORTED_SENTENCE}`);
    }
    const push = (op: Op, ins: readonly TensorId[], onnx: readonly number[], perm?: Int32Array, hwc?: boolean): Value => {
      const output = fresh(irShape(onnx, hwc));
      nodes.push({ layer: label, className: node.opType, op, inputs: ins, output });
      weightsOf.set(output, used);
      return { id: output, onnx, perm, hwc };
    };
    /** An elementwise op: the output is laid out as its input. */
    const like = (op: Op, v: Value, ins: readonly TensorId[] = [v.id]): Value => push(op, ins, v.onnx, v.perm, v.hwc);
    const constantAt = (i: number, what: string): Constant => {
      const c = constants.get(node.input[i] ?? '');
      if (!c) fail('model', 'unsupported-config', `${where} needs a constant ${what} (an initializer or a Constant node); "${node.input[i] ?? ''}" is computed in the graph`);
      return c;
    };
    const optionalConstant = (i: number, what: string): Constant | undefined => (node.input[i] ? constantAt(i, what) : undefined);
    /** A constant weight: initializers among them are the model's parameters. */
    const weight = (i: number, what: string): Constant => {
      const c = constantAt(i, what);
      if (c.initializer) used.push(node.input[i]!);
      return c;
    };
    const valueAt = (i: number): Value => {
      const v = values.get(node.input[i] ?? '');
      if (!v) {
        if (constants.has(node.input[i] ?? '')) {
          fail('model', 'unsupported-config', `${where} takes the constant "${node.input[i]}" where a computed tensor is expected; this op is folded over constants only if it is one of ${FOLDABLE_OPS.join(', ')}`);
        }
        fail('model', 'bad-onnx', `${where} reads "${node.input[i] ?? ''}", which no earlier node produces`);
      }
      if (v.final) fail('model', 'unsupported-activation', `${where} reads the output of a final ${v.final === 'softmax' ? 'Softmax' : 'Sigmoid'}; Softmax, LogSoftmax and Sigmoid are supported only as the last node`);
      return v;
    };
    const set = (v: Value) => values.set(node.output[0]!, v);
    const needFlat = (v: Value) => {
      if (v.onnx.length !== 1) fail('model', 'unsupported-shape', `${where} needs a [N, features] input, got [N, ${v.onnx.join(', ')}]`);
    };
    const needMap = (v: Value) => {
      if (v.onnx.length !== 3) fail('model', 'unsupported-shape', `${where} needs an [N, C, H, W] input, got [N, ${v.onnx.join(', ')}]`);
      if (v.hwc) fail('model', 'unsupported-shape', `${where} reads the channels-last tensor [N, ${v.onnx.join(', ')}]; it needs [N, C, H, W] (a Transpose with perm [0, 3, 1, 2] first)`);
    };
    /** A per-feature (flat) or per-channel (map) vector from a constant that broadcasts against v, in IR order. */
    const broadcastVector = (c: Constant, v: Value, what: string): Float64Array => {
      const dims = c.dims.filter((d, i) => !(d === 1 && i < c.dims.length - v.onnx.length));
      if (c.data.length === 1) return Float64Array.of(c.data[0]!);
      if (v.onnx.length === 1 && c.data.length === v.onnx[0] && dims.length === 1) {
        return v.perm ? Float64Array.from(v.perm, (j) => c.data[j]!) : c.data;
      }
      if (v.onnx.length === 3 && !v.hwc && c.data.length === v.onnx[0] && c.dims.length >= 3 && c.dims.slice(-2).every((d) => d === 1)) return c.data;
      if (v.hwc && c.data.length === v.onnx[2] && c.dims[c.dims.length - 1] === v.onnx[2]) return c.data;
      return fail(
        'model',
        'unsupported-config',
        `${where} ${what} has shape [${c.dims.join(', ')}] against an input of shape [N, ${v.onnx.join(', ')}]; supported: a scalar, one value per feature, or one value per channel ([C, 1, 1])`,
      );
    };
    const affine = (v: Value, scale: Float64Array, shift: Float64Array) => {
      const n = Math.max(scale.length, shift.length);
      const widen = (x: Float64Array) => (x.length === n ? x : new Float64Array(n).fill(x[0]!));
      set(like({ kind: 'affine', scale: widen(scale), shift: widen(shift) }, v));
    };
    const window2d = (v: Value, k: [number, number], pool: boolean) => {
      const [, h, w] = v.onnx as [number, number, number];
      const strides = a.ints('strides') ?? [1, 1];
      const dil = a.ints('dilations') ?? [1, 1];
      if (dil.some((d) => d !== 1)) fail('model', 'unsupported-config', `${where} uses dilations [${dil.join(', ')}]; only dilation 1 is supported`);
      if (strides.length !== 2 || k.some((x) => !(x > 0))) fail('model', 'unsupported-config', `${where} is not a 2-D window; only 2-D convolution and pooling are supported`);
      const [sh, sw] = strides as [number, number];
      const autoPad = a.string('auto_pad', 'NOTSET');
      let pads = a.ints('pads') ?? [0, 0, 0, 0];
      if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
        const total = [Math.max((Math.ceil(h / sh) - 1) * sh + k[0] - h, 0), Math.max((Math.ceil(w / sw) - 1) * sw + k[1] - w, 0)];
        const small = total.map((t) => Math.floor(t / 2));
        const big = total.map((t, i) => t - small[i]!);
        pads = autoPad === 'SAME_UPPER' ? [small[0]!, small[1]!, big[0]!, big[1]!] : [big[0]!, big[1]!, small[0]!, small[1]!];
      } else if (autoPad === 'VALID') pads = [0, 0, 0, 0];
      else if (autoPad !== 'NOTSET') fail('model', 'unsupported-config', `${where} has auto_pad "${autoPad}"`);
      const [pt, pl, pb, pr] = pads as [number, number, number, number];
      const span = [h + pt + pb - k[0], w + pl + pr - k[1]];
      const outH = Math.floor(span[0]! / sh) + 1;
      const outW = Math.floor(span[1]! / sw) + 1;
      if (pool && a.int('ceil_mode', 0) === 1 && (Math.ceil(span[0]! / sh) + 1 !== outH || Math.ceil(span[1]! / sw) + 1 !== outW)) {
        fail('model', 'unsupported-config', `${where} uses ceil_mode 1 and it changes the output size; only floor rounding is supported`);
      }
      if (outH <= 0 || outW <= 0) fail('model', 'unsupported-shape', `${where} has a window larger than its padded input`);
      const padded = pt + pl + pb + pr > 0;
      return { window: { kh: k[0], kw: k[1], sh, sw, padTop: pt, padLeft: pl }, outH, outW, padded };
    };

    // Shape computations over constants are evaluated now (Reshape then sees a constant shape).
    const present = node.input.filter((n) => n !== '');
    if (present.length > 0 && present.every((n) => constants.has(n))) {
      const c = foldNode(node.opType, node.input.map((n) => constants.get(n)), a, opset, where);
      if (c) {
        constants.set(node.output[0]!, c);
        return;
      }
    }

    switch (node.opType) {
      case 'Shape': {
        const v = valueAt(0);
        constants.set(node.output[0]!, shapeConstant(v.onnx, a.int('start', 0), a.has('end') ? a.int('end', 0) : undefined));
        return;
      }
      case 'Constant': {
        const t = a.raw('value')?.t;
        const vf = a.raw('value_float');
        const vfs = a.raw('value_floats');
        const vi = a.raw('value_int');
        const vis = a.raw('value_ints');
        let c: Constant;
        if (t) c = { dims: t.dims, data: tensorData(t, `${where} value`), initializer: false, integer: t.dataType === ONNX_DTYPE.INT32 || t.dataType === ONNX_DTYPE.INT64 };
        else if (vf) c = { dims: [], data: Float64Array.of(vf.f), initializer: false };
        else if (vfs) c = { dims: [vfs.floats.length], data: Float64Array.from(vfs.floats), initializer: false };
        else if (vi) c = { dims: [], data: Float64Array.of(vi.i), initializer: false, integer: true };
        else if (vis) c = { dims: [vis.ints.length], data: Float64Array.from(vis.ints), initializer: false, integer: true };
        else return fail('model', 'unsupported-config', `${where} has no tensor, float(s) or int(s) value; only those are supported`);
        constants.set(node.output[0]!, c);
        return;
      }
      case 'Identity':
      case 'Dropout':
        if (constants.has(node.input[0]!)) {
          constants.set(node.output[0]!, { ...constants.get(node.input[0]!)!, initializer: false });
          return;
        }
        values.set(node.output[0]!, values.get(node.input[0]!) ?? valueAt(0));
        return;
      case 'Relu': {
        const v = valueAt(0);
        set(like({ kind: 'relu' }, v));
        return;
      }
      case 'LeakyRelu': {
        const v = valueAt(0);
        set(like({ kind: 'leakyRelu', alpha: Float64Array.of(a.float('alpha', 0.01)) }, v));
        return;
      }
      case 'PRelu': {
        const v = valueAt(0);
        set(like({ kind: 'leakyRelu', alpha: Float64Array.from(broadcastVector(weight(1, 'slope'), v, 'slope')) }, v));
        return;
      }
      case 'Clip': {
        const v = valueAt(0);
        const lo = opset < 11 ? a.float('min', -Infinity) : (optionalConstant(1, 'min')?.data[0] ?? -Infinity);
        const hi = opset < 11 ? a.float('max', Infinity) : (optionalConstant(2, 'max')?.data[0] ?? Infinity);
        // float32 attributes: 6 is exact, and "no max" is written as FLT_MAX by some exporters.
        const kind = lo === 0 && hi === 6 ? 'relu6' : lo === 0 && hi >= 3.4e38 ? 'relu' : undefined;
        if (!kind) fail('model', 'unsupported-config', `${where} clips to [${lo}, ${hi}]; only [0, 6] (ReLU6) and [0, ∞) (ReLU) are supported`);
        set(like({ kind }, v));
        return;
      }
      case 'Gemm':
      case 'MatMul': {
        const v = valueAt(0);
        needFlat(v);
        const gemm = node.opType === 'Gemm';
        if (gemm && a.int('transA', 0) !== 0) fail('model', 'unsupported-config', `${where} sets transA; only transA = 0 is supported`);
        const b = weight(1, 'weight matrix B');
        if (b.dims.length !== 2) fail('model', 'unsupported-config', `${where} has a weight of shape [${b.dims.join(', ')}]; a 2-D matrix is needed`);
        const transB = gemm && a.int('transB', 0) === 1;
        const alpha = gemm ? a.float('alpha', 1) : 1;
        const beta = gemm ? a.float('beta', 1) : 1;
        const [k, m] = (transB ? [b.dims[1], b.dims[0]] : b.dims) as [number, number];
        if (k !== v.onnx[0]) fail('model', 'unsupported-shape', `${where} multiplies ${v.onnx[0]} features by a ${b.dims.join('×')} weight`);
        const kernel = new Float64Array(k * m);
        for (let i = 0; i < k; i++) {
          const row = v.perm ? v.perm[i]! : i;
          for (let j = 0; j < m; j++) kernel[i * m + j] = alpha * b.data[transB ? j * k + row : row * m + j]!;
        }
        const bias = new Float64Array(m);
        const c = gemm ? (node.input[2] ? weight(2, 'bias C') : undefined) : undefined;
        if (c) {
          if (c.data.length !== 1 && c.data.length !== m) fail('model', 'unsupported-config', `${where} has a bias C of shape [${c.dims.join(', ')}]; a scalar or one value per output is supported`);
          for (let j = 0; j < m; j++) bias[j] = beta * c.data[c.data.length === 1 ? 0 : j]!;
        }
        set(push({ kind: 'dense', inSize: k, outSize: m, kernel, bias }, [v.id], [m]));
        return;
      }
      case 'Add':
      case 'Sub':
      case 'Mul':
      case 'Div': {
        const [x0, x1] = [values.get(node.input[0]!), values.get(node.input[1]!)];
        if (x0 && x1) {
          const [p, q] = [valueAt(0), valueAt(1)];
          const samePerm = (p.perm === undefined && q.perm === undefined) || (p.perm !== undefined && q.perm !== undefined && p.perm.every((x, i) => x === q.perm![i]));
          if (node.opType !== 'Add' || p.onnx.join() !== q.onnx.join() || !samePerm || p.hwc !== q.hwc) {
            fail('model', 'unsupported-config', `${where} combines two computed tensors; only Add of two tensors of one shape is supported (Sub, Mul and Div need a constant operand)`);
          }
          set(like({ kind: 'add' }, p, [p.id, q.id]));
          return;
        }
        const vi = x0 ? 0 : 1;
        if (!x0 && !x1) valueAt(0);
        const v = valueAt(vi);
        const c = broadcastVector(weight(1 - vi, 'operand'), v, 'constant operand');
        const one = Float64Array.of(1);
        const zero = Float64Array.of(0);
        if (node.opType === 'Add') affine(v, one, c);
        else if (node.opType === 'Mul') affine(v, c, zero);
        else if (node.opType === 'Sub') affine(v, vi === 0 ? one : Float64Array.of(-1), vi === 0 ? c.map((x) => -x) : c);
        else {
          if (vi !== 0) fail('model', 'unsupported-config', `${where} divides a constant by a computed tensor; only division by a constant is supported`);
          if (c.some((x) => x === 0)) fail('model', 'unsupported-config', `${where} divides by zero`);
          affine(v, c.map((x) => 1 / x), zero);
        }
        return;
      }
      case 'BatchNormalization': {
        const v = valueAt(0);
        if (v.hwc) fail('model', 'unsupported-shape', `${where} normalizes axis 1 of the channels-last tensor [N, ${v.onnx.join(', ')}]; only channels (NCHW) or features are supported`);
        const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => weight(i, ['scale', 'bias', 'mean', 'variance'][i - 1]!).data);
        const channels = v.onnx[0]!;
        if ([gamma, beta, mean, variance].some((x) => x!.length !== channels)) fail('model', 'unsupported-config', `${where} has parameters that are not one per channel (${channels})`);
        const eps = a.float('epsilon', 1e-5);
        // Inference-mode BatchNormalization: y = gamma (x − mean) / sqrt(var + eps) + beta, per channel (axis 1).
        const scale = new Float64Array(channels);
        const shift = new Float64Array(channels);
        for (let ch = 0; ch < channels; ch++) {
          scale[ch] = gamma![ch]! / Math.sqrt(variance![ch]! + eps);
          shift[ch] = beta![ch]! - mean![ch]! * scale[ch]!;
        }
        const perm = (x: Float64Array) => (v.perm ? Float64Array.from(v.perm, (j) => x[j]!) : x);
        affine(v, perm(scale), perm(shift));
        return;
      }
      case 'Conv': {
        const v = valueAt(0);
        needMap(v);
        const w = weight(1, 'weight W');
        const [outC, perGroup, kh, kw] = w.dims as [number, number, number, number];
        if (w.dims.length !== 4) fail('model', 'unsupported-config', `${where} has a weight of shape [${w.dims.join(', ')}]; only 2-D convolutions are supported`);
        const [inC] = v.onnx as [number];
        const group = a.int('group', 1);
        const depthwise = group > 1 && group === inC && perGroup === 1 && outC % inC === 0;
        if (group < 1 || inC % group !== 0 || outC % group !== 0) {
          fail('model', 'unsupported-config', `${where} has group ${group}, which does not divide its ${inC} input and ${outC} output channels`);
        }
        if (!depthwise && perGroup * group !== inC) fail('model', 'unsupported-shape', `${where} has a weight for ${perGroup} input channels per group (group ${group}), but its input has ${inC}`);
        const geo = window2d(v, [kh, kw], false);
        const kernel = new Float64Array(w.data.length);
        if (depthwise) {
          // IR: [kh, kw, inC, multiplier]; ONNX output channel o = c·multiplier + j reads input channel c.
          const mult = outC / inC;
          for (let o = 0; o < outC; o++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) kernel[((y * kw + x) * inC + Math.floor(o / mult)) * mult + (o % mult)] = w.data[(o * kh + y) * kw + x]!;
        } else {
          // IR: [kh, kw, inC/group, outC]; ONNX: [outC, inC/group, kh, kw] (group 1: all channels).
          for (let o = 0; o < outC; o++) for (let c = 0; c < perGroup; c++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) kernel[((y * kw + x) * perGroup + c) * outC + o] = w.data[((o * perGroup + c) * kh + y) * kw + x]!;
        }
        const b = node.input[2] ? weight(2, 'bias B').data : new Float64Array(outC);
        if (b.length !== outC) fail('model', 'unsupported-config', `${where} has ${b.length} biases for ${outC} output channels`);
        const [, h, wd] = v.onnx as [number, number, number];
        const op: Op = {
          kind: 'conv2d',
          geometry: { inShape: [h, wd, inC], outShape: [geo.outH, geo.outW, outC], window: geo.window, depthMultiplier: depthwise ? outC / inC : 0, ...(group > 1 && !depthwise ? { groups: group } : {}) },
          kernel,
          bias: Float64Array.from(b),
        };
        set(push(op, [v.id], [outC, geo.outH, geo.outW]));
        return;
      }
      case 'MaxPool':
      case 'AveragePool': {
        const v = valueAt(0);
        needMap(v);
        if (node.output.length > 1 && node.output[1]) fail('model', 'unsupported-config', `${where} also outputs indices; only the pooled values are supported`);
        const k = a.ints('kernel_shape') ?? [];
        if (k.length !== 2) fail('model', 'unsupported-config', `${where} has kernel_shape [${k.join(', ')}]; only 2-D pooling is supported`);
        const geo = window2d(v, k as [number, number], true);
        if (node.opType === 'AveragePool' && geo.padded && a.int('count_include_pad', 0) === 1) {
          // Padding counted in the divisor (PyTorch's default) is a depthwise convolution with
          // weights 1/(kh·kw) over zero padding: linear, as free as the pool.
          const [c, h, w] = v.onnx as [number, number, number];
          const [kh, kw] = k as [number, number];
          const op: Op = {
            kind: 'conv2d',
            geometry: { inShape: [h, w, c], outShape: [geo.outH, geo.outW, c], window: geo.window, depthMultiplier: 1 },
            kernel: new Float64Array(kh * kw * c).fill(1 / (kh * kw)),
            bias: new Float64Array(c),
          };
          set(push(op, [v.id], [c, geo.outH, geo.outW]));
          return;
        }
        set(push({ kind: 'pool2d', mode: node.opType === 'MaxPool' ? 'max' : 'avg', window: geo.window }, [v.id], [v.onnx[0]!, geo.outH, geo.outW]));
        return;
      }
      case 'GlobalAveragePool':
      case 'GlobalMaxPool': {
        const v = valueAt(0);
        needMap(v);
        const [c, h, w] = v.onnx as [number, number, number];
        const window = { kh: h, kw: w, sh: 1, sw: 1, padTop: 0, padLeft: 0 };
        set(push({ kind: 'pool2d', mode: node.opType === 'GlobalMaxPool' ? 'max' : 'avg', window }, [v.id], [c, 1, 1]));
        return;
      }
      case 'Flatten': {
        const v = valueAt(0);
        const axis = a.int('axis', 1);
        if (axis !== 1) fail('model', 'unsupported-config', `${where} flattens from axis ${axis}; only axis 1 (keep the batch) is supported`);
        set(toVector(v));
        return;
      }
      case 'Reshape': {
        const v = valueAt(0);
        const target = Array.from(constantAt(1, 'shape').data);
        const total = sizeOf(v.onnx);
        const dims = target.map((d, i) => (d === 0 && a.int('allowzero', 0) === 0 ? (i === 0 ? 1 : (v.onnx[i - 1] ?? 0)) : d));
        const known = dims.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
        const resolved = dims.map((d) => (d === -1 ? total / known : d));
        if (resolved[0] !== 1 || sizeOf(resolved) !== total || !resolved.every((d) => Number.isInteger(d) && d > 0)) {
          fail('model', 'unsupported-shape', `${where} reshapes [N, ${v.onnx.join(', ')}] to [${target.join(', ')}]; only shapes that keep a batch of 1 are supported`);
        }
        set(reshapeTo(v, resolved.slice(1)));
        return;
      }
      case 'Squeeze':
      case 'Unsqueeze': {
        const v = valueAt(0);
        const full = [1, ...v.onnx];
        const axes = opset >= 13 ? (node.input[1] ? Array.from(constantAt(1, 'axes').data) : undefined) : a.ints('axes');
        let dims: number[];
        if (node.opType === 'Squeeze') {
          const drop = (axes ?? full.flatMap((d, i) => (d === 1 && i > 0 ? [i] : []))).map((x) => (x < 0 ? x + full.length : x));
          if (drop.some((x) => x <= 0 || x >= full.length || full[x] !== 1)) fail('model', 'unsupported-config', `${where} squeezes axes [${axes?.join(', ')}] of [N, ${v.onnx.join(', ')}]; only non-batch axes of size 1 can be squeezed`);
          dims = full.filter((_, i) => !drop.includes(i));
        } else {
          if (!axes) return fail('model', 'bad-onnx', `${where} has no axes`);
          const rank = full.length + axes.length;
          const at = axes.map((x) => (x < 0 ? x + rank : x));
          if (at.some((x) => x <= 0 || x >= rank)) fail('model', 'unsupported-config', `${where} inserts axes [${axes.join(', ')}]; only after the batch axis`);
          dims = [];
          let k = 0;
          for (let i = 0; i < rank; i++) dims.push(at.includes(i) ? 1 : full[k++]!);
        }
        set(reshapeTo(v, dims.slice(1)));
        return;
      }
      case 'Pad': {
        const v = valueAt(0);
        needMap(v);
        const pads = opset < 11 ? (a.ints('pads') ?? []) : Array.from(constantAt(1, 'pads').data);
        const value = opset < 11 ? a.float('value', 0) : (optionalConstant(2, 'constant_value')?.data[0] ?? 0);
        const mode = a.string('mode', 'constant');
        // [N, C, H, W] begins then ends: only H and W may be padded, with zeros.
        const [nb, cb, top, left, ne, ce, bottom, right] = pads as number[];
        if (mode !== 'constant' || value !== 0 || pads.length !== 8 || nb !== 0 || cb !== 0 || ne !== 0 || ce !== 0 || pads.some((p) => p < 0) || (opset >= 18 && node.input[3])) {
          fail('model', 'unsupported-config', `${where} pads with mode ${mode}, value ${value} and pads [${pads.join(', ')}]; only zero padding of height and width is supported`);
        }
        const [c, h, w] = v.onnx as [number, number, number];
        set(push({ kind: 'pad2d', top: top!, left: left! }, [v.id], [c, h + top! + bottom!, w + left! + right!]));
        return;
      }
      case 'Concat': {
        const parts = node.input.map((_, i) => valueAt(i));
        const first = parts[0]!;
        const rank = first.onnx.length;
        const raw = a.int('axis', 1);
        const axis = (raw < 0 ? raw + rank + 1 : raw) - 1; // without the batch dimension
        const layout = (v: Value) => `${v.onnx.length}${v.hwc ? 'hwc' : ''}`;
        if (axis < 0 || axis >= rank || parts.some((p) => layout(p) !== layout(first) || p.perm || p.onnx.some((d, i) => i !== axis && d !== first.onnx[i]))) {
          fail('model', 'unsupported-config', `${where} joins tensors of shapes ${parts.map((p) => `[N, ${p.onnx.join(', ')}]`).join(', ')} on axis ${raw}; supported: one layout, equal other dimensions, a non-batch axis, no flattened feature maps`);
        }
        const onnx = [...first.onnx];
        onnx[axis] = parts.reduce((sum, p) => sum + p.onnx[axis]!, 0);
        // The IR is [H, W, C] for an NCHW [C, H, W]: channels are its last axis.
        const irAxis = rank === 3 && !first.hwc ? [2, 0, 1][axis]! : axis;
        set(push({ kind: 'concat', axis: irAxis }, parts.map((p) => p.id), onnx, undefined, first.hwc));
        return;
      }
      case 'Transpose': {
        const v = valueAt(0);
        const perm = (a.ints('perm') ?? []).join();
        if (v.onnx.length === 3 && v.hwc && perm === '0,3,1,2') set({ id: v.id, onnx: [v.onnx[2]!, v.onnx[0]!, v.onnx[1]!] });
        else if (v.onnx.length === 3 && !v.hwc && perm === '0,2,3,1') set({ id: v.id, onnx: [v.onnx[1]!, v.onnx[2]!, v.onnx[0]!], hwc: true });
        else if (v.onnx.length === 1 && perm === '0,1') set(v);
        else fail('model', 'unsupported-config', `${where} permutes [N, ${v.onnx.join(', ')}] by [${perm}]; supported: NHWC ↔ NCHW of an image tensor ([0, 3, 1, 2] and [0, 2, 3, 1])`);
        return;
      }
      case 'Softmax':
      case 'LogSoftmax':
      case 'Sigmoid': {
        const v = valueAt(0);
        const f = node.opType === 'Sigmoid' ? 'sigmoid' : 'softmax';
        if (f === 'softmax') {
          const axis = a.int('axis', opset < 13 ? 1 : -1);
          if (v.onnx.length !== 1 || (axis !== 1 && axis !== -1)) fail('model', 'unsupported-config', `${where} is not over the features of a [N, features] tensor; only that final Softmax is supported`);
        }
        values.set(node.output[0]!, { ...v, final: f });
        return;
      }
      default:
        fail('model', 'unsupported-op', `${where} is not supported; ${SUPPORTED_SENTENCE}`);
    }

    /** A reshape to [N, ...rest] (no batch in `rest`) in the layouts this importer keeps. */
    function reshapeTo(v: Value, rest: number[]): Value {
      if (rest.length === 1) return toVector(v);
      if (rest.join() === v.onnx.join()) return v;
      if (rest.length === 3 && v.onnx.length === 1 && !v.perm && (rest[0] === 1 || rest[1]! * rest[2]! === 1)) return push({ kind: 'reshape' }, [v.id], rest);
      return fail('model', 'unsupported-shape', `${where} reshapes [N, ${v.onnx.join(', ')}] to [N, ${rest.join(', ')}]; supported: flattening to [N, features], and vectors to [N, 1, H, W] or [N, C, 1, 1]`);
    }

    /** Flatten to [N, features]: a map becomes a vector that remembers ONNX's (c, h, w) order. */
    function toVector(v: Value): Value {
      if (v.onnx.length === 1) return v;
      const n = sizeOf(v.onnx);
      return push({ kind: 'reshape' }, [v.id], [n], v.hwc ? undefined : flattenPerm(v.onnx));
    }
  });

  const out = values.get(outName);
  if (!out) fail('model', 'bad-onnx', `the graph output "${outName}" is not produced by any node`);
  if (out.perm || (out.onnx.length === 3 && !out.hwc && out.onnx[0]! > 1 && out.onnx[1]! * out.onnx[2]! > 1)) {
    fail('model', 'unsupported-shape', `the model's output "${outName}" is a C×H×W feature map (or one flattened); only vector outputs (and maps with one channel or one position) are supported`);
  }
  const suggestedOutput: OutputRule = out.final === 'sigmoid' ? 'sign' : out.final === 'softmax' ? 'argmax' : 'logits';
  // Nodes whose results never reach the output (an unused branch) would only cost constraints.
  const live = new Set<TensorId>([out.id]);
  const kept: Node[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    if (!live.has(n.output)) continue;
    kept.unshift(n);
    for (const t of n.inputs) live.add(t);
  }
  const counted = new Set(kept.flatMap((n) => weightsOf.get(n.output) ?? []));
  const parameters = [...counted].reduce((sum, w) => sum + constants.get(w)!.data.length, 0);
  return { name, input, output: out.id, shapes, nodes: kept, suggestedOutput, parameters };
}
