/**
 * Image-shaped inputs ([h, w] or [h, w, 1], e.g. a 28×28 digit): a preview you can draw on with
 * the pointer, and an image file scaled to the model's grid. Pixels map linearly onto each
 * feature's range (0 = min, 1 = max). Nothing is uploaded: files are read in the page.
 */
import { useEffect, useId, useRef } from 'react';
import type { InputSpec } from '../../core/model/input-spec.js';

export function imageSize(spec: InputSpec): { h: number; w: number } | undefined {
  const s = spec.shape;
  if ((s.length === 2 || (s.length === 3 && s[2] === 1)) && s[0]! * s[1]! >= 64) return { h: s[0]!, w: s[1]! };
  return undefined;
}

interface Props {
  readonly spec: InputSpec;
  readonly size: { h: number; w: number };
  /** Pixel intensities in [0, 1], row-major; NaN where a value is missing or invalid. */
  readonly pixels: readonly number[];
  readonly onPixels: (pixels: number[]) => void;
  readonly disabled?: boolean;
}

const SCALE = 8;

export function ImageInput({ size, pixels, onPixels, disabled }: Props) {
  const id = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<number[] | undefined>(undefined);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(size.w, size.h);
    pixels.forEach((p, i) => {
      const v = Number.isFinite(p) ? Math.round(255 * Math.min(1, Math.max(0, p))) : 128;
      img.data.set([v, v, v, 255], 4 * i);
    });
    ctx.putImageData(img, 0, 0);
  }, [pixels, size]);

  // A soft round brush about two pixels wide, as a pen stroke on the model's grid.
  const paint = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const buf = drawing.current;
    if (!buf || disabled) return;
    const r = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * size.w;
    const y = ((e.clientY - r.top) / r.height) * size.h;
    for (let j = Math.floor(y - 2); j <= y + 2; j++) {
      for (let i = Math.floor(x - 2); i <= x + 2; i++) {
        if (i < 0 || j < 0 || i >= size.w || j >= size.h) continue;
        const d = Math.hypot(i + 0.5 - x, j + 0.5 - y);
        const k = j * size.w + i;
        buf[k] = Math.max(Number.isFinite(buf[k]!) ? buf[k]! : 0, Math.min(1, Math.max(0, 1.6 - d)));
      }
    }
    onPixels([...buf]);
  };

  const readImage = async (file: File) => {
    const bitmap = await createImageBitmap(file);
    const c = document.createElement('canvas');
    c.width = size.w;
    c.height = size.h;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0, size.w, size.h);
    const data = ctx.getImageData(0, 0, size.w, size.h).data;
    const grey = Array.from({ length: size.w * size.h }, (_, i) => (data[4 * i]! + data[4 * i + 1]! + data[4 * i + 2]!) / (3 * 255));
    // Models like MNIST expect a light figure on a dark ground: invert photos of dark ink on paper.
    const mean = grey.reduce((a, b) => a + b, 0) / grey.length;
    onPixels(mean > 0.5 ? grey.map((g) => 1 - g) : grey);
  };

  return (
    <div className="image-input">
      <canvas
        ref={canvas}
        width={size.w}
        height={size.h}
        style={{ width: size.w * SCALE, height: size.h * SCALE }}
        role="img"
        aria-label={`The input as a ${size.w}×${size.h} image; draw on it with the pointer`}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = pixels.map((p) => (Number.isFinite(p) ? p : 0));
          paint(e);
        }}
        onPointerMove={paint}
        onPointerUp={() => (drawing.current = undefined)}
      />
      <div>
        <label htmlFor={`${id}-img`}>Image file</label>
        <input id={`${id}-img`} type="file" accept="image/*" disabled={disabled} onChange={(e) => e.currentTarget.files?.[0] && void readImage(e.currentTarget.files[0])} />
        <div className="row">
          <button type="button" disabled={disabled} onClick={() => onPixels(pixels.map(() => 0))}>
            Clear the image
          </button>
        </div>
        <p className="hint">Draw on the image, choose an image file, or pick a sample.</p>
      </div>
    </div>
  );
}
