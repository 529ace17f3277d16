import { describe, expect, it } from 'vitest';
import { decodeOnnx, encodeOnnx, ONNX_ATTR, ONNX_DTYPE } from './onnx.js';

describe('ONNX ModelProto reader and writer', () => {
  it('round-trips a model with every field the importer reads', () => {
    const raw = new Uint8Array(new Float32Array([1.5, -2]).buffer);
    const bytes = encodeOnnx({
      irVersion: 8,
      producerName: 'test',
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'g',
        node: [{ opType: 'Conv', name: 'c', input: ['x', 'w'], output: ['y'], attribute: [{ name: 'pads', type: ONNX_ATTR.INTS, ints: [1, 1, 1, 1] }, { name: 'alpha', type: ONNX_ATTR.FLOAT, f: 0.5 }, { name: 'auto_pad', type: ONNX_ATTR.STRING, s: new TextEncoder().encode('VALID') }] }],
        initializer: [
          { name: 'w', dims: [2], dataType: ONNX_DTYPE.FLOAT, rawData: raw },
          { name: 's', dims: [2], dataType: ONNX_DTYPE.INT64, int64Data: [1, -1] },
        ],
        input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 3 }] } } } }],
        output: [{ name: 'y' }],
      },
    });
    const m = decodeOnnx(bytes);
    expect(m.irVersion).toBe(8);
    expect(m.opsetImport).toEqual([{ domain: '', version: 13 }]);
    const n = m.graph!.node[0]!;
    expect([n.opType, n.name, n.input, n.output]).toEqual(['Conv', 'c', ['x', 'w'], ['y']]);
    expect(n.attribute[0]!.ints).toEqual([1, 1, 1, 1]);
    expect(n.attribute[1]!.f).toBe(0.5);
    expect(new TextDecoder().decode(n.attribute[2]!.s)).toBe('VALID');
    expect(Array.from(m.graph!.initializer[0]!.rawData)).toEqual(Array.from(raw));
    expect(m.graph!.initializer[1]!.int64Data).toEqual([1, -1]);
    expect(m.graph!.input[0]!.type!.tensorType!.shape!.dim.map((d) => d.dimParam || d.dimValue)).toEqual(['N', 3]);
    // Re-encoding what was read gives the same bytes.
    expect(encodeOnnx(m as unknown as Record<string, unknown>)).toEqual(bytes);
  });

  it('throws on bytes that are not a protobuf message', () => {
    expect(() => decodeOnnx(new TextEncoder().encode('{"format": "layers-model"}'))).toThrow();
  });
});
