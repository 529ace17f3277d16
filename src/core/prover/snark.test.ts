import { readFileSync } from 'node:fs';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { FIELD_PRIME, mod } from '../field.js';
import { writeR1cs } from '../formats/r1cs.js';
import type { LinearTerms, R1cs } from '../formats/r1cs-types.js';
import { writeWtns } from '../formats/wtns.js';
import { makePtau } from '../test-support/ptau.js';
import { domainPower } from '../domain.js';
import type { ProgressEvent } from '../progress.js';
import {
  exportSolidityVerifier,
  exportVerificationKey,
  type Groth16Proof,
  prove,
  releaseCurve,
  setupFromPtau,
  type VerificationKey,
  verify,
} from './snark.js';

const lc = (...terms: [number, bigint][]): LinearTerms => ({
  wires: terms.map(([w]) => w),
  coefs: terms.map(([, c]) => c),
});

/**
 * out = x^(k+1) + a, with out (wire 1) a public output, a (wire 2) a public input, x (wire 3)
 * private and t_1 … t_k (wires 4 …) the powers x^2 … x^(k+1): k + 1 constraints.
 */
function powerCircuit(k: number): R1cs {
  const t = (i: number) => 3 + i; // t_i is wire 3 + i, t_0 = x
  const constraints: R1cs['constraints'][number][] = [];
  for (let i = 1; i <= k; i++) constraints.push([lc([t(i - 1), 1n]), lc([3, 1n]), lc([t(i), 1n])]);
  constraints.push([lc([t(k), 1n], [2, 1n]), lc([0, 1n]), lc([1, 1n])]);
  return { prime: FIELD_PRIME, nWires: 4 + k, nOutputs: 1, nPublicInputs: 1, nPrivateInputs: 1, constraints };
}

function powerWitness(k: number, x: bigint, a: bigint): bigint[] {
  const powers = Array.from({ length: k }, (_, i) => mod(x ** BigInt(i + 2)));
  return [1n, mod(x ** BigInt(k + 1) + a), a, x, ...powers];
}

// 12 + 1 constraints + 2 public signals = 15 rows: exactly fills a 2^4 domain.
const K = 12;
const circuit = powerCircuit(K);
const r1cs = writeR1cs(circuit);
const goodWitness = writeWtns(powerWitness(K, 3n, 5n));

interface MemFile {
  type: 'mem';
  data?: Uint8Array;
}
type Logger = Record<'debug' | 'info' | 'warn' | 'error', (m: string) => void>;
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const timings: Record<string, number> = {};
async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await f();
  timings[name] = Math.round(performance.now() - t0);
  return result;
}

let ptau4: Uint8Array;
let zkey: Uint8Array;
let vkey: VerificationKey;
let proof: Groth16Proof;
let publicSignals: string[];
const setupEvents: ProgressEvent[] = [];
const proveEvents: ProgressEvent[] = [];

beforeAll(async () => {
  ptau4 = await timed('ptau power 4 (new + contribute + prepare phase2)', () => makePtau(4, true));
  zkey = await timed('setupFromPtau (newZKey + contribute + beacon)', () =>
    setupFromPtau(r1cs, ptau4, { entropy: 'test entropy', onProgress: (e) => setupEvents.push(e) }),
  );
  vkey = await timed('exportVerificationKey', () => exportVerificationKey(zkey));
  ({ proof, publicSignals } = await timed('prove (first, builds the curve)', () =>
    prove(zkey, goodWitness, { onProgress: (e) => proveEvents.push(e) }),
  ));
});

afterAll(async () => {
  console.log('timings (ms):', timings);
  await releaseCurve();
});

describe('domainPower', () => {
  it('follows snarkjs: 2^P must exceed constraints + public signals', () => {
    expect(domainPower(13, 2)).toBe(4);
    expect(domainPower(14, 2)).toBe(5);
    expect(domainPower(1, 0)).toBe(1);
    expect(domainPower(2 ** 16, 0)).toBe(17);
  });
});

describe('setup → prove → verify on a ptau built in the test', () => {
  it('produces a key snarkjs verifies against the circuit and the ptau', async () => {
    const logger = quiet;
    const ok = await timed('snarkjs zKey.verifyFromR1cs', () =>
      snarkjs.zKey.verifyFromR1cs({ type: 'mem', data: r1cs }, { type: 'mem', data: ptau4 }, { type: 'mem', data: zkey }, logger),
    );
    expect(ok).toBe(true);
    expect(setupEvents.map((e) => e.done)).toEqual([0, 1, 2, 3]);
    expect(setupEvents.every((e) => e.stage === 'setup' && e.total === 3)).toBe(true);
  });

  it('exports a typed verification key', () => {
    expect(vkey).toMatchObject({ protocol: 'groth16', curve: 'bn128', nPublic: 2 });
    expect(vkey.IC).toHaveLength(3);
  });

  it('proves, with public signals in wire order, and the proof verifies', async () => {
    expect(publicSignals).toEqual([String(3n ** 13n + 5n), '5']);
    expect(await timed('verify', () => verify(vkey, publicSignals, proof))).toBe(true);
  });

  it('reports prove progress as forward-moving steps ending at total', () => {
    const total = proveEvents[0]!.total!;
    const done = proveEvents.map((e) => e.done!);
    expect(proveEvents.every((e) => e.stage === 'prove' && e.total === total)).toBe(true);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(done).size).toBe(done.length);
    expect(done.at(-1)).toBe(total);
    expect(proveEvents.map((e) => e.message)).toContain('multi-exponentiation H');
  });

  it('proves single-threaded too', async () => {
    const single = await timed('prove (singleThread)', () => prove(zkey, goodWitness, { singleThread: true }));
    expect(await verify(vkey, single.publicSignals, single.proof)).toBe(true);
    await timed('prove (warm, threads)', () => prove(zkey, goodWitness));
  });

  it('accepts keys and witnesses that are views into larger buffers (Node Buffers often are)', async () => {
    const within = (b: Uint8Array) => {
      const big = new Uint8Array(b.length + 24);
      big.set(b, 24);
      return big.subarray(24);
    };
    const p = await prove(within(zkey), within(goodWitness));
    expect(await verify(vkey, p.publicSignals, p.proof)).toBe(true);
  });

  it('rejects a changed public signal', async () => {
    expect(await verify(vkey, [publicSignals[0]!, '6'], proof)).toBe(false);
  });

  it('a wrong witness proves nothing (snarkjs does not check it)', async () => {
    const bad = writeWtns(powerWitness(K, 3n, 5n).map((v, i) => (i === 5 ? v + 1n : v)));
    const p = await prove(zkey, bad);
    expect(await verify(vkey, p.publicSignals, p.proof)).toBe(false);
  });
});

describe('verify never throws on an untrusted proof or signals', () => {
  const cases: [string, unknown, unknown][] = [
    ['null proof', null, undefined],
    ['string proof', 'proof', undefined],
    ['missing pi_b', { pi_a: ['1', '2', '1'], pi_c: ['1', '2', '1'] }, undefined],
    ['non-decimal coordinate', { pi_a: ['0x1', '2', '1'] }, undefined],
    ['coordinate ≥ q', { pi_a: [String(2n ** 255n), '2', '1'] }, undefined],
    ['point off the curve', { pi_a: ['1', '3', '1'] }, undefined],
    ['wrong protocol', { protocol: 'plonk' }, undefined],
    ['too few signals', undefined, ['1']],
    ['too many signals', undefined, ['1', '2', '3']],
    ['signal ≥ r', undefined, [String(FIELD_PRIME), '5']],
    ['negative signal', undefined, ['-1', '5']],
    ['signals not an array', undefined, 'nope'],
  ];
  it.each(cases)('%s → false', async (_name, proofPatch, signals) => {
    const p = proofPatch === undefined ? proof : typeof proofPatch === 'object' && proofPatch ? { ...proof, ...proofPatch } : proofPatch;
    const s = signals ?? publicSignals;
    expect(await verify(vkey, s as string[], p as Groth16Proof)).toBe(false);
  });

  it('throws, clearly, on a malformed verification key', async () => {
    await expect(verify({ ...vkey, IC: vkey.IC.slice(1) }, publicSignals, proof)).rejects.toThrow(
      'invalid verification key: IC must hold nPublic + 1 = 3 G1 points',
    );
    await expect(verify({ ...vkey, curve: 'bls12381' as 'bn128' }, publicSignals, proof)).rejects.toThrow(
      'curve is "bls12381"',
    );
  });
});

describe('setup errors', () => {
  it('names the powers when the ptau is too small', async () => {
    const ptau3 = await timed('ptau power 3', () => makePtau(3, true));
    await expect(setupFromPtau(r1cs, ptau3, { entropy: 'x' })).rejects.toThrow(
      'the powers-of-tau file has power 3 (up to 2^3 constraints) but the circuit needs power 4 (13 constraints + 2 public signals); pass a ptau of power ≥ 4',
    );
  });

  it('agrees with snarkjs on the boundary: one more constraint no longer fits power 4', async () => {
    const bigger = writeR1cs(powerCircuit(K + 1));
    await expect(setupFromPtau(bigger, ptau4, { entropy: 'x' })).rejects.toThrow('needs power 5 (14 constraints');
    const out: MemFile = { type: 'mem' };
    expect(await snarkjs.zKey.newZKey({ type: 'mem', data: bigger }, { type: 'mem', data: ptau4 }, out, quiet)).toBe(-1);
  });

  it('rejects a ptau not prepared for phase 2', async () => {
    const raw = await makePtau(4, false);
    await expect(setupFromPtau(r1cs, raw, { entropy: 'x' })).rejects.toThrow(
      'the powers-of-tau file (power 4) is not prepared for phase 2',
    );
  });

  it('rejects an empty entropy instead of letting snarkjs prompt', async () => {
    await expect(setupFromPtau(r1cs, ptau4, { entropy: '' })).rejects.toThrow('non-empty entropy');
  });

  it('rejects a truncated ptau', async () => {
    await expect(setupFromPtau(r1cs, ptau4.subarray(0, ptau4.length - 100), { entropy: 'x' })).rejects.toThrow(
      /^truncated \.ptau: section 15 needs \d+ bytes, file has \d+$/,
    );
  });
});

describe('corrupt proving keys and mismatched witnesses', () => {
  const proveError = async (key: Uint8Array, wtns = goodWitness) => {
    try {
      await prove(key, wtns);
    } catch (e) {
      expect(e).toBeInstanceOf(ZkinferError);
      return (e as Error).message;
    }
    throw new Error('prove did not throw');
  };

  it('truncated', async () => {
    expect(await proveError(zkey.subarray(0, zkey.length - 10))).toMatch(
      /^corrupt proving key: truncated \.zkey: section 10 needs \d+ bytes, file has \d+$/,
    );
  });

  it('not a zkey at all', async () => {
    expect(await proveError(r1cs)).toBe('corrupt proving key: not an .zkey file: magic is "r1cs" (expected "zkey")');
  });

  it('not Groth16', async () => {
    const plonk = zkey.slice();
    // Section 1 is the first section: container header 12 + section header 12.
    new DataView(plonk.buffer).setUint32(24, 2, true);
    expect(await proveError(plonk)).toBe('corrupt proving key: it is a PLONK key, not Groth16');
  });

  it('a section size that contradicts the header', async () => {
    const bad = zkey.slice();
    const view = new DataView(bad.buffer);
    // Groth16 header body starts at 12 + 12 + 4 + 12; nVars sits after n8q, q, n8r, r.
    view.setUint32(12 + 12 + 4 + 12 + 72, circuit.nWires + 1, true);
    expect(await proveError(bad)).toMatch(/^corrupt proving key: section 5 \(A\) is \d+ bytes, the header implies \d+$/);
  });

  it('a witness of the wrong length', async () => {
    const short = writeWtns(powerWitness(K - 1, 3n, 5n));
    expect(await proveError(zkey, short)).toBe(
      `the witness has ${circuit.nWires - 1} values but the proving key expects ${circuit.nWires}`,
    );
  });

  it('exportVerificationKey checks the key too', async () => {
    await expect(exportVerificationKey(zkey.subarray(0, 100))).rejects.toThrow(/^corrupt proving key: /);
  });
});

describe('exportSolidityVerifier', () => {
  it('matches snarkjs + ejs byte for byte', async () => {
    const ours = await exportSolidityVerifier(zkey);
    const templateUrl = new URL('../../../node_modules/snarkjs/templates/verifier_groth16.sol.ejs', import.meta.url);
    const template = readFileSync(templateUrl, 'utf8');
    const theirs = await snarkjs.zKey.exportSolidityVerifier({ type: 'mem', data: zkey }, { groth16: template });
    expect(ours).toBe(theirs);
    expect(ours).toContain('contract Groth16Verifier');
    expect(ours).toContain('uint[2] calldata _pubSignals');
  });
});
