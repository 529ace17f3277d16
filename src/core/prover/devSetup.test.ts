/**
 * Development keys against the real snarkjs 0.7.6: byte-for-byte against newZKey on a powers-of-tau
 * file built from the same τ, α, β; then proofs that verify, and the ones that must not.
 */
import { buildBn128, type BnCurve } from 'ffjavascript';
import * as snarkjs from 'snarkjs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { BN254_BASE_PRIME, FIELD_PRIME, mod, toSigned } from '../field.js';
import { writeR1cs } from '../formats/r1cs.js';
import type { Constraint, LinearTerms, R1cs } from '../formats/r1cs-types.js';
import { writeWtns } from '../formats/wtns.js';
import { readZkeyHeader } from '../formats/zkey.js';
import type { ProgressEvent } from '../progress.js';
import { __testing, createDevelopmentKey, estimateZkeySize } from './devSetup.js';
import { r1csDomainPower } from '../domain.js';
import { exportVerificationKey, prove, releaseCurve, verify } from './snark.js';

afterAll(releaseCurve);

// ---- Circuits -------------------------------------------------------------------------------

type Term = readonly [wire: number, coef: bigint];

/** A canonical linear combination: merged, sorted, reduced, zeros dropped. */
function lc(...terms: Term[]): LinearTerms {
  const sums = new Map<number, bigint>();
  for (const [w, k] of terms) sums.set(w, (sums.get(w) ?? 0n) + k);
  const wires = [...sums.keys()].sort((x, y) => x - y).filter((w) => mod(sums.get(w)!) !== 0n);
  return { wires, coefs: wires.map((w) => mod(sums.get(w)!)) };
}

interface Circuit {
  readonly r1cs: R1cs;
  /** A satisfying assignment of every wire. */
  readonly witness: bigint[];
}

function r1csOf(nWires: number, nOutputs: number, nPublicInputs: number, nPrivateInputs: number, constraints: Constraint[]): R1cs {
  return { prime: FIELD_PRIME, nWires, nOutputs, nPublicInputs, nPrivateInputs, constraints };
}

function satisfied(r1cs: R1cs, w: readonly bigint[]): boolean {
  const ev = (t: LinearTerms) => t.wires.reduce((s, wire, i) => s + t.coefs[i]! * w[wire]!, 0n);
  return r1cs.constraints.every(([a, b, c]) => mod(ev(a) * ev(b) - ev(c)) === 0n);
}

/** x·y = z, z public. Wires: 0 one, 1 z, 2 x, 3 y. */
function multiplier(x: bigint, y: bigint): Circuit {
  const r1cs = r1csOf(4, 1, 0, 2, [[lc([2, 1n]), lc([3, 1n]), lc([1, 1n])]]);
  return { r1cs, witness: [1n, mod(x * y), x, y] };
}

/**
 * Several public outputs and inputs, a wire only in C, a wire absent from B, negative and large
 * coefficients, the constant wire on every side. Wires: 0 one; 1, 2 outputs; 3, 4 public inputs
 * p, q; 5, 6 private u, v; 7 t = u·v; 8 s (only ever in C).
 *   u · v = t
 *   (t + 3·p) · (q − 1) = out1 − 5
 *   (2·u − v + 7) · 1 = s + (r − 2)·q      ((r − 2) ≡ −2)
 *   (s) · (p + q) = out2 + big·u
 */
function mixed(u: bigint, v: bigint, p: bigint, q: bigint): Circuit {
  const big = FIELD_PRIME - 12345678901234567890n;
  const t = mod(u * v);
  const out1 = mod((t + 3n * p) * (q - 1n) + 5n);
  const s = mod(2n * u - v + 7n + 2n * q);
  const out2 = mod(s * (p + q) - big * u);
  const constraints: Constraint[] = [
    [lc([5, 1n]), lc([6, 1n]), lc([7, 1n])],
    [lc([7, 1n], [3, 3n]), lc([4, 1n], [0, -1n]), lc([1, 1n], [0, -5n])],
    [lc([5, 2n], [6, -1n], [0, 7n]), lc([0, 1n]), lc([8, 1n], [4, FIELD_PRIME - 2n])],
    [lc([8, 1n]), lc([3, 1n], [4, 1n]), lc([2, 1n], [5, big])],
  ];
  return { r1cs: r1csOf(9, 2, 2, 2, constraints), witness: [1n, out1, out2, p, q, u, v, t, s] };
}

/** A neuron-sized linear combination in C: (Σ 2^i·b_i) · 1 = Σ w_j·x_j + bias, bits checked in A·B. */
function longLinear(xs: readonly bigint[], weights: readonly bigint[], bias: bigint, bits: number): Circuit {
  // Wires: 0 one, 1 output y = Σ 2^i b_i, 2.. inputs, then bits.
  const nIn = xs.length;
  const z = xs.reduce((s, x, j) => s + x * weights[j]!, bias);
  if (z < 0n || z >= 1n << BigInt(bits)) throw new Error('pick weights that keep z in range');
  const bit0 = 2 + nIn;
  const witness = [1n, z, ...xs];
  const constraints: Constraint[] = [];
  for (let i = 0; i < bits; i++) {
    witness.push((z >> BigInt(i)) & 1n);
    constraints.push([lc([bit0 + i, 1n]), lc([bit0 + i, 1n], [0, -1n]), lc()]);
  }
  const recomposed = lc(...Array.from({ length: bits }, (_, i): Term => [bit0 + i, 1n << BigInt(i)]));
  constraints.push([recomposed, lc([0, 1n]), lc([0, bias], ...xs.map((_, j): Term => [2 + j, weights[j]!]))]);
  constraints.push([recomposed, lc([0, 1n]), lc([1, 1n])]);
  return { r1cs: r1csOf(bit0 + bits, 1, 0, nIn, constraints), witness };
}

/** `count` chained squarings a_{i+1} = a_i², with `nPublic` public outputs (copies of a_0). */
function chain(count: number, nPublic: number, a0: bigint): Circuit {
  // Wires: 0 one, 1..nPublic outputs, then a_0 … a_count.
  const first = 1 + nPublic;
  const witness = [1n, ...Array<bigint>(nPublic).fill(a0), a0];
  const constraints: Constraint[] = [];
  for (let i = 0; i < nPublic; i++) constraints.push([lc([first, 1n]), lc([0, 1n]), lc([1 + i, 1n])]);
  for (let i = 0; i < count; i++) {
    witness.push(mod(witness[first + i]! * witness[first + i]!));
    constraints.push([lc([first + i, 1n]), lc([first + i, 1n]), lc([first + i + 1, 1n])]);
  }
  return { r1cs: r1csOf(first + count + 1, nPublic, 0, 1, constraints), witness };
}

/**
 * NN-shaped: `neurons` units reading 16 private inputs, each z = Σ w·x + b decomposed into 14
 * bits (bit checks in A·B, the sum in C), ReLU as one product, then 4 public outputs summing
 * the units: 16 constraints per unit.
 */
function nnShaped(neurons: number, seed: number): Circuit {
  const BITS = 14;
  const N_IN = 16;
  const N_OUT = 4;
  let s = seed >>> 0;
  const rand = (k: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % k;
  const xs = Array.from({ length: N_IN }, () => BigInt(rand(8)));
  const inBase = 1 + N_OUT;
  const witness: bigint[] = [1n, 0n, 0n, 0n, 0n, ...xs];
  const constraints: Constraint[] = [];
  const ys: number[][] = Array.from({ length: N_OUT }, () => []);
  const offset = 1n << BigInt(BITS - 1);
  for (let k = 0; k < neurons; k++) {
    const ws = xs.map(() => BigInt(rand(9)) - 4n);
    const bias = BigInt(rand(33)) - 16n;
    const z = xs.reduce((acc, x, j) => acc + x * ws[j]!, bias);
    const v = z + offset;
    const bit0 = witness.length;
    for (let i = 0; i < BITS; i++) {
      witness.push((v >> BigInt(i)) & 1n);
      constraints.push([lc([bit0 + i, 1n]), lc([bit0 + i, 1n], [0, -1n]), lc()]);
    }
    const bitsLc = Array.from({ length: BITS }, (_, i): Term => [bit0 + i, 1n << BigInt(i)]);
    constraints.push([
      lc(...bitsLc, [0, -offset]),
      lc([0, 1n]),
      lc([0, bias], ...ws.map((w, j): Term => [inBase + j, w])),
    ]);
    const sign = bit0 + BITS - 1;
    const y = witness.length;
    witness.push(z >= 0n ? z : 0n);
    constraints.push([lc([sign, 1n]), lc(...bitsLc.slice(0, BITS - 1)), lc([y, 1n])]);
    ys[k % N_OUT]!.push(y);
  }
  for (let o = 0; o < N_OUT; o++) {
    witness[1 + o] = ys[o]!.reduce((acc, y) => acc + witness[y]!, 0n);
    constraints.push([lc(...ys[o]!.map((y): Term => [y, 1n])), lc([0, 1n]), lc([1 + o, 1n])]);
  }
  return { r1cs: r1csOf(witness.length, N_OUT, 0, N_IN, constraints), witness };
}

// ---- Helpers --------------------------------------------------------------------------------

async function proveWith(zkey: Uint8Array, witness: readonly bigint[]) {
  return prove(zkey, writeWtns(witness));
}

async function provesAndVerifies(circuit: Circuit): Promise<Uint8Array> {
  expect(satisfied(circuit.r1cs, circuit.witness)).toBe(true);
  const zkey = await createDevelopmentKey(circuit.r1cs);
  expect(zkey.length).toBe(estimateZkeySize(circuit.r1cs));
  const { proof, publicSignals } = await proveWith(zkey, circuit.witness);
  const nPublic = circuit.r1cs.nOutputs + circuit.r1cs.nPublicInputs;
  expect(publicSignals).toEqual(circuit.witness.slice(1, 1 + nPublic).map(String));
  const vkey = await exportVerificationKey(zkey);
  expect(await verify(vkey, publicSignals, proof)).toBe(true);
  // Every public signal is bound: changing any one of them breaks the proof.
  for (let i = 0; i < publicSignals.length; i++) {
    const tampered = publicSignals.map((x, j) => (j === i ? String(mod(BigInt(x) + 1n)) : x));
    expect(await verify(vkey, tampered, proof)).toBe(false);
  }
  return zkey;
}

/** Randomness that yields exactly the given scalars (the waste is read as 64 bytes LE, mod r). */
function fixedWaste(...values: bigint[]): (n: number) => Uint8Array {
  let next = 0;
  return (n) => {
    expect(n).toBe(64);
    const out = new Uint8Array(64);
    let v = values[next++]!;
    for (let i = 0; i < 32; i++, v >>= 8n) out[i] = Number(v & 0xffn);
    return out;
  };
}

/**
 * A prepared powers-of-tau file for known τ, α, β, holding what newZKey reads: header (1), τ^i·G1
 * (2, for its circuit hash), α·G1 (4), β·G1 (5), β·G2 (6), and the Lagrange sections 12 (τ, G1,
 * levels 0 … k+1), 13 (τ, G2), 14 (α·τ), 15 (β·τ) (levels 0 … k; lower levels are never read and
 * left zero). Lagrange points come from ffjavascript's group IFFT, as in snarkjs's preparePhase2:
 * an independent route to the values createDevelopmentKey computes with its own formula.
 */
async function ptauFor(curve: BnCurve, power: number, tau: bigint, alpha: bigint, beta: bigint): Promise<Uint8Array> {
  const { G1, G2, Fr } = curve;
  const n = 2 ** power;
  const sG1 = 64;
  const sG2 = 128;
  const powers = async (G: typeof G1, size: number, count: number, scale: bigint) => {
    const base = G.toAffine(G.timesFr(G.g, Fr.e(scale)));
    const buf = new Uint8Array(count * size);
    for (let i = 0; i < count; i++) buf.set(base, i * size);
    return G.batchApplyKey(buf, Fr.e(1n), Fr.e(tau));
  };
  const lagrangeLevels = async (G: typeof G1, size: number, top: number, scale: bigint) => {
    const out = new Uint8Array((2 ** (top + 1) - 1) * size);
    const levelN = 2 ** top;
    out.set(await G.ifft(await powers(G, size, levelN, scale), 'affine', 'affine'), (levelN - 1) * size);
    if (top > power) {
      // newZKey reads level k too (A, B, C): fill it.
      out.set(await G.ifft(await powers(G, size, n, scale), 'affine', 'affine'), (n - 1) * size);
    }
    return out;
  };
  const header = new Uint8Array(4 + 32 + 8);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, 32, true);
  for (let i = 0, q = BN254_BASE_PRIME; i < 32; i++, q >>= 8n) header[4 + i] = Number(q & 0xffn);
  hv.setUint32(36, power, true);
  hv.setUint32(40, power, true);
  const point = (G: typeof G1, k: bigint) => G.toAffine(G.timesFr(G.g, Fr.e(k)));
  const sections: [number, Uint8Array][] = [
    [1, header],
    [2, await powers(G1, sG1, 2 * n, 1n)],
    [4, point(G1, alpha)],
    [5, point(G1, beta)],
    [6, point(G2, beta)],
    [12, await lagrangeLevels(G1, sG1, power + 1, 1n)],
    [13, await lagrangeLevels(G2, sG2, power, 1n)],
    [14, await lagrangeLevels(G1, sG1, power, alpha)],
    [15, await lagrangeLevels(G1, sG1, power, beta)],
  ];
  const size = 12 + sections.reduce((s, [, b]) => s + 12 + b.length, 0);
  const file = new Uint8Array(size);
  const view = new DataView(file.buffer);
  file.set([0x70, 0x74, 0x61, 0x75]); // "ptau"
  view.setUint32(4, 1, true);
  view.setUint32(8, sections.length, true);
  let pos = 12;
  for (const [id, body] of sections) {
    view.setUint32(pos, id, true);
    view.setBigUint64(pos + 4, BigInt(body.length), true);
    file.set(body, pos + 12);
    pos += 12 + body.length;
  }
  return file;
}

interface MemFile {
  type: 'mem';
  data?: Uint8Array;
}
const snark = snarkjs as unknown as {
  zKey: {
    newZKey(r1cs: MemFile, ptau: MemFile, out: MemFile): Promise<unknown>;
    contribute(old: MemFile, out: MemFile, name: string, entropy: string): Promise<unknown>;
    exportSolidityVerifier(zkey: MemFile, templates: Record<string, string>): Promise<string>;
  };
};

/** Section bodies of an iden3 container, by id. */
function sectionsOf(file: Uint8Array): Map<number, Uint8Array> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out = new Map<number, Uint8Array>();
  let pos = 12;
  for (let i = 0; i < view.getUint32(8, true); i++) {
    const id = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    out.set(id, file.subarray(pos + 12, pos + 12 + size));
    pos += 12 + size;
  }
  return out;
}

// ---- Tests ----------------------------------------------------------------------------------

describe('fixed-base multiplication (the engine behind every point of the key)', () => {
  it('matches ffjavascript timesFr for edge-case and random scalars, any window, block and slice', async () => {
    const curve = await buildBn128();
    const r = FIELD_PRIME;
    const scalars = [0n, 1n, 2n, 3n, r - 1n, r - 2n, (r - 1n) / 2n, (r + 1n) / 2n, 1n << 253n, (1n << 253n) - 1n];
    for (let k = 1; k <= 16; k++) scalars.push((1n << BigInt(k)) - 1n, 1n << BigInt(k), (1n << BigInt(k - 1)) + 1n);
    // Every window at the signed-digit boundary 2^{w−1} (carries all the way up), for w = 2 … 16.
    for (let w = 2; w <= 16; w++) {
      let k = 0n;
      for (let bit = 0; bit + w <= 253; bit += w) k += 1n << BigInt(bit + w - 1);
      scalars.push(k % r, (k - 1n) % r);
    }
    let seed = 12345n;
    for (let i = 0; i < 24; i++) scalars.push((seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 256n)) % r);
    for (const groupName of ['G1', 'G2'] as const) {
      const G = curve[groupName];
      const size = groupName === 'G1' ? 64 : 128;
      const expected = scalars.map((k) => G.toAffine(G.timesFr(G.g, curve.Fr.e(k))));
      const plans = [
        undefined, // the planner's choice
        { w: 2, block: 16, windowsPerSlice: 128 },
        { w: 5, block: 16, windowsPerSlice: 7 },
        { w: 8, block: 64, windowsPerSlice: 1 },
        { w: 9, block: 128, windowsPerSlice: 2 },
        { w: groupName === 'G1' ? 13 : 11, block: 32, windowsPerSlice: 1 },
      ];
      for (const plan of plans) {
        // Two jobs, split unevenly, to check the hand-over between them inside a block.
        const out = [new Uint8Array(7 * size), new Uint8Array((scalars.length - 7) * size)];
        let reported = 0;
        __testing.multiplyGenerator(
          curve,
          groupName,
          [
            { scalars: scalars.slice(0, 7), out: out[0]! },
            { scalars: scalars.slice(7), out: out[1]! },
          ],
          (k) => (reported += k),
          plan,
        );
        expect(reported).toBe(scalars.length);
        const all = new Uint8Array([...out[0]!, ...out[1]!]);
        scalars.forEach((k, i) => {
          const got = all.subarray(i * size, (i + 1) * size);
          expect(Buffer.from(got).equals(Buffer.from(expected[i]!)), `${groupName} w=${plan?.w ?? 'auto'} k=${k}`).toBe(true);
        });
      }
    }
  });
});

describe('createDevelopmentKey', () => {
  it('writes byte for byte what snarkjs newZKey writes from a ptau with the same τ, α, β (γ = δ = 1)', async () => {
    const curve = await buildBn128();
    const tau = 0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdn;
    const alpha = FIELD_PRIME - 987654321987654321n;
    const beta = 31337n;
    const base = mixed(3n, 4n, 5n, 6n).r1cs;
    const withUnusedWire: R1cs = { ...base, nWires: base.nWires + 1 }; // a wire in no constraint: zero points
    // chain(11, 2): 13 constraints + 2 public + 1 = 16 rows, the whole 2^4 domain.
    for (const r1cs of [base, withUnusedWire, longLinear([1n, 2n, 3n], [5n, 6n, 7n], 11n, 8).r1cs, chain(11, 2, 3n).r1cs]) {
      const power = r1csDomainPower(r1cs);
      const ptau = await ptauFor(curve, power, tau, alpha, beta);
      const reference: MemFile = { type: 'mem' };
      expect(await snark.zKey.newZKey({ type: 'mem', data: writeR1cs(r1cs) }, { type: 'mem', data: ptau }, reference)).not.toBe(-1);
      const ours = await createDevelopmentKey(r1cs, { randomBytes: fixedWaste(tau, alpha, beta, 1n, 1n) });
      const theirs = reference.data!;
      expect(ours.length).toBe(theirs.length);
      const a = sectionsOf(ours);
      const b = sectionsOf(theirs);
      expect([...a.keys()]).toEqual([1, 2, 4, 3, 9, 8, 5, 6, 7, 10]);
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
        expect(Buffer.from(a.get(id)!).equals(Buffer.from(b.get(id)!)), `section ${id}`).toBe(true);
      }
      // Section 10: newZKey's circuit hash (over its initial points) vs our zeros; no contributions.
      expect([...a.get(10)!]).toEqual([...new Uint8Array(68)]);
      expect(b.get(10)!.subarray(64)).toEqual(new Uint8Array(4));
    }
  });

  it('proves and verifies x·y = z, and rejects a changed public signal', async () => {
    await provesAndVerifies(multiplier(6n, 7n));
  });

  it('proves and verifies with several public outputs and inputs, wires only in C, odd coefficients', async () => {
    await provesAndVerifies(mixed(3n, FIELD_PRIME - 4n, 5n, 123456789n));
    await provesAndVerifies(mixed(0n, 0n, 0n, 0n));
  });

  it('proves and verifies a long linear combination in C and bit checks in A·B', async () => {
    const xs = Array.from({ length: 40 }, (_, i) => BigInt(i % 7));
    const ws = Array.from({ length: 40 }, (_, i) => BigInt((i * 13) % 11));
    await provesAndVerifies(longLinear(xs, ws, 9n, 12));
  });

  it('uses the domain snarkjs uses, on both sides of a power-of-two boundary', async () => {
    // 13 constraints + 2 public + 1 = 16 rows: exactly 2^4. One more constraint: 2^5.
    for (const [count, power] of [
      [11, 4],
      [12, 5],
    ] as const) {
      const circuit = chain(count, 2, 5n);
      expect(circuit.r1cs.constraints.length + 2 + 1).toBe(power === 4 ? 16 : 17);
      expect(r1csDomainPower(circuit.r1cs)).toBe(power);
      const zkey = await provesAndVerifies(circuit);
      expect(readZkeyHeader(zkey).domainSize).toBe(2 ** power);
    }
  });

  it('gives unrelated keys on fresh randomness: a proof does not verify under another key', async () => {
    const circuit = mixed(3n, 4n, 5n, 6n);
    const [k1, k2] = [await createDevelopmentKey(circuit.r1cs), await createDevelopmentKey(circuit.r1cs)];
    const { proof, publicSignals } = await proveWith(k1, circuit.witness);
    expect(await verify(await exportVerificationKey(k1), publicSignals, proof)).toBe(true);
    expect(await verify(await exportVerificationKey(k2), publicSignals, proof)).toBe(false);
    // Same circuit, same shape, different points.
    expect(Buffer.from(sectionsOf(k1).get(5)!).equals(Buffer.from(sectionsOf(k2).get(5)!))).toBe(false);
  });

  it('is a function of the waste alone: the same random bytes give the same key', async () => {
    const { r1cs } = mixed(1n, 2n, 3n, 4n);
    const waste = [5n, 6n, 7n, 8n, 9n] as const;
    const k1 = await createDevelopmentKey(r1cs, { randomBytes: fixedWaste(...waste) });
    const k2 = await createDevelopmentKey(r1cs, { randomBytes: fixedWaste(...waste) });
    expect(Buffer.from(k1).equals(Buffer.from(k2))).toBe(true);
  });

  it('reads a negative coefficient as r plus it: signed and reduced terms give the same key', async () => {
    const { r1cs } = mixed(1n, 2n, 3n, 4n);
    const signed: R1cs = {
      ...r1cs,
      constraints: r1cs.constraints.map((c) => c.map((t) => ({ wires: t.wires, coefs: t.coefs.map(toSigned) })) as unknown as Constraint),
    };
    expect(signed.constraints.some((c) => c.some((t) => t.coefs.some((k) => k < 0n)))).toBe(true);
    const waste = [5n, 6n, 7n, 8n, 9n] as const;
    const k1 = await createDevelopmentKey(r1cs, { randomBytes: fixedWaste(...waste) });
    const k2 = await createDevelopmentKey(signed, { randomBytes: fixedWaste(...waste) });
    expect(Buffer.from(k2).equals(Buffer.from(k1))).toBe(true);
  });

  it('an unsatisfying witness yields a proof that fails verification', async () => {
    const circuit = mixed(3n, 4n, 5n, 6n);
    const zkey = await createDevelopmentKey(circuit.r1cs);
    const vkey = await exportVerificationKey(zkey);
    // Claim a different output with an otherwise honest witness; and corrupt a private wire.
    const lies = [circuit.witness.map((x, i) => (i === 1 ? x + 1n : x)), circuit.witness.map((x, i) => (i === 7 ? x + 1n : x))];
    for (const w of lies) {
      expect(satisfied(circuit.r1cs, w)).toBe(false);
      const { proof, publicSignals } = await proveWith(zkey, w);
      expect(await verify(vkey, publicSignals, proof)).toBe(false);
    }
  });

  it('accepts a further snarkjs phase-2 contribution (the contributions section is readable)', async () => {
    const circuit = mixed(3n, 4n, 5n, 6n);
    const dev = await createDevelopmentKey(circuit.r1cs);
    const contributed: MemFile = { type: 'mem' };
    await snark.zKey.contribute({ type: 'mem', data: dev }, contributed, 'after dev key', 'some entropy');
    const zkey = contributed.data!;
    const { proof, publicSignals } = await proveWith(zkey, circuit.witness);
    expect(await verify(await exportVerificationKey(zkey), publicSignals, proof)).toBe(true);
    // δ changed, so the dev key's verification key no longer accepts the proof.
    expect(await verify(await exportVerificationKey(dev), publicSignals, proof)).toBe(false);
  });

  it('works with snarkjs exportSolidityVerifier and reports progress', async () => {
    const events: ProgressEvent[] = [];
    const { r1cs } = mixed(3n, 4n, 5n, 6n);
    const zkey = await createDevelopmentKey(r1cs, { onProgress: (e) => events.push(e) });
    expect(events.every((e) => e.stage === 'setup')).toBe(true);
    const last = events.at(-1)!;
    expect(last.total).toBeGreaterThan(0);
    expect(last.done).toBe(last.total);
    const snarkjsMain = createRequire(import.meta.url).resolve('snarkjs'); // …/snarkjs/build/main.cjs
    const template = readFileSync(join(dirname(snarkjsMain), '..', 'templates', 'verifier_groth16.sol.ejs'), 'utf8');
    const sol = await snark.zKey.exportSolidityVerifier({ type: 'mem', data: zkey }, { groth16: template });
    const vkey = await exportVerificationKey(zkey);
    expect(sol).toContain(vkey.vk_gamma_2[0]![0]!);
    expect(sol).toContain('IC4x'); // nPublic = 4
  });

  it('refuses an R1CS that is not canonical or not over BN254', async () => {
    const { r1cs } = multiplier(2n, 3n);
    const bad = (c: Partial<R1cs>) => createDevelopmentKey({ ...r1cs, ...c });
    await expect(bad({ prime: 7n })).rejects.toThrow(ZkinferError);
    const swapped: Constraint = [{ wires: [3, 2], coefs: [1n, 1n] }, lc([3, 1n]), lc([1, 1n])];
    await expect(bad({ constraints: [swapped] })).rejects.toThrow(/out of order/);
    const unreduced: Constraint = [{ wires: [2], coefs: [FIELD_PRIME] }, lc([3, 1n]), lc([1, 1n])];
    await expect(bad({ constraints: [unreduced] })).rejects.toThrow(/outside \(−r, r\)/);
    await expect(bad({ constraints: [[lc([4, 1n]), lc([3, 1n]), lc([1, 1n])]] })).rejects.toThrow(/out of range/);
  });

  it('times NN-shaped circuits of ~2^12 and ~2^14 constraints', async () => {
    for (const [neurons, power] of [
      [250, 12],
      [1020, 14],
    ] as const) {
      const circuit = nnShaped(neurons, power);
      const { r1cs } = circuit;
      expect(r1csDomainPower(r1cs)).toBe(power);
      expect(satisfied(r1cs, circuit.witness)).toBe(true);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const zkey = await createDevelopmentKey(r1cs);
      const setup = (performance.now() - t0) / 1000;
      // Setup runs on this thread only: CPU time is its cost even when other processes share the cores.
      const cpu = process.cpuUsage(cpu0);
      const setupCpu = (cpu.user + cpu.system) / 1e6;
      const t1 = performance.now();
      const { proof, publicSignals } = await proveWith(zkey, circuit.witness);
      const proving = (performance.now() - t1) / 1000;
      expect(await verify(await exportVerificationKey(zkey), publicSignals, proof)).toBe(true);
      console.log(
        `dev setup 2^${power}: ${r1cs.constraints.length} constraints, ${r1cs.nWires} wires, ` +
          `zkey ${(zkey.length / 2 ** 20).toFixed(1)} MiB: setup ${setup.toFixed(2)} s (CPU ${setupCpu.toFixed(2)} s), ` +
          `prove ${proving.toFixed(2)} s`,
      );
    }
  });
});
