/**
 * "Audit this package" on the Models page: the same checks as `zkinfer audit`, run in the
 * verifier worker on the package's files (the proving key is downloaded once and cached). It says
 * plainly what could not be checked: a development key cannot be checked against anything.
 */
import { useState } from 'react';
import type { AuditReport } from '../../core/package/audit.js';
import type { PackageSource } from '../../client/packages.js';
import { loadFromUrl } from '../../client/packages.js';
import { auditInWorker } from '../../client/workers/verifier.js';

const MARK = { ok: '✓', failed: '✗', 'not-checked': '–' } as const;

export function AuditPanel({ id, source }: { id: string; source: PackageSource }) {
  const [state, setState] = useState<{ status: 'idle' | 'running' } | { status: 'done'; report: AuditReport } | { status: 'error'; message: string }>({ status: 'idle' });
  if (source.kind === 'files') return <p className="hint">Audit it from the command line: zkinfer audit &lt;package folder&gt;.</p>;
  const run = async () => {
    setState({ status: 'running' });
    try {
      const pkg = await loadFromUrl(source.url, source, { expectedId: id });
      setState({ status: 'done', report: await auditInWorker(pkg.files) });
    } catch (e) {
      setState({ status: 'error', message: (e as Error).message });
    }
  };
  return (
    <div className="audit" data-testid="audit">
      <button type="button" onClick={() => void run()} disabled={state.status === 'running'}>
        Audit this package
      </button>
      {state.status === 'running' && <p role="status">Recompiling the model and checking every file…</p>}
      {state.status === 'error' && <p role="alert">The audit could not run: {state.message}</p>}
      {state.status === 'done' && (
        <div role="status">
          <p>
            <strong>{state.report.ok ? 'Every check that could run holds.' : 'The package fails the audit.'}</strong>
          </p>
          <ul>
            {state.report.checks.map((c) => (
              <li key={c.check}>
                {MARK[c.status]} {c.check}: {c.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
