/** Prove: pick a package, enter private data, see the local prediction, prove in a worker. */
import { useEffect, useMemo } from 'react';
import { Alert } from '../components/Alert.js';
import { InputPanel } from '../components/InputPanel.js';
import { SignedInputPanel } from '../components/SignedInputPanel.js';
import { PackagePicker } from '../components/PackagePicker.js';
import { ProofProgress } from '../components/ProofProgress.js';
import { ProofResult } from '../components/ProofResult.js';
import { useProveSession } from '../hooks/useProveSession.js';
import { usePrediction } from '../services/prediction.js';
import { readValues, summarizeProblems } from '../services/number-field.js';
import { href, navigate } from '../router.js';

/** The demo "Try it" opens, with its first sample patient filled in. */
export const TRY_DEMO = 'breast-cancer';

/** The three likeliest classes, most likely first. */
function topClasses(ps: readonly { label: string; p: number }[]): string {
  return [...ps]
    .sort((a, b) => b.p - a.p)
    .slice(0, 3)
    .map((p) => `${p.label} ${(100 * p.p).toFixed(1)}%`)
    .join(', ');
}

const sameValues = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

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
  const loading = s.attempt?.status === 'loading';

  // A shared link (/prove?model=name or /prove?package=url) opens that package, unless it is open;
  // coming back to the open package's link (Back) drops the message of a load that failed.
  useEffect(() => {
    if (loading) return;
    if (model && model !== loadedName) void s.choose({ kind: 'demo', name: model });
    else if (!model && packageUrl && packageUrl !== loadedUrl) void s.choose({ kind: 'url', url: packageUrl });
    else if (ready) s.dismissError();
  }, [model, packageUrl]);

  const spec = ready?.pkg.manifest.input;
  const numbers = useMemo(() => (spec ? readValues(s.values, spec) : undefined), [spec, s.values]);
  const problems = useMemo(() => (spec ? summarizeProblems(s.values, spec) : undefined), [spec, s.values]);
  const { prediction, pending } = usePrediction(ready?.pkg, numbers);
  const running = s.prove.status === 'running';
  const stale = s.prove.status === 'done' && !sameValues(s.prove.values, s.values);
  const m = ready?.pkg.manifest;
  /** Signature-bound: only a checked signed file supplies the values. */
  const signedOnly = m?.binding?.kind === 'signature';
  const missingSignature = signedOnly && !s.signed;

  const tryIt = () => {
    void s.choose({ kind: 'demo', name: TRY_DEMO }, { fillSample: true });
    navigate(href('prove', { model: TRY_DEMO }));
  };

  const attempt = s.attempt;
  const status =
    attempt?.status === 'loading' ? (
      <p role="status" className="loading-note">
        Loading the package: {attempt.message}…
      </p>
    ) : attempt?.status === 'error' ? (
      <div data-testid="load-error">
        <Alert title={`Could not load ${attempt.what}:`}>{attempt.message}</Alert>
        {ready && (
          <p className="hint" data-testid="kept-note">
            Still using <strong>{m?.name}</strong>, with your values and result as they were.
          </p>
        )}
      </div>
    ) : undefined;

  return (
    <>
      <h1>Prove privately</h1>
      <p className="promise" data-testid="privacy-promise">
        Your data never leaves this device: the prediction and the proof are computed in your browser.
      </p>
      {!ready && !loading && (
        <section className="card landing" aria-labelledby="landing-h">
          <h2 id="landing-h">What this is</h2>
          <p className="lead" data-testid="landing-sentence">
            Prove what a published model says about your data without showing the data: you get the result and a zero-knowledge proof; your
            data never leaves this device.
          </p>
          <button type="button" className="primary" onClick={tryIt}>
            Try it with a sample patient
          </button>
          <p className="hint">Opens the breast-cancer diagnosis demo with a sample patient filled in; then press “Prove privately”.</p>
        </section>
      )}
      <PackagePicker
        selectedDemo={model ?? (packageUrl ? undefined : loadedName)}
        busy={running || loading}
        onDemo={(name) => navigate(href('prove', { model: name }))}
        onUrl={(url) => navigate(href('prove', { package: url }))}
        onFiles={(files) => {
          // A package from disk has no shareable link: drop the previous one from the URL.
          navigate(href('prove'), true);
          void s.choose({ kind: 'files', files });
        }}
        status={status}
      />
      {ready && m && (
        <>
          <p className="card package-status" role="status" data-testid="package-status">
            <strong>{m.name}</strong> ready — {m.circuit.constraints.toLocaleString('en')} constraints, key{' '}
            {(m.files.zkey.bytes / 1e6).toFixed(1)} MB {ready.pkg.keyCached ? '(key cached on this device)' : '(key downloaded and cached)'}, circuit{' '}
            {ready.fromCache ? `read from this device's cache in ${ready.compileMs.toFixed(0)} ms (no compile)` : ready.compileMs > 0 ? `compiled in ${ready.compileMs.toFixed(0)} ms` : 'already compiled'} in a worker.
            {m.setup.kind === 'development' && <span className="warning"> Development key: fine for a demo, not for real trust.</span>}
          </p>
          {signedOnly ? (
            <SignedInputPanel key={ready.pkg.id} pkg={ready.pkg} signed={s.signed} onSigned={s.setSigned} packageNames={s.packageNames} disabled={running} />
          ) : (
            <InputPanel key={ready.pkg.id} spec={m.input} samples={ready.pkg.samples} values={s.values} onChange={s.setValues} disabled={running} prediction={prediction} />
          )}
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
            {problems && (
              <p className="field-error" data-testid="input-summary">
                {problems.text}
              </p>
            )}
            {!signedOnly && (
              <label className="check">
                <input type="checkbox" checked={s.remember} onChange={(e) => s.setRemember(e.target.checked)} /> Remember my data on this device
              </label>
            )}
            {challenge && (
              <p className="note" data-testid="challenge-note">
                A verifier asked for this proof with the challenge <strong className="mono">{challenge}</strong>: the proof will answer
                exactly it, so it cannot be replayed to anyone who asked for another.
              </p>
            )}
            {m.binding?.kind === 'commitment' && (
              <p className="note" data-testid="commitment-note">
                This package commits to your input: the proof carries a hash of your values and a fresh random salt made on this device.
                You get the opening (values and salt) as a separate download, to show only to whom you choose; it is never in the bundle.
              </p>
            )}
            {missingSignature && (
              <p className="note" data-testid="needs-signature">
                Package <strong>{m.name}</strong> proves only signed data: open a signed data file above (the Lab page makes one with a demo key).
              </p>
            )}
            <div className="row">
              <button type="button" className="primary" disabled={!numbers || running || missingSignature} onClick={() => numbers && void s.startProof(numbers, challenge)}>
                Prove privately
              </button>
            </div>
            {s.prove.status === 'running' && <ProofProgress {...s.prove} onCancel={s.cancel} />}
            {s.prove.status === 'cancelled' && <p role="status">Proof cancelled. The worker was stopped; the next proof starts a fresh one.</p>}
            {s.prove.status === 'error' && <Alert title="The proof failed:">{s.prove.message}</Alert>}
            {s.prove.status === 'done' && (
              <ProofResult {...s.prove} stale={stale} packageName={m.name} packageId={ready.pkg.id} developmentKey={m.setup.kind === 'development'} />
            )}
          </section>
        </>
      )}
    </>
  );
}
