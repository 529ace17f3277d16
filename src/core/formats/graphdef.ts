/**
 * TensorFlow GraphDef reader and writer: the binary `tensorflowjs_model.pb` the older tfjs
 * converter wrote (its weights in `weights_manifest.json` and shard files). The schema is the part
 * of TensorFlow's graph.proto, node_def.proto, attr_value.proto, tensor.proto and
 * tensor_shape.proto an inference graph uses, written here as a protobufjs JSON descriptor with
 * their public field numbers; protobufjs does the wire format. Undescribed fields (function
 * library, versions, debug info) are skipped by the decoder. The writer exists for tests.
 */
import protobuf from 'protobufjs/light.js';

const descriptor = {
  nested: {
    tensorflow: {
      nested: {
        GraphDef: {
          fields: { node: { rule: 'repeated', type: 'NodeDef', id: 1 } },
        },
        NodeDef: {
          fields: {
            name: { type: 'string', id: 1 },
            op: { type: 'string', id: 2 },
            input: { rule: 'repeated', type: 'string', id: 3 },
            device: { type: 'string', id: 4 },
            attr: { keyType: 'string', type: 'AttrValue', id: 5 },
          },
        },
        AttrValue: {
          oneofs: { value: { oneof: ['list', 's', 'i', 'f', 'b', 'type', 'shape', 'tensor'] } },
          fields: {
            list: { type: 'ListValue', id: 1 },
            s: { type: 'bytes', id: 2 },
            i: { type: 'int64', id: 3 },
            f: { type: 'float', id: 4 },
            b: { type: 'bool', id: 5 },
            type: { type: 'int32', id: 6 },
            shape: { type: 'TensorShapeProto', id: 7 },
            tensor: { type: 'TensorProto', id: 8 },
          },
        },
        ListValue: {
          fields: {
            s: { rule: 'repeated', type: 'bytes', id: 2 },
            i: { rule: 'repeated', type: 'int64', id: 3, options: { packed: true } },
            f: { rule: 'repeated', type: 'float', id: 4, options: { packed: true } },
            b: { rule: 'repeated', type: 'bool', id: 5, options: { packed: true } },
            type: { rule: 'repeated', type: 'int32', id: 6, options: { packed: true } },
            shape: { rule: 'repeated', type: 'TensorShapeProto', id: 7 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dim', id: 2 }, unknownRank: { type: 'bool', id: 3 } },
        },
        Dim: {
          fields: { size: { type: 'int64', id: 1 }, name: { type: 'string', id: 2 } },
        },
        TensorProto: {
          fields: {
            dtype: { type: 'int32', id: 1 },
            tensorShape: { type: 'TensorShapeProto', id: 2 },
            tensorContent: { type: 'bytes', id: 4 },
            floatVal: { rule: 'repeated', type: 'float', id: 5, options: { packed: true } },
            intVal: { rule: 'repeated', type: 'int32', id: 7, options: { packed: true } },
            int64Val: { rule: 'repeated', type: 'int64', id: 10, options: { packed: true } },
          },
        },
      },
    },
  },
};

/** TensorFlow's DataType values this project reads. */
export const TF_DTYPE = { FLOAT: 1, INT32: 3, INT64: 9 } as const;

export interface TfShape {
  dim: { size: number; name: string }[];
  unknownRank: boolean;
}

export interface TfTensor {
  dtype: number;
  tensorShape?: TfShape | null;
  tensorContent: Uint8Array;
  floatVal: number[];
  intVal: number[];
  int64Val: number[];
}

export interface TfAttr {
  list?: { s: Uint8Array[]; i: number[]; f: number[]; b: boolean[]; type: number[]; shape: TfShape[] } | null;
  s?: Uint8Array;
  i?: number;
  f?: number;
  b?: boolean;
  type?: number;
  shape?: TfShape | null;
  tensor?: TfTensor | null;
  /** Which field the value is in (the oneof). */
  value?: string;
}

export interface TfNode {
  name: string;
  op: string;
  input: string[];
  device: string;
  attr: Record<string, TfAttr>;
}

const root = protobuf.Root.fromJSON(descriptor);
const GraphDef = root.lookupType('tensorflow.GraphDef');

/**
 * Decodes GraphDef bytes into plain objects (int64 as numbers, repeated fields as arrays, each
 * attribute's oneof named in `value`). Throws on bytes that are not a well-formed protobuf message.
 */
export function decodeGraphDef(bytes: Uint8Array): { node: TfNode[] } {
  const message = GraphDef.decode(bytes);
  return GraphDef.toObject(message, { longs: Number, arrays: true, objects: true, oneofs: true, defaults: true }) as { node: TfNode[] };
}

export function encodeGraphDef(graph: Record<string, unknown>): Uint8Array {
  const problem = GraphDef.verify(graph);
  if (problem) throw new Error(`not a GraphDef: ${problem}`);
  return GraphDef.encode(GraphDef.fromObject(graph)).finish();
}
