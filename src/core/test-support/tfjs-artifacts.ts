/**
 * tfjs Layers models in the forms people ship, written here from a model built with tfjs: the
 * artifacts tfjs's own save handler gives, weights re-encoded as the converter's quantization
 * writes them (uint8 / uint16 with min and scale, float16), and the model.json around them.
 */
import * as tf from '@tensorflow/tfjs';

export interface LayersArtifacts {
  readonly modelTopology: object;
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
  readonly weightData: Uint8Array;
}

/** What tfjs's model.save hands a save handler. */
export async function layersArtifacts(model: tf.LayersModel): Promise<LayersArtifacts> {
  let out: LayersArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      out = { modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs!, weightData: new Uint8Array(a.weightData as ArrayBuffer) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return out!;
}

/** Nearest float16 bits of a float32 value (round half to even; the normal range is enough here). */
function float16Bits(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - exp;
    const half = 1 << (shift - 1);
    const rest = mant & ((1 << shift) - 1);
    let m = mant >>> shift;
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  let e = exp;
  if (rest > 0x1000 || (rest === 0x1000 && m & 1)) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
    }
  }
  return sign | (e << 10) | m;
}

export type Quantization = 'uint8' | 'uint16' | 'float16';

/** The weights re-encoded as the tfjs converter's --quantize options write them (affine min/scale for integers). */
export function quantizeArtifacts(a: LayersArtifacts, dtype: Quantization): LayersArtifacts {
  const chunks: Uint8Array[] = [];
  let at = 0; // byte offset in the float data
  const weightSpecs = a.weightSpecs.map((s) => {
    const n = s.shape.reduce((p, d) => p * d, 1);
    const bytes = a.weightData.slice(at, at + n * 4);
    at += n * 4;
    // The converter quantizes float weights only (shape constants stay int32).
    if (s.dtype !== 'float32') {
      chunks.push(bytes);
      return s;
    }
    const values = new Float32Array(bytes.buffer);
    const out = new Uint8Array(n * (dtype === 'uint8' ? 1 : 2));
    const view = new DataView(out.buffer);
    chunks.push(out);
    if (dtype === 'float16') {
      values.forEach((v, i) => view.setUint16(i * 2, float16Bits(v), true));
      return { ...s, quantization: { dtype } };
    }
    const levels = dtype === 'uint8' ? 255 : 65535;
    const min = Math.min(...values);
    const max = Math.max(...values);
    const scale = max > min ? (max - min) / levels : 1;
    values.forEach((v, i) => {
      const q = Math.round((v - min) / scale);
      if (dtype === 'uint8') out[i] = q;
      else view.setUint16(i * 2, q, true);
    });
    return { ...s, quantization: { dtype, min, scale } };
  });
  const weightData = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    weightData.set(c, o);
    o += c.length;
  }
  return { modelTopology: a.modelTopology, weightSpecs, weightData };
}

/** model.json bytes for artifacts whose weights sit in one file at `path` (any form: "./w.bin", "w.bin"). */
export function modelJson(a: LayersArtifacts, path: string, extra: Record<string, unknown> = { format: 'layers-model' }): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ ...extra, modelTopology: a.modelTopology, weightsManifest: [{ paths: [path], weights: a.weightSpecs }] }));
}

/** The model tfjs itself loads from these artifacts: the float reference. */
export function tfjsLoads(a: LayersArtifacts): Promise<tf.LayersModel> {
  const data = a.weightData.slice().buffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightData: data }));
}
