import { describe, expect, it } from 'vitest';
import { readCalibration, writeCalibration } from './calibration.js';

describe('calibration.json', () => {
  const ranges = { margin: 0.25, samples: 3, tensors: new Map([[4, { lo: [-5n, -(1n << 70n)], hi: [7n, 1n << 70n] }], [2, { lo: [0n], hi: [9n] }]]) };

  it('round-trips, big integers included', () => {
    const back = readCalibration(writeCalibration(ranges));
    expect(back.margin).toBe(0.25);
    expect(back.samples).toBe(3);
    expect([...back.tensors.keys()]).toEqual([2, 4]);
    expect(back.tensors.get(4)).toEqual(ranges.tensors.get(4));
  });

  it('refuses a malformed file with a clear message', () => {
    const edit = (f: (j: Record<string, unknown>) => void) => {
      const j = JSON.parse(new TextDecoder().decode(writeCalibration(ranges))) as Record<string, unknown>;
      f(j);
      return () => readCalibration(new TextEncoder().encode(JSON.stringify(j)));
    };
    expect(edit((j) => (j.format = 'x'))).toThrow(/format/);
    expect(edit((j) => ((j.tensors as { lo: string[] }[])[0]!.lo = ['1.5']))).toThrow(/not an integer/);
    expect(edit((j) => ((j.tensors as { lo: string[] }[])[0]!.lo = ['10']))).toThrow(/lo > hi/);
    expect(() => readCalibration(new TextEncoder().encode('{'))).toThrow(/not JSON/);
  });
});
