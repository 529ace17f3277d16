import { describe, expect, it } from 'vitest';
import { decodeGraphDef, encodeGraphDef, TF_DTYPE } from './graphdef.js';

describe('TensorFlow GraphDef reader and writer', () => {
  it('round-trips the node fields and every attribute kind the importer reads', () => {
    const content = new Uint8Array(new Float32Array([1.5, -2]).buffer);
    const bytes = encodeGraphDef({
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: TF_DTYPE.FLOAT }, shape: { shape: { dim: [{ size: -1 }, { size: 3 }] } } } },
        { name: 'w', op: 'Const', attr: { value: { tensor: { dtype: TF_DTYPE.FLOAT, tensorShape: { dim: [{ size: 2 }] }, tensorContent: content } } } },
        {
          name: 'c',
          op: 'Conv2D',
          input: ['x', 'w', '^x'],
          device: '/cpu:0',
          attr: { padding: { s: new TextEncoder().encode('SAME') }, strides: { list: { i: [1, 2, 2, 1] } }, alpha: { f: 0.5 }, keep: { b: true }, n: { i: 7 } },
        },
      ],
    });
    expect(bytes[0]).toBe(0x0a); // the first node, field 1, length-delimited
    const [x, w, c] = decodeGraphDef(bytes).node;
    expect(x!.attr.shape!.shape!.dim.map((d) => d.size)).toEqual([-1, 3]);
    expect(x!.attr.dtype!.value).toBe('type');
    expect(Array.from(w!.attr.value!.tensor!.tensorContent)).toEqual(Array.from(content));
    expect([c!.name, c!.op, c!.input, c!.device]).toEqual(['c', 'Conv2D', ['x', 'w', '^x'], '/cpu:0']);
    expect(new TextDecoder().decode(c!.attr.padding!.s)).toBe('SAME');
    expect(c!.attr.strides!.list!.i).toEqual([1, 2, 2, 1]);
    expect([c!.attr.alpha!.f, c!.attr.keep!.b, c!.attr.n!.i, c!.attr.n!.value]).toEqual([0.5, true, 7, 'i']);
  });

  it('throws on bytes that are not a protobuf message', () => {
    expect(() => decodeGraphDef(new TextEncoder().encode('{"format": "graph-model"}'))).toThrow();
  });
});
