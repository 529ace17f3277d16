/**
 * Models: every package this device knows, with what a user should know before trusting it.
 * `/models?model=<name>` shows one package with its per-layer circuit cost.
 */
import { useEffect, useState } from 'react';
import { inputKind } from '../../core/model/input.js';
import type { Manifest } from '../../core/package/manifest.js';
import { Alert } from '../components/Alert.js';
import { AuditPanel } from '../components/AuditPanel.js';
import { LayerCosts } from '../components/LayerCosts.js';
import type { PackageSource } from '../../client/packages.js';
import { demoIndex, demoUrl, loadFromUrl, rememberedPackages } from '../../client/packages.js';
import { href, navigate } from '../router.js';

interface Row {
  readonly id: string;
  readonly manifest: Manifest;
  readonly source: PackageSource;
}

async function allPackages(): Promise<Row[]> {
  const rows = new Map<string, Row>();
  for (const e of await demoIndex().catch(() => [])) {
    const pkg = await loadFromUrl(demoUrl(e), { kind: 'demo', url: demoUrl(e) }, { withKey: false });
    rows.set(pkg.id, pkg);
  }
  for (const p of await rememberedPackages()) if (!rows.has(p.id)) rows.set(p.id, p);
  return [...rows.values()];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** An in-app link (plain left clicks stay in the page). */
function Link({ to, children }: { to: string; children: React.ReactNode }) {
  return (
    <a
      href={to}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

export function ModelsPage({ model }: { model?: string }) {
  const [rows, setRows] = useState<Row[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    allPackages().then(setRows, (e: Error) => setError(e.message));
  }, []);
  const one = model !== undefined ? rows?.find((r) => r.manifest.name === model) : undefined;
  return (
    <>
      <h1>{model !== undefined ? `Model ${model}` : 'Models'}</h1>
      {model !== undefined && (
        <p>
          <Link to={href('models')}>← All models</Link>
        </p>
      )}
      {error && <Alert title="The packages could not be listed:">{error}</Alert>}
      {rows === undefined && !error && <p role="status">Loading the packages…</p>}
      {rows?.length === 0 && <p>No packages yet. Run `npm start` to build the demos, or open a package on the Prove page.</p>}
      {model !== undefined && rows && !one && <Alert title="Unknown model:">{`no package named "${model}" is known on this device.`}</Alert>}
      {one && <ModelCard row={one} detailed />}
      {model === undefined && rows?.map((r) => <ModelCard key={r.id} row={r} />)}
    </>
  );
}

function ModelCard({ row, detailed = false }: { row: Row; detailed?: boolean }) {
  const m = row.manifest;
  const c = m.circuit;
  const a = m.agreement;
  return (
    <article className="card model" aria-labelledby={`m-${row.id}`}>
      <h2 id={`m-${row.id}`}>{m.name}</h2>
      {m.description && <p>{m.description}</p>}
      {m.setup.kind === 'development' && (
        <p className="warning" role="note">
          {m.setup.warning}
        </p>
      )}
      <dl className="facts">
        <dt>Version</dt>
        <dd>
          package format v{m.version}, {m.createdBy}
        </dd>
        <dt>Source</dt>
        <dd>{row.source.kind === 'files' ? 'opened from disk' : row.source.url}</dd>
        <dt>Labels</dt>
        <dd>{m.output.labels?.join(', ') ?? `${m.output.rule} output (${m.output.size})`}</dd>
        <dt>Parameters</dt>
        <dd>{c.parameters.toLocaleString('en')}</dd>
        <dt>Constraints</dt>
        <dd>
          {c.constraints.toLocaleString('en')} (domain 2^{c.power}, {c.wires.toLocaleString('en')} wires)
        </dd>
        <dt>Proving key</dt>
        <dd>{(m.files.zkey.bytes / 1e6).toFixed(2)} MB</dd>
        <dt>Setup</dt>
        <dd>{m.setup.kind === 'development' ? 'development key' : `ceremony (powers of tau 2^${m.setup.ptau.power})`}</dd>
        <dt>Float vs circuit</dt>
        <dd>
          {a
            ? `${pct(a.top1)} same decision on ${a.samples} samples; max |error| ${a.maxAbsError.toFixed(4)}, mean ${a.meanAbsError.toFixed(4)}`
            : 'not reported by the publisher'}
        </dd>
        <dt>Ranges</dt>
        <dd>{m.calibration ? `calibrated on ${m.calibration.samples} inputs (margin ${m.calibration.margin}): ${m.calibration.provability === undefined ? 'provability not reported' : `${pct(m.calibration.provability)} of ${a ? `the ${a.samples} samples` : 'held-out samples'} can be proved`}; inputs outside the calibrated ranges cannot` : 'exact: every input in the declared ranges can be proved'}</dd>
        <dt>Package id</dt>
        <dd className="mono">{row.id}</dd>
        <dt>Model sha256</dt>
        <dd className="mono">{m.model.hash}</dd>
      </dl>
      <details>
        <summary>
          Input spec: {m.input.features.length} features, shape [{m.input.shape.join(', ')}], {m.input.bits}-bit grid, input kind {inputKind(m.input)}
          {m.input.kind ? '' : ' (not declared: guessed from the shape)'}
        </summary>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Feature</th>
                <th scope="col">Unit</th>
                <th scope="col">Min</th>
                <th scope="col">Max</th>
              </tr>
            </thead>
            <tbody>
              {m.input.features.map((f, i) => (
                <tr key={i}>
                  <td>{f.name}</td>
                  <td>{f.unit ?? '—'}</td>
                  <td>{f.min}</td>
                  <td>{f.max}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      {detailed && <LayerCosts row={row} />}
      {detailed && <AuditPanel id={row.id} source={row.source} />}
      <p className="row">
        {!detailed && <Link to={href('models', { model: m.name })}>Per-layer circuit cost of {m.name}</Link>}
        {row.source.kind === 'demo' && <Link to={href('prove', { model: m.name })}>Prove with {m.name}</Link>}
      </p>
    </article>
  );
}
