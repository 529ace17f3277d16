/**
 * Hand-written SVG charts for docs/BENCHMARKS.md (no plotting dependency): a log-log scatter plot
 * and a log-scale grouped bar chart. Output is deterministic for the same data, so regenerating the
 * report from the same results gives byte-identical files.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
  readonly label?: string;
}

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly Point[];
  /** Draw hollow markers (e.g. for a reference like the floor). */
  readonly hollow?: boolean;
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fix = (v: number): string => (Math.round(v * 10) / 10).toString();

/** Decades covering [lo, hi] (at least one). */
function decades(lo: number, hi: number): [number, number] {
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  return [a, b > a ? b : a + 1];
}

function tickLabel(exp: number, unit: 'count' | 'ms'): string {
  const v = 10 ** exp;
  if (unit === 'ms') {
    // Decades of milliseconds: 10 s and 100 s read better than "1.67 min".
    if (v < 1000) return `${v} ms`;
    if (v < 1e6) return `${v / 1000} s`;
    return `${Math.round(v / 60_000)} min`;
  }
  if (v < 1000) return String(v);
  if (v < 1e6) return `${v / 1e3}k`;
  if (v < 1e9) return `${v / 1e6}M`;
  return `${v / 1e9}G`;
}

export interface ScatterOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xUnit: 'count' | 'ms';
  readonly yUnit: 'count' | 'ms';
  readonly series: readonly Series[];
  /** Pairs of points to join with a dashed line (e.g. a row's circuit and its naive encoding). */
  readonly links?: readonly (readonly [Point, Point])[];
}

export function scatterSvg(o: ScatterOptions): string {
  const W = 760;
  const H = 460;
  const m = { left: 70, right: 170, top: 40, bottom: 50 };
  const pts = o.series.flatMap((s) => s.points).filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y));
  if (pts.length === 0) return emptySvg(o.title, W, 120);
  const [x0, x1] = decades(Math.min(...pts.map((p) => p.x)), Math.max(...pts.map((p) => p.x)));
  const [y0, y1] = decades(Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.y)));
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const X = (v: number) => m.left + ((Math.log10(v) - x0) / (x1 - x0)) * pw;
  const Y = (v: number) => m.top + ph - ((Math.log10(v) - y0) / (y1 - y0)) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ${FONT} font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">${esc(o.title)}</text>`);
  for (let e = x0; e <= x1; e++) {
    const x = fix(X(10 ** e));
    out.push(`<line x1="${x}" y1="${m.top}" x2="${x}" y2="${m.top + ph}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x}" y="${m.top + ph + 16}" text-anchor="middle" fill="#444">${tickLabel(e, o.xUnit)}</text>`);
  }
  for (let e = y0; e <= y1; e++) {
    const y = fix(Y(10 ** e));
    out.push(`<line x1="${m.left}" y1="${y}" x2="${m.left + pw}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#444">${tickLabel(e, o.yUnit)}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${H - 12}" text-anchor="middle">${esc(o.xLabel)} (log scale)</text>`);
  out.push(`<text transform="translate(18 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)} (log scale)</text>`);
  for (const [a, b] of o.links ?? []) {
    if (!(a.x > 0 && a.y > 0 && b.x > 0 && b.y > 0)) continue;
    out.push(`<line x1="${fix(X(a.x))}" y1="${fix(Y(a.y))}" x2="${fix(X(b.x))}" y2="${fix(Y(b.y))}" stroke="#999" stroke-dasharray="4 3"/>`);
  }
  o.series.forEach((s, si) => {
    for (const p of s.points) {
      if (!(p.x > 0 && p.y > 0)) continue;
      const fill = s.hollow ? 'none' : s.color;
      out.push(`<circle cx="${fix(X(p.x))}" cy="${fix(Y(p.y))}" r="5" fill="${fill}" stroke="${s.color}" stroke-width="1.5"><title>${esc(`${s.name}: ${p.label ?? ''} (${p.x}, ${Math.round(p.y)})`)}</title></circle>`);
      if (p.label && si === 0) out.push(`<text x="${fix(X(p.x) + 7)}" y="${fix(Y(p.y) - 7)}" font-size="10" fill="#333">${esc(p.label)}</text>`);
    }
    const ly = m.top + 10 + si * 20;
    const lx = m.left + pw + 16;
    out.push(`<circle cx="${lx}" cy="${ly}" r="5" fill="${s.hollow ? 'none' : s.color}" stroke="${s.color}" stroke-width="1.5"/>`);
    out.push(`<text x="${lx + 10}" y="${ly}" dominant-baseline="middle">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

export interface BarGroup {
  readonly label: string;
  /** One value per series (null: not measured). */
  readonly values: readonly (number | null)[];
  /** Text after the bars, e.g. a ratio. */
  readonly note?: string;
}

/** Horizontal grouped bars on a log scale: one group per row, one bar per series. */
export function barsSvg(o: { title: string; valueLabel: string; unit: 'count' | 'ms'; series: readonly { name: string; color: string }[]; groups: readonly BarGroup[] }): string {
  const W = 760;
  const bar = 12;
  const groupH = o.series.length * (bar + 2) + 10;
  const m = { left: 170, right: 110, top: 60, bottom: 40 };
  const H = m.top + m.bottom + o.groups.length * groupH;
  const vals = o.groups.flatMap((g) => g.values).filter((v): v is number => v !== null && v > 0);
  if (vals.length === 0) return emptySvg(o.title, W, 120);
  const [x0, x1] = decades(Math.min(...vals) / 1.01, Math.max(...vals));
  const pw = W - m.left - m.right;
  const X = (v: number) => m.left + ((Math.log10(v) - x0) / (x1 - x0)) * pw;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ${FONT} font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">${esc(o.title)}</text>`);
  o.series.forEach((s, i) => {
    const lx = m.left + i * 200;
    out.push(`<rect x="${lx}" y="34" width="12" height="12" fill="${s.color}"/>`);
    out.push(`<text x="${lx + 18}" y="40" dominant-baseline="middle">${esc(s.name)}</text>`);
  });
  const bottom = H - m.bottom;
  for (let e = x0; e <= x1; e++) {
    const x = fix(X(10 ** e));
    out.push(`<line x1="${x}" y1="${m.top - 4}" x2="${x}" y2="${bottom}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x}" y="${bottom + 16}" text-anchor="middle" fill="#444">${tickLabel(e, o.unit)}</text>`);
  }
  out.push(`<text x="${m.left + pw / 2}" y="${H - 8}" text-anchor="middle">${esc(o.valueLabel)} (log scale)</text>`);
  o.groups.forEach((g, gi) => {
    const gy = m.top + gi * groupH;
    out.push(`<text x="${m.left - 8}" y="${gy + (groupH - 10) / 2}" text-anchor="end" dominant-baseline="middle">${esc(g.label)}</text>`);
    g.values.forEach((v, si) => {
      const y = gy + si * (bar + 2);
      if (v === null || !(v > 0)) {
        out.push(`<text x="${m.left + 4}" y="${y + bar / 2}" dominant-baseline="middle" font-size="10" fill="#888">not measured</text>`);
        return;
      }
      const w = Math.max(1, X(v) - m.left);
      out.push(`<rect x="${m.left}" y="${y}" width="${fix(w)}" height="${bar}" fill="${o.series[si]!.color}"><title>${esc(`${g.label} — ${o.series[si]!.name}: ${v}`)}</title></rect>`);
    });
    if (g.note) out.push(`<text x="${W - m.right + 8}" y="${gy + (groupH - 10) / 2}" dominant-baseline="middle" font-weight="600">${esc(g.note)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function emptySvg(title: string, W: number, H: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ${FONT} font-size="13"><rect width="${W}" height="${H}" fill="#fff"/><text x="${W / 2}" y="${H / 2}" text-anchor="middle">${esc(title)}: no data in this run</text></svg>\n`;
}
