/**
 * Your model: bring an ONNX, Keras (.h5 / .keras) or tfjs model, see what its circuit costs per
 * layer, set its input ranges, publish it with a development key, download the package and prove
 * with it. The model is read, estimated and published in a worker in this tab: nothing is uploaded
 * (docs/APP-PUBLISH.md).
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { OutputRule } from '../../core/index.js';
import type { ProgressEvent } from '../../core/progress.js';
import { inputSpecFromJson } from '../../core/model/input.js';
import { packageFolderName } from '../../core/package/zip.js';
import { isAbortError } from '../../client/workers/bridge.js';
import type { CostEstimate, ModelSummary, PublishResult } from '../../client/workers/publisher.js';
import { estimateInWorker, openModel, publishInWorker, zipInWorker } from '../../client/workers/publisher.js';
import { Alert } from '../components/Alert.js';
import { DropZone } from '../components/DropZone.js';
import { EstimateTable } from '../components/EstimateTable.js';
import { ProofProgress } from '../components/ProofProgress.js';
import { RangeFields } from '../components/RangeFields.js';
import { useProveSession } from '../hooks/useProveSession.js';
import { useLeaveWarning } from '../hooks/useLeaveWarning.js';
import { downloadBlob } from '../services/files.js';
import type { RangeForm } from '../services/input-ranges.js';
import { defaultRangeForm, rangeFormFromSpec, readRangeForm } from '../services/input-ranges.js';
import { href, navigate } from '../router.js';

type Opening = { status: 'idle' } | { status: 'opening'; names: string } | { status: 'error'; names: string; message: string };
type Estimating = { status: 'idle' } | { status: 'running' } | { status: 'done'; cost: CostEstimate; for: string } | { status: 'error'; message: string };
type Publishing =
  | { status: 'idle' }
  | { status: 'running'; startedAt: number; stage: string; fraction: number; message: string }
  | { status: 'done'; result: PublishResult; ms: number }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

const PUBLISH_STAGES = ['Compile', 'Key setup', 'Export'] as const;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const bytesText = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(1)} kB` : `${b} B`);
const namesOf = (files: readonly File[]) => {
  const names = files.map((f) => f.webkitRelativePath || f.name);
  return `${names.slice(0, 3).join(', ')}${names.length > 3 ? `, … ${names.length} in all` : ''}`;
};

function publishProgress(e: ProgressEvent): { stage: string; fraction: number; message: string } {
  if (e.stage === 'setup') return { stage: 'Key setup', fraction: 0.15 + 0.8 * (e.total ? (e.done ?? 0) / e.total : 0), message: e.message ?? 'making the development key' };
  if (e.stage === 'export') return { stage: 'Export', fraction: 0.97, message: e.message ?? 'writing the package' };
  return { stage: 'Compile', fraction: 0.05, message: e.message ?? 'compiling the circuit' };
}

/** A package name from the model's file name ("mnist_cnn.h5" → "mnist_cnn"). */
const nameFrom = (entry: string) => packageFolderName(entry.replace(/^.*\//, '').replace(/\.[^.]+$/, '')) || 'my-model';

/** What the page held when the visitor left it (e.g. for "Prove with it"), shown again on return. */
interface Kept {
  readonly model: ModelSummary;
  readonly form: RangeForm;
  readonly name: string;
  readonly output: OutputRule;
  readonly labels: string;
  readonly published?: Extract<Publishing, { status: 'done' }>;
}
let kept: Kept | undefined;

export function PublishPage() {
  const id = useId();
  const session = useProveSession();
  const [model, setModel] = useState<ModelSummary | undefined>(kept?.model);
  const [opening, setOpening] = useState<Opening>({ status: 'idle' });
  const [form, setForm] = useState<RangeForm | undefined>(kept?.form);
  const [specNote, setSpecNote] = useState<{ ok: boolean; text: string }>();
  const [name, setName] = useState(kept?.name ?? '');
  const [output, setOutput] = useState<OutputRule>(kept?.output ?? 'argmax');
  const [labels, setLabels] = useState(kept?.labels ?? '');
  const [estimating, setEstimating] = useState<Estimating>({ status: 'idle' });
  const [publishing, setPublishing] = useState<Publishing>(kept?.published ?? { status: 'idle' });
  useEffect(() => {
    kept = model && form ? { model, form, name, output, labels, ...(publishing.status === 'done' ? { published: publishing } : {}) } : undefined;
  }, [model, form, name, output, labels, publishing]);
  const [zipError, setZipError] = useState<string>();
  const abort = useRef<AbortController | undefined>(undefined);
  useLeaveWarning(publishing.status === 'running');

  const shape = model?.inputShape;
  const read = form && shape ? readRangeForm(form, shape) : undefined;
  const spec = read?.spec;
  const specKey = spec ? JSON.stringify([spec, output]) : undefined;

  // The estimate follows the ranges and the output rule (a moment after the last keystroke).
  useEffect(() => {
    if (!spec || !specKey || publishing.status === 'running') return;
    let live = true;
    const t = setTimeout(() => {
      setEstimating((s) => (s.status === 'done' ? s : { status: 'running' }));
      estimateInWorker(spec, output).then(
        (cost) => live && setEstimating({ status: 'done', cost, for: specKey }),
        (e: unknown) => live && !isAbortError(e) && setEstimating({ status: 'error', message: message(e) }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [specKey, model]);

  const applySpecJson = (json: unknown, from: string, inputShape: readonly number[], current?: RangeForm) => {
    try {
      const loaded = inputSpecFromJson(json, inputShape, Number(current?.bits) || undefined);
      setForm(rangeFormFromSpec(loaded));
      setSpecNote({ ok: true, text: `Ranges loaded from ${from}: ${loaded.features.length} features, ${loaded.bits}-bit input.` });
    } catch (e) {
      setSpecNote({ ok: false, text: `${from} was not used: ${message(e)}. Your ranges were not changed.` });
    }
  };

  const open = async (files: File[]) => {
    const names = namesOf(files);
    if (publishing.status === 'running') {
      setOpening({ status: 'error', names, message: 'a package is being published from the current model: wait for it or cancel it first' });
      return;
    }
    setOpening({ status: 'opening', names });
    try {
      const picked = await Promise.all(files.map(async (f) => ({ name: f.webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
      const summary = await openModel(picked, 'model');
      setModel(summary);
      setOpening({ status: 'idle' });
      setPublishing({ status: 'idle' });
      setEstimating({ status: 'idle' });
      setName(nameFrom(summary.entry));
      setOutput(summary.suggestedOutput);
      setLabels('');
      const fresh = defaultRangeForm(summary.inputShape);
      setForm(fresh);
      setSpecNote(undefined);
      if (summary.inputSpec) applySpecJson(summary.inputSpec.json, summary.inputSpec.name, summary.inputShape, fresh);
    } catch (e) {
      // The model in use (and everything typed for it) stays; only the message is new.
      setOpening({ status: 'error', names, message: message(e) });
    }
  };

  const loadSpecFile = async (files: File[]) => {
    const f = files[0];
    if (!f || !shape) return;
    let json: unknown;
    try {
      json = JSON.parse(await f.text());
    } catch (e) {
      setSpecNote({ ok: false, text: `${f.name} was not used: it is not valid JSON (${message(e)}). Your ranges were not changed.` });
      return;
    }
    applySpecJson(json, f.name, shape, form);
  };

  const labelList = labels
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const outputs = model ? model.outputShape.reduce((a, b) => a * b, 1) : 0;
  const labelError = labelList.length > 0 && output === 'argmax' && labelList.length !== outputs ? `${labelList.length} labels given; the model has ${outputs} outputs (one label each, comma-separated)` : undefined;
  const nameError = name.trim() === '' ? 'the package needs a name' : undefined;
  const cost = estimating.status === 'done' && estimating.for === specKey ? estimating.cost : undefined;
  const tooLarge = cost !== undefined && !cost.estimate.fitsBrowser;
  const canPublish = spec !== undefined && !labelError && !nameError && cost !== undefined && !tooLarge && publishing.status !== 'running';

  const publish = async () => {
    if (!spec || !canPublish) return;
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    const startedAt = performance.now();
    setZipError(undefined);
    setPublishing({ status: 'running', startedAt, stage: 'Compile', fraction: 0.02, message: 'starting' });
    try {
      const result = await publishInWorker(
        { name: name.trim(), inputSpec: spec, output, ...(labelList.length ? { labels: labelList } : {}) },
        (e) => !ctrl.signal.aborted && setPublishing({ status: 'running', startedAt, ...publishProgress(e) }),
        ctrl.signal,
      );
      setPublishing({ status: 'done', result, ms: performance.now() - startedAt });
    } catch (e) {
      setPublishing(isAbortError(e) ? { status: 'cancelled' } : { status: 'error', message: message(e) });
    } finally {
      if (abort.current === ctrl) abort.current = undefined;
    }
  };

  const download = async (r: PublishResult) => {
    setZipError(undefined);
    try {
      const zip = await zipInWorker(r.manifest.name, r.files);
      downloadBlob(`${packageFolderName(r.manifest.name)}.zip`, new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
    } catch (e) {
      setZipError(message(e));
    }
  };

  const proveWith = (r: PublishResult) => {
    // The same path as a package folder picked on the Prove page: checked, cached on this device, remembered.
    const files = [...r.files].map(([path, bytes]) => new File([bytes as Uint8Array<ArrayBuffer>], path.slice(path.lastIndexOf('/') + 1)));
    void session.choose({ kind: 'files', files });
    navigate(href('prove'));
  };

  return (
    <>
      <h1>Your model</h1>
      <p className="promise" data-testid="byom-promise">
        Your model stays on this device: it is read, measured and published in a worker in this tab, and nothing is uploaded.
      </p>

      <section className="card" aria-labelledby={`${id}-files`}>
        <h2 id={`${id}-files`}>1. Choose the model</h2>
        <DropZone
          label="Model files"
          hint="Drop or choose one model: an .onnx file, a Keras .h5 or .keras file, or a tfjs model.json with its weight files. An input-spec.json among them sets the ranges."
          onFiles={(f) => void open(f)}
        />
        {opening.status === 'opening' && (
          <p role="status" className="loading-note">
            Reading {opening.names} in a worker…
          </p>
        )}
        {opening.status === 'error' && (
          <div data-testid="open-error">
            <Alert title={`Could not open ${opening.names}:`}>{opening.message}</Alert>
            {model && (
              <p className="hint" data-testid="kept-model">
                Still using <strong>{model.entry}</strong>, with your ranges as they were.
              </p>
            )}
          </div>
        )}
        {model && (
          <dl className="facts" data-testid="model-summary">
            <dt>Format</dt>
            <dd data-testid="model-format">{model.format}</dd>
            <dt>Files</dt>
            <dd>{model.files.map((f) => `${f.path} (${bytesText(f.bytes)})`).join(', ')}</dd>
            <dt>Input</dt>
            <dd>shape [{model.inputShape.join(', ')}]</dd>
            <dt>Output</dt>
            <dd>shape [{model.outputShape.join(', ')}]</dd>
            {model.ignored.length > 0 && (
              <>
                <dt>Not used</dt>
                <dd>{model.ignored.join(', ')} (not part of the model)</dd>
              </>
            )}
          </dl>
        )}
      </section>

      {model && form && shape && (
        <>
          <section className="card" aria-labelledby={`${id}-ranges`}>
            <h2 id={`${id}-ranges`}>2. Input ranges</h2>
            <p className="hint">
              The circuit accepts each input feature within its range, on a grid of 2^bits levels. Set one range for every feature or
              one per feature, or load an input spec.
            </p>
            <RangeFields form={form} shape={shape} onChange={setForm} disabled={publishing.status === 'running'} />
            <DropZone label="Load an input spec (input-spec.json)" accept=".json,application/json" onFiles={(f) => void loadSpecFile(f)} />
            {specNote && (
              <p className={specNote.ok ? 'note' : 'field-error'} role={specNote.ok ? 'status' : 'alert'} data-testid="spec-note">
                {specNote.text}
              </p>
            )}
            {read && read.errors.length > 0 && (
              <div className="alert" role="alert" data-testid="range-errors">
                <strong>Check the ranges:</strong>
                <ul>
                  {read.errors.map((e, i) => (
                    <li key={i}>{e}</li>
                  ))}
                </ul>
              </div>
            )}
          </section>

          <section className="card" aria-labelledby={`${id}-cost`}>
            <h2 id={`${id}-cost`}>3. Circuit cost</h2>
            {estimating.status === 'running' && !cost && <p role="status">Estimating the circuit in a worker…</p>}
            {estimating.status === 'error' && <Alert title="The estimate failed:">{estimating.message}</Alert>}
            {estimating.status === 'done' && <EstimateTable cost={estimating.cost} stale={!cost} />}
            {!spec && <p className="hint">Fix the ranges above to see the estimate.</p>}
          </section>

          <section className="card" aria-labelledby={`${id}-publish`}>
            <h2 id={`${id}-publish`}>4. Publish</h2>
            <div className="picker-grid">
              <div>
                <label htmlFor={`${id}-name`}>Package name</label>
                <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={nameError ? true : undefined} />
              </div>
              <div>
                <label htmlFor={`${id}-output`}>Output</label>
                <select id={`${id}-output`} value={output} onChange={(e) => setOutput(e.target.value as OutputRule)}>
                  <option value="argmax">argmax: the class</option>
                  <option value="sign">sign: one bit per output (sigmoid ≥ 0.5)</option>
                  <option value="logits">logits: the output values</option>
                </select>
              </div>
              <div>
                <label htmlFor={`${id}-labels`}>Class labels (optional, comma-separated)</label>
                <input id={`${id}-labels`} type="text" value={labels} onChange={(e) => setLabels(e.target.value)} aria-invalid={labelError ? true : undefined} />
              </div>
            </div>
            {(labelError || nameError) && (
              <p className="field-error" role="alert">
                {nameError ?? labelError}.
              </p>
            )}
            <div className="warning demo-key" role="note" data-testid="dev-key-warning">
              <strong>Development key.</strong> The app makes the proving key here in one step, so this browser saw its secret
              randomness (the “toxic waste”) and whoever publishes could forge proofs. Every verifier is told so. For a package others
              must trust, publish with <span className="mono">zkinfer publish --ptau</span> (docs/CLI.md).
            </div>
            <div className="row">
              <button type="button" className="primary" disabled={!canPublish} onClick={() => void publish()}>
                Publish with a development key
              </button>
            </div>
            {tooLarge && <p className="hint">This model is too large for a browser proof; the app does not publish it.</p>}
            {publishing.status === 'running' && (
              <ProofProgress {...publishing} what="Publish" stages={PUBLISH_STAGES} onCancel={() => abort.current?.abort()} />
            )}
            {publishing.status === 'cancelled' && <p role="status">Publishing cancelled. The worker was stopped; nothing was kept.</p>}
            {publishing.status === 'error' && <Alert title="Publishing failed:">{publishing.message}</Alert>}
            {publishing.status === 'done' && (
              <Published result={publishing.result} ms={publishing.ms} onDownload={download} onProve={proveWith} zipError={zipError} />
            )}
          </section>
        </>
      )}
    </>
  );
}

function Published({ result: r, ms, onDownload, onProve, zipError }: { result: PublishResult; ms: number; onDownload: (r: PublishResult) => void; onProve: (r: PublishResult) => void; zipError?: string }) {
  const m = r.manifest;
  return (
    <div className="note result" role="status" data-testid="published">
      <p>
        Published <strong>{m.name}</strong> in {(ms / 1000).toFixed(1)} s: {m.circuit.constraints.toLocaleString('en')} constraints, package id{' '}
        <span className="mono">{r.id}</span>. <span className="warning">Development key: fine for trying it, not for real trust.</span>
      </p>
      <ul className="notes">
        {[...r.files].map(([path, bytes]) => (
          <li key={path}>
            <span className="mono">{path}</span> ({bytesText(bytes.length)})
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" onClick={() => onDownload(r)}>
          Download package (.zip)
        </button>
        <button type="button" className="primary" onClick={() => onProve(r)}>
          Prove with it
        </button>
      </div>
      {zipError && <Alert title="The zip could not be made:">{zipError}</Alert>}
    </div>
  );
}
