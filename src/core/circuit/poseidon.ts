/**
 * Poseidon over BN254 with circomlib's parameters (x⁵ S-box, 8 full rounds, R_P partial rounds per
 * width, round constants and MDS matrices from poseidon-lite, see poseidon-constants.generated.ts),
 * equal bit for bit to circomlib's `Poseidon(n)` and to poseidon-lite's `poseidonN`.
 *
 * Cost: 3 constraints per S-box (x² , x⁴, x⁵), 8·t + R_P − 1 S-boxes: every linear layer (round
 * constants, MDS) is a free linear combination, partial rounds have one S-box, and the very first
 * S-box acts on the capacity element 0 + C₀, a constant. That is circom's count: 213 (1 input),
 * 240 (2), 609 (16).
 *
 * Linear combinations stay short without circomlib's sparse-matrix rewrite: each S-box input is an
 * affine function of the S-box outputs since the last full round, and those coefficients depend on
 * the width only, so they are computed once per width (a "plan") and reused by every instance.
 */
import { mod } from '../field.js';
import type { CircuitBuilder } from './builder.js';
import type { LC } from './lc.js';
import { addScaled, constantLC, wireLC } from './lc.js';
import { POSEIDON_CONSTANTS_BASE64 } from './poseidon-constants.generated.js';

export const POSEIDON_FULL_ROUNDS = 8;
/** Inputs of one permutation: circomlib's Poseidon(1) … Poseidon(16). */
export const POSEIDON_MAX_INPUTS = 16;

export interface PoseidonParams {
  /** Width: inputs + 1. */
  readonly t: number;
  readonly partialRounds: number;
  /** (8 + R_P)·t round constants. */
  readonly C: readonly bigint[];
  /** t×t MDS matrix. */
  readonly M: readonly (readonly bigint[])[];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of big-endian bytes → integer (no atob: core stays free of web-platform globals). */
export function base64ToBigInt(s: string): bigint {
  let acc = 0n;
  let bits = 0;
  let buf = 0;
  for (const ch of s) {
    if (ch === '=') break;
    const v = BASE64.indexOf(ch);
    if (v < 0) throw new RangeError(`not base64: ${s}`);
    buf = (buf << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      acc = (acc << 8n) | BigInt((buf >> bits) & 0xff);
      buf &= (1 << bits) - 1;
    }
  }
  return acc;
}

const paramsCache = new Map<number, PoseidonParams>();

/** circomlib's parameters for `nInputs` inputs (width nInputs + 1). */
export function poseidonParams(nInputs: number): PoseidonParams {
  if (!Number.isInteger(nInputs) || nInputs < 1 || nInputs > POSEIDON_MAX_INPUTS) {
    throw new RangeError(`Poseidon takes 1 to ${POSEIDON_MAX_INPUTS} inputs, got ${nInputs}`);
  }
  let p = paramsCache.get(nInputs);
  if (!p) {
    const raw = POSEIDON_CONSTANTS_BASE64[nInputs - 1]!;
    const t = nInputs + 1;
    const C = raw.C.map(base64ToBigInt);
    const M = raw.M.map((row) => row.map(base64ToBigInt));
    if (C.length % t !== 0 || M.length !== t) throw new Error(`corrupt Poseidon constants for t = ${t}`);
    p = { t, partialRounds: C.length / t - POSEIDON_FULL_ROUNDS, C, M };
    paramsCache.set(nInputs, p);
  }
  return p;
}

// ---- The plan: the permutation as a straight line of S-boxes over affine combinations. -------

/** Σ coef·basis[index] + constant, coefficients reduced mod r. Basis 0 … n−1 = the inputs, then the S-box outputs in order. */
interface Affine {
  readonly terms: Map<number, bigint>;
  constant: bigint;
}

interface Plan {
  readonly nInputs: number;
  /** Input of S-box k, over the inputs and S-box outputs < k. */
  readonly sboxes: readonly Affine[];
  /** state[0] after the last round. */
  readonly output: Affine;
}

function affineAdd(target: Affine, src: Affine, k: bigint): void {
  for (const [b, c] of src.terms) {
    const v = mod((target.terms.get(b) ?? 0n) + c * k);
    if (v === 0n) target.terms.delete(b);
    else target.terms.set(b, v);
  }
  target.constant = mod(target.constant + src.constant * k);
}

const planCache = new Map<number, Plan>();

function planFor(nInputs: number): Plan {
  let plan = planCache.get(nInputs);
  if (plan) return plan;
  const { t, partialRounds, C, M } = poseidonParams(nInputs);
  const half = POSEIDON_FULL_ROUNDS / 2;
  const sboxes: Affine[] = [];
  // The capacity element starts at 0, the others are the inputs.
  let state: Affine[] = [{ terms: new Map(), constant: 0n }];
  for (let i = 0; i < nInputs; i++) state.push({ terms: new Map([[i, 1n]]), constant: 0n });
  const sbox = (x: Affine): Affine => {
    // S-box of a constant is a constant: no wire (the first round's capacity element).
    if (x.terms.size === 0) return { terms: new Map(), constant: mod(x.constant ** 5n) };
    sboxes.push(x);
    return { terms: new Map([[nInputs + sboxes.length - 1, 1n]]), constant: 0n };
  };
  for (let round = 0; round < POSEIDON_FULL_ROUNDS + partialRounds; round++) {
    const full = round < half || round >= half + partialRounds;
    state = state.map((s, i) => {
      const x: Affine = { terms: new Map(s.terms), constant: mod(s.constant + C[round * t + i]!) };
      return full || i === 0 ? sbox(x) : x;
    });
    state = M.map((row) => {
      const out: Affine = { terms: new Map(), constant: 0n };
      row.forEach((m, j) => affineAdd(out, state[j]!, m));
      return out;
    });
  }
  plan = { nInputs, sboxes, output: state[0]! };
  planCache.set(nInputs, plan);
  return plan;
}

// ---- The gadget. -------------------------------------------------------------------------------

function instantiate(a: Affine, basis: readonly LC[]): LC {
  const out = constantLC(a.constant);
  for (const [b, c] of a.terms) addScaled(out, basis[b]!, c);
  return out;
}

function isConstant(lc: LC): boolean {
  for (const w of lc.keys()) if (w !== 0) return false;
  return true;
}

/**
 * y = x⁵ with x a linear combination: x·x = x2, x2·x2 = x4, x4·x = y. Each product pins its
 * wire to one value, so y is x⁵ for any witness. A constant x costs nothing.
 */
export function pow5(cs: CircuitBuilder, x: LC): LC {
  if (isConstant(x)) return constantLC(mod((x.get(0) ?? 0n) ** 5n));
  const x2 = cs.wire();
  const x4 = cs.wire();
  const x5 = cs.wire();
  cs.program.pow5(x2, x4, x5, x);
  cs.constrain(x, x, wireLC(x2));
  cs.constrain(wireLC(x2), wireLC(x2), wireLC(x4));
  cs.constrain(wireLC(x4), x, wireLC(x5));
  return wireLC(x5);
}

/**
 * circomlib's Poseidon(inputs.length) of 1 … 16 field elements, as a free linear combination of
 * the last round's S-box outputs (no output wire: expose or constrain it where needed).
 */
export function poseidon(cs: CircuitBuilder, inputs: readonly LC[]): LC {
  const plan = planFor(inputs.length);
  const basis: LC[] = [...inputs];
  for (const s of plan.sboxes) basis.push(pow5(cs, instantiate(s, basis)));
  return instantiate(plan.output, basis);
}

/** Constraints of one Poseidon of n inputs: 3·(8·t + R_P − 1). */
export function poseidonCost(nInputs: number): number {
  return 3 * planFor(nInputs).sboxes.length;
}

/**
 * Poseidon of any number of field elements (the "chain"): up to 16 elements, plain Poseidon(n)
 * (so short inputs hash as circomlib does); beyond, d = Poseidon(x₀ … x₁₅), then for each next
 * chunk of up to 15 elements d = Poseidon(d, chunk). The circuit fixes the length, so digests of
 * different lengths are never compared; include the length in the data if they could be.
 * The identical off-circuit function is provenance/hash.ts `poseidonHashMany`.
 */
export function poseidonMany(cs: CircuitBuilder, inputs: readonly LC[]): LC {
  if (inputs.length === 0) throw new RangeError('poseidonMany needs at least one element');
  let d = poseidon(cs, inputs.slice(0, POSEIDON_MAX_INPUTS));
  for (let i = POSEIDON_MAX_INPUTS; i < inputs.length; i += POSEIDON_MAX_INPUTS - 1) {
    d = poseidon(cs, [d, ...inputs.slice(i, i + POSEIDON_MAX_INPUTS - 1)]);
  }
  return d;
}
