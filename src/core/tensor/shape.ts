/**
 * Shape arithmetic shared by every stage (float inference, quantization, the integer reference,
 * lowering, the naive encoding): one definition, so that all of them lay tensors out alike.
 * Tensors are row-major and carry no batch dimension.
 */

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Row-major concatenation of flat tensors along `axis` (any element type: floats, bigints, wires). */
export function concatenate<T>(parts: readonly { shape: readonly number[]; values: readonly T[] }[], axis: number): T[] {
  const outer = sizeOf(parts[0]!.shape.slice(0, axis));
  const out: T[] = [];
  for (let i = 0; i < outer; i++) {
    for (const p of parts) {
      const inner = sizeOf(p.shape.slice(axis));
      for (let j = 0; j < inner; j++) out.push(p.values[i * inner + j]!);
    }
  }
  return out;
}
