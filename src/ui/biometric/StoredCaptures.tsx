/**
 * The signed captures kept on this device (stored-captures.ts), listed on the Biometric page: each
 * can be proved again with any iris-code package — iris-v2 is the model upgrade, from the same
 * signed capture and without the picture — or deleted. Nothing here is sent anywhere.
 */
import { useEffect, useState } from 'react';
import { Alert } from '../components/Alert.js';
import { ProofProgress } from '../components/ProofProgress.js';
import { PixelCanvas } from './PixelCanvas.js';
import { ProofResult } from './ProofResult.js';
import type { SignedCapture } from './prove-iris.js';
import { IRIS_PACKAGES, proveCapture } from './prove-iris.js';
import { deleteCapture, listCaptures } from './stored-captures.js';
import { IRIS_STRIP_BITS, stripBitsMismatch } from '../../core/iris-code/strip-format.js';
import { useIrisRun } from './useIrisRun.js';

/** The signed codes as a grey strip (what the device signed: masked pixels already filled), `bits` bits per code. */
function codesPixels(codes: Uint8Array, bits: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(4 * codes.length);
  const scale = 255 / (2 ** bits - 1);
  codes.forEach((c, i) => {
    const g = Math.round(c * scale);
    out.set([g, g, g, 255], 4 * i);
  });
  return out;
}

/** `version` changes when a capture was stored elsewhere on the page: the list is read again. */
export function StoredCaptures({ version }: { version: number }) {
  const [list, setList] = useState<{ captures: SignedCapture[]; unreadable: number }>();
  const [problem, setProblem] = useState<string>();
  const [reload, setReload] = useState(0);
  const { run, proof, start, cancel } = useIrisRun();

  useEffect(() => {
    let live = true;
    listCaptures().then(
      (l) => live && setList(l),
      (e: Error) => live && setProblem(`The stored captures cannot be read: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [version, reload]);

  const remove = async (c: SignedCapture) => {
    try {
      await deleteCapture(c.capture);
      setReload((n) => n + 1);
    } catch (e) {
      setProblem(`Not deleted: ${(e as Error).message}`);
    }
  };

  const captures = list?.captures ?? [];
  return (
    <>
      <p className="hint">
        Kept in this browser&apos;s storage only: the strip&apos;s signed {IRIS_STRIP_BITS}-bit codes, its mask and the capture device&apos;s signatures — enough to prove the code again with an upgraded
        model, without the picture or a new capture.
      </p>
      {problem && <Alert title="Stored captures:">{problem}</Alert>}
      {list && captures.length === 0 && <p data-testid="captures-empty">No signed capture is kept on this device.</p>}
      {list && list.unreadable > 0 && <p className="hint">{list.unreadable} stored record(s) this version cannot read were left as they are.</p>}
      {captures.length > 0 && (
        <ul className="captures" data-testid="stored-captures" aria-label="Signed captures kept on this device" style={{ listStyle: 'none', padding: 0 }}>
          {captures.map((c) => (
            <li key={c.capture} data-testid="stored-capture" style={{ marginBottom: '0.8rem' }}>
              <PixelCanvas width={c.width} height={c.height} pixels={codesPixels(c.codes, c.bits)} scale={1} label={`Signed strip of ${c.what}`} />
              <div>
                <strong>{c.what}</strong>, signed {new Date(c.signedAt).toLocaleString()} · capture <span className="mono">{c.capture.slice(0, 10)}…</span>
                {c.bits !== IRIS_STRIP_BITS && (
                  <p className="hint" data-testid="capture-old-format">
                    Cannot be proved by this version: {stripBitsMismatch(c.bits, IRIS_STRIP_BITS)}.
                  </p>
                )}
                <div className="row">
                  {IRIS_PACKAGES.map((name) => (
                    <button key={name} type="button" onClick={() => void start(name, (pkg, onProgress, signal) => proveCapture(pkg, c, onProgress, signal))} disabled={run.status === 'running'}>
                      Prove with {name}
                    </button>
                  ))}
                  <button type="button" onClick={() => void remove(c)} disabled={run.status === 'running'} aria-label={`Delete the stored capture of ${c.what}`}>
                    Delete
                  </button>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {run.status === 'running' && <ProofProgress startedAt={run.startedAt} stage={run.stage} fraction={run.fraction} message={run.message} onCancel={cancel} />}
      {run.status === 'error' && <Alert title="Not proved:">{run.message}</Alert>}
      {proof && <ProofResult key={proof.n} proof={proof.proof} testId="stored-proof" />}
    </>
  );
}
