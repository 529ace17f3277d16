import { describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { foldNode, shapeConstant, type Constant } from './onnx-fold.js';

const c = (dims: number[], data: number[], integer = true): Constant => ({ dims, data: Float64Array.from(data), initializer: false, integer });
const attrs = (o: Record<string, number | number[]> = {}) => ({
  int: (n: string, f: number) => (typeof o[n] === 'number' ? (o[n] as number) : f),
  ints: (n: string) => o[n] as number[] | undefined,
});
const fold = (op: string, ins: (Constant | undefined)[], a = attrs(), opset = 13) => {
  const r = foldNode(op, ins, a, opset, `node "n" (${op})`);
  return r && { dims: [...r.dims], data: Array.from(r.data) };
};

describe('ONNX constant folding', () => {
  it('evaluates the shape chain of x.view(x.size(0), -1)', () => {
    const shape = shapeConstant([8, 3, 3]);
    expect(Array.from(shape.data)).toEqual([1, 8, 3, 3]);
    const batch = foldNode('Gather', [shape, c([], [0])], attrs(), 13, 'g')!;
    expect([batch.dims, Array.from(batch.data)]).toEqual([[], [1]]);
    const un = foldNode('Unsqueeze', [batch, c([1], [0])], attrs(), 13, 'u')!;
    expect(un.dims).toEqual([1]);
    expect(fold('Concat', [un, c([1], [-1])], attrs({ axis: 0 }))).toEqual({ dims: [2], data: [1, -1] });
  });

  it('gathers along an inner axis with negative indices, squeezes, unsqueezes by attribute (opset < 13)', () => {
    expect(fold('Gather', [c([2, 3], [1, 2, 3, 4, 5, 6]), c([2], [-1, 0])], attrs({ axis: 1 }))).toEqual({ dims: [2, 2], data: [3, 1, 6, 4] });
    expect(fold('Squeeze', [c([1, 3, 1], [7, 8, 9]), undefined])).toEqual({ dims: [3], data: [7, 8, 9] });
    expect(fold('Unsqueeze', [c([3], [7, 8, 9])], attrs({ axes: [0, -1] }), 11)).toEqual({ dims: [1, 3, 1], data: [7, 8, 9] });
    expect(fold('Concat', [c([2, 1], [1, 2]), c([2, 2], [3, 4, 5, 6])], attrs({ axis: 1 }))).toEqual({ dims: [2, 3], data: [1, 3, 4, 2, 5, 6] });
    expect(shapeConstant([4, 5, 6], 1, -1).data).toEqual(Float64Array.of(4, 5));
  });

  it('divides integers as ONNX does (truncating), floats exactly, and casts', () => {
    expect(fold('Div', [c([2], [7, -7]), c([], [2])])!.data).toEqual([3, -3]);
    expect(fold('Div', [c([2], [7, -7], false), c([], [2], false)])!.data).toEqual([3.5, -3.5]);
    expect(fold('Mul', [c([2], [3, 4]), c([2], [5, 6])])!.data).toEqual([15, 24]);
    expect(fold('Cast', [c([2], [2.7, -2.7], false)], attrs({ to: 7 }))!.data).toEqual([2, -2]);
    expect(() => fold('Gather', [c([3], [1, 2, 3]), c([], [3])])).toThrow(ZkinferError);
    expect(fold('Relu', [c([1], [1])])).toBeUndefined();
  });
});
