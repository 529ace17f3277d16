/** A canvas showing RGBA pixels at a whole-number scale (pixelated), with a text alternative. */
import { useEffect, useRef } from 'react';

interface Props {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8ClampedArray<ArrayBuffer>;
  /** CSS pixels per image pixel. */
  readonly scale: number;
  readonly label: string;
  readonly testId?: string;
}

export function PixelCanvas({ width, height, pixels, scale, label, testId }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(pixels, width, height), 0, 0);
  }, [pixels, width, height]);
  return <canvas ref={ref} className="pixels" width={width} height={height} style={{ width: width * scale }} role="img" aria-label={label} data-testid={testId} />;
}
