/**
 * The eye picture with the pupil and iris circles drawn over it, and four handles to correct them:
 * each circle's centre and radius. Handles follow the pointer (mouse, pen, touch) and the keyboard
 * (Tab to a handle; arrows move a centre by 1 px, 5 with Shift; arrows or Page Up/Down resize a
 * radius). Every change goes to `onChange`; the page re-unwraps.
 */
import { useEffect, useRef } from 'react';
import type { IrisSegmentation } from '../../core/iris/index.js';
import type { EyeImage } from '../../client/workers/iris.js';
import type { Part, Which } from './circles.js';
import { dragTo, nudge, radiusHandle } from './circles.js';
import { eyePixels } from './picture.js';

interface Props {
  readonly image: EyeImage;
  readonly circles: IrisSegmentation;
  readonly onChange: (next: IrisSegmentation) => void;
  readonly label: string;
}

const NAMES: Record<Which, string> = { pupil: 'Pupil', iris: 'Iris' };

export function EyeView({ image, circles, onChange, label }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const size = { width: image.width, height: image.height };

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(eyePixels(image), image.width, image.height), 0, 0);
  }, [image]);

  /** Image coordinates of a pointer event (the picture is scaled to the page's width). */
  const toImage = (e: React.PointerEvent) => {
    const rect = svg.current!.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * image.width) / rect.width, y: ((e.clientY - rect.top) * image.height) / rect.height };
  };

  // Handles stay the same size on screen whatever the picture's scale.
  const handleR = Math.max(3, Math.round(Math.max(image.width, image.height) / 50));

  const handle = (which: Which, part: Part) => {
    const c = circles[which];
    const at = part === 'centre' ? { x: c.x, y: c.y } : radiusHandle(which, c);
    const name = part === 'centre' ? `${NAMES[which]} centre` : `${NAMES[which]} radius`;
    const a11y =
      part === 'centre'
        ? { role: 'button', 'aria-roledescription': 'movable handle', 'aria-label': `${name}: x ${c.x}, y ${c.y}. Arrow keys move it.` }
        : { role: 'slider', 'aria-label': name, 'aria-valuenow': c.r, 'aria-valuemin': 3, 'aria-valuemax': Math.max(image.width, image.height), 'aria-valuetext': `${c.r} pixels`, 'aria-orientation': 'horizontal' as const };
    return (
      <circle
        key={`${which}-${part}`}
        className={`handle ${which} ${part}`}
        cx={at.x}
        cy={at.y}
        r={part === 'centre' ? handleR : handleR * 0.8}
        tabIndex={0}
        data-testid={`handle-${which}-${part}`}
        {...a11y}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          e.preventDefault();
        }}
        onPointerMove={(e) => {
          if (e.currentTarget.hasPointerCapture(e.pointerId)) onChange(dragTo(circles, which, part, toImage(e), size));
        }}
        onKeyDown={(e) => {
          const next = nudge(circles, which, part, e.key, e.shiftKey, size);
          if (!next) return;
          e.preventDefault();
          onChange(next);
        }}
      />
    );
  };

  return (
    <div className="eye-view">
      <canvas ref={canvas} width={image.width} height={image.height} role="img" aria-label={label} data-testid="eye-picture" />
      <svg ref={svg} viewBox={`0 0 ${image.width} ${image.height}`} preserveAspectRatio="none" aria-label="Circle handles" role="group">
        {(['iris', 'pupil'] as const).map((w) => (
          <circle key={w} className={`ring ${w}`} cx={circles[w].x} cy={circles[w].y} r={circles[w].r} aria-hidden="true" />
        ))}
        {handle('iris', 'centre')}
        {handle('iris', 'radius')}
        {handle('pupil', 'centre')}
        {handle('pupil', 'radius')}
      </svg>
    </div>
  );
}
