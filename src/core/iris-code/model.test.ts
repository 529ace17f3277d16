import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../compile.js';
import { unpackBits } from '../circuit/pack.js';
import { codeLength, irisCode } from '../iris/gabor.js';
import { occlusionMask } from '../iris/mask.js';
import { segmentIris } from '../iris/segment.js';
import { synthEye } from '../iris/synth.js';
import { unwrapIris } from '../iris/unwrap.js';
import { importModel } from '../model/import.js';
import { decodeInput, encodeInput } from '../model/input.js';
import { IRIS_MODELS, buildIrisModel, irisInputSpec, irisKernel, irisModelInput, kernelHalfWidth } from './model.js';

/** Share of the reference's usable bits on which `bits` agree with it. */
function agreement(bits: ArrayLike<number>, ref: { bits: Uint8Array; valid: Uint8Array }): number {
  let same = 0;
  let usable = 0;
  for (let i = 0; i < ref.bits.length; i++) {
    if (!ref.valid[i]) continue;
    usable++;
    if (bits[i] === ref.bits[i]) same++;
  }
  return same / usable;
}

function capture(eye: number, n: number) {
  const { image } = synthEye(eye, n);
  const seg = segmentIris(image);
  const strip = unwrapIris(image, seg);
  return { strip, mask: occlusionMask(image, seg, strip) };
}

describe('iris-code model', () => {
  it('folds the row mirror into the kernel: each channel keeps its filter taps, and the odd part sums to zero', () => {
    const bank = IRIS_MODELS[0]!.bank;
    const k = irisKernel(bank);
    expect([k.height, k.width, k.channels]).toEqual([32, 2 * kernelHalfWidth(bank) + 1, 16]);
    for (let c = 0; c < k.channels; c++) {
      let sum = 0;
      for (let i = c; i < k.data.length; i += k.channels) sum += k.data[i]!;
      if (c % 2 === 1) expect(Math.abs(sum)).toBeLessThan(1e-4);
    }
  });

  for (const version of IRIS_MODELS) {
    it(`${version.name}: its float output and its circuit agree with the reference code on the usable bits`, () => {
      const model = buildIrisModel(version.bank, version.name);
      const spec = irisInputSpec(version.bank);
      expect(model.outputs[0]!.shape).toEqual([null, codeLength(version.bank)]);
      const compiled = compileModel(importModel(model, version.name), { inputSpec: spec });
      expect(compiled.options.output).toBe('sign');
      for (const eye of [3, 4]) {
        const { strip, mask } = capture(eye, 1);
        const ref = irisCode(strip, mask, version.bank);
        const values = irisModelInput(strip, mask, version.bank);
        const floatBits = tf.tidy(() => Array.from((model.predict(tf.tensor4d(values, [1, 32, 256, 1])) as tf.Tensor).dataSync(), (p) => (p >= 0.5 ? 1 : 0)));
        const { codes } = encodeInput(spec, values);
        const circuitBits = unpackBits(compiled.referenceOutput(codes), codeLength(version.bank));
        expect(agreement(floatBits, ref)).toBeGreaterThan(0.995);
        // The circuit reads the strip at 4 bits per pixel: against the reference code of that same
        // 4-bit strip it differs only by its fixed-point rounding; against the full-precision strip's
        // code, the coarser input flips responses near zero (measured 94.9–95.2 % agreement on these
        // captures; what it costs matching is in docs/IRIS.md, "Strip codes: 4 bits").
        const quantised = { width: strip.width, height: strip.height, data: Float32Array.from(decodeInput(spec, codes)) };
        expect(agreement(circuitBits, irisCode(quantised, mask, version.bank))).toBeGreaterThan(0.98);
        expect(agreement(circuitBits, ref)).toBeGreaterThan(0.93);
      }
      model.dispose();
    }, 120_000);
  }
});
