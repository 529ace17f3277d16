/**
 * Verify: drop, pick or paste a bundle; it is checked in a worker against the package it names.
 * A verifier can also request a proof: a link to the Prove page with a fresh challenge, which the
 * Verify page then checks the bundle answers (so an old bundle cannot be replayed).
 */
import { useEffect, useId, useState } from 'react';
import { Alert } from '../components/Alert.js';
import { DropZone } from '../components/DropZone.js';
import { OnChainCheck } from '../components/OnChainCheck.js';
import { BindingFacts, UntrustedSigner } from '../components/SignerVerdict.js';
import { TrustedSignersPanel } from '../components/TrustedSigners.js';
import { listHistory } from '../services/history.js';
import { describeOutput } from '../../core/package/signals.js';
import { loadFromFiles, loadFromUrl } from '../../client/packages.js';
import { getJson, setJson } from '../../client/store.js';
import { href } from '../router.js';
import type { VerifyOutcome } from '../services/verify.js';
import { oversizedFile, verifyBundleText } from '../services/verify.js';

type State = { status: 'idle' } | { status: 'checking' } | { status: 'done'; outcome: VerifyOutcome } | { status: 'error'; message: string };

/** `historyId` (from the History page) preloads and checks that proof's bundle. */
export function VerifyPage({ historyId }: { historyId?: string }) {
  const id = useId();
  const [text, setText] = useState('');
  const [state, setState] = useState<State>({ status: 'idle' });
  const [pkgNote, setPkgNote] = useState<string>();
  const [url, setUrl] = useState('');
  const [challenge, setChallenge] = useState('');
  const [requestModel, setRequestModel] = useState('breast-cancer');

  // The last challenge this verifier issued is kept on the device, so the reply can be checked later.
  useEffect(() => void getJson<string>('verifier:challenge').then((c) => c && setChallenge((now) => now || c)), []);

  const issue = () => {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const fresh = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    setChallenge(fresh);
    void setJson('verifier:challenge', fresh);
  };
  const requestLink = challenge ? new URL(href('prove', { model: requestModel || undefined, challenge }), location.href).href : '';

  const check = async (bundleText: string) => {
    setState({ status: 'checking' });
    try {
      setState({ status: 'done', outcome: await verifyBundleText(bundleText, challenge.trim() || undefined) });
    } catch (e) {
      setState({ status: 'error', message: (e as Error).message });
    }
  };

  useEffect(() => {
    if (!historyId) return;
    void listHistory().then((all) => {
      const entry = all.find((e) => e.id === historyId);
      if (!entry) return;
      const t = JSON.stringify(entry.bundle, null, 2);
      setText(t);
      void check(t);
    });
  }, [historyId]);

  const addPackage = async (load: () => Promise<{ manifest: { name: string } }>) => {
    try {
      const pkg = await load();
      setPkgNote(`Package "${pkg.manifest.name}" loaded.`);
      if (text.trim()) await check(text);
    } catch (e) {
      setPkgNote(`That package cannot be used: ${(e as Error).message}`);
    }
  };

  return (
    <>
      <h1>Verify a proof</h1>
      <section className="card" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>Proof bundle</h2>
        <DropZone
          label="Bundle file"
          accept=".json,application/json"
          hint="Drop a bundle file here, choose it, or paste it below."
          onFiles={(files) => {
            const file = files[0]!;
            // Judged by its size alone: the text box keeps what it had.
            const tooLarge = oversizedFile(file);
            if (tooLarge) return setState({ status: 'done', outcome: tooLarge });
            void file.text().then((t) => {
              setText(t);
              void check(t);
            });
          }}
        />
        <label htmlFor={`${id}-text`}>Paste a bundle</label>
        <textarea id={`${id}-text`} rows={8} value={text} onChange={(e) => setText(e.target.value)} placeholder='{"format": "zkinfer-proof", …}' />
        <div className="row">
          <button type="button" className="primary" disabled={!text.trim() || state.status === 'checking'} onClick={() => void check(text)}>
            Verify
          </button>
        </div>
        {state.status === 'checking' && <p role="status">Checking the proof in a worker…</p>}
        {state.status === 'error' && <Alert title="Verification could not run:">{state.message}</Alert>}
        {state.status === 'done' && <Verdict outcome={state.outcome} recheck={() => void check(text)} />}
        <OnChainCheck bundleText={text} />
      </section>
      {/* A change to the trusted list re-checks the shown bundle: trust decides signed proofs. */}
      <TrustedSignersPanel onChange={() => state.status === 'done' && text.trim() && void check(text)} />
      <section className="card" aria-labelledby={`${id}-c`}>
        <h2 id={`${id}-c`}>Request a proof</h2>
        <p className="hint">
          A bundle alone can be shown again by anyone who holds it. Send the prover a link with a fresh challenge; the proof must answer it,
          and Verify checks that it does.
        </p>
        <div className="row">
          <label htmlFor={`${id}-model`}>Model</label>
          <input id={`${id}-model`} value={requestModel} onChange={(e) => setRequestModel(e.target.value)} />
          <button type="button" onClick={issue}>
            New challenge
          </button>
        </div>
        <label htmlFor={`${id}-challenge`}>Challenge the proof must answer (empty: none)</label>
        <input id={`${id}-challenge`} className="mono" value={challenge} onChange={(e) => setChallenge(e.target.value)} />
        {requestLink && (
          <p>
            Link for the prover:{' '}
            <a href={requestLink} data-testid="request-link">
              {requestLink}
            </a>
          </p>
        )}
      </section>
      {state.status === 'done' && state.outcome.valid === 'unknown-package' && (
        <section className="card" aria-labelledby={`${id}-p`}>
          <h2 id={`${id}-p`}>Load the model&apos;s package</h2>
          <DropZone label="Package files" hint="manifest.json and verification_key.json are enough to verify." onFiles={(files) => void addPackage(() => loadFromFiles(files, { withKey: false }))} />
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void addPackage(() => loadFromUrl(url, { kind: 'url', url }, { withKey: false }));
            }}
          >
            <label htmlFor={`${id}-url`}>Package URL</label>
            <div className="row">
              <input id={`${id}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
              <button type="submit" disabled={!url.trim()}>
                Load package
              </button>
            </div>
          </form>
          {pkgNote && <p role="status">{pkgNote}</p>}
        </section>
      )}
    </>
  );
}

function Verdict({ outcome, recheck }: { outcome: VerifyOutcome; recheck: () => void }) {
  if (outcome.valid === 'unknown-package') {
    return (
      <div className="verdict unknown" role="status" data-testid="verdict">
        <p>
          <strong>Can&apos;t check yet.</strong> The bundle names package {outcome.packageId.slice(0, 12)}…, which this browser has not loaded.
          Load that package below to verify it; nothing about the proof is known until then.
        </p>
      </div>
    );
  }
  if (outcome.valid) {
    const where = outcome.source.kind === 'files' ? 'files you loaded' : outcome.source.url;
    return (
      <div className="verdict valid" role="status" data-testid="verdict">
        <p>
          <strong>Valid proof.</strong> Package <strong>{outcome.name}</strong> computed <strong>{describeOutput(outcome.output)}</strong> on an
          input the prover kept private.
        </p>
        <details open>
          <summary>What was checked</summary>
          <ul>
            <li>
              package id <span className="mono">{outcome.packageId}</span> (from {where}): its model, labels, output rule and keys
            </li>
            <li>key: {outcome.setup === 'development' ? 'development key (single party, cannot be audited)' : 'ceremony key (audit it on the Models page or with zkinfer audit)'}</li>
            <li>
              challenge:{' '}
              {outcome.challenge.kind === 'checked'
                ? `answers yours (${outcome.challenge.text})`
                : outcome.challenge.kind === 'none'
                  ? 'none — anyone holding this bundle can show it again'
                  : 'answers a challenge you did not give'}
            </li>
            <li>public signals: {outcome.bundle.publicSignals.length}, decoded with the package&apos;s layout</li>
            <BindingFacts binding={outcome.binding} />
          </ul>
          <p className="hint">
            {outcome.binding?.kind === 'signature'
              ? 'Not covered: whether the source measured correctly, or when.'
              : 'Not covered: where the input came from, who entered it, or when.'}
          </p>
        </details>
        {outcome.warnings.map((w) => (
          <p key={w} className="warning">
            {w}
          </p>
        ))}
      </div>
    );
  }
  return (
    <div className="verdict invalid" role="status" data-testid="verdict">
      <p>
        <strong>Invalid proof: {outcome.title}.</strong> {outcome.reason}
      </p>
      {outcome.code === 'untrusted-signer' && outcome.signer && <UntrustedSigner signer={outcome.signer} onTrusted={recheck} />}
    </div>
  );
}
