import { describe, expect, it } from 'vitest';
import { defaultRangeForm, featureRows, kindsFor, rangeFormFromSpec, readRangeForm } from './input-ranges.js';

describe('the input ranges form', () => {
  it('defaults to [0, 1] for every feature: tabular with 12 bits, a picture with 8', () => {
    expect(defaultRangeForm([4])).toMatchObject({ mode: 'global', min: '0', max: '1', bits: '12', kind: 'tabular' });
    expect(defaultRangeForm([28, 28, 1])).toMatchObject({ bits: '8', kind: 'digit' });
    expect(defaultRangeForm([10, 10, 1])).toMatchObject({ bits: '8', kind: 'image' });
  });

  it('reads one range for every feature', () => {
    const { spec, errors } = readRangeForm({ ...defaultRangeForm([3]), min: '-2', max: '2.5' }, [3]);
    expect(errors).toEqual([]);
    expect(spec).toEqual({ shape: [3], bits: 12, kind: 'tabular', features: [0, 1, 2].map((i) => ({ name: `x[${i}]`, min: -2, max: 2.5 })) });
  });

  it('names every wrong field', () => {
    const form = { ...defaultRangeForm([2]), mode: 'per-feature' as const, bits: '30', features: [{ name: 'age', min: '0', max: 'abc' }, { name: 'age', min: '5', max: '1,5' }] };
    expect(readRangeForm(form, [2])).toEqual({
      errors: [
        'Input bits: "30" is not a whole number from 1 to 24',
        'Feature 1 ("age") maximum: "abc" is not a number',
        'Feature 2 ("age"): the name is used twice',
        'Feature 2 ("age") maximum: "1,5" is not a number — use a dot for decimals',
      ],
    });
    expect(readRangeForm({ ...defaultRangeForm([2]), min: '1', max: '1' }, [2]).errors).toEqual(['Every feature: the minimum (1) must be below the maximum (1)']);
  });

  it('starts per-feature rows from the one range, and keeps rows typed before', () => {
    const form = { ...defaultRangeForm([2]), min: '-1' };
    expect(featureRows(form, [2])).toEqual([
      { name: 'x[0]', min: '-1', max: '1' },
      { name: 'x[1]', min: '-1', max: '1' },
    ]);
    const typed = [{ name: 'a', min: '0', max: '9' }, { name: 'b', min: '1', max: '2' }];
    expect(featureRows({ ...form, features: typed }, [2])).toEqual(typed);
  });

  it('round-trips a loaded spec', () => {
    const spec = { shape: [2], bits: 10, kind: 'tabular' as const, features: [{ name: 'a', min: 0, max: 9 }, { name: 'b', min: -1, max: 2 }] };
    expect(readRangeForm(rangeFormFromSpec(spec), [2])).toEqual({ spec, errors: [] });
  });

  it('offers picture kinds only for picture shapes', () => {
    expect(kindsFor([4])).toEqual(['tabular']);
    expect(kindsFor([10, 10, 1])).toEqual(['tabular', 'digit', 'image', 'iris-strip']);
    expect(kindsFor([784])).toEqual(['tabular', 'digit', 'image']);
  });
});
