/**
 * The input widget of `image` and `iris-strip` packages: a picture is uploaded (read in this page
 * only) and used as is: its greyscale brightness resized to the model's H×W grid (`as-is.ts`).
 * No drawing pad and no digit preprocessing: nothing is inverted, cropped or centred. The preview
 * shows exactly the grid the page proves.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { InputKind } from '../../core/model/input-spec.js';
import { ProbabilityBars } from '../digit/DigitInput.js';
import { ACCEPTED, decodeGrey } from '../digit/upload.js';
import type { Prediction } from '../services/prediction.js';
import { pictureAsIs } from './as-is.js';

interface Props {
  readonly kind: Extract<InputKind, 'image' | 'iris-strip'>;
  readonly size: { readonly h: number; readonly w: number };
  /** What the page holds: intensities in [0, 1], row-major; NaN where a value is missing. */
  readonly pixels: readonly number[];
  readonly onPixels: (pixels: number[]) => void;
  readonly prediction?: Prediction;
  readonly disabled?: boolean;
}

/** The preview's CSS size: about 140 px on the longer side, whole pixels. */
const previewScale = (size: { h: number; w: number }) => Math.max(1, Math.floor(140 / Math.max(size.h, size.w)));

export function ImageInput({ kind, size, pixels, onPixels, prediction, disabled }: Props) {
  const id = useId();
  const preview = useRef<HTMLCanvasElement>(null);
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<string>();
  const what = kind === 'iris-strip' ? 'an iris strip' : 'a picture';
  const choose = `Choose a PNG or JPEG ${kind === 'iris-strip' ? 'image of a normalised iris strip' : 'picture'}.`;

  useEffect(() => {
    const ctx = preview.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(size.w, size.h);
    pixels.forEach((p, i) => {
      const v = Number.isFinite(p) ? Math.round(255 * Math.min(1, Math.max(0, p))) : 96;
      img.data.set([v, v, v, 255], 4 * i);
    });
    ctx.putImageData(img, 0, 0);
  }, [pixels, size]);

  const upload = async (file: File) => {
    setError(undefined);
    try {
      const d = await decodeGrey(file, choose);
      const r = pictureAsIs(d.grey, size);
      setNote(
        `"${file.name}" (${d.width}×${d.height}) is used as is: its greyscale resized to ${size.w}×${size.h}` +
          `${r.stretched ? ' (stretched: its proportions differ from the model’s)' : ''}.`,
      );
      onPixels(r.pixels);
    } catch (e) {
      // The values the page held stay: nothing was replaced.
      setError(`${(e as Error).message} Your values were not changed.`);
    }
  };

  const scale = previewScale(size);
  return (
    <div className="digit-input image-input" data-testid="image-input">
      <div className="digit-upload">
        <label htmlFor={`${id}-img`}>{kind === 'iris-strip' ? 'Iris strip image' : 'Picture'}</label>
        <input
          id={`${id}-img`}
          type="file"
          accept={ACCEPTED}
          disabled={disabled}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) void upload(f);
          }}
        />
        <p className="hint">
          {kind === 'iris-strip'
            ? `A normalised (unwrapped) greyscale iris strip, ${size.h}×${size.w} (height × width). It is used as is: resized to that grid, nothing else. Read in this page only.`
            : `PNG or JPEG. It is used as is: its greyscale resized to ${size.w}×${size.h}, nothing else. Read in this page only.`}
        </p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <p className="hint" role="status" data-testid="image-status">
          {note ?? `Upload ${what}, or pick a sample.`}
        </p>
      </div>
      <div className="digit-side">
        <div className="digit-preview">
          <canvas
            ref={preview}
            width={size.w}
            height={size.h}
            style={{ width: size.w * scale, height: size.h * scale }}
            role="img"
            aria-label={`What the model sees: the ${size.w}×${size.h} input that is proved`}
            data-testid="image-preview"
          />
          <p className="hint">
            What the model sees ({size.w}×{size.h})
          </p>
        </div>
        <ProbabilityBars prediction={prediction} empty={`Upload ${what} or pick a sample to see the class probabilities.`} />
      </div>
    </div>
  );
}
