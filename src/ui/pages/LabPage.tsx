/**
 * Lab: a demo data source. It signs a sample patient's measurements with the demo key (whose
 * private key ships with this app, and is labelled so) for the signature-bound diagnosis package,
 * so a visitor can try the whole flow: Lab → signed data file → Prove → Verify. Signing happens
 * here on the page (EdDSA-Poseidon, milliseconds); nothing is sent anywhere.
 */
import { useEffect, useId, useState } from 'react';
import { Alert } from '../components/Alert.js';
import type { Manifest } from '../../core/package/manifest.js';
import { encodeInput } from '../../core/model/input.js';
import { signInput } from '../../core/provenance/input.js';
import { makeSignedInputFile } from '../../core/provenance/signed-file.js';
import type { Sample } from '../../client/packages.js';
import { demoIndex, demoUrl, fetchSamples, loadFromUrl, packageBaseUrl } from '../../client/packages.js';
import { downloadText } from '../services/files.js';
import { parseDecimal } from '../services/number-field.js';
import { DEMO_LAB_NAME, demoLabFingerprint, demoLabPrivateKey } from '../lab/demo-key.js';
import { handOver } from '../lab/handoff.js';
import { href, navigate } from '../router.js';

/** The signature-bound demo package the Lab signs for (scripts/lib/demo-variants.ts). */
export const LAB_PACKAGE = 'breast-cancer-signed';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; id: string; manifest: Manifest; samples: readonly Sample[] };

interface Made {
  readonly fileName: string;
  readonly text: string;
}

export function LabPage() {
  const id = useId();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [values, setValues] = useState<readonly string[]>([]);
  const [sampleName, setSampleName] = useState('patient');
  const [error, setError] = useState<string>();
  const [made, setMade] = useState<Made>();

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const entry = (await demoIndex()).find((e) => e.name === LAB_PACKAGE);
        if (!entry) throw new Error(`the demo package "${LAB_PACKAGE}" is not built here (run npm start)`);
        const url = demoUrl(entry);
        const pkg = await loadFromUrl(url, { kind: 'demo', url }, { withKey: false, expectedId: entry.packageId });
        const samples = await fetchSamples(packageBaseUrl(url), pkg.manifest.input.features.length);
        if (!live) return;
        setLoad({ status: 'ready', id: pkg.id, manifest: pkg.manifest, samples });
        if (samples[0]) {
          setValues(samples[0].values.map(String));
          setSampleName(samples[0].name);
        } else setValues(pkg.manifest.input.features.map(() => ''));
      } catch (e) {
        if (live) setLoad({ status: 'error', message: (e as Error).message });
      }
    })();
    return () => {
      live = false;
    };
  }, []);

  const sign = () => {
    if (load.status !== 'ready') return;
    setError(undefined);
    setMade(undefined);
    const spec = load.manifest.input;
    const numbers: number[] = [];
    for (let i = 0; i < spec.features.length; i++) {
      const v = parseDecimal(values[i] ?? '');
      if (v === undefined) return setError(`"${spec.features[i]!.name}" is not a number.`);
      numbers.push(v);
    }
    try {
      // A source signs what it measured: out-of-range values are refused, not clamped.
      const { codes } = encodeInput(spec, numbers, 'reject');
      const signed = signInput(demoLabPrivateKey(), codes, spec.bits);
      const file = makeSignedInputFile(load.id, numbers, signed);
      const slug = sampleName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'patient';
      setMade({ fileName: `signed-${slug}.json`, text: JSON.stringify(file, null, 2) + '\n' });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <>
      <h1>Lab: a demo data source</h1>
      <div className="warning demo-key" role="note" data-testid="demo-key-warning">
        <strong>Demo key.</strong> This page signs with <strong>{DEMO_LAB_NAME}</strong>: its private key ships with this app, so anyone can
        sign anything with it. It is here to show how signed data works; a verifier must never trust it for real data.
      </div>
      <p className="hint">
        A real lab signs the measurements it took with its own key and gives the patient the signed file. The patient proves what the model
        says about exactly these values (package <strong>{LAB_PACKAGE}</strong>), and a verifier who trusts the lab&apos;s key learns that
        the values were the lab&apos;s — not the values themselves. Key fingerprint: <span className="mono">{demoLabFingerprint()}</span>
      </p>
      {load.status === 'loading' && <p role="status">Loading the package {LAB_PACKAGE}…</p>}
      {load.status === 'error' && <Alert title="The Lab cannot sign:">{load.message}</Alert>}
      {load.status === 'ready' && (
        <section className="card" aria-labelledby={`${id}-h`}>
          <h2 id={`${id}-h`}>Measurements to sign</h2>
          {load.samples.length > 0 && (
            <div className="row">
              <label htmlFor={`${id}-sample`}>Sample patient</label>
              <select
                id={`${id}-sample`}
                onChange={(e) => {
                  const s = load.samples[Number(e.target.value)]!;
                  setValues(s.values.map(String));
                  setSampleName(s.name);
                  setMade(undefined);
                }}
              >
                {load.samples.map((s, i) => (
                  <option key={i} value={i}>
                    {s.name}
                    {s.diagnosis ? ` (${s.diagnosis})` : ''}
                  </option>
                ))}
              </select>
            </div>
          )}
          <fieldset className="features">
            <legend>Measured values ({load.manifest.input.features.length})</legend>
            {load.manifest.input.features.map((f, i) => (
              <div className="feature" key={i}>
                <label htmlFor={`${id}-v${i}`}>{f.name}</label>
                <input
                  id={`${id}-v${i}`}
                  type="text"
                  inputMode="decimal"
                  value={values[i] ?? ''}
                  onChange={(e) => {
                    const next = [...values];
                    next[i] = e.target.value;
                    setValues(next);
                    setMade(undefined);
                  }}
                />
              </div>
            ))}
          </fieldset>
          <div className="row">
            <button type="button" className="primary" onClick={sign}>
              Sign with the demo key
            </button>
          </div>
          {error && <Alert title="Not signed:">{error}</Alert>}
          {made && (
            <div className="note" role="status" data-testid="lab-signed">
              <p>
                Signed {load.manifest.input.features.length} values for package <strong>{LAB_PACKAGE}</strong> with the demo key. The file
                holds the values and the signature: it is private data, like the measurements themselves.
              </p>
              <div className="row">
                <button type="button" onClick={() => downloadText(made.fileName, made.text)}>
                  Download signed file
                </button>
                <button
                  type="button"
                  onClick={() => {
                    handOver({ packageId: load.id, fileName: made.fileName, text: made.text });
                    navigate(href('prove', { model: LAB_PACKAGE }));
                  }}
                >
                  Prove with it
                </button>
              </div>
            </div>
          )}
        </section>
      )}
    </>
  );
}
