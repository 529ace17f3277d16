import * as snarkjs from 'snarkjs';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesLEToField, FIELD_PRIME, fieldToBytesLE } from '../field.js';
import { releaseCurve } from '../prover/snark.js';
import { writeR1cs } from './r1cs.js';
import type { LinearTerms, R1cs } from './r1cs-types.js';
import { readWtns, writeWtns } from './wtns.js';

const lc = (...terms: [number, bigint][]): LinearTerms => ({
  wires: terms.map(([w]) => w),
  coefs: terms.map(([, c]) => c),
});

/** out = x·y − 20 (wire 1 public output; x, y private; t = x·y internal). */
const circuit: R1cs = {
  prime: FIELD_PRIME,
  nWires: 5,
  nOutputs: 1,
  nPublicInputs: 0,
  nPrivateInputs: 2,
  constraints: [
    [lc([2, 1n]), lc([3, 1n]), lc([4, 1n])],
    [lc([0, -20n], [4, 1n]), lc([0, 1n]), lc([1, 1n])],
  ],
};

const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

afterAll(releaseCurve);

describe('field element bytes', () => {
  const byteByByte = (x: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((x >> BigInt(8 * i)) & 0xffn));
  it.each([0n, 1n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 200n + 7n, FIELD_PRIME - 1n])('%s', (x) => {
    expect(fieldToBytesLE(x)).toEqual(byteByByte(x));
    expect(bytesLEToField(byteByByte(x))).toBe(x);
  });
  it('reduces negatives before writing', () => {
    expect(fieldToBytesLE(-1n)).toEqual(byteByByte(FIELD_PRIME - 1n));
  });
});

describe('writeWtns / readWtns', () => {
  it('round-trips, reducing negative and oversized values mod r', () => {
    const values = [1n, -8n, 3n, FIELD_PRIME + 4n, 12n];
    expect(readWtns(writeWtns(values))).toEqual([1n, FIELD_PRIME - 8n, 3n, 4n, 12n]);
  });

  it('has the documented layout', () => {
    const bytes = writeWtns([1n, 2n]);
    expect(bytes.length).toBe(12 + 12 + 40 + 12 + 2 * 32);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('wtns');
  });

  it('insists on w[0] = 1 after reduction', () => {
    expect(() => writeWtns([2n, 5n])).toThrow('witness value 0 must be 1');
    expect(() => writeWtns([])).toThrow('witness value 0 must be 1');
    expect(readWtns(writeWtns([FIELD_PRIME + 1n]))).toEqual([1n]);
  });

  it('rejects a truncated or foreign file clearly', () => {
    const bytes = writeWtns([1n, 2n, 3n]);
    expect(() => readWtns(bytes.subarray(0, bytes.length - 1))).toThrow(
      'truncated .wtns: section 2 needs 96 bytes, file has 95',
    );
    expect(() => readWtns(writeR1cs(circuit))).toThrow('not an .wtns file: magic is "r1cs"');
  });
});

describe('snarkjs wtns.check on our files', () => {
  const r1cs = { type: 'mem', data: writeR1cs(circuit) };

  it('accepts a satisfying witness (negative intermediate included)', async () => {
    // x = 3, y = 4: t = 12, out = −8.
    const wtns = { type: 'mem', data: writeWtns([1n, -8n, 3n, 4n, 12n]) };
    expect(await snarkjs.wtns.check(r1cs, wtns, quietLogger)).toBe(true);
  });

  it('rejects a witness that breaks a constraint', async () => {
    const wtns = { type: 'mem', data: writeWtns([1n, -7n, 3n, 4n, 12n]) };
    expect(await snarkjs.wtns.check(r1cs, wtns, quietLogger)).toBe(false);
  });
});
