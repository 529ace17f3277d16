/**
 * Genuine vs impostor distance histogram (docs/IRIS.md figures) with the registry's threshold, and
 * optionally the distance the registry just measured. An SVG chart with a text summary beside it.
 */
import type { DistanceBin } from './distances.js';
import { BIN_WIDTH, GENUINE, IMPOSTOR, MEASURED } from './distances.js';

interface Props {
  readonly threshold: number;
  /** A distance to mark (e.g. the one the registry measured against the closest enrolled code). */
  readonly mark?: { readonly distance: number; readonly label: string };
}

const W = 560;
const H = 220;
const PAD = { left: 40, right: 12, top: 14, bottom: 36 };
const X_MAX = 0.52;
const Y_MAX = 40;

const sx = (d: number) => PAD.left + (d / X_MAX) * (W - PAD.left - PAD.right);
const sy = (p: number) => H - PAD.bottom - (Math.min(p, Y_MAX) / Y_MAX) * (H - PAD.top - PAD.bottom);

function Bars({ bins, className }: { bins: readonly DistanceBin[]; className: string }) {
  return (
    <g className={className}>
      {bins.map((b) => (
        <rect key={b.from} x={sx(b.from) + 0.5} y={sy(b.percent)} width={sx(BIN_WIDTH) - sx(0) - 1} height={Math.max(0.5, sy(0) - sy(b.percent))} />
      ))}
    </g>
  );
}

export function DistanceHistogram({ threshold, mark }: Props) {
  const ticks = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
  const summary =
    `Distances between iris-v1 codes of synthetic eyes (${MEASURED.eyes} eyes × ${MEASURED.captures} captures): same eye ` +
    `(${MEASURED.genuinePairs} pairs) mean ${MEASURED.genuine.mean}, sd ${MEASURED.genuine.sd}; different eyes ` +
    `(${MEASURED.impostorPairs.toLocaleString('en')} pairs) mean ${MEASURED.impostor.mean}, sd ${MEASURED.impostor.sd}; d′ ${MEASURED.dPrime}. ` +
    `Threshold ${threshold}: a code closer than that to an enrolled one counts as the same eye.` +
    (mark ? ` Marked: ${mark.label} at ${mark.distance.toFixed(3)}.` : '');
  return (
    <figure className="histogram" data-testid="distance-histogram">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <line className="axis" x1={sx(0)} x2={sx(X_MAX)} y1={sy(0)} y2={sy(0)} />
        {ticks.map((t) => (
          <g key={t}>
            <line className="axis" x1={sx(t)} x2={sx(t)} y1={sy(0)} y2={sy(0) + 4} />
            <text x={sx(t)} y={sy(0) + 16} textAnchor="middle">
              {t.toFixed(1)}
            </text>
          </g>
        ))}
        {[0, 20, 40].map((p) => (
          <text key={p} x={PAD.left - 6} y={sy(p) + 4} textAnchor="end">
            {p}%
          </text>
        ))}
        <text x={(sx(0) + sx(X_MAX)) / 2} y={H - 4} textAnchor="middle">
          fractional Hamming distance
        </text>
        <Bars bins={GENUINE} className="genuine" />
        <Bars bins={IMPOSTOR} className="impostor" />
        <line className="threshold" x1={sx(threshold)} x2={sx(threshold)} y1={PAD.top} y2={sy(0)} />
        <text className="threshold-label" x={sx(threshold) + 4} y={PAD.top + 10}>
          threshold {threshold}
        </text>
        {mark && (
          <>
            <line className="mark" x1={sx(mark.distance)} x2={sx(mark.distance)} y1={PAD.top + 14} y2={sy(0)} />
            <text className="mark-label" x={sx(mark.distance) + 4} y={PAD.top + 28}>
              {mark.label} {mark.distance.toFixed(3)}
            </text>
          </>
        )}
      </svg>
      <figcaption>
        <span className="key genuine">■</span> same eye, other capture ({MEASURED.genuinePairs} pairs) · <span className="key impostor">■</span>{' '}
        different eyes ({MEASURED.impostorPairs.toLocaleString('en')} pairs) · share of each set per {BIN_WIDTH} bin, with the iris-v1 filter bank (the
        page&apos;s reference code). Measured on synthetic eyes (docs/IRIS.md): a claim about this generator, not about real irises.
      </figcaption>
    </figure>
  );
}
