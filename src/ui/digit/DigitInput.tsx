/**
 * The input of packages whose input kind is `digit` (e.g. MNIST's 28×28; pictures of other kinds are
 * used as is, see ../image/ImageInput.tsx): a drawing pad
 * (mouse, touch and pen through Pointer Events; brush size, undo, clear), MNIST-style
 * preprocessing, an upload as the alternative, a preview of exactly the grid the model is given,
 * and the float model's class probabilities, which follow the drawing frame by frame.
 *
 * The pad keeps its strokes (undo pops the last one) and renders them white on black at a fixed
 * resolution; on each animation frame with a change it is read back, preprocessed
 * (`preprocess.ts`) and handed up as pixel intensities. The preview draws the `pixels` prop, i.e.
 * the values the page proves, not the pad.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Prediction } from '../services/prediction.js';
import { preprocessDigit } from './preprocess.js';
import type { Preprocessed } from './preprocess.js';
import { ACCEPTED, decodeUpload } from './upload.js';

interface Props {
  readonly size: { readonly h: number; readonly w: number };
  /** What the page holds: intensities in [0, 1], row-major; NaN where a value is missing. */
  readonly pixels: readonly number[];
  readonly onPixels: (pixels: number[]) => void;
  readonly prediction?: Prediction;
  readonly disabled?: boolean;
  /** Changes each time the page replaces the input from elsewhere (a sample, a CSV row). */
  readonly replaced?: number;
}

interface Point {
  readonly x: number;
  readonly y: number;
  /** Pen pressure in (0, 1]; mouse and touch report 0.5 while pressed. */
  readonly p: number;
}

interface Stroke {
  readonly size: number;
  readonly points: Point[];
}

/** The pad's drawing resolution (CSS pixels may differ: it scales with the layout). */
const PAD = 280;
const PREVIEW_SCALE = 5;

type Source = { kind: 'none' } | { kind: 'drawing' } | { kind: 'upload'; note: string } | { kind: 'other' };

function renderStrokes(ctx: CanvasRenderingContext2D, strokes: readonly Stroke[]): void {
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, PAD, PAD);
  ctx.fillStyle = '#fff';
  ctx.strokeStyle = '#fff';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const s of strokes) {
    const width = (p: number) => s.size * (0.5 + p);
    const first = s.points[0];
    if (!first) continue;
    if (s.points.length === 1) {
      ctx.beginPath();
      ctx.arc(first.x, first.y, width(first.p) / 2, 0, 2 * Math.PI);
      ctx.fill();
      continue;
    }
    for (let i = 1; i < s.points.length; i++) {
      const a = s.points[i - 1]!;
      const b = s.points[i]!;
      ctx.lineWidth = width((a.p + b.p) / 2);
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.stroke();
    }
  }
}

/** The pad's pixels as ink intensities (the red channel: the pad is grey). */
function readPad(ctx: CanvasRenderingContext2D) {
  const rgba = ctx.getImageData(0, 0, PAD, PAD).data;
  const data = new Float32Array(PAD * PAD);
  for (let i = 0; i < data.length; i++) data[i] = rgba[4 * i]! / 255;
  return { width: PAD, height: PAD, data };
}

export function DigitInput({ size, pixels, onPixels, prediction, disabled, replaced = 0 }: Props) {
  const id = useId();
  const pad = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>([]);
  const active = useRef<{ pointerId: number; stroke: Stroke } | undefined>(undefined);
  const frame = useRef<number | undefined>(undefined);
  const onPixelsRef = useRef(onPixels);
  onPixelsRef.current = onPixels;
  const [strokeCount, setStrokeCount] = useState(0);
  const [brush, setBrush] = useState(20);
  // Back on the page with an input already there (the session keeps it): say so.
  const [source, setSource] = useState<Source>(() => (pixels.some(Number.isFinite) ? { kind: 'other' } : { kind: 'none' }));
  const [uploadError, setUploadError] = useState<string>();
  const [last, setLast] = useState<Preprocessed>();

  const padContext = () => pad.current?.getContext('2d', { willReadFrequently: true }) ?? undefined;

  const emit = (p: number[]) => onPixelsRef.current(p);

  /** Drops a pending frame: it would hand up strokes that were just replaced by other input. */
  const cancelFrame = () => {
    if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    frame.current = undefined;
  };

  /** Re-renders the pad and, at most once per animation frame, preprocesses and hands the grid up. */
  const schedule = (handUp = true) => {
    if (frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      const ctx = padContext();
      if (!ctx) return;
      renderStrokes(ctx, strokes.current);
      if (!handUp) return;
      const r = preprocessDigit(readPad(ctx), { size: size.w, box: Math.round((size.w * 20) / 28) });
      setLast(r);
      emit(r.pixels);
    });
  };

  // The pad starts black; cancel a pending frame on unmount.
  useEffect(() => {
    const ctx = padContext();
    if (ctx) renderStrokes(ctx, strokes.current);
    return cancelFrame;
  }, []);

  // The preview: exactly the grid the page holds (and proves), one canvas pixel per input value.
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

  // A sample, a CSV row or a pasted row replaced the input: the strokes no longer describe it.
  const seenReplaced = useRef(replaced);
  useEffect(() => {
    if (replaced === seenReplaced.current) return;
    seenReplaced.current = replaced;
    strokes.current = [];
    setStrokeCount(0);
    cancelFrame();
    schedule(false);
    setSource({ kind: 'other' });
    setLast(undefined);
    setUploadError(undefined);
  }, [pixels, size]);

  const toPoint = (e: { clientX: number; clientY: number; pressure: number; pointerType: string }, el: HTMLCanvasElement): Point => {
    const r = el.getBoundingClientRect();
    const p = e.pointerType === 'pen' ? Math.max(0.05, e.pressure) : 0.5;
    return { x: ((e.clientX - r.left) / r.width) * PAD, y: ((e.clientY - r.top) / r.height) * PAD, p };
  };

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (disabled || active.current || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    try {
      // Keeps the stroke when the pointer leaves the pad; a pointer that is already gone cannot be captured.
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      /* drawn without capture */
    }
    const stroke: Stroke = { size: brush, points: [toPoint(e, e.currentTarget)] };
    strokes.current.push(stroke);
    active.current = { pointerId: e.pointerId, stroke };
    setSource({ kind: 'drawing' });
    setUploadError(undefined);
    schedule();
  };

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const a = active.current;
    if (!a || a.pointerId !== e.pointerId) return;
    // Coalesced events keep fast strokes smooth: the browser batches moves per frame.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const ev of events.length > 0 ? events : [e.nativeEvent]) a.stroke.points.push(toPoint(ev, e.currentTarget));
    schedule();
  };

  const endStroke = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (active.current?.pointerId !== e.pointerId) return;
    active.current = undefined;
    setStrokeCount(strokes.current.length);
    schedule();
  };

  const undo = () => {
    strokes.current.pop();
    setStrokeCount(strokes.current.length);
    setSource({ kind: strokes.current.length > 0 ? 'drawing' : 'none' });
    schedule();
  };

  const clear = () => {
    strokes.current = [];
    setStrokeCount(0);
    setSource({ kind: 'none' });
    setUploadError(undefined);
    schedule();
  };

  const upload = async (file: File) => {
    setUploadError(undefined);
    try {
      const d = await decodeUpload(file);
      const r = preprocessDigit(d.ink, { size: size.w, box: Math.round((size.w * 20) / 28) });
      if (r.empty) {
        setUploadError(`"${file.name}" (${d.width}×${d.height}) shows no digit: the picture is blank or has no contrast. Choose a PNG or JPEG picture of a digit.`);
        return;
      }
      strokes.current = [];
      setStrokeCount(0);
      cancelFrame();
      schedule(false);
      setLast(r);
      const note =
        `"${file.name}" (${d.width}×${d.height}${d.inverted ? ', dark ink on light, inverted' : ''}) was cropped to its ink ` +
        `(${r.crop!.width}×${r.crop!.height}), scaled to ${r.scaled!.width}×${r.scaled!.height} and centred by mass in ${size.w}×${size.h}.`;
      setSource({ kind: 'upload', note });
      emit(r.pixels);
    } catch (e) {
      setUploadError((e as Error).message);
    }
  };

  const status =
    source.kind === 'upload'
      ? source.note
      : source.kind === 'drawing' && last
        ? last.empty
          ? 'No ink yet.'
          : `Your drawing, cropped to its ink (${last.crop!.width}×${last.crop!.height} px), scaled to ${last.scaled!.width}×${last.scaled!.height} and centred by mass in ${size.w}×${size.h}.`
        : source.kind === 'other'
          ? 'Showing the chosen input. Draw on the pad to replace it.'
          : 'Draw a digit on the pad, large and centred or not: it is cropped, scaled and centred like MNIST.';

  return (
    <div className="digit-input">
      <div className="digit-pad">
        <canvas
          ref={pad}
          width={PAD}
          height={PAD}
          role="img"
          aria-label="Drawing pad: draw a digit with the mouse, a finger or a pen"
          data-testid="digit-pad"
          className={disabled ? 'disabled' : undefined}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endStroke}
          onPointerCancel={endStroke}
          onLostPointerCapture={endStroke}
        />
        <div className="row pad-tools">
          <label htmlFor={`${id}-brush`} className="inline">
            Brush
          </label>
          <input id={`${id}-brush`} type="range" min={8} max={40} step={2} value={brush} disabled={disabled} onChange={(e) => setBrush(Number(e.target.value))} />
        </div>
        <div className="row">
          <button type="button" disabled={disabled || strokeCount === 0} onClick={undo}>
            Undo
          </button>
          <button type="button" disabled={disabled} onClick={clear}>
            Clear
          </button>
        </div>
      </div>
      <div className="digit-side">
        <div className="digit-preview">
          <canvas
            ref={preview}
            width={size.w}
            height={size.h}
            style={{ width: size.w * PREVIEW_SCALE, height: size.h * PREVIEW_SCALE }}
            role="img"
            aria-label={`What the model sees: the ${size.w}×${size.h} input that is proved`}
            data-testid="digit-preview"
          />
          <p className="hint">
            What the model sees ({size.w}×{size.h}, 8-bit)
          </p>
        </div>
        <ProbabilityBars prediction={prediction} />
      </div>
      <div className="digit-upload">
        <label htmlFor={`${id}-img`}>Or upload a picture</label>
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
        <p className="hint">PNG or JPEG, any size; dark ink on light paper is inverted to MNIST&apos;s white on black. Read in this page only.</p>
        {uploadError && (
          <p className="field-error" role="alert">
            {uploadError}
          </p>
        )}
        <p className="hint" role="status" data-testid="digit-status">
          {status}
        </p>
      </div>
    </div>
  );
}

/** The float model's class probabilities as horizontal bars, the likeliest highlighted. */
export function ProbabilityBars({ prediction, empty = 'Draw, upload or pick a sample to see the class probabilities.' }: { prediction?: Prediction; empty?: string }) {
  const ps = prediction?.probabilities;
  if (!ps) return <p className="hint probs-empty">{empty}</p>;
  const best = ps.reduce((a, b) => (b.p > a.p ? b : a));
  return (
    <figure className="probs">
      <figcaption>Float model, class probabilities</figcaption>
      <ul data-testid="probabilities">
        {ps.map((c) => (
          <li key={c.label} className={c === best ? 'best' : undefined} data-testid={`prob-${c.label}`}>
            <span className="probs-label">{c.label}</span>
            <span className="probs-track" aria-hidden="true">
              <span className="probs-bar" style={{ width: `${(100 * c.p).toFixed(1)}%` }} />
            </span>
            <span className="probs-value">{(100 * c.p).toFixed(1)}%</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
