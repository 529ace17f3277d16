/**
 * A dropped model's estimated circuit cost per layer (core's estimateCircuit, computed in the
 * publisher worker without compiling), its totals, and the size guard's sentence.
 */
import type { CostEstimate } from '../../client/workers/publisher.js';

const n = (x: number) => Math.round(x).toLocaleString('en');
const MiB = 1024 ** 2;
const size = (b: number) => (b >= 1024 * MiB ? `${(b / 1024 / MiB).toFixed(1)} GiB` : `${Math.max(0.1, b / MiB).toFixed(1)} MiB`);
const time = (s: number) => (s < 60 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`);

export function EstimateTable({ cost, stale }: { cost: CostEstimate; stale?: boolean }) {
  const e = cost.estimate;
  return (
    <section aria-label="Estimated circuit cost per layer" data-testid="estimate" className={stale ? 'stale-estimate' : undefined}>
      {stale && (
        <p className="hint" role="status">
          The figures below are for the last valid ranges and output.
        </p>
      )}
      <dl className="facts">
        <dt>Constraints</dt>
        <dd data-testid="estimate-total">
          ≈ {n(e.constraints)} (domain 2^{e.power}), {e.publicSignals} public signals
        </dd>
        <dt>Proving key</dt>
        <dd>≈ {size(e.zkeyBytes)}</dd>
        <dt>Browser memory</dt>
        <dd>≈ {size(e.browserMemoryBytes)} while proving</dd>
        <dt>Time</dt>
        <dd>
          key setup ≈ {time(e.setupSeconds)}; each proof ≈ {time(e.browserProveSeconds)} in a browser
        </dd>
      </dl>
      <p className={e.fitsBrowser ? 'hint' : 'alert'} role={e.fitsBrowser ? undefined : 'alert'} data-testid="size-guard">
        {e.fitsBrowser ? 'Fits a browser proof: ' : 'Too large to publish here: '}
        {cost.sentence}.
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Per-layer estimate (scrolls sideways)">
        <table className="layers">
          <caption className="visually-hidden">Estimated constraints per layer</caption>
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Op</th>
              <th scope="col" className="num">
                Activations
              </th>
              <th scope="col" className="num">
                Constraints (est.)
              </th>
              <th scope="col" className="num">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {e.layers.map((l, i) => (
              <tr key={i}>
                <th scope="row">{l.layer}</th>
                <td>{l.op}</td>
                <td className="num">{n(l.activations)}</td>
                <td className="num">{l.constraints === 0 ? 'free' : n(l.constraints)}</td>
                <td className="num">{((100 * l.constraints) / Math.max(1, e.constraints)).toFixed(1)}%</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td />
              <td />
              <td className="num">{n(e.constraints)}</td>
              <td className="num">100%</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
