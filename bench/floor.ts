/**
 * The floor of a Groth16 proof: the time snarkjs's own primitives take for the multi-scalar
 * multiplications and FFTs a proof of this circuit needs, and nothing else.
 *
 * snarkjs 0.7.6 groth16_prove.js does, after reading the key and the witness:
 *   buildABC1   — a JavaScript loop over the key's A and B coefficients (evaluations on the domain),
 *   3 × (IFFT, coset shift `batchApplyKey`, FFT) on n = 2^power points (A, B, C),
 *   joinABC     — pointwise (A·B − C) on the coset,
 *   5 MSMs      — A (nVars, G1), B1 (nVars, G1), B2 (nVars, G2), C (private wires, G1), H (n, G1).
 * The floor runs exactly the FFTs and MSMs, on the same curve object (ffjavascript caches its
 * multi-threaded BN254 in globalThis.curve_bn128, shared with snarkjs), with this row's own proving
 * key points and witness as scalars: MSM cost depends on the scalars (witness values are mostly
 * 0/1 bits, which Pippenger buckets cheaply), so random scalars would overstate the floor. The H
 * scalars, which in a real proof come out of joinABC as arbitrary field elements, are random here.
 * prove / floor then measures what the rest of the prover (coefficient loop, joinABC, key parsing
 * and copies) costs on top of the unavoidable arithmetic.
 */
import { buildBn128 } from 'ffjavascript';
import { readContainer } from '../src/core/formats/container.js';
import { readZkeyHeader } from '../src/core/formats/zkey.js';
import { median } from './measure.js';

type Buffer = Uint8Array;

/** The parts of ffjavascript's curve the floor uses (not in src/types/ffjavascript.d.ts). */
interface FloorCurve {
  Fr: {
    readonly s: number;
    readonly shift: Uint8Array;
    readonly w: readonly Uint8Array[];
    e(v: number): Uint8Array;
    fft(buff: Buffer): Promise<Buffer>;
    ifft(buff: Buffer): Promise<Buffer>;
    batchApplyKey(buff: Buffer, first: Uint8Array, inc: Uint8Array): Promise<Buffer>;
  };
  G1: { multiExpAffine(bases: Buffer, scalars: Buffer): Promise<Uint8Array> };
  G2: { multiExpAffine(bases: Buffer, scalars: Buffer): Promise<Uint8Array> };
}

export interface FloorTiming {
  /** Median total (FFTs + MSMs), ms. */
  readonly ms: number;
  readonly fftMs: number;
  readonly msmMs: number;
  readonly runs: readonly number[];
}

const FR_BYTES = 32;

function section(file: Uint8Array, magic: 'zkey' | 'wtns', id: number): Uint8Array {
  const c = readContainer(file, { magic, name: `.${magic}`, versions: magic === 'zkey' ? [1] : [2] });
  const s = c.sections.find((x) => x.type === id);
  if (!s) throw new Error(`.${magic} has no section ${id}`);
  return file.subarray(s.offset, s.offset + s.size);
}

/** n field elements below 2^252 (so below r), deterministic. */
function pseudoRandomScalars(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n * FR_BYTES);
  const words = new Uint32Array(out.buffer);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    // xorshift32: speed matters (millions of words), quality does not.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    words[i] = s >>> 0;
  }
  for (let i = 0; i < n; i++) out[i * FR_BYTES + 31]! &= 0x0f;
  return out;
}

export interface Floor {
  /** One floor measurement (FFTs, then MSMs), in ms. */
  once(): Promise<{ fft: number; msm: number }>;
}

/**
 * Prepares the floor of a proof with this key and witness. The harness interleaves `once()` with
 * the proofs it times, so that both see the same machine load (timings here are taken on a shared,
 * busy machine; a floor measured a minute apart from the proofs would compare two loads).
 */
export async function prepareFloor(zkey: Uint8Array, wtns: Uint8Array): Promise<Floor> {
  const header = readZkeyHeader(zkey);
  const curve = (await buildBn128()) as unknown as FloorCurve;
  const n = header.domainSize;
  const power = Math.round(Math.log2(n));
  const witness = section(wtns, 'wtns', 2);
  const bases = { a: section(zkey, 'zkey', 5), b1: section(zkey, 'zkey', 6), b2: section(zkey, 'zkey', 7), c: section(zkey, 'zkey', 8), h: section(zkey, 'zkey', 9) };
  const privateWitness = witness.subarray((header.nPublic + 1) * FR_BYTES);
  const hScalars = pseudoRandomScalars(n, 0x9e3779b9);
  const evals = [1, 2, 3].map((k) => pseudoRandomScalars(n, k));
  const inc = power === curve.Fr.s ? curve.Fr.shift : curve.Fr.w[power + 1]!;
  const one = curve.Fr.e(1);

  return {
    async once() {
      let t = performance.now();
      for (const e of evals) {
        const coefs = await curve.Fr.ifft(e);
        const shifted = await curve.Fr.batchApplyKey(coefs, one, inc);
        await curve.Fr.fft(shifted);
      }
      const fft = performance.now() - t;
      t = performance.now();
      await curve.G1.multiExpAffine(bases.a, witness);
      await curve.G1.multiExpAffine(bases.b1, witness);
      await curve.G2.multiExpAffine(bases.b2, witness);
      await curve.G1.multiExpAffine(bases.c, privateWitness);
      await curve.G1.multiExpAffine(bases.h, hScalars);
      return { fft, msm: performance.now() - t };
    },
  };
}

/** The floor alone: one warm-up, then the median of `repeat` runs. */
export async function measureFloor(zkey: Uint8Array, wtns: Uint8Array, repeat: number): Promise<FloorTiming> {
  const floor = await prepareFloor(zkey, wtns);
  await floor.once();
  const runs: { fft: number; msm: number }[] = [];
  for (let i = 0; i < Math.max(1, repeat); i++) runs.push(await floor.once());
  return summarize(runs);
}

export function summarize(runs: readonly { fft: number; msm: number }[]): FloorTiming {
  const totals = runs.map((r) => r.fft + r.msm);
  return { ms: median(totals), fftMs: median(runs.map((r) => r.fft)), msmMs: median(runs.map((r) => r.msm)), runs: totals };
}
