/** Verify: drop, pick or paste a bundle; it is checked in a worker against the package it names. */
import { useEffect, useId, useState } from 'react';
import { Alert } from '../components/Alert.js';
import { DropZone } from '../components/DropZone.js';
import { listHistory, outputText } from '../services/history.js';
import { loadFromFiles, loadFromUrl } from '../../client/packages.js';
import type { VerifyOutcome } from '../services/verify.js';
import { verifyBundleText } from '../services/verify.js';

type State = { status: 'idle' } | { status: 'checking' } | { status: 'done'; outcome: VerifyOutcome } | { status: 'error'; message: string };

/** `historyId` (from the History page) preloads and checks that proof's bundle. */
export function VerifyPage({ historyId }: { historyId?: string }) {
  const id = useId();
  const [text, setText] = useState('');
  const [state, setState] = useState<State>({ status: 'idle' });
  const [pkgNote, setPkgNote] = useState<string>();
  const [url, setUrl] = useState('');

  const check = async (bundleText: string) => {
    setState({ status: 'checking' });
    try {
      setState({ status: 'done', outcome: await verifyBundleText(bundleText) });
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
          onFiles={(files) =>
            void files[0]!.text().then((t) => {
              setText(t);
              void check(t);
            })
          }
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
        {state.status === 'done' && <Verdict outcome={state.outcome} />}
      </section>
      {state.status === 'done' && !state.outcome.valid && state.outcome.code === 'unknown-model' && (
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

function Verdict({ outcome }: { outcome: VerifyOutcome }) {
  if (outcome.valid) {
    const b = outcome.bundle;
    return (
      <div className="verdict valid" role="status" data-testid="verdict">
        <p>
          <strong>Valid proof.</strong> Model <strong>{outcome.packageName}</strong> computed <strong>{outputText(b)}</strong> on an input the
          prover kept private.
        </p>
        {b.model.developmentKey && <p className="warning">This package uses a development key: accept it for a demo, not for real trust.</p>}
      </div>
    );
  }
  return (
    <div className="verdict invalid" role="status" data-testid="verdict">
      <p>
        <strong>Invalid proof: {outcome.title}.</strong> {outcome.reason}
      </p>
    </div>
  );
}
