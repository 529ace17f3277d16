/**
 * tfjs Graph model (a TensorFlow GraphDef as the tfjs converter writes it: a `node` list whose
 * Const values sit in the weight files) → float graph IR. Tensors are NHWC, as in the IR, so
 * weights are read as they are stored. The graph is walked from its output back to its one
 * Placeholder, so nodes that never reach the output are neither lowered nor counted. Anything
 * outside the supported subset is refused with a sentence naming the node, its op and the list.
 */
import { fromBase64 } from '../base64.js';
import { fail } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';
import { windowFor } from '../tensor/spatial.js';
import type { Graph, Node, Op, OutputRule, TensorId } from './ir.js';

export const SUPPORTED_GRAPH_OPS = [
  'Placeholder',
  'Const',
  'Identity',
  'MatMul',
  '_FusedMatMul',
  'BiasAdd',
  'Add',
  'AddV2',
  'Sub',
  'Mul',
  'Conv2D',
  '_FusedConv2D',
  'DepthwiseConv2dNative',
  'FusedDepthwiseConv2dNative',
  'MaxPool',
  'AvgPool',
  'Mean',
  'FusedBatchNorm',
  'FusedBatchNormV2',
  'FusedBatchNormV3',
  'Relu',
  'Relu6',
  'LeakyRelu',
  'Prelu',
  'Reshape',
  'Squeeze',
  'ConcatV2',
  'Pad',
  'Softmax',
  'Sigmoid',
] as const;

const FUSED_ACTIVATIONS = ['Relu', 'Relu6', 'LeakyRelu'] as const;

const SUPPORTED_SENTENCE =
  `supported tfjs graph ops: ${SUPPORTED_GRAPH_OPS.join(', ')} (NHWC; MatMul, convolutions and BiasAdd with constant weights; ` +
  `Add/Sub/Mul with a constant or, for Add, two tensors of one shape; fused ops BiasAdd then ${FUSED_ACTIVATIONS.join(' or ')}; ` +
  `Mean over height and width; FusedBatchNorm in inference mode; Conv2D grouped when its filter has fewer input channels; ` +
  `Softmax or Sigmoid as the final node only)`;

/** One attribute as the converter writes it (int64 as decimal strings, strings base64). */
export interface GraphAttr {
  readonly i?: string | number;
  readonly f?: number;
  readonly s?: string;
  readonly b?: boolean;
  readonly list?: { readonly i?: readonly (string | number)[]; readonly s?: readonly string[] };
  readonly shape?: { readonly dim?: readonly { readonly size?: string | number }[]; readonly unknownRank?: boolean };
}

export interface GraphNodeDef {
  readonly name: string;
  readonly op: string;
  readonly input?: readonly string[];
  readonly attr?: Readonly<Record<string, GraphAttr>>;
}

export interface GraphConstant {
  readonly dims: readonly number[];
  readonly data: Float64Array;
}

interface Value {
  readonly id?: TensorId;
  /** Shape without the batch dimension (computed tensors) or the full constant shape. */
  readonly shape: readonly number[];
  readonly constant?: GraphConstant;
  readonly final?: 'softmax' | 'sigmoid';
}

/** A string attribute: base64 in the converter's JSON (shown as written if it is not). */
const decodeString = (b64: string): string => {
  const bytes = fromBase64(b64);
  return bytes ? new TextDecoder().decode(bytes) : b64;
};

function attrsOf(node: GraphNodeDef) {
  const a = node.attr ?? {};
  return {
    int: (k: string, fallback: number) => (a[k]?.i !== undefined ? Number(a[k]!.i) : fallback),
    float: (k: string, fallback: number) => a[k]?.f ?? fallback,
    bool: (k: string) => a[k]?.b === true,
    str: (k: string, fallback: string) => (a[k]?.s !== undefined ? decodeString(a[k]!.s!) : fallback),
    ints: (k: string) => a[k]?.list?.i?.map(Number),
    strs: (k: string) => a[k]?.list?.s?.map(decodeString) ?? [],
    shape: (k: string) => a[k]?.shape,
  };
}

/** "name:0" → "name"; control inputs ("^name") are dropped by the caller. */
function tensorName(ref: string, where: string): string {
  const at = ref.lastIndexOf(':');
  if (at < 0) return ref;
  if (ref.slice(at + 1) !== '0') fail('model', 'unsupported-config', `${where} reads output ${ref.slice(at + 1)} of "${ref.slice(0, at)}"; only nodes' first outputs are supported`);
  return ref.slice(0, at);
}

/** The names of a graph's outputs: the signature's, or else every node no other node reads. */
export function graphOutputs(nodes: readonly GraphNodeDef[], signatureOutputs?: readonly string[]): string[] {
  if (signatureOutputs && signatureOutputs.length > 0) return signatureOutputs.map((n) => n.replace(/:0$/, ''));
  const read = new Set(nodes.flatMap((n) => (n.input ?? []).map((r) => r.replace(/^\^/, '').replace(/:\d+$/, ''))));
  return nodes.filter((n) => !read.has(n.name) && n.op !== 'Const' && n.op !== 'NoOp' && n.op !== 'Placeholder').map((n) => n.name);
}

export function importGraphModel(
  graphNodes: readonly GraphNodeDef[],
  constants: ReadonlyMap<string, GraphConstant>,
  name: string,
  { signatureOutputs, outputNode }: { signatureOutputs?: readonly string[]; outputNode?: string } = {},
): Graph {
  const byName = new Map(graphNodes.map((n) => [n.name, n]));
  const outputs = graphOutputs(graphNodes, signatureOutputs);
  let outName: string;
  if (outputNode !== undefined) {
    if (!outputs.includes(outputNode) && !byName.has(outputNode)) {
      fail('model', 'unknown-output', `the model has no node "${outputNode}"; its outputs are ${outputs.map((o) => `"${o}"`).join(', ')}`);
    }
    outName = outputNode;
  } else if (outputs.length !== 1) {
    return fail('model', 'multi-io', `model "${name}" has ${outputs.length} outputs (${outputs.map((o) => `"${o}"`).join(', ')}); pick one with --output-node <name>`);
  } else outName = outputs[0]!;

  const shapes = new Map<TensorId, number[]>();
  const nodes: Node[] = [];
  const values = new Map<string, Value>();
  const weightsUsed = new Set<GraphConstant>();
  const visiting = new Set<string>();
  let input: TensorId | undefined;
  let inputName = '';
  let nextId = 0;
  const fresh = (shape: number[]): TensorId => {
    const id = nextId++;
    shapes.set(id, shape);
    return id;
  };

  const visit = (nodeName: string): Value => {
    const known = values.get(nodeName);
    if (known) return known;
    const node = byName.get(nodeName);
    if (!node) return fail('model', 'bad-graph-model', `the graph reads "${nodeName}", which no node produces`);
    if (visiting.has(nodeName)) fail('model', 'cycle', `node "${nodeName}" is part of a cycle`);
    visiting.add(nodeName);
    const v = lowerNode(node);
    values.set(nodeName, v);
    return v;
  };

  const lowerNode = (node: GraphNodeDef): Value => {
    const where = `node "${node.name}" (${node.op})`;
    const a = attrsOf(node);
    const refs = (node.input ?? []).filter((r) => !r.startsWith('^')).map((r) => tensorName(r, where));
    const inputValue = (i: number): Value => {
      const ref = refs[i];
      if (ref === undefined) return fail('model', 'bad-graph-model', `${where} has no input ${i}`);
      const v = visit(ref);
      if (v.final) fail('model', 'unsupported-activation', `${where} reads the output of a final ${v.final === 'softmax' ? 'Softmax' : 'Sigmoid'}; Softmax and Sigmoid are supported only as the last node`);
      return v;
    };
    const tensorAt = (i: number): Value & { id: TensorId } => {
      const v = inputValue(i);
      if (v.id === undefined) fail('model', 'unsupported-config', `${where} takes the constant "${refs[i]}" where a computed tensor is expected`);
      return v as Value & { id: TensorId };
    };
    const constantAt = (i: number, what: string): GraphConstant => {
      const v = inputValue(i);
      if (!v.constant) return fail('model', 'unsupported-config', `${where} needs a constant ${what}; "${refs[i]}" is computed in the graph`);
      return v.constant;
    };
    const weightAt = (i: number, what: string): GraphConstant => {
      const c = constantAt(i, what);
      weightsUsed.add(c);
      return c;
    };
    const push = (op: Op, ins: readonly TensorId[], shape: readonly number[]): Value => {
      const output = fresh([...shape]);
      nodes.push({ layer: node.name, className: node.op, op, inputs: ins, output });
      return { id: output, shape };
    };
    const needMap = (v: Value) => {
      if (v.shape.length !== 3) fail('model', 'unsupported-shape', `${where} needs a [N, height, width, channels] input, got [N, ${v.shape.join(', ')}]`);
      const format = a.str('data_format', 'NHWC');
      if (format !== 'NHWC') fail('model', 'unsupported-config', `${where} uses data_format ${format}; only NHWC is supported`);
    };
    /** A constant that broadcasts along the last axis: one value, or one per channel/feature. */
    const lastAxisVector = (c: GraphConstant, v: Value, what: string): Float64Array => {
      const last = v.shape[v.shape.length - 1]!;
      const leadingOnes = c.dims.slice(0, -1).every((d) => d === 1);
      if (c.data.length === 1 || (c.data.length === last && leadingOnes)) return c.data;
      return fail('model', 'unsupported-config', `${where} ${what} has shape [${c.dims.join(', ')}] against [N, ${v.shape.join(', ')}]; supported: a scalar or one value per channel (last axis)`);
    };
    const affine = (v: Value & { id: TensorId }, scale: Float64Array, shift: Float64Array): Value => {
      const n = Math.max(scale.length, shift.length);
      const widen = (x: Float64Array) => (x.length === n ? x : new Float64Array(n).fill(x[0]!));
      return push({ kind: 'affine', scale: widen(scale), shift: widen(shift) }, [v.id], v.shape);
    };
    const window = (v: Value, k: [number, number], what: 'strides' | 'ksize') => {
      const strides = a.ints('strides') ?? [1, 1, 1, 1];
      const dil = a.ints('dilations') ?? [1, 1, 1, 1];
      const padding = a.str('padding', 'VALID');
      if (dil.some((d) => d !== 1)) fail('model', 'unsupported-config', `${where} uses dilations [${dil.join(', ')}]; only dilation 1 is supported`);
      if (strides.length !== 4 || strides[0] !== 1 || strides[3] !== 1 || (what === 'ksize' && (a.ints('ksize')?.[0] !== 1 || a.ints('ksize')?.[3] !== 1))) {
        fail('model', 'unsupported-config', `${where} has strides [${strides.join(', ')}]${what === 'ksize' ? ` and ksize [${a.ints('ksize')?.join(', ')}]` : ''}; only windows over height and width are supported`);
      }
      if (padding !== 'SAME' && padding !== 'VALID') fail('model', 'unsupported-config', `${where} uses padding ${padding}; SAME and VALID are supported (a Pad node before it for explicit padding)`);
      return windowFor(v.shape[0]!, v.shape[1]!, k, [strides[1]!, strides[2]!], padding === 'SAME' ? 'same' : 'valid');
    };
    /** Conv2D / depthwise convolution with a constant filter [kh, kw, in, out or multiplier]. */
    const conv = (depthwise: boolean, bias?: Float64Array): Value => {
      const x = tensorAt(0);
      needMap(x);
      const f = weightAt(1, 'filter');
      if (f.dims.length !== 4) fail('model', 'unsupported-config', `${where} has a filter of shape [${f.dims.join(', ')}]; only 2-D convolutions are supported`);
      const [kh, kw, filterIn, last] = f.dims as [number, number, number, number];
      const inC = x.shape[2]!;
      // Conv2D with a filter for fewer input channels than the input has is a grouped convolution
      // (TensorFlow's): inC / filterIn groups, output channel o reading the channels of group
      // ⌊o / (outC / groups)⌋, which is the IR's grouped conv2d with the kernel as stored.
      const groups = depthwise ? 1 : inC / filterIn;
      if (depthwise ? filterIn !== inC : !Number.isInteger(groups) || last % groups !== 0) {
        fail('model', 'unsupported-shape', depthwise ? `${where} has a filter for ${filterIn} input channels, but its input has ${inC}` : `${where} has a filter for ${filterIn} input channels, which does not make groups of its input's ${inC} channels and its ${last} output channels`);
      }
      const win = window(x, [kh, kw], 'strides');
      const outC = depthwise ? inC * last : last;
      const { outH, outW, ...w } = win;
      const op: Op = {
        kind: 'conv2d',
        geometry: { inShape: [x.shape[0]!, x.shape[1]!, inC], outShape: [outH, outW, outC], window: w, depthMultiplier: depthwise ? last : 0, ...(groups > 1 ? { groups } : {}) },
        kernel: f.data,
        bias: bias ?? new Float64Array(outC),
      };
      return push(op, [x.id], [outH, outW, outC]);
    };
    const matMul = (bias?: Float64Array): Value => {
      const x = tensorAt(0);
      if (a.bool('transpose_a')) fail('model', 'unsupported-config', `${where} sets transpose_a; only x · W with the input on the left is supported`);
      const w = weightAt(1, 'matrix');
      if (w.dims.length !== 2) fail('model', 'unsupported-config', `${where} multiplies by a constant of shape [${w.dims.join(', ')}]; only a matrix is supported`);
      const [r, c] = w.dims as [number, number];
      const [inSize, outSize] = a.bool('transpose_b') ? [c, r] : [r, c];
      if (inSize !== x.shape[x.shape.length - 1]) fail('model', 'unsupported-shape', `${where} multiplies [N, ${x.shape.join(', ')}] by a ${inSize}×${outSize} matrix`);
      const kernel = a.bool('transpose_b') ? Float64Array.from({ length: r * c }, (_, k) => w.data[(k % outSize) * inSize + Math.floor(k / outSize)]!) : w.data;
      return push({ kind: 'dense', inSize, outSize, kernel, bias: bias ?? new Float64Array(outSize) }, [x.id], [...x.shape.slice(0, -1), outSize]);
    };
    /** _Fused*: the op, then BiasAdd of its one extra argument, then at most one activation. */
    const fused = (core: (bias?: Float64Array) => Value): Value => {
      const ops = a.strs('fused_ops');
      const numArgs = a.int('num_args', ops.includes('BiasAdd') ? 1 : 0);
      const [first, act, ...rest] = ops;
      if (ops.length === 0 || first !== 'BiasAdd' || numArgs !== 1 || rest.length > 0 || (act !== undefined && !(FUSED_ACTIVATIONS as readonly string[]).includes(act))) {
        fail('model', 'unsupported-config', `${where} fuses [${ops.join(', ')}]; supported: BiasAdd, optionally followed by ${FUSED_ACTIVATIONS.join(' or ')}`);
      }
      const bias = weightAt(2, 'bias').data;
      const y = core(Float64Array.from(bias)) as Value & { id: TensorId };
      if (bias.length !== y.shape[y.shape.length - 1]) fail('model', 'unsupported-config', `${where} has ${bias.length} biases for ${y.shape[y.shape.length - 1]} channels`);
      if (act === 'LeakyRelu') return push({ kind: 'leakyRelu', alpha: Float64Array.of(a.float('leakyrelu_alpha', 0.2)) }, [y.id], y.shape);
      return act === undefined ? y : push({ kind: act === 'Relu6' ? 'relu6' : 'relu' }, [y.id], y.shape);
    };

    switch (node.op) {
      case 'Placeholder': {
        if (input !== undefined) fail('model', 'multi-io', `the graph reads two inputs ("${inputName}" and "${node.name}"); only models with one input are supported`);
        const dims = a.shape('shape')?.dim?.map((d) => Number(d.size ?? -1));
        if (!dims || dims.length < 2) return fail('model', 'dynamic-shape', `input "${node.name}" has no declared shape of rank 2 or more; only fixed shapes are supported`);
        const rest = dims.slice(1);
        if (rest.some((d) => !(d > 0))) fail('model', 'dynamic-shape', `input "${node.name}" has a dynamic or unknown shape [${dims.join(', ')}]; only a dynamic batch dimension is supported`);
        if (dims[0]! > 1) fail('model', 'unsupported-shape', `input "${node.name}" has a fixed batch of ${dims[0]}; zkinfer proves one input at a time`);
        input = fresh(rest);
        inputName = node.name;
        return { id: input, shape: rest };
      }
      case 'Const': {
        const c = constants.get(node.name);
        if (!c) return fail('model', 'bad-graph-model', `${where} has no value in the weights manifest`);
        return { shape: c.dims, constant: c };
      }
      case 'Identity':
      case 'StopGradient':
      case 'Snapshot':
        return inputValue(0);
      case 'MatMul':
        return matMul();
      case '_FusedMatMul':
        return fused(matMul);
      case 'Conv2D':
      case 'DepthwiseConv2dNative':
        return conv(node.op !== 'Conv2D');
      case '_FusedConv2D':
      case 'FusedDepthwiseConv2dNative':
        return fused((bias) => conv(node.op !== '_FusedConv2D', bias));
      case 'BiasAdd':
      case 'Add':
      case 'AddV2':
      case 'Sub':
      case 'Mul': {
        const [p, q] = [inputValue(0), inputValue(1)];
        if (p.id !== undefined && q.id !== undefined) {
          if (node.op === 'Sub' || node.op === 'Mul' || p.shape.join() !== q.shape.join()) {
            fail('model', 'unsupported-config', `${where} combines two computed tensors; only Add of two tensors of one shape is supported (Sub and Mul need a constant operand)`);
          }
          return push({ kind: 'add' }, [p.id, q.id], p.shape);
        }
        const vi = p.id !== undefined ? 0 : 1;
        const v = tensorAt(vi);
        const c = lastAxisVector(weightAt(1 - vi, 'operand'), v, 'constant operand');
        const one = Float64Array.of(1);
        const zero = Float64Array.of(0);
        if (node.op === 'Mul') return affine(v, c, zero);
        if (node.op === 'Sub') return vi === 0 ? affine(v, one, c.map((x) => -x)) : affine(v, Float64Array.of(-1), c);
        return affine(v, one, c);
      }
      case 'FusedBatchNorm':
      case 'FusedBatchNormV2':
      case 'FusedBatchNormV3': {
        // Inference form: y = scale · (x − mean) / √(variance + ε) + offset per channel, an affine
        // that folds into the neighbouring convolution like a Keras BatchNormalization. tfjs computes
        // this whatever is_training says; only an explicit true (batch statistics) is refused.
        const x = tensorAt(0);
        if (a.bool('is_training')) fail('model', 'unsupported-config', `${where} is in training mode (is_training: it normalizes by the batch's own statistics); only inference (moving mean and variance) is supported`);
        const format = a.str('data_format', 'NHWC');
        if (format !== 'NHWC') fail('model', 'unsupported-config', `${where} uses data_format ${format}; only NHWC is supported`);
        const [gamma, beta, mean, variance] = (['scale', 'offset', 'mean', 'variance'] as const).map((what, i) => lastAxisVector(weightAt(i + 1, what), x, what));
        const eps = a.float('epsilon', 1e-3); // tfjs's default when the attribute is missing (TensorFlow's op says 1e-4)
        const channels = x.shape[x.shape.length - 1]!;
        const at = (v: Float64Array, c: number) => v[v.length === 1 ? 0 : c]!;
        const scale = Float64Array.from({ length: channels }, (_, c) => at(gamma!, c) / Math.sqrt(at(variance!, c) + eps));
        const shift = Float64Array.from({ length: channels }, (_, c) => at(beta!, c) - at(mean!, c) * scale[c]!);
        return affine(x, scale, shift);
      }
      case 'Relu':
      case 'Relu6': {
        const x = tensorAt(0);
        return push({ kind: node.op === 'Relu' ? 'relu' : 'relu6' }, [x.id], x.shape);
      }
      case 'LeakyRelu': {
        const x = tensorAt(0);
        return push({ kind: 'leakyRelu', alpha: Float64Array.of(a.float('alpha', 0.2)) }, [x.id], x.shape);
      }
      case 'Prelu': {
        const x = tensorAt(0);
        const alpha = weightAt(1, 'alpha');
        const perElement = alpha.dims.join() === x.shape.join();
        return push({ kind: 'leakyRelu', alpha: perElement ? alpha.data : lastAxisVector(alpha, x, 'alpha') }, [x.id], x.shape);
      }
      case 'MaxPool':
      case 'AvgPool': {
        const x = tensorAt(0);
        needMap(x);
        const k = a.ints('ksize') ?? [];
        if (k.length !== 4) fail('model', 'unsupported-config', `${where} has ksize [${k.join(', ')}]; only 2-D pooling is supported`);
        const { outH, outW, ...w } = window(x, [k[1]!, k[2]!], 'ksize');
        return push({ kind: 'pool2d', mode: node.op === 'MaxPool' ? 'max' : 'avg', window: w }, [x.id], [outH, outW, x.shape[2]!]);
      }
      case 'Mean': {
        const x = tensorAt(0);
        const axes = Array.from(constantAt(1, 'axes').data, (d) => (d < 0 ? d + 4 : d)).sort();
        if (x.shape.length !== 3 || axes.join() !== '1,2') fail('model', 'unsupported-config', `${where} averages axes [${axes.join(', ')}] of [N, ${x.shape.join(', ')}]; only the mean over height and width (global average pooling) is supported`);
        const [h, w, c] = x.shape as [number, number, number];
        const keep = a.bool('keep_dims');
        return push({ kind: 'pool2d', mode: 'avg', window: { kh: h, kw: w, sh: 1, sw: 1, padTop: 0, padLeft: 0 } }, [x.id], keep ? [1, 1, c] : [c]);
      }
      case 'Reshape':
      case 'Squeeze': {
        const x = tensorAt(0);
        const full = [1, ...x.shape];
        let dims: number[];
        if (node.op === 'Reshape') {
          const target = Array.from(constantAt(1, 'shape').data);
          const known = target.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
          dims = target.map((d) => (d === -1 ? sizeOf(full) / known : d));
        } else {
          const drop = (a.ints('squeeze_dims') ?? full.flatMap((d, i) => (d === 1 && i > 0 ? [i] : []))).map((d) => (d < 0 ? d + full.length : d));
          if (drop.some((d) => d <= 0 || full[d] !== 1)) fail('model', 'unsupported-config', `${where} squeezes axes [${drop.join(', ')}] of [N, ${x.shape.join(', ')}]; only non-batch axes of size 1 can be squeezed`);
          dims = full.filter((_, i) => !drop.includes(i));
        }
        if (dims[0] !== 1 || sizeOf(dims) !== sizeOf(full) || !dims.every((d) => Number.isInteger(d) && d > 0)) {
          fail('model', 'unsupported-shape', `${where} reshapes [N, ${x.shape.join(', ')}] to [${dims.join(', ')}]; only shapes that keep a batch of 1 are supported`);
        }
        const rest = dims.slice(1);
        // Row-major NHWC order is the IR's order: a reshape never moves a value.
        return rest.join() === x.shape.join() ? x : push({ kind: 'reshape' }, [x.id], rest);
      }
      case 'ConcatV2': {
        const n = refs.length - 1;
        const parts = Array.from({ length: n }, (_, i) => tensorAt(i));
        const rank = parts[0]!.shape.length;
        const raw = constantAt(n, 'axis').data[0]!;
        const axis = (raw < 0 ? raw + rank + 1 : raw) - 1;
        if (axis < 0 || axis >= rank || parts.some((p) => p.shape.length !== rank || p.shape.some((d, i) => i !== axis && d !== parts[0]!.shape[i]))) {
          fail('model', 'unsupported-config', `${where} joins ${parts.map((p) => `[N, ${p.shape.join(', ')}]`).join(', ')} on axis ${raw}; supported: equal other dimensions and a non-batch axis`);
        }
        const shape = [...parts[0]!.shape];
        shape[axis] = parts.reduce((s, p) => s + p.shape[axis]!, 0);
        return push({ kind: 'concat', axis }, parts.map((p) => p.id), shape);
      }
      case 'Pad': {
        const x = tensorAt(0);
        needMap(x);
        const p = Array.from(constantAt(1, 'paddings').data);
        const [nb, ne, top, bottom, left, right, cb, ce] = p as [number, number, number, number, number, number, number, number];
        if (p.length !== 8 || nb !== 0 || ne !== 0 || cb !== 0 || ce !== 0 || p.some((v) => v < 0)) {
          fail('model', 'unsupported-config', `${where} pads by [${p.join(', ')}]; only zero padding of height and width is supported`);
        }
        const [h, w, c] = x.shape as [number, number, number];
        return push({ kind: 'pad2d', top, left }, [x.id], [h + top + bottom, w + left + right, c]);
      }
      case 'Softmax':
      case 'Sigmoid': {
        const x = tensorAt(0);
        return { ...x, final: node.op === 'Softmax' ? 'softmax' : 'sigmoid' };
      }
      default:
        return fail('model', 'unsupported-op', `${where} is not supported; ${SUPPORTED_SENTENCE}`);
    }
  };

  const out = visit(outName);
  if (out.id === undefined) fail('model', 'unsupported-config', `the output "${outName}" is a constant`);
  if (input === undefined) fail('model', 'bad-graph-model', `the output "${outName}" does not depend on any Placeholder input`);
  const suggestedOutput: OutputRule = out.final === 'sigmoid' ? 'sign' : out.final === 'softmax' && !out.shape.slice(0, -1).some((d) => d > 1) ? 'argmax' : 'logits';
  const parameters = [...weightsUsed].reduce((n, w) => n + w.data.length, 0);
  return { name, input, output: out.id!, shapes, nodes, suggestedOutput, parameters };
}
