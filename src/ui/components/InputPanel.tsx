/**
 * Entering the private data: one field per feature (name, unit, valid range), a pasted CSV row,
 * a CSV file with a row picker, or a bundled sample. Nothing here leaves the page.
 */
import { useId, useState } from 'react';
import type { InputSpec } from '../../core/model/input-spec.js';
import { parseCsv, parseRow } from '../services/csv.js';
import { fieldProblem, parseDecimal, rangeText } from '../services/number-field.js';
import type { CsvTable } from '../services/csv.js';
import type { Sample } from '../../client/packages.js';
import { imageGrid, inputKind } from '../../core/model/input.js';
import { DigitInput } from '../digit/DigitInput.js';
import { ImageInput } from '../image/ImageInput.js';
import type { Prediction } from '../services/prediction.js';

interface Props {
  readonly spec: InputSpec;
  readonly samples: readonly Sample[];
  readonly values: readonly string[];
  readonly onChange: (values: readonly string[]) => void;
  readonly disabled?: boolean;
  /** The float model's prediction on the current values (shown beside a drawn digit). */
  readonly prediction?: Prediction;
}

const show = (v: number) => String(v);

/** Above this many features the one-field-per-feature form is folded away (and not rendered). */
const MANY_FEATURES = 64;

export function InputPanel({ spec, samples, values, onChange, disabled, prediction }: Props) {
  const id = useId();
  const [paste, setPaste] = useState('');
  const [csv, setCsv] = useState<CsvTable>();
  const [csvError, setCsvError] = useState<string>();
  /** What reading the pasted row did (columns ignored, decimal commas), said after it was used. */
  const [pasteNote, setPasteNote] = useState<string>();
  /** Counts inputs replaced from a sample or CSV: the digit pad drops its strokes then. */
  const [replaced, setReplaced] = useState(0);
  const fill = (row: readonly number[]) => {
    setReplaced((r) => r + 1);
    onChange(row.map(show));
  };
  const [fieldsOpen, setFieldsOpen] = useState(spec.features.length <= MANY_FEATURES);
  // The package's input kind picks the widget: the digit pad, a picture used as is, or fields only.
  const kind = inputKind(spec);
  const image = kind === 'tabular' ? undefined : imageGrid(spec.shape, kind !== 'iris-strip');
  const features = spec.features;
  // Image pixels as intensities in [0, 1] of each feature's range, and back.
  const pixels = image
    ? values.map((v, i) => (v.trim() === '' ? NaN : (Number(v) - features[i]!.min) / (features[i]!.max - features[i]!.min || 1)))
    : [];
  // Full precision: a pixel k/255 on a [0, 1] feature stays exactly k/255, the grid value proved.
  const fromPixels = (p: readonly number[]) => onChange(p.map((x, i) => show(features[i]!.min + x * (features[i]!.max - features[i]!.min))));

  // A failed paste changes nothing: the values stay as they were and the message says why.
  const applyPaste = () => {
    try {
      const lines = paste.split(/\r?\n/).filter((l) => l.trim() !== '');
      if (lines.length > 1) {
        fill(parseCsv(paste, spec).rows[0]!);
        setPasteNote(lines.length > 2 ? `Used the first data row of the ${lines.length} pasted lines.` : undefined);
      } else {
        const row = parseRow(paste, spec);
        fill(row.values);
        setPasteNote(row.notes.length > 0 ? `Used the pasted row: ${row.notes.join('; ')}.` : undefined);
      }
      setCsvError(undefined);
    } catch (e) {
      setPasteNote(undefined);
      setCsvError(`Pasted row: ${(e as Error).message}. Your values were not changed.`);
    }
  };

  const readFile = async (file: File) => {
    try {
      const table = parseCsv(await file.text(), spec);
      setCsv(table);
      setCsvError(undefined);
      setPasteNote(undefined);
      fill(table.rows[0]!);
    } catch (e) {
      // The previous file's rows and the typed values stay.
      setCsvError(`${file.name}: ${(e as Error).message}. Your values were not changed.`);
    }
  };

  const anyFilled = values.some((v) => v.trim() !== '');
  const fields = (
    <fieldset className="features" disabled={disabled}>
      <legend>Features ({spec.features.length})</legend>
      {spec.features.map((f, i) => {
        const problem = fieldProblem(values[i] ?? '', f, anyFilled);
        const valid = problem ? undefined : parseDecimal(values[i] ?? '');
        const fid = `${id}-f${i}`;
        return (
          <div className={`feature${problem ? ' invalid' : ''}`} key={i}>
            <label htmlFor={fid}>
              {f.name}
              {f.unit ? ` (${f.unit})` : ''}
            </label>
            {/* A text field: a number field would hide what was typed ("17,99", "abc") behind an empty value. */}
            <input
              id={fid}
              type="text"
              role="spinbutton"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              aria-valuemin={f.min}
              aria-valuemax={f.max}
              aria-valuenow={valid}
              value={values[i] ?? ''}
              aria-invalid={problem ? true : undefined}
              aria-describedby={`${fid}-r`}
              onChange={(e) => {
                const next = [...values];
                next[i] = e.target.value;
                onChange(next);
              }}
            />
            <span id={`${fid}-r`} className="range" data-testid={problem ? 'field-problem' : undefined}>
              {problem ? `${f.name}: ${problem}` : rangeText(f)}
            </span>
          </div>
        );
      })}
    </fieldset>
  );

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>2. Your private data</h2>
      <p className="hint">Stays on this device: the prediction and the proof are computed here.</p>
      <div className="sources">
        {samples.length > 0 && (
          <div>
            <label htmlFor={`${id}-sample`}>{samples.some((x) => x.diagnosis) ? 'Sample patient' : 'Sample input'}</label>
            <select id={`${id}-sample`} disabled={disabled} defaultValue="" onChange={(e) => e.target.value !== '' && fill(samples[Number(e.target.value)]!.values)}>
              <option value="">Choose a sample…</option>
              {samples.map((s, i) => (
                <option key={i} value={i}>
                  {s.name}
                  {(s.diagnosis ?? s.label) ? ` (${s.diagnosis ?? s.label})` : ''}
                </option>
              ))}
            </select>
          </div>
        )}
        <div>
          <label htmlFor={`${id}-paste`}>Paste a CSV row</label>
          <textarea id={`${id}-paste`} rows={2} value={paste} disabled={disabled} placeholder={`${spec.features.length} comma-separated numbers`} onChange={(e) => setPaste(e.target.value)} />
          <button type="button" disabled={disabled || !paste.trim()} onClick={applyPaste}>
            Use pasted row
          </button>
        </div>
        <div>
          <label htmlFor={`${id}-file`}>CSV file</label>
          <input id={`${id}-file`} type="file" accept=".csv,text/csv,text/plain" disabled={disabled} onChange={(e) => e.currentTarget.files?.[0] && void readFile(e.currentTarget.files[0])} />
          {csv && (
            <>
              <label htmlFor={`${id}-row`}>Row of the CSV file</label>
              <select id={`${id}-row`} disabled={disabled} onChange={(e) => fill(csv.rows[Number(e.target.value)]!)}>
                {csv.names.map((n, i) => (
                  <option key={i} value={i}>
                    {n}
                  </option>
                ))}
              </select>
            </>
          )}
        </div>
      </div>
      {csvError && (
        <p className="field-error" role="alert">
          {csvError}
        </p>
      )}
      {pasteNote && !csvError && (
        <p className="note" role="status" data-testid="paste-note">
          {pasteNote}
        </p>
      )}
      {image && kind === 'digit' && <DigitInput size={image} pixels={pixels} onPixels={fromPixels} prediction={prediction} disabled={disabled} replaced={replaced} />}
      {image && (kind === 'image' || kind === 'iris-strip') && <ImageInput kind={kind} size={image} pixels={pixels} onPixels={fromPixels} prediction={prediction} disabled={disabled} />}
      {spec.features.length > MANY_FEATURES ? (
        <details open={fieldsOpen} onToggle={(e) => setFieldsOpen(e.currentTarget.open)}>
          <summary>Edit the {spec.features.length} values one by one</summary>
          {fieldsOpen && fields}
        </details>
      ) : (
        fields
      )}
    </section>
  );
}
