/**
 * A deliberately strict reader for the project's numeric data CSVs: a header row, numeric feature
 * columns and one label column. No quoting, no missing values: a published model's input spec and
 * accuracy are computed from this, so a silently skipped or zero-filled row would be a wrong claim.
 */

export interface LabelledTable {
  /** Feature column names, in file order, label column excluded. */
  readonly features: string[];
  /** One row of feature values per data line, in `features` order. */
  readonly rows: number[][];
  /** The label of each row, as written. */
  readonly labels: string[];
}

export function parseLabelledCsv(text: string, labelColumn = 'diagnosis'): LabelledTable {
  // Accept CRLF (the UCI-derived file uses it) and one trailing newline; any other blank line is
  // suspicious enough to reject.
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new Error('CSV is empty: expected a header row');

  const header = splitLine(lines[0]!, 1);
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') throw new Error('line 1: empty column name in header');
    if (seen.has(name)) throw new Error(`line 1: duplicate column name '${name}'`);
    seen.add(name);
  }
  const labelIndex = header.indexOf(labelColumn);
  if (labelIndex < 0) throw new Error(`line 1: no '${labelColumn}' column in header`);
  const features = header.filter((_, i) => i !== labelIndex);
  if (features.length === 0) throw new Error('line 1: no feature columns besides the label');

  const rows: number[][] = [];
  const labels: string[] = [];
  for (let li = 1; li < lines.length; li++) {
    const lineNo = li + 1;
    const fields = splitLine(lines[li]!, lineNo);
    if (fields.length !== header.length) {
      throw new Error(`line ${lineNo}: expected ${header.length} fields, got ${fields.length}`);
    }
    const row: number[] = [];
    for (let ci = 0; ci < fields.length; ci++) {
      const field = fields[ci]!;
      if (ci === labelIndex) {
        if (field === '') throw new Error(`line ${lineNo}: empty '${labelColumn}'`);
        labels.push(field);
        continue;
      }
      // Number('') and Number(' ') are 0, hence the explicit pattern instead of a NaN check alone.
      const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(field) ? Number(field) : NaN;
      if (!Number.isFinite(value)) {
        throw new Error(`line ${lineNo}, column '${header[ci]}': '${field}' is not a number`);
      }
      row.push(value);
    }
    rows.push(row);
  }
  if (rows.length === 0) throw new Error('CSV has a header but no data rows');
  return { features, rows, labels };
}

function splitLine(line: string, lineNo: number): string[] {
  if (line.trim() === '') throw new Error(`line ${lineNo}: blank line`);
  if (line.includes('"')) throw new Error(`line ${lineNo}: quoted fields are not supported`);
  return line.split(',');
}
