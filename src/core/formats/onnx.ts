/**
 * ONNX ModelProto reader and writer. The schema is the part of onnx.proto (IR version 3 and later)
 * that an inference graph uses, written as a protobufjs JSON descriptor with onnx.proto's field
 * numbers; protobufjs does the wire format. Fields we do not describe (training info, functions,
 * sparse initializers, …) are skipped by the decoder, so files that carry them still read.
 * The writer (encodeOnnx and the message builders at the end) is what tests and
 * scripts/onnx-example.ts build their ONNX models with; the app itself only reads.
 */
import protobuf from 'protobufjs/light.js';

const descriptor = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            modelVersion: { type: 'int64', id: 5 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
          },
        },
        OperatorSetIdProto: {
          fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            docString: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
            valueInfo: { rule: 'repeated', type: 'ValueInfoProto', id: 13 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            domain: { type: 'string', id: 7 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            docString: { type: 'string', id: 6 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'int32', id: 20 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            g: { type: 'GraphProto', id: 6 },
            floats: { rule: 'repeated', type: 'float', id: 7, options: { packed: false } },
            ints: { rule: 'repeated', type: 'int64', id: 8, options: { packed: false } },
            strings: { rule: 'repeated', type: 'bytes', id: 9 },
            tensors: { rule: 'repeated', type: 'TensorProto', id: 10 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1, options: { packed: false } },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: 'repeated', type: 'float', id: 4, options: { packed: true } },
            int32Data: { rule: 'repeated', type: 'int32', id: 5, options: { packed: true } },
            int64Data: { rule: 'repeated', type: 'int64', id: 7, options: { packed: true } },
            name: { type: 'string', id: 8 },
            docString: { type: 'string', id: 12 },
            rawData: { type: 'bytes', id: 9 },
            externalData: { rule: 'repeated', type: 'StringStringEntryProto', id: 13 },
            dataLocation: { type: 'int32', id: 14 },
            doubleData: { rule: 'repeated', type: 'double', id: 10, options: { packed: true } },
          },
        },
        StringStringEntryProto: {
          fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } },
        },
        ValueInfoProto: {
          fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 }, docString: { type: 'string', id: 3 } },
        },
        TypeProto: {
          fields: { tensorType: { type: 'TypeProtoTensor', id: 1 }, denotation: { type: 'string', id: 6 } },
        },
        TypeProtoTensor: {
          fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } },
        },
        Dimension: {
          fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 }, denotation: { type: 'string', id: 3 } },
        },
      },
    },
  },
};

/** TensorProto.DataType values this project reads. */
export const ONNX_DTYPE = { FLOAT: 1, INT32: 6, INT64: 7, FLOAT16: 10, DOUBLE: 11 } as const;

/** AttributeProto.AttributeType values. */
export const ONNX_ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8, TENSORS: 9 } as const;

export interface OnnxTensor {
  dims: number[];
  dataType: number;
  floatData: number[];
  int32Data: number[];
  int64Data: number[];
  name: string;
  rawData: Uint8Array;
  externalData: { key: string; value: string }[];
  dataLocation: number;
  doubleData: number[];
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f: number;
  i: number;
  s: Uint8Array;
  t?: OnnxTensor | null;
  floats: number[];
  ints: number[];
  strings: Uint8Array[];
}

export interface OnnxNode {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  domain: string;
  attribute: OnnxAttribute[];
}

export interface OnnxDimension {
  dimValue: number;
  dimParam: string;
}

export interface OnnxValueInfo {
  name: string;
  type?: { tensorType?: { elemType: number; shape?: { dim: OnnxDimension[] } } };
}

export interface OnnxGraph {
  node: OnnxNode[];
  name: string;
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  graph?: OnnxGraph | null;
}

const root = protobuf.Root.fromJSON(descriptor);
const ModelProto = root.lookupType('onnx.ModelProto');

/**
 * Decodes ModelProto bytes into plain objects (int64 as numbers, every repeated field an array,
 * defaults filled). Throws on bytes that are not a well-formed protobuf message.
 */
export function decodeOnnx(bytes: Uint8Array): OnnxModel {
  const message = ModelProto.decode(bytes);
  return ModelProto.toObject(message, { longs: Number, defaults: true, arrays: true }) as OnnxModel;
}

/** A message to write: any subset of the schema's fields, by protobufjs's camel-case names. */
export type OnnxMessage = Record<string, unknown>;

/** Encodes a ModelProto message. Throws when a field has the wrong type for the schema. */
export function encodeOnnx(model: OnnxMessage): Uint8Array {
  const problem = ModelProto.verify(model);
  if (problem) throw new Error(`not an ONNX ModelProto: ${problem}`);
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

// Message builders: the few shapes of message a model needs, so writers do not spell out the schema.

/** AttributeProto of each type we write; `string` encodes its text as UTF-8, as ONNX stores it. */
export const onnxAttr = {
  int: (name: string, i: number): OnnxMessage => ({ name, type: ONNX_ATTR.INT, i }),
  ints: (name: string, ints: number[]): OnnxMessage => ({ name, type: ONNX_ATTR.INTS, ints }),
  float: (name: string, f: number): OnnxMessage => ({ name, type: ONNX_ATTR.FLOAT, f }),
  string: (name: string, s: string): OnnxMessage => ({ name, type: ONNX_ATTR.STRING, s: new TextEncoder().encode(s) }),
  tensor: (name: string, t: OnnxMessage): OnnxMessage => ({ name, type: ONNX_ATTR.TENSOR, t }),
};

/**
 * A float32 TensorProto. The values go to raw_data as little-endian bytes, what exporters write,
 * unless `form` asks for float_data (which readers must handle too). Throws when the number of
 * values is not the product of `dims`.
 */
export function onnxFloatTensor(name: string, dims: number[], data: ArrayLike<number>, form: 'raw' | 'floatData' = 'raw'): OnnxMessage {
  const values = Float32Array.from(data);
  if (values.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`${name}: ${values.length} values for [${dims.join(', ')}]`);
  if (form === 'floatData') return { name, dims, dataType: ONNX_DTYPE.FLOAT, floatData: Array.from(values) };
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, dataType: ONNX_DTYPE.FLOAT, rawData: raw };
}

/** An int64 TensorProto (shapes, axes), in int64_data. */
export function onnxInt64Tensor(name: string, dims: number[], data: number[]): OnnxMessage {
  return { name, dims, dataType: ONNX_DTYPE.INT64, int64Data: data };
}

/** A NodeProto in the default domain. */
export function onnxNode(opType: string, input: string[], output: string[], attribute: OnnxMessage[] = [], name = ''): OnnxMessage {
  return { opType, input, output, attribute, name };
}

/** A ValueInfoProto for a tensor; a string dimension is symbolic (dim_param, e.g. the batch 'N'). */
export function onnxValueInfo(name: string, dims: (number | string)[], elemType: number = ONNX_DTYPE.FLOAT): OnnxMessage {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

export interface OnnxModelSpec {
  producerName: string;
  graphName: string;
  nodes: OnnxMessage[];
  initializers: OnnxMessage[];
  inputs: OnnxMessage[];
  outputs: OnnxMessage[];
  /** Default-domain opset version; 13 unless given. */
  opset?: number;
  /** 7 unless given: the IR version that came with opset 13. */
  irVersion?: number;
}

/** Encodes a model of one graph (named `graphName`) in the default-domain opset. */
export function encodeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  return encodeOnnx({
    irVersion: spec.irVersion ?? 7,
    producerName: spec.producerName,
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }],
    graph: { name: spec.graphName, node: spec.nodes, initializer: spec.initializers, input: spec.inputs, output: spec.outputs },
  });
}
