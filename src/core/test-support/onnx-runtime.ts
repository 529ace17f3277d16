/**
 * onnxruntime as the float reference for ONNX test models: ONNX's own runtime executes the same
 * bytes the importer reads, so the test holds the import to what ONNX computes, not to our reading
 * of the operator specs. onnxruntime-web's wasm build runs in Node from its package files
 * (nothing is downloaded); one thread, as the machine is shared.
 */
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1;

export interface OnnxRuntime {
  /** The output for one input given in the ONNX model's own layout (NCHW for images), batch 1. */
  run(x: readonly number[]): Promise<Float32Array>;
  release(): Promise<void>;
}

export async function onnxRuntime(bytes: Uint8Array, input: { name: string; dims: readonly number[] }, output: string): Promise<OnnxRuntime> {
  const session = await ort.InferenceSession.create(bytes);
  return {
    async run(x) {
      const result = await session.run({ [input.name]: new ort.Tensor('float32', Float32Array.from(x), [1, ...input.dims]) });
      return result[output]!.data as Float32Array;
    },
    release: () => session.release(),
  };
}

/** The IR's channels-last values [H, W, C] → ONNX's NCHW order for a [C, H, W] input (other ranks as they are). */
export function irToNchw(x: readonly number[], dims: readonly number[]): number[] {
  if (dims.length !== 3) return [...x];
  const [c, h, w] = dims as [number, number, number];
  const out = new Array<number>(x.length);
  for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) for (let ch = 0; ch < c; ch++) out[(ch * h + y) * w + xx] = x[(y * w + xx) * c + ch]!;
  return out;
}
