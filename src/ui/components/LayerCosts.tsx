/**
 * Where a package's circuit spends its constraints: a bar chart (inline SVG) and a table per
 * layer, with parameters, bit widths and the compiler's rewrites. The manifest holds only totals,
 * so the prover worker compiles the model (model files only, no proving key) to get the layers.
 */
import { useEffect, useState } from 'react';
import type { LayerCost } from '../../core/circuit/lower.js';
import type { Manifest } from '../../core/package/manifest.js';
import type { KnownPackage } from '../../client/packages.js';
import { cachedModelFiles, loadFromUrl } from '../../client/packages.js';
import type { CostReport } from '../../client/workers/prover.js';
import { packageCosts } from '../../client/workers/prover.js';

type State = { status: 'loading' } | { status: 'error'; message: string } | { status: 'done'; report: CostReport };

const n = (x: number) => x.toLocaleString('en');

export function bitRange(bits: readonly number[]): string {
  if (bits.length === 0) return '—';
  const lo = Math.min(...bits);
  const hi = Math.max(...bits);
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
}

async function modelFiles(row: KnownPackage): Promise<Map<string, Uint8Array>> {
  if (row.source.kind === 'files') {
    const files = await cachedModelFiles(row);
    if (!files) throw new Error('its model files are no longer cached on this device: open the package on the Prove page again');
    return files;
  }
  return (await loadFromUrl(row.source.url, row.source, { withKey: false, withModel: true })).files;
}

export function LayerCosts({ row }: { row: KnownPackage }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    modelFiles(row)
      .then((files) => packageCosts(row.id, files))
      .then(
        (report) => live && setState({ status: 'done', report }),
        (e: Error) => live && setState({ status: 'error', message: e.message }),
      );
    return () => {
      live = false;
    };
  }, [row]);

  if (state.status === 'loading') return <p role="status">Compiling the circuit in a worker to measure each layer…</p>;
  if (state.status === 'error') return <p className="field-error" role="alert">The per-layer costs could not be computed: {state.message}</p>;
  return <CostView manifest={row.manifest} report={state.report} />;
}

function CostView({ manifest: m, report: r }: { manifest: Manifest; report: CostReport }) {
  const allBits = r.layers.flatMap((l) => l.bits);
  return (
    <section aria-label="Circuit cost per layer" data-testid="layer-costs">
      <h3>Circuit cost per layer</h3>
      <dl className="facts">
        <dt>Layers</dt>
        <dd>
          {r.layers.length} ({r.layers.filter((l) => l.constraints === 0).length} free), {n(r.stats.constraints)} constraints, {n(r.stats.parameters)} parameters
          {r.compileMs > 0 ? `; compiled in ${(r.compileMs / 1000).toFixed(1)} s in a worker to measure them` : ''}
        </dd>
        <dt>Bit widths</dt>
        <dd>
          range checks of {bitRange(allBits)} bits; activations quantized to {m.compile.activationBits} bits, weights to {m.compile.weightBits} bits, input{' '}
          {m.input.bits}-bit
        </dd>
      </dl>
      <LayerChart layers={r.layers} />
      {/* On a phone the table scrolls inside its own box, not the page. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Per-layer table (scrolls sideways)">
        <table className="layers">
          <caption className="visually-hidden">Constraints, wires, parameters and bit widths per layer</caption>
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Kind</th>
              <th scope="col">Circuit op</th>
              {['Activations', 'Parameters', 'Constraints', 'Share', 'Wires', 'Bits (min–max)'].map((h) => (
                <th key={h} scope="col" className="num">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.layers.map((l, i) => (
              <tr key={i}>
                <th scope="row">{l.layer}</th>
                <td>{l.className}</td>
                <td>{l.op}</td>
                <td className="num">{n(l.activations)}</td>
                <td className="num">{n(l.parameters)}</td>
                <td className="num">{l.constraints === 0 ? 'free' : n(l.constraints)}</td>
                <td className="num">{((100 * l.constraints) / Math.max(1, r.stats.constraints)).toFixed(1)}%</td>
                <td className="num">{n(l.wires)}</td>
                <td className="num">{bitRange(l.bits)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>Rewrites made to save constraints</h4>
      {r.notes.length > 0 ? (
        <ul className="notes">
          {r.notes.map((t, i) => (
            <li key={i}>{t}</li>
          ))}
        </ul>
      ) : (
        <p className="hint">None reported beyond the merged layers in the table (a “+” joins layers folded into one linear map).</p>
      )}
    </section>
  );
}

/** Horizontal bars, one per layer, scaled to the costliest; free layers show as "free". */
export function LayerChart({ layers }: { layers: readonly LayerCost[] }) {
  const rowH = 22;
  const labelW = 270;
  const barW = 440;
  const width = labelW + barW + 90;
  const height = layers.length * rowH + 8;
  const max = Math.max(1, ...layers.map((l) => l.constraints));
  const total = layers.reduce((s, l) => s + l.constraints, 0);
  const costliest = layers.reduce((a, b) => (b.constraints > a.constraints ? b : a), layers[0]!);
  return (
    <svg
      className="layer-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Constraints per layer: ${n(total)} in all; the costliest is ${costliest.layer} with ${n(costliest.constraints)}`}
      data-testid="layer-chart"
    >
      {layers.map((l, i) => {
        const y = 4 + i * rowH;
        const w = l.constraints > 0 ? Math.max(2, (barW * l.constraints) / max) : 0;
        const label = `${l.layer} (${l.className})`;
        return (
          <g key={i}>
            <title>{`${label}: ${n(l.constraints)} constraints, ${n(l.wires)} wires, ${n(l.parameters)} parameters`}</title>
            <text x={labelW - 8} y={y + rowH / 2 + 4} textAnchor="end">
              {label.length > 38 ? `${label.slice(0, 37)}…` : label}
            </text>
            <rect className="bar" x={labelW} y={y + 3} width={w} height={rowH - 6} rx={2} />
            <text className="value" x={labelW + w + 6} y={y + rowH / 2 + 4}>
              {l.constraints === 0 ? 'free' : n(l.constraints)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
