/** The strip, its occlusion mask, and the iris code as a bit image with its own mask. */
import { useId } from 'react';
import { DEFAULT_MIN_BITS } from '../../core/iris/index.js';
import { PixelCanvas } from './PixelCanvas.js';
import { codeImageSize, codeMaskPixels, codePixels, countUsable, maskPixels, stripPixels } from './bit-images.js';
import type { Analysis } from './useEyeAnalysis.js';

export function CodeView({ analysis }: { analysis: Analysis }) {
  const id = useId();
  const { strip, code } = analysis;
  const usable = countUsable(code);
  const masked = analysis.strip.mask.reduce((a, b) => a + b, 0);
  const codeSize = codeImageSize(code);
  return (
    <div className="code-view" data-testid="code-view">
      <figure>
        <PixelCanvas width={strip.width} height={strip.height} pixels={stripPixels(strip.strip)} scale={2} label={`The normalised iris strip, ${strip.height}×${strip.width}`} testId="iris-strip" />
        <figcaption>
          Strip: the iris unwrapped from the pupil (top) to the limbus (bottom), all the way round ({strip.height}×{strip.width}). Stays on this device.
        </figcaption>
      </figure>
      <figure>
        <PixelCanvas width={strip.width} height={strip.height} pixels={maskPixels(strip.mask)} scale={2} label={`Occlusion mask: ${masked} of ${strip.mask.length} strip pixels masked`} testId="iris-mask" />
        <figcaption>
          Mask: eyelids, lashes, reflections (red) — {Math.round((100 * masked) / strip.mask.length)} % of the strip. Computed outside the proof.
        </figcaption>
      </figure>
      <figure>
        <PixelCanvas width={codeSize.width} height={codeSize.height} pixels={codePixels(code, true)} scale={4} label={`Iris code: ${code.bits.length} bits, ${usable} usable`} testId="iris-code" />
        <figcaption id={`${id}-code`}>
          Code: {code.bits.length.toLocaleString('en')} bits ({codeSize.width} probe columns × {codeSize.height} bits; white 1, black 0, unusable bits in red).
        </figcaption>
      </figure>
      <figure>
        <PixelCanvas width={codeSize.width} height={codeSize.height} pixels={codeMaskPixels(code)} scale={4} label={`Code mask: ${code.bits.length - usable} of ${code.bits.length} bits unusable`} testId="iris-code-mask" />
        <figcaption>
          Code mask: <strong data-testid="usable-bits">{usable.toLocaleString('en')}</strong> of {code.bits.length.toLocaleString('en')} bits usable (red: under an eyelid,
          lash or reflection).
        </figcaption>
      </figure>
      {usable < DEFAULT_MIN_BITS && (
        <p className="alert" role="alert" data-testid="too-occluded">
          <strong>Too little iris is visible to match:</strong> only {usable} usable bits; a comparison needs at least {DEFAULT_MIN_BITS} in common. Take a picture with the eye
          wider open, or correct the circles.
        </p>
      )}
    </div>
  );
}
