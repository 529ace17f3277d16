import { describe, expect, it } from 'vitest';
import type { InputSpec } from '../../core/model/input-spec.js';
import { parseCsv, parseRow } from './csv.js';

const spec: InputSpec = {
  shape: [3],
  bits: 8,
  features: [
    { name: 'radius', min: 0, max: 10 },
    { name: 'texture', min: 0, max: 50 },
    { name: 'area', min: 0, max: 3000, unit: 'px²' },
  ],
};

describe('parseCsv', () => {
  it('reads a bare row of numbers in feature order', () => {
    expect(parseCsv('1.5, 20, 300\n', spec).rows).toEqual([[1.5, 20, 300]]);
  });

  it('matches header columns to features by name, ignoring extra columns', () => {
    const t = parseCsv('id,area,diagnosis,Radius,texture\np1,300,benign,1.5,20\np2,400,malignant,2,21\n', spec);
    expect(t.rows).toEqual([
      [1.5, 20, 300],
      [2, 21, 400],
    ]);
    expect(t.names).toEqual(['p1', 'p2']);
  });

  it('names the missing features and the bad cell', () => {
    expect(() => parseCsv('radius,texture\n1,2\n', spec)).toThrow(/lacks 1 of the model's features, e.g. "area"/);
    expect(() => parseCsv('radius,texture,area\n1,x,3\n', spec)).toThrow(/line 2: "texture" is "x"/);
    expect(() => parseCsv('1,2\n', spec)).toThrow(/line 1 has 2 numbers; the model needs 3/);
    expect(() => parseCsv('\n\n', spec)).toThrow(/empty/);
  });
});

describe('parseRow', () => {
  it('takes a plain row as is', () => {
    expect(parseRow('1.5,20,300', spec)).toEqual({ values: [1.5, 20, 300], notes: [] });
  });
  it('drops a trailing label and a leading id only when the count then matches', () => {
    expect(parseRow('842302,1.5,20,300,malignant', spec)).toEqual({ values: [1.5, 20, 300], notes: ["ignored the ID column and the label 'malignant'"] });
    expect(parseRow('1.5,20,300,benign', spec).notes).toEqual(["ignored the label 'benign'"]);
    expect(() => parseRow('1,1.5,20,300,7,benign', spec)).toThrow(/line 1 has 6 values; the model needs 3/);
  });
  it('reads decimal commas between semicolons', () => {
    expect(parseRow('1,5;20;300', spec)).toEqual({ values: [1.5, 20, 300], notes: ['read the commas as decimal commas (the cells are separated by semicolons)'] });
  });
  it('names the bad cell', () => {
    expect(() => parseRow('0x14,20,300', spec)).toThrow(/cell 1 \("radius"\): "0x14" is not a number/);
    expect(() => parseRow('1,NaN,300', spec)).toThrow(/cell 2 \("texture"\): "NaN" is not a number/);
    expect(() => parseRow('1,2,3,NaN', spec)).toThrow(/cell 3 \("area"\): "NaN" is not a number \(after ignoring the ID column\)/);
    expect(() => parseRow('1,hello,3,benign', spec)).toThrow(/cell 2 \("texture"\): "hello" is not a number \(after ignoring the label 'benign'\)/);
    expect(() => parseRow('1,hello,3', spec)).toThrow(/cell 2 \("texture"\): "hello" is not a number/);
  });
});
