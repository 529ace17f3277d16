/** Prove: pick a package, enter private data, see the local prediction, prove in a worker. */
import { useEffect, useMemo } from 'react';
import { Alert } from '../components/Alert.js';
import { InputPanel, fieldProblem } from '../components/InputPanel.js';
import { PackagePicker } from '../components/PackagePicker.js';
import { ProofProgress } from '../components/ProofProgress.js';
import { ProofResult } from '../components/ProofResult.js';
import { useProveSession } from '../hooks/useProveSession.js';
import { usePrediction } from '../services/prediction.js';
import { href, navigate } from '../router.js';

/** The three likeliest classes, most likely first. */
function topClasses(ps: readonly { label: string; p: number }[]): string {
  return [...ps]
    .sort((a, b) => b.p - a.p)
    .slice(0, 3)
    .map((p) => `${p.label} ${(100 * p.p).toFixed(1)}%`)
    .join(', ');
}

/**
 * `model` names a bundled demo, `packageUrl` any package URL: both come from a shareable link.
 * `challenge` comes from a verifier's "request a proof" link: the proof answers it.
 */
export function ProvePage({ model, packageUrl, challenge }: { model?: string; packageUrl?: string; challenge?: string }) {
  const s = useProveSession();
  const ready = s.load.status === 'ready' ? s.load : undefined;
  const source = ready?.pkg.source;
  const loadedName = source?.kind === 'demo' ? ready?.pkg.manifest.name : undefined;
  const loadedUrl = source?.kind === 'url' ? source.url : undefined;

  // A shared link (/prove?model=name or /prove?package=url) opens that package, unless it is open.
  useEffect(() => {
    if (s.load.status === 'loading') return;
    if (model && model !== loadedName) void s.choose({ kind: 'demo', name: model });
    else if (!model && packageUrl && packageUrl !== loadedUrl) void s.choose({ kind: 'url', url: packageUrl });
  }, [model, packageUrl]);

  const spec = ready?.pkg.manifest.input;
  const numbers = useMemo(() => {
    if (!spec || s.values.length !== spec.features.length) return undefined;
    return spec.features.every((f, i) => !fieldProblem(s.values[i] ?? '', f)) ? s.values.map(Number) : undefined;
  }, [spec, s.values]);
  const { prediction, pending } = usePrediction(ready?.pkg, numbers);
  const running = s.prove.status === 'running';
  const m = ready?.pkg.manifest;

  return (
    <>
      <h1>Prove privately</h1>
      <PackagePicker
        selectedDemo={loadedName ?? model}
        busy={running || s.load.status === 'loading'}
        onDemo={(name) => navigate(href('prove', { model: name }))}
        onUrl={(url) => navigate(href('prove', { package: url }))}
        onFiles={(files) => {
          // A package from disk has no shareable link: drop the previous one from the URL.
          navigate(href('prove'), true);
          void s.choose({ kind: 'files', files });
        }}
      />
      {s.load.status === 'loading' && (
        <p role="status" className="card">
          Loading the package: {s.load.message}…
        </p>
      )}
      {s.load.status === 'error' && <Alert title="This package cannot be used:">{s.load.message}</Alert>}
      {ready && m && (
        <>
          <p className="card package-status" role="status" data-testid="package-status">
            <strong>{m.name}</strong> ready — {m.circuit.constraints.toLocaleString('en')} constraints, key{' '}
            {(m.files.zkey.bytes / 1e6).toFixed(1)} MB {ready.pkg.keyCached ? '(key cached on this device)' : '(key downloaded and cached)'}, circuit{' '}
            {ready.compileMs > 0 ? `compiled in ${ready.compileMs.toFixed(0)} ms` : 'already compiled'} in a worker.
            {m.setup.kind === 'development' && <span className="warning"> Development key: fine for a demo, not for real trust.</span>}
          </p>
          <InputPanel key={ready.pkg.id} spec={m.input} samples={ready.pkg.samples} values={s.values} onChange={s.setValues} disabled={running} prediction={prediction} />
          <section className="card" aria-labelledby="prove-h">
            <h2 id="prove-h">3. Prediction and proof</h2>
            <p role="status" className="prediction" data-testid="prediction" data-pending={pending}>
              {prediction ? (
                <>
                  Local prediction (float model): <strong>{prediction.text}</strong>
                  {prediction.probabilities && ` — ${topClasses(prediction.probabilities)}`}
                </>
              ) : (
                'Fill in every feature within its range to see the local prediction.'
              )}
            </p>
            <label className="check">
              <input type="checkbox" checked={s.remember} onChange={(e) => s.setRemember(e.target.checked)} /> Remember my data on this device
            </label>
            {challenge && (
              <p className="note" data-testid="challenge-note">
                A verifier asked for this proof with the challenge <strong className="mono">{challenge}</strong>: the proof will answer
                exactly it, so it cannot be replayed to anyone who asked for another.
              </p>
            )}
            <div className="row">
              <button type="button" className="primary" disabled={!numbers || running} onClick={() => numbers && void s.startProof(numbers, challenge)}>
                Prove privately
              </button>
            </div>
            {s.prove.status === 'running' && <ProofProgress {...s.prove} onCancel={s.cancel} />}
            {s.prove.status === 'cancelled' && <p role="status">Proof cancelled. The worker was stopped; the next proof starts a fresh one.</p>}
            {s.prove.status === 'error' && <Alert title="The proof failed:">{s.prove.message}</Alert>}
            {s.prove.status === 'done' && <ProofResult {...s.prove} packageName={m.name} packageId={ready.pkg.id} developmentKey={m.setup.kind === 'development'} />}
          </section>
        </>
      )}
    </>
  );
}
