/**
 * Reading private data from CSV, forgivingly: a pasted row of numbers, or a file with an optional
 * header. With a header, columns are matched to the model's features by name (extra columns such
 * as an id or a diagnosis are ignored); without one, the first numeric columns are taken in order.
 */
import type { InputSpec } from '../../core/model/input-spec.js';

export interface CsvTable {
  /** Each row's values in the model's feature order. */
  readonly rows: number[][];
  /** A short name per row for picking it ("row 3", or an id column's value). */
  readonly names: string[];
}

const splitRow = (line: string): string[] => line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
const isNumber = (s: string) => s !== '' && Number.isFinite(Number(s));

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
