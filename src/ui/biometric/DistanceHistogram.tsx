/**
 * Genuine vs impostor distance histogram, computed in this browser (distances.ts: the Measure
 * action), with the registry's threshold and optionally the distance the registry just measured.
 * Before a measurement only the axes, the threshold and the mark are drawn, and the text gives
 * docs/IRIS.md's reference figures. An SVG chart with a text summary beside it.
 */
import type { DistanceBin } from '../../core/iris/index.js';
import type { Measurement } from './distances.js';
import { BIN_WIDTH, REFERENCE, useMeasurement } from './distances.js';

interface Props {
  readonly threshold: number;
  /** A distance to mark (e.g. the one the registry measured against the closest enrolled code). */
  readonly mark?: { readonly distance: number; readonly label: string };
}

const W = 560;
const H = 220;
const PAD = { left: 40, right: 12, top: 14, bottom: 36 };
const X_MAX = 0.52;

const sx = (d: number) => PAD.left + (d / X_MAX) * (W - PAD.left - PAD.right);

function Bars({ bins, className, sy }: { bins: readonly DistanceBin[]; className: string; sy: (p: number) => number }) {
  return (
    <g className={className}>
      {bins.map((b) => (
        <rect key={b.from} x={sx(b.from) + 0.5} y={sy(b.percent)} width={sx(BIN_WIDTH) - sx(0) - 1} height={Math.max(0.5, sy(0) - sy(b.percent))} />
      ))}
    </g>
  );
}

const f3 = (x: number) => x.toFixed(3);
const share = (k: number, n: number) => `${k} of ${n.toLocaleString('en')}${n ? ` (${((100 * k) / n).toFixed(k && (100 * k) / n < 0.1 ? 2 : 1)} %)` : ''}`;

export function measuredSentence(m: Measurement): string {
  const s = m.summary;
  return (
    `Measured here: ${m.eyes} synthetic eyes × ${m.captures} captures (${m.codes} codes), same eye ${s.genuine.n} pairs, mean ${f3(s.genuine.mean)}, sd ${f3(s.genuine.sd)}; ` +
    `different eyes ${s.impostor.n.toLocaleString('en')} pairs, mean ${f3(s.impostor.mean)}, sd ${f3(s.impostor.sd)}; d′ ${s.dPrime.toFixed(1)}. ` +
    `At the threshold ${s.threshold}: false matches ${share(s.falseMatches, s.impostor.n)}, false non-matches ${share(s.falseNonMatches, s.genuine.n)}.`
  );
}

export const REFERENCE_SENTENCE =
  `Reference (docs/IRIS.md, ${REFERENCE.eyes} eyes × ${REFERENCE.captures} captures): same eye ${REFERENCE.genuinePairs} pairs, mean ${REFERENCE.genuine.mean}, sd ${REFERENCE.genuine.sd}; ` +
  `different eyes ${REFERENCE.impostorPairs.toLocaleString('en')} pairs, mean ${REFERENCE.impostor.mean}, sd ${REFERENCE.impostor.sd}; d′ ${REFERENCE.dPrime}; ` +
  `at 0.32 no false match and no false non-match.`;

export function DistanceHistogram({ threshold, mark }: Props) {
  const m = useMeasurement();
  const peak = m ? Math.max(...m.genuine.map((b) => b.percent), ...m.impostor.map((b) => b.percent)) : 40;
  const yMax = Math.max(10, Math.ceil(peak / 10) * 10);
  const sy = (p: number) => H - PAD.bottom - (Math.min(p, yMax) / yMax) * (H - PAD.top - PAD.bottom);
  const ticks = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
  const summary =
    (m ? measuredSentence(m) : 'Not measured in this browser yet (Measure, on the Biometric page). ') +
    ` ${REFERENCE_SENTENCE} Threshold ${threshold}: a code closer than that to an enrolled one counts as the same eye.` +
    (mark ? ` Marked: ${mark.label} at ${mark.distance.toFixed(3)}.` : '');
  return (
    <figure className="histogram" data-testid="distance-histogram" data-measured={m ? 'yes' : 'no'}>
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
        {[0, yMax / 2, yMax].map((p) => (
          <text key={p} x={PAD.left - 6} y={sy(p) + 4} textAnchor="end">
            {p}%
          </text>
        ))}
        <text x={(sx(0) + sx(X_MAX)) / 2} y={H - 4} textAnchor="middle">
          fractional Hamming distance
        </text>
        {m && <Bars bins={m.genuine} className="genuine" sy={sy} />}
        {m && <Bars bins={m.impostor} className="impostor" sy={sy} />}
        {!m && (
          <text x={(sx(0) + sx(X_MAX)) / 2} y={(PAD.top + sy(0)) / 2} textAnchor="middle">
            not measured yet
          </text>
        )}
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
        {m ? (
          <span data-testid="histogram-measured">
            <span className="key genuine">■</span> same eye, other capture ({m.summary.genuine.n} pairs) · <span className="key impostor">■</span> different eyes (
            {m.summary.impostor.n.toLocaleString('en')} pairs) · share of each set per {BIN_WIDTH} bin, iris-v1&apos;s filter bank (the page&apos;s reference code), computed in this
            browser in {(m.ms / 1000).toFixed(1)} s. {measuredSentence(m)}
            {m.failures.length > 0 && ` ${m.failures.length} capture(s) did not segment and were left out.`}
            {m.incomparable > 0 && ` ${m.incomparable} pair(s) too occluded to compare.`}
          </span>
        ) : (
          <span>Not measured in this browser yet.</span>
        )}{' '}
        {REFERENCE_SENTENCE} Synthetic eyes: a claim about this generator, not about real irises.
      </figcaption>
    </figure>
  );
}
