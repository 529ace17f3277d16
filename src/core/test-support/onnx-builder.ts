/**
 * Builds small ONNX models for tests with core's ONNX writer (formats/onnx.ts; no Python or onnx
 * package here). The message builders are core's, under the short names the tests use.
 */
import { encodeOnnxModel, onnxValueInfo, type OnnxMessage } from '../formats/onnx.js';

export {
  onnxAttr as attr,
  onnxFloatTensor as floatTensor,
  onnxInt64Tensor as int64Tensor,
  onnxNode as node,
} from '../formats/onnx.js';

export interface OnnxSpec {
  input: { name: string; dims: (number | string)[] };
  output: { name: string; dims: (number | string)[] };
  /** Several graph outputs (instead of `output`). */
  outputs?: { name: string; dims: (number | string)[] }[];
  nodes: OnnxMessage[];
  initializers: OnnxMessage[];
  opset?: number;
  /** List the initializers among the graph inputs too, as older exporters do. */
  initializersAsInputs?: boolean;
}

export function onnxBytes(spec: OnnxSpec): Uint8Array {
  const inputs = [onnxValueInfo(spec.input.name, spec.input.dims)];
  if (spec.initializersAsInputs) for (const t of spec.initializers) inputs.push(onnxValueInfo(t.name as string, t.dims as number[], t.dataType as number));
  return encodeOnnxModel({
    producerName: 'zkinfer-tests',
    graphName: 'test',
    opset: spec.opset,
    nodes: spec.nodes,
    initializers: spec.initializers,
    inputs,
    outputs: (spec.outputs ?? [spec.output]).map((o) => onnxValueInfo(o.name, o.dims)),
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
