import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLabelledCsv } from './csv';

describe('parseLabelledCsv', () => {
  it('reads features, rows and labels, with CRLF and a trailing newline', () => {
    const t = parseLabelledCsv('a,b,diagnosis\r\n1,2.5e-1,benign\r\n-3,.5,malignant\r\n');
    expect(t).toEqual({
      features: ['a', 'b'],
      rows: [
        [1, 0.25],
        [-3, 0.5],
      ],
      labels: ['benign', 'malignant'],
    });
  });

  it('finds the label column wherever it is', () => {
    const t = parseLabelledCsv('y,x\nbenign,7\n', 'y');
    expect(t.features).toEqual(['x']);
    expect(t.rows).toEqual([[7]]);
  });

  it('names the line of a malformed row', () => {
    expect(() => parseLabelledCsv('a,b,diagnosis\n1,2,benign\n1,benign\n')).toThrow(
      /line 3: expected 3 fields, got 2/,
    );
    expect(() => parseLabelledCsv('a,b,diagnosis\n1,,benign\n')).toThrow(/line 2, column 'b': '' is not a number/);
    expect(() => parseLabelledCsv('a,b,diagnosis\n1,x,benign\n')).toThrow(/line 2, column 'b'/);
    expect(() => parseLabelledCsv('a,b,diagnosis\n1,Infinity,benign\n')).toThrow(/line 2/);
    expect(() => parseLabelledCsv('a,b,diagnosis\n1,2,benign\n\n3,4,benign\n')).toThrow(/line 3: blank line/);
    expect(() => parseLabelledCsv('a,b\n1,2\n')).toThrow(/no 'diagnosis' column/);
  });

  it('parses the bundled data set', () => {
    const path = fileURLToPath(new URL('../../data/breast-cancer-wisconsin.csv', import.meta.url));
    const t = parseLabelledCsv(readFileSync(path, 'utf8'));
    expect(t.features).toHaveLength(30);
    expect(t.features[0]).toBe('mean radius');
    expect(t.rows).toHaveLength(569);
    expect(t.labels.filter((l) => l === 'malignant')).toHaveLength(212);
    expect(t.labels.filter((l) => l === 'benign')).toHaveLength(357);
  });
});
