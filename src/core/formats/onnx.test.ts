import { describe, expect, it } from 'vitest';
import { decodeOnnx, encodeOnnx, encodeOnnxModel, ONNX_ATTR, ONNX_DTYPE, onnxAttr, onnxFloatTensor, onnxInt64Tensor, onnxNode, onnxValueInfo } from './onnx.js';

describe('ONNX ModelProto reader and writer', () => {
  it('reads back what the writer API writes: nodes, attributes of each type, tensors, value infos', () => {
    const bytes = encodeOnnxModel({
      producerName: 'test',
      graphName: 'g',
      opset: 11,
      irVersion: 8,
      nodes: [
        onnxNode('Conv', ['x', 'w'], ['y'], [
          onnxAttr.ints('pads', [1, 1, 1, 1]), onnxAttr.float('alpha', 0.5), onnxAttr.string('auto_pad', 'VALID'),
          onnxAttr.int('group', 2), onnxAttr.tensor('value', onnxInt64Tensor('v', [1], [7])),
        ], 'c'),
        onnxNode('Relu', ['y'], ['z']),
      ],
      initializers: [onnxFloatTensor('w', [2, 2], [1.5, -2, 0.25, 3]), onnxFloatTensor('b', [2], [0.5, -1], 'floatData'), onnxInt64Tensor('s', [2], [1, -1])],
      inputs: [onnxValueInfo('x', ['N', 3])],
      outputs: [onnxValueInfo('z', [2], ONNX_DTYPE.INT64)],
    });
    const m = decodeOnnx(bytes);
    expect([m.irVersion, m.producerName, m.opsetImport]).toEqual([8, 'test', [{ domain: '', version: 11 }]]);
    const g = m.graph!;
    expect(g.name).toBe('g');
    expect(g.node.map((n) => [n.opType, n.name, n.input, n.output])).toEqual([['Conv', 'c', ['x', 'w'], ['y']], ['Relu', '', ['y'], ['z']]]);
    const [pads, alpha, autoPad, group, value] = g.node[0]!.attribute;
    expect([pads!.name, pads!.type, pads!.ints]).toEqual(['pads', ONNX_ATTR.INTS, [1, 1, 1, 1]]);
    expect([alpha!.type, alpha!.f]).toEqual([ONNX_ATTR.FLOAT, 0.5]);
    expect([autoPad!.type, new TextDecoder().decode(autoPad!.s)]).toEqual([ONNX_ATTR.STRING, 'VALID']);
    expect([group!.type, group!.i]).toEqual([ONNX_ATTR.INT, 2]);
    expect([value!.type, value!.t!.dataType, value!.t!.int64Data]).toEqual([ONNX_ATTR.TENSOR, ONNX_DTYPE.INT64, [7]]);
    const [w, b, s] = g.initializer;
    // raw_data holds little-endian float32, 4 bytes a value.
    const raw = new DataView(w!.rawData.buffer, w!.rawData.byteOffset, w!.rawData.byteLength);
    expect([w!.name, w!.dims, w!.dataType, w!.rawData.length]).toEqual(['w', [2, 2], ONNX_DTYPE.FLOAT, 16]);
    expect([0, 1, 2, 3].map((k) => raw.getFloat32(k * 4, true))).toEqual([1.5, -2, 0.25, 3]);
    expect([b!.name, b!.floatData, b!.rawData.length]).toEqual(['b', [0.5, -1], 0]);
    expect([s!.name, s!.dataType, s!.int64Data]).toEqual(['s', ONNX_DTYPE.INT64, [1, -1]]);
    expect(g.input.map((v) => [v.name, v.type!.tensorType!.elemType, v.type!.tensorType!.shape!.dim.map((d) => d.dimParam || d.dimValue)])).toEqual([['x', ONNX_DTYPE.FLOAT, ['N', 3]]]);
    expect(g.output.map((v) => [v.name, v.type!.tensorType!.elemType])).toEqual([['z', ONNX_DTYPE.INT64]]);
    // Re-encoding what was read gives the same bytes: the reader loses nothing the writer wrote.
    expect(encodeOnnx(m as unknown as Record<string, unknown>)).toEqual(bytes);
  });

  it('writes IR version 7 and opset 13 unless asked otherwise', () => {
    const m = decodeOnnx(encodeOnnxModel({ producerName: 'p', graphName: 'g', nodes: [], initializers: [], inputs: [], outputs: [] }));
    expect([m.irVersion, m.opsetImport]).toEqual([7, [{ domain: '', version: 13 }]]);
  });

  it('refuses a float tensor whose value count does not fit its dims', () => {
    expect(() => onnxFloatTensor('w', [2, 3], [1, 2, 3, 4, 5])).toThrow('w: 5 values for [2, 3]');
  });

  it('throws on bytes that are not a protobuf message', () => {
    expect(() => decodeOnnx(new TextEncoder().encode('{"format": "layers-model"}'))).toThrow();
  });
});
