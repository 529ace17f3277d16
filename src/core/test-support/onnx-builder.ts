/**
 * Builds small ONNX models for tests, written with the same schema the reader uses (no Python or
 * onnx package here). Float weights go to raw_data (what exporters write) unless asked otherwise.
 */
import { encodeOnnx, ONNX_ATTR, ONNX_DTYPE } from '../formats/onnx.js';

export type Attr = Record<string, unknown>;

export const attr = {
  int: (name: string, i: number): Attr => ({ name, type: ONNX_ATTR.INT, i }),
  ints: (name: string, ints: number[]): Attr => ({ name, type: ONNX_ATTR.INTS, ints }),
  float: (name: string, f: number): Attr => ({ name, type: ONNX_ATTR.FLOAT, f }),
  string: (name: string, s: string): Attr => ({ name, type: ONNX_ATTR.STRING, s: new TextEncoder().encode(s) }),
  tensor: (name: string, t: Attr): Attr => ({ name, type: ONNX_ATTR.TENSOR, t }),
};

export function floatTensor(name: string, dims: number[], data: ArrayLike<number>, form: 'raw' | 'floatData' = 'raw'): Attr {
  const values = Float32Array.from(data);
  if (values.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`${name}: ${values.length} values for [${dims.join(', ')}]`);
  if (form === 'floatData') return { name, dims, dataType: ONNX_DTYPE.FLOAT, floatData: Array.from(values) };
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, dataType: ONNX_DTYPE.FLOAT, rawData: raw };
}

export function int64Tensor(name: string, dims: number[], data: number[]): Attr {
  return { name, dims, dataType: ONNX_DTYPE.INT64, int64Data: data };
}

export function node(opType: string, input: string[], output: string[], attribute: Attr[] = [], name = ''): Attr {
  return { opType, input, output, attribute, name };
}

function valueInfo(name: string, dims: (number | string)[], elemType: number = ONNX_DTYPE.FLOAT): Attr {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

export interface OnnxSpec {
  input: { name: string; dims: (number | string)[] };
  output: { name: string; dims: (number | string)[] };
  /** Several graph outputs (instead of `output`). */
  outputs?: { name: string; dims: (number | string)[] }[];
  nodes: Attr[];
  initializers: Attr[];
  opset?: number;
  /** List the initializers among the graph inputs too, as older exporters do. */
  initializersAsInputs?: boolean;
}

export function onnxBytes(spec: OnnxSpec): Uint8Array {
  const inputs = [valueInfo(spec.input.name, spec.input.dims)];
  if (spec.initializersAsInputs) for (const t of spec.initializers) inputs.push(valueInfo(t.name as string, t.dims as number[], t.dataType as number));
  return encodeOnnx({
    irVersion: 7,
    producerName: 'zkinfer-tests',
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }],
    graph: { name: 'test', node: spec.nodes, initializer: spec.initializers, input: inputs, output: (spec.outputs ?? [spec.output]).map((o) => valueInfo(o.name, o.dims)) },
  });
}

/** Deterministic values in [−1, 1). */
export function seeded(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}
