import * as snarkjs from 'snarkjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { FIELD_PRIME } from '../field.js';
import { releaseCurve } from '../prover/snark.js';
import { sha256Hex } from '../hash.js';
import { r1csSha256, readR1cs, writeR1cs } from './r1cs.js';
import type { LinearTerms, R1cs } from './r1cs-types.js';

const lc = (...terms: [number, bigint][]): LinearTerms => ({
  wires: terms.map(([w]) => w),
  coefs: terms.map(([, c]) => c),
});

/**
 * out = x·y + 3, public output on wire 1, private x, y on wires 2 and 3, internal t on wire 4:
 *   x · y = t
 *   (t + 3) · 1 = out
 */
const tinyCircuit: R1cs = {
  prime: FIELD_PRIME,
  nWires: 5,
  nOutputs: 1,
  nPublicInputs: 0,
  nPrivateInputs: 2,
  constraints: [
    [lc([2, 1n]), lc([3, 1n]), lc([4, 1n])],
    [lc([0, 3n], [4, 1n]), lc([0, 1n]), lc([1, 1n])],
  ],
};

afterAll(releaseCurve);

describe('writeR1cs / readR1cs', () => {
  it('round-trips a canonical circuit', () => {
    expect(readR1cs(writeR1cs(tinyCircuit))).toEqual(tinyCircuit);
  });

  it('is deterministic', () => {
    expect(writeR1cs(tinyCircuit)).toEqual(writeR1cs(tinyCircuit));
  });

  it('canonicalizes: merges repeated wires, sorts, reduces mod r, drops zeros', () => {
    const messy: R1cs = {
      ...tinyCircuit,
      constraints: [
        // 2·x − x = x; y + (r − 1)·y + y = y; t written as r + 1.
        [lc([2, 2n], [2, -1n]), lc([3, 1n], [3, FIELD_PRIME - 1n], [3, 1n]), lc([4, FIELD_PRIME + 1n])],
        // unsorted, a zero term, a term that cancels out, a negative coefficient
        [lc([4, 1n], [1, 0n], [0, 3n], [2, 5n], [2, -5n]), lc([0, -1n]), lc([1, -1n])],
      ],
    };
    const bytes = writeR1cs(messy);
    const expected: R1cs = {
      ...tinyCircuit,
      constraints: [
        tinyCircuit.constraints[0]!,
        [lc([0, 3n], [4, 1n]), lc([0, FIELD_PRIME - 1n]), lc([1, FIELD_PRIME - 1n])],
      ],
    };
    expect(readR1cs(bytes)).toEqual(expected);
    expect(bytes).toEqual(writeR1cs(expected));
  });

  it('writes a negative coefficient c (the compiler’s signed form) as r + c', () => {
    const signed: R1cs = { ...tinyCircuit, constraints: [[lc([2, -1n]), lc([3, 1n]), lc([0, -7n], [4, -1n])]] };
    const reduced: R1cs = { ...tinyCircuit, constraints: [[lc([2, FIELD_PRIME - 1n]), lc([3, 1n]), lc([0, FIELD_PRIME - 7n], [4, FIELD_PRIME - 1n])]] };
    expect(writeR1cs(signed)).toEqual(writeR1cs(reduced));
    expect(readR1cs(writeR1cs(signed))).toEqual(reduced);
  });

  it('rejects a wire out of range', () => {
    const bad: R1cs = { ...tinyCircuit, constraints: [[lc([7, 1n]), lc(), lc()]] };
    expect(() => writeR1cs(bad)).toThrow('constraint 0 (A): wire 7 is out of range (the circuit has 5 wires)');
  });

  it('writes an empty linear combination as zero terms', () => {
    const c: R1cs = { ...tinyCircuit, constraints: [[lc(), lc(), lc()]] };
    expect(readR1cs(writeR1cs(c))).toEqual(c);
  });
});

describe('snarkjs reads our .r1cs', () => {
  it('r1cs.info reports the right counts', async () => {
    const circuit: R1cs = { ...tinyCircuit, nPublicInputs: 1, nPrivateInputs: 1 };
    // @types/snarkjs types the file argument as a path; at runtime it accepts a mem file.
    const info = await snarkjs.r1cs.info({ type: 'mem', data: writeR1cs(circuit) } as never);
    expect(info).toMatchObject({
      n8: 32,
      nVars: 5,
      nOutputs: 1,
      nPubInputs: 1,
      nPrvInputs: 1,
      nLabels: 5,
      nConstraints: 2,
      prime: FIELD_PRIME,
    });
  });

  it('r1cs.exportJson sees the same constraints and the identity label map', async () => {
    const json = (await snarkjs.r1cs.exportJson({ type: 'mem', data: writeR1cs(tinyCircuit) } as never)) as {
      constraints: Record<string, string>[][];
      map: number[];
    };
    const asJson = (t: LinearTerms) =>
      Object.fromEntries(t.wires.map((w, i) => [String(w), String(t.coefs[i])]));
    expect(json.constraints).toEqual(tinyCircuit.constraints.map((c) => c.map(asJson)));
    expect(json.map).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('readR1cs rejects bad input with a clear error', () => {
  const good = writeR1cs(tinyCircuit);

  it('names a wrong magic', () => {
    const bytes = good.slice();
    bytes.set([0x77, 0x74, 0x6e, 0x73]); // "wtns"
    expect(() => readR1cs(bytes)).toThrow('not an .r1cs file: magic is "wtns" (expected "r1cs")');
    expect(() => readR1cs(new Uint8Array([0, 1, 2, 3, 4]))).toThrow('magic is 0x00010203');
    expect(() => readR1cs(new Uint8Array())).toThrow('magic is empty');
  });

  it('names a wrong version', () => {
    const bytes = good.slice();
    new DataView(bytes.buffer).setUint32(4, 2, true);
    expect(() => readR1cs(bytes)).toThrow('unsupported .r1cs version 2');
  });

  it('says how many bytes a truncated section needs', () => {
    // header 12 + section 1 (12 + 64) + section 2 header 12 = 100; section 2 is 2·3·4 + 7·36 = 276 bytes.
    const cut = good.subarray(0, 100 + 50);
    expect(() => readR1cs(cut)).toThrow('truncated .r1cs: section 2 needs 276 bytes, file has 50');
    expect(() => readR1cs(good.subarray(0, 9))).toThrow('truncated .r1cs: the file header needs 12 bytes');
    try {
      readR1cs(cut);
    } catch (e) {
      expect(e).toBeInstanceOf(ZkinferError);
      expect((e as ZkinferError).code).toBe('truncated');
    }
  });

  it('rejects a wrong prime', () => {
    const bytes = good.slice();
    bytes[12 + 12 + 4] ^= 1;
    expect(() => readR1cs(bytes)).toThrow("not BN254's scalar field");
  });

  it('rejects a wire id beyond nWires and an unreduced coefficient', () => {
    const bytes = good.slice();
    const view = new DataView(bytes.buffer);
    const firstTerm = 100 + 4;
    view.setUint32(firstTerm, 99, true);
    expect(() => readR1cs(bytes)).toThrow('constraint 0 (A): wire 99 is out of range');
    const bytes2 = good.slice();
    bytes2.fill(0xff, firstTerm + 4, firstTerm + 36);
    expect(() => readR1cs(bytes2)).toThrow('coefficient of wire 2 is not reduced mod r');
  });

  it('rejects a term count that runs past the section', () => {
    const bytes = good.slice();
    new DataView(bytes.buffer).setUint32(100, 1000, true);
    expect(() => readR1cs(bytes)).toThrow('constraint 0 (A) runs past the end of section 2');
  });
});

describe('writeR1cs speed', () => {
  it('writes 1.7M terms in one buffer', () => {
    const n = 100_000;
    const wires = Array.from({ length: 8 }, (_, i) => 10 + i);
    const coefs = wires.map((w) => FIELD_PRIME - BigInt(w) * 12345678901234567n);
    const dense = { wires, coefs };
    const r1cs: R1cs = {
      prime: FIELD_PRIME,
      nWires: 100,
      nOutputs: 1,
      nPublicInputs: 0,
      nPrivateInputs: 8,
      constraints: Array.from({ length: n }, () => [dense, lc([1, 1n]), dense] as const),
    };
    const t0 = performance.now();
    const bytes = writeR1cs(r1cs);
    const ms = performance.now() - t0;
    console.log(`writeR1cs: ${n} constraints, ${n * 17} terms, ${(bytes.length / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms`);
    expect(bytes.length).toBe(12 + 12 * 3 + 64 + n * (12 + 17 * 36) + 100 * 8);
  });
});

describe('small signed coefficients and the streamed hash', () => {
  // Around the 32-bit fast path's edges, both signs, and values that need the 254-bit path.
  const edges = [1n, -1n, 2n, -2n, 0x7fff_ffffn, -0x7fff_ffffn, 0x8000_0000n, -0x8000_0000n, 0x1_0000_0000n, -0x1_0000_0001n, 1n << 200n, -(1n << 200n), FIELD_PRIME - 1n, 1n - FIELD_PRIME];

  it('writes each coefficient reduced into [0, r), whatever its size and sign', () => {
    const wires = edges.map((_, i) => 2 + i);
    const r1cs: R1cs = { prime: FIELD_PRIME, nWires: 2 + edges.length, nOutputs: 1, nPublicInputs: 0, nPrivateInputs: edges.length, constraints: [[{ wires, coefs: edges }, lc([0, 1n]), lc([1, -5n])]] };
    const back = readR1cs(writeR1cs(r1cs));
    expect(back.constraints[0]![0].coefs).toEqual(edges.map((c) => (c < 0n ? c + FIELD_PRIME : c)));
    expect(back.constraints[0]![2].coefs).toEqual([FIELD_PRIME - 5n]);
  });

  it('hashes to the sha256 of writeR1cs, across many 1 MiB chunks and with rebuilt combinations', async () => {
    const n = 20_000;
    const constraints = Array.from({ length: n }, (_, i) => {
      const wires = Array.from({ length: 1 + (i % 7) }, (_, k) => 3 + ((i + k * 11) % 90));
      const coefs = wires.map((_, k) => edges[(i + k) % edges.length]!);
      // Every 97th C side repeats a wire: writeR1cs merges it (the rebuilt path).
      const c = i % 97 === 0 ? { wires: [5, 5, 9], coefs: [2n, -7n, 1n] } : lc([2 + (i % 50), BigInt(i) - 10_000n]);
      return [{ wires: [...new Set(wires)].sort((a, b) => a - b), coefs: coefs.slice(0, new Set(wires).size) }, lc([0, 1n]), c] as const;
    });
    const r1cs: R1cs = { prime: FIELD_PRIME, nWires: 100, nOutputs: 1, nPublicInputs: 1, nPrivateInputs: 8, constraints };
    const bytes = writeR1cs(r1cs);
    expect(bytes.length).toBeGreaterThan(3 << 20);
    expect(r1csSha256(r1cs)).toBe(await sha256Hex(bytes));
    expect(r1csSha256(tinyCircuit)).toBe(await sha256Hex(writeR1cs(tinyCircuit)));
  });
});
