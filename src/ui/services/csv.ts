/**
 * Reading private data from CSV, forgivingly: a pasted row of numbers, or a file with an optional
 * header. With a header, columns are matched to the model's features by name (extra columns such
 * as an id or a diagnosis are ignored); without one, the first numeric columns are taken in order.
 */
import type { InputSpec } from '../../core/model/input-spec.js';
import { numberProblem, parseDecimal } from './number-field.js';

export interface CsvTable {
  /** Each row's values in the model's feature order. */
  readonly rows: number[][];
  /** A short name per row for picking it ("row 3", or an id column's value). */
  readonly names: string[];
}

const splitRow = (line: string): string[] => line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
const isNumber = (s: string) => parseDecimal(s) !== undefined;

export function parseCsv(text: string, spec: InputSpec): CsvTable {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error('the CSV is empty');
  const n = spec.features.length;
  const first = splitRow(lines[0]!);
  const hasHeader = !first.every(isNumber) && first.some((c) => !isNumber(c));
  let columns: number[];
  let idColumn = -1;
  if (hasHeader) {
    const lower = first.map((c) => c.toLowerCase());
    columns = spec.features.map((f) => lower.indexOf(f.name.toLowerCase()));
    const missing = spec.features.filter((_, i) => columns[i]! < 0).map((f) => f.name);
    if (missing.length > 0) {
      throw new Error(`the CSV header lacks ${missing.length} of the model's features, e.g. "${missing.slice(0, 3).join('", "')}"`);
    }
    idColumn = lower.findIndex((c) => c === 'id' || c === 'name');
  } else {
    columns = Array.from({ length: n }, (_, i) => i);
  }
  const rows: number[][] = [];
  const names: string[] = [];
  lines.slice(hasHeader ? 1 : 0).forEach((line, li) => {
    const cells = splitRow(line);
    const lineNo = li + (hasHeader ? 2 : 1);
    const numeric = hasHeader ? cells : cells.filter(isNumber);
    if (!hasHeader && numeric.length < n) throw new Error(`line ${lineNo} has ${numeric.length} numbers; the model needs ${n}`);
    rows.push(
      columns.map((c, i) => {
        const cell = numeric[c] ?? '';
        if (!isNumber(cell)) throw new Error(`line ${lineNo}: "${spec.features[i]!.name}" is "${cell}", not a number`);
        return Number(cell);
      }),
    );
    names.push(idColumn >= 0 ? `${cells[idColumn]}` : `row ${li + 1}`);
  });
  if (rows.length === 0) throw new Error('the CSV has a header but no data rows');
  return { rows, names };
}

/** A pasted row read into the model's feature order, with what was done to read it. */
export interface PastedRow {
  readonly values: number[];
  /** Sentences for the user: columns ignored, decimal commas read. Empty when the row was taken as is. */
  readonly notes: string[];
}

const unquote = (c: string) => c.trim().replace(/^"(.*)"$/, '$1').trim();

/**
 * One pasted line of numbers, strictly: every cell must be a decimal number, except a trailing
 * non-numeric label (e.g. "malignant", as the app's data file ends its rows) and then a leading ID
 * column, which are dropped only when the count then matches the model exactly. Semicolons with
 * decimal commas (`17,99;10,38`) are read as such. The error names the first bad cell.
 */
export function parseRow(text: string, spec: InputSpec): PastedRow {
  const n = spec.features.length;
  const line = text.trim();
  if (line === '') throw new Error('the pasted text is empty');
  const notes: string[] = [];
  let cells: string[];
  if (line.includes('\t')) cells = line.split('\t');
  else if (line.includes(';')) {
    cells = line.split(';');
    if (cells.some((c) => /^\s*"?[+-]?\d*,\d+"?\s*$/.test(c))) {
      cells = cells.map((c) => unquote(c).replace(/^([+-]?\d*),(\d+)$/, '$1.$2'));
      notes.push('read the commas as decimal commas (the cells are separated by semicolons)');
    }
  } else cells = line.split(',');
  cells = cells.map(unquote);
  if (cells.length > 1 && cells[cells.length - 1] === '') cells.pop(); // a trailing separator
  // The readings tried, in order: as is, without a trailing label, then without a leading ID too.
  const readings: { cells: string[]; ignored: string[] }[] = [{ cells, ignored: [] }];
  const last = cells[cells.length - 1]!;
  const isLabel = parseDecimal(last) === undefined && /^[\p{L}_][\p{L}\p{N} _.-]*$/u.test(last) && !/^[+-]?(nan|inf(inity)?)$/i.test(last);
  if (isLabel) {
    readings.push({ cells: cells.slice(0, -1), ignored: [`the label '${last}'`] });
    readings.push({ cells: cells.slice(1, -1), ignored: ['the ID column', `the label '${last}'`] });
  } else readings.push({ cells: cells.slice(1), ignored: ['the ID column'] });
  const fits = readings.filter((r) => r.cells.length === n);
  const good = fits.find((r) => r.cells.every((c) => parseDecimal(c) !== undefined));
  if (!good) {
    const r = fits[0];
    if (!r) {
      const allNumeric = cells.every((c) => parseDecimal(c) !== undefined);
      throw new Error(`line 1 has ${cells.length} ${allNumeric ? 'numbers' : 'values'}; the model needs ${n}`);
    }
    const i = r.cells.findIndex((c) => parseDecimal(c) === undefined);
    const c = r.cells[i]!;
    const after = r.ignored.length > 0 ? ` (after ignoring ${r.ignored.join(' and ')})` : '';
    throw new Error(`cell ${i + 1} ("${spec.features[i]!.name}"): ${numberProblem(c) ?? `"${c}" is not a number`}${after}`);
  }
  const values = good.cells.map((c) => parseDecimal(c)!);
  if (good.ignored.length > 0) notes.unshift(`ignored ${good.ignored.join(' and ')}`);
  return { values, notes };
}
