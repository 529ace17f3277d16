/**
 * Development proving keys: a Groth16 `.zkey` for snarkjs 0.7.6 made by one party in one pass.
 *
 * The honest setup is powers of tau (phase 1), `prepare phase2`, `zKey.newZKey`, then phase-2
 * contributions. Here we draw the toxic waste τ, α, β, γ, δ ourselves, compute every point the key
 * holds directly as a multiple of the group generators, and drop the waste. Whoever runs this could
 * forge proofs for the circuit: such keys are for development, tests and demos, and the project
 * labels them so (manifest, CLI, UI). The zkey itself carries no mark: its contribution section
 * says "no contributions", as a fresh newZKey output does.
 *
 * The layout is exactly what newZKey (snarkjs src/zkey_new.js) writes, sections in its order:
 *
 * | id | body                                                                                        |
 * | -- | ------------------------------------------------------------------------------------------- |
 * | 1  | u32 protocol = 1 (Groth16)                                                                  |
 * | 2  | u32 n8q, q; u32 n8r, r; u32 nVars; u32 nPublic; u32 domainSize; α₁, β₁, β₂, γ₂, δ₁, δ₂      |
 * | 4  | u32 count; count × {u32 matrix (0 = A, 1 = B), u32 row, u32 wire, 32 B coef·R² mod r}       |
 * | 3  | IC: (nPublic + 1) G1, (βAᵢ + αBᵢ + Cᵢ)/γ                                                    |
 * | 9  | H: domainSize G1, L'_{2i+1}(τ)/δ (L' = Lagrange basis of the 2n domain)                     |
 * | 8  | C: (nVars − nPublic − 1) G1, (βAᵢ + αBᵢ + Cᵢ)/δ for the private wires                       |
 * | 5  | A: nVars G1, Aᵢ(τ)                                                                          |
 * | 6  | B1: nVars G1, Bᵢ(τ)                                                                         |
 * | 7  | B2: nVars G2, Bᵢ(τ)                                                                         |
 * | 10 | 64-byte circuit hash (zeros here), u32 number of contributions (0)                          |
 *
 * Points are affine, coordinates in Montgomery form, little-endian ("LEM", zkey_utils.js
 * readG1/readG2); the zero point is all zero bytes. Note the header order β₁, β₂, γ₂, δ₁ (the
 * comment at the top of zkey_utils.js lists it differently; readHeaderGroth16 and newZKey agree on
 * this one). Scalars in the header fields q, r are normal form.
 *
 * The QAP, as newZKey builds it: domain size n = 2^k with k = ⌊log₂(nConstraints + nPublic)⌋ + 1,
 * ω = ffjavascript's Fr.w[k] (the root the prover's FFTs use). Row c < nConstraints is constraint
 * c; row nConstraints + s (s = 0 … nPublic) is an extra constraint "x_s · 0 = 0" that puts
 * L_{nConstraints+s} into A_s, which makes the public wires' IC polynomials linearly independent
 * (soundness). Aᵢ(τ) = Σ_c a_{c,i} L_c(τ) with L_c(τ) = (τⁿ − 1)/n · ω^c/(τ − ω^c).
 *
 * The prover (groth16_prove.js) reads sections 1, 2, 4, 5, 6, 7, 8, 9: it rebuilds A and B on the
 * domain from the coefficients of section 4, takes C := A·B pointwise, moves to the odd points of
 * the 2n domain by IFFT, × ω₂ₙ^j, FFT, and multiplies A·B − C there by the H points. Since
 * A·B − C vanishes on the n domain (the even points), Σᵢ (A·B − C)(ω₂ₙ^{2i+1}) L'_{2i+1}(τ) equals
 * (A·B − C)(τ) = h(τ)·Z(τ): that is why the H points are those Lagrange values, over δ.
 */
import { r1csDomainPower } from '../domain.js';
import { buildBn128, type BnCurve } from 'ffjavascript';
import { fail } from '../errors.js';
import { BN254_BASE_PRIME, FIELD_BYTES, FIELD_PRIME, mod, writeFieldLE } from '../field.js';
import { viewOf } from '../formats/container.js';
import { writeZkeyFrame, zkeyLayout } from '../formats/zkey.js';
import type { ZkeyLayout } from '../formats/zkey.js';
import type { LinearTerms, R1cs } from '../formats/r1cs-types.js';
import type { OnProgress } from '../progress.js';

export interface DevelopmentKeyOptions {
  /**
   * Source of the toxic waste: n cryptographically random bytes. Defaults to
   * `globalThis.crypto.getRandomValues`. Each returned array is wiped after use. The waste is drawn
   * in the order τ, α, β, γ, δ, 64 bytes each (read little-endian, reduced mod r; zero, and τ on
   * the 2n-th roots of unity, are drawn again).
   */
  readonly randomBytes?: (n: number) => Uint8Array;
  readonly onProgress?: OnProgress;
}

const r = FIELD_PRIME;
const G1_BYTES = 64;
const G2_BYTES = 128;
/** Bytes of one entry of section 4: matrix, row, wire, coefficient. */
const COEF_BYTES = 12 + FIELD_BYTES;
/** Montgomery factor R = 2^256 mod r. Section 4 stores coef·R² (see coefficient writer). */
const R_MONT = (1n << 256n) % r;
const R2 = (R_MONT * R_MONT) % r;


function layoutOf(r1cs: R1cs): ZkeyLayout & { readonly power: number } {
  const power = r1csDomainPower(r1cs);
  return { ...zkeyLayout(r1cs.nWires, r1cs.nOutputs + r1cs.nPublicInputs, 2 ** power, coefficientCount(r1cs)), power };
}

/** Exact size in bytes of the key createDevelopmentKey returns (and of newZKey's output). */
export function estimateZkeySize(r1cs: R1cs): number {
  return layoutOf(r1cs).size;
}

/**
 * Create a Groth16 development key for `r1cs`: a `.zkey` that snarkjs 0.7.6 `groth16.prove`,
 * `zKey.exportVerificationKey` and `zKey.exportSolidityVerifier` accept.
 */
export async function createDevelopmentKey(r1cs: R1cs, opts: DevelopmentKeyOptions = {}): Promise<Uint8Array> {
  validate(r1cs);
  const layout = layoutOf(r1cs);
  const { nVars, nPublic, power, domainSize: n } = layout;
  const onProgress = opts.onProgress;
  const randomBytes = opts.randomBytes ?? defaultRandomBytes();

  const curve = await buildBn128();
  if (power + 1 > curve.Fr.s) {
    fail('setup', 'circuit-too-big', `circuit too big for BN254: domain 2^${power} needs 2^${power + 1}-th roots of unity`);
  }
  // The roots the prover's FFTs use (groth16_prove.js: Fr.ifft on n points, coset shift Fr.w[k+1]).
  const omega = BigInt(curve.Fr.toObject(curve.Fr.w[power]!));
  const omega2n = BigInt(curve.Fr.toObject(curve.Fr.w[power + 1]!));
  onProgress?.({ stage: 'setup', message: 'drawing toxic waste' });

  // ---- Toxic waste (τ, α, β, γ, δ) and everything derived from it: scalars only, never stored.
  const nBig = BigInt(n);
  let tau = 0n;
  for (let tries = 0; ; tries++) {
    if (tries === 8) fail('setup', 'bad-randomness', 'randomBytes keeps returning τ on the evaluation domain');
    tau = drawScalar(randomBytes);
    if (powMod(tau, 2n * nBig) !== 1n) break;
  }
  const alpha = drawScalar(randomBytes);
  const beta = drawScalar(randomBytes);
  const gamma = drawScalar(randomBytes);
  const delta = drawScalar(randomBytes);
  const gammaInv = invMod(gamma);
  const deltaInv = invMod(delta);

  // Lagrange values at the rows in use: constraints, then one row per public wire incl. wire 0.
  const nConstraints = r1cs.constraints.length;
  const rows = nConstraints + nPublic + 1;
  const tauN = powMod(tau, nBig);
  onProgress?.({ stage: 'setup', message: 'evaluating the circuit polynomials at τ' });
  const lagrange = lagrangeAt(tau, omega, rows, 1n, (((tauN - 1n + r) % r) * invMod(nBig)) % r);
  // H: the odd points ω₂ₙ^{2i+1} of the 2n domain, divided by δ (zkey_contribute.js divides H by
  // each δ; newZKey's H is ptau section 12 at 2n, odd indices: zkey_new.js writeHs).
  const tau2N = (tauN * tauN) % r;
  const hScale = (((tau2N - 1n + r) % r) * invMod(2n * nBig) % r) * deltaInv % r;
  const hScalars = lagrangeAt(tau, (omega2n * omega2n) % r, n, omega2n, hScale);

  const a = new Array<bigint>(nVars).fill(0n);
  const b = new Array<bigint>(nVars).fill(0n);
  const c = new Array<bigint>(nVars).fill(0n);
  // Sums of products stay unreduced (~2^509 each) and are reduced once per wire.
  for (let row = 0; row < nConstraints; row++) {
    const [ta, tb, tc] = r1cs.constraints[row]!;
    const l = lagrange[row]!;
    accumulate(a, ta, l);
    accumulate(b, tb, l);
    accumulate(c, tc, l);
  }
  for (let s = 0; s <= nPublic; s++) a[s]! += lagrange[nConstraints + s]!;
  const icScalars: bigint[] = [];
  const cScalars: bigint[] = [];
  for (let i = 0; i < nVars; i++) {
    // Coefficients may be negative (LinearTerms): reduce into [0, r), not just by %.
    const ai = mod(a[i]!);
    const bi = mod(b[i]!);
    a[i] = ai;
    b[i] = bi;
    const k = mod(beta * ai + alpha * bi + c[i]!);
    if (i <= nPublic) icScalars.push((k * gammaInv) % r);
    else cScalars.push((k * deltaInv) % r);
  }

  // ---- The file.
  const out = writeZkeyFrame(layout);
  const view = viewOf(out);
  const at = (id: number): number => layout.body.get(id)!;

  view.setUint32(at(1), 1, true); // Groth16
  let pos = at(2);
  view.setUint32(pos, FIELD_BYTES, true);
  writeFieldLE(view, pos + 4, BN254_BASE_PRIME);
  view.setUint32(pos + 36, FIELD_BYTES, true);
  writeFieldLE(view, pos + 40, r);
  view.setUint32(pos + 72, nVars, true);
  view.setUint32(pos + 76, nPublic, true);
  view.setUint32(pos + 80, n, true);
  pos += 84;
  const headerAlpha1 = pos; // α₁, β₁ (G1) then β₂, γ₂ (G2) then δ₁ (G1) then δ₂ (G2)
  const headerBeta2 = pos + 2 * G1_BYTES;
  const headerDelta1 = headerBeta2 + 2 * G2_BYTES;
  const headerDelta2 = headerDelta1 + G1_BYTES;

  writeCoefficients(view, at(4), r1cs, nPublic);

  // Section 10: newZKey writes a blake2b "circuit hash" of its initial points here; snarkjs only
  // reads it back to chain phase-2 contributions. A development key has no ceremony: zeros.
  view.setUint32(at(10) + 64, 0, true);

  // ---- Points. Zero-scalar wires (absent from A or B) come out as the zero point, as in newZKey.
  const job = (scalars: readonly bigint[], start: number, size: number): FixedBaseJob => ({
    scalars,
    out: out.subarray(start, start + scalars.length * size),
  });
  const g1Jobs = [
    job([alpha, beta], headerAlpha1, G1_BYTES),
    job([delta], headerDelta1, G1_BYTES),
    job(icScalars, at(3), G1_BYTES),
    job(hScalars, at(9), G1_BYTES),
    job(cScalars, at(8), G1_BYTES),
    job(a, at(5), G1_BYTES),
    job(b, at(6), G1_BYTES),
  ];
  const g2Jobs = [job([beta, gamma], headerBeta2, G2_BYTES), job([delta], headerDelta2, G2_BYTES), job(b, at(7), G2_BYTES)];
  const count = (jobs: FixedBaseJob[]): number => jobs.reduce((s, j) => s + j.scalars.length, 0);
  const total = count(g1Jobs) + count(g2Jobs);
  let done = 0;
  const report = (k: number): void => {
    done += k;
    onProgress?.({ stage: 'setup', done, total, message: 'computing key points' });
  };
  report(0);
  multiplyGenerator(curve, 'G1', g1Jobs, report);
  multiplyGenerator(curve, 'G2', g2Jobs, report);

  // Drop the derived secrets (Aᵢ(τ) etc. reveal τ as surely as τ does). JavaScript cannot wipe a
  // bigint; what we can do is make sure nothing reachable still refers to one.
  for (const arr of [a, b, c, icScalars, cScalars, hScalars, lagrange]) arr.fill(0n);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Validation

function validate(r1cs: R1cs): void {
  if (r1cs.prime !== FIELD_PRIME) {
    fail('setup', 'wrong-field', `the R1CS is over the field ${r1cs.prime}, not BN254's scalar field`);
  }
  const nPublic = r1cs.nOutputs + r1cs.nPublicInputs;
  if (r1cs.nWires < 1 + nPublic + r1cs.nPrivateInputs) {
    fail('setup', 'bad-r1cs', `the R1CS has ${r1cs.nWires} wires, fewer than 1 + its ${nPublic} public and ${r1cs.nPrivateInputs} private inputs`);
  }
  r1cs.constraints.forEach((constraint, row) => {
    constraint.forEach((lc, m) => checkTerms(lc, row, 'ABC'[m]!, r1cs.nWires));
  });
}

/**
 * newZKey adds up repeated wires while snarkjs's r1cs reader keeps the last one (docs/SNARKJS-NOTES.md,
 * trap 3): a key must only be made from the canonical form, where both agree.
 */
function checkTerms(lc: LinearTerms, row: number, side: string, nWires: number): void {
  if (lc.wires.length !== lc.coefs.length) {
    fail('setup', 'bad-r1cs', `constraint ${row}, ${side}: ${lc.wires.length} wires but ${lc.coefs.length} coefficients`);
  }
  let prev = -1;
  for (let i = 0; i < lc.wires.length; i++) {
    const w = lc.wires[i]!;
    const k = lc.coefs[i]!;
    if (!Number.isInteger(w) || w <= prev || w >= nWires) {
      fail('setup', 'bad-r1cs', `constraint ${row}, ${side}: wire ${w} out of order or out of range (${nWires} wires)`);
    }
    if (k <= -r || k >= r) fail('setup', 'bad-r1cs', `constraint ${row}, ${side}: coefficient of wire ${w} is outside (−r, r)`);
    prev = w;
  }
}

// ---------------------------------------------------------------------------------------------
// Scalars

function defaultRandomBytes(): (n: number) => Uint8Array {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  const getRandomValues = c?.getRandomValues?.bind(c);
  if (!getRandomValues) {
    fail('setup', 'no-randomness', 'no cryptographic random source (globalThis.crypto.getRandomValues) in this environment');
  }
  return (k) => getRandomValues(new Uint8Array(k));
}

/** A uniform non-zero element of Fr: 64 random bytes mod r (bias < 2^-250). */
function drawScalar(randomBytes: (n: number) => Uint8Array): bigint {
  for (let tries = 0; tries < 8; tries++) {
    const bytes = randomBytes(64);
    if (!(bytes instanceof Uint8Array) || bytes.length !== 64) {
      fail('setup', 'bad-randomness', 'randomBytes(64) must return 64 bytes');
    }
    let x = 0n;
    for (let i = 63; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]!);
    bytes.fill(0);
    x %= r;
    if (x !== 0n) return x;
  }
  return fail('setup', 'bad-randomness', 'randomBytes keeps returning zero');
}

function powMod(base: bigint, e: bigint): bigint {
  let result = 1n;
  let x = base % r;
  while (e > 0n) {
    if (e & 1n) result = (result * x) % r;
    x = (x * x) % r;
    e >>= 1n;
  }
  return result;
}

function invMod(x: bigint): bigint {
  return powMod(x, r - 2n);
}

/**
 * scale · x_j / (τ − x_j) for x_j = first · step^j, j < count, with one inversion (Montgomery's
 * batch trick). With first = 1, step = ω and scale = (τⁿ − 1)/n these are the Lagrange values
 * L_j(τ) of the n domain; τ is never one of the x_j (checked when drawn).
 */
function lagrangeAt(tau: bigint, step: bigint, count: number, first: bigint, scale: bigint): bigint[] {
  const xs = new Array<bigint>(count);
  const prefix = new Array<bigint>(count);
  let x = first;
  let acc = 1n;
  for (let j = 0; j < count; j++) {
    xs[j] = x;
    acc = (acc * ((tau - x + r) % r)) % r;
    prefix[j] = acc;
    x = (x * step) % r;
  }
  let inv = invMod(acc);
  const out = new Array<bigint>(count);
  for (let j = count - 1; j >= 0; j--) {
    const denInv = j > 0 ? (inv * prefix[j - 1]!) % r : inv;
    inv = (inv * ((tau - xs[j]! + r) % r)) % r;
    out[j] = (((scale * xs[j]!) % r) * denInv) % r;
  }
  return out;
}

/**
 * acc[wire] += coef·l, unreduced. Measured per term (Node 20): 71 ns; reducing mod r every time,
 * 310 ns; ffjavascript's wasm Fr.add(acc, Fr.mul(coef, l)), 630–800 ns (each call copies its
 * operands into wasm memory and its result out).
 */
function accumulate(acc: bigint[], lc: LinearTerms, l: bigint): void {
  for (let i = 0; i < lc.wires.length; i++) acc[lc.wires[i]!]! += lc.coefs[i]! * l;
}

/**
 * Section 4, in newZKey's order (zkey_new.js processConstraints): per constraint its A terms then
 * its B terms, then one A entry of coefficient 1 per public row. C is not stored: the prover takes
 * C = A·B on the domain. Values are coef·R² mod r, written in normal form: the prover multiplies
 * them with Fr.mul (Montgomery: x·y/R) by normal-form witness values, which yields coef·w·R, i.e.
 * coef·w in Montgomery form — the form its FFTs work in (newZKey: Fr.mul(n, R2r) then toRprLE).
 */
function writeCoefficients(view: DataView, start: number, r1cs: R1cs, nPublic: number): void {
  let pos = start + 4;
  let count = 0;
  // Circuits repeat few distinct coefficients (1, powers of two, small weights): reduce each once.
  // Measured on mnist-lean (115 000 entries): 120–160 ms without the cache.
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const seen = new Map<bigint, number>();
  const put = (matrix: number, row: number, wire: number, coef: bigint): void => {
    view.setUint32(pos, matrix, true);
    view.setUint32(pos + 4, row, true);
    view.setUint32(pos + 8, wire, true);
    const at = seen.get(coef);
    if (at === undefined) {
      writeFieldLE(view, pos + 12, mod(coef * R2));
      if (seen.size < MAX_CACHED_COEFS) seen.set(coef, pos + 12);
    } else {
      bytes.copyWithin(pos + 12, at, at + FIELD_BYTES);
    }
    pos += COEF_BYTES;
    count++;
  };
  const nConstraints = r1cs.constraints.length;
  for (let row = 0; row < nConstraints; row++) {
    const [ta, tb] = r1cs.constraints[row]!;
    for (let i = 0; i < ta.wires.length; i++) put(0, row, ta.wires[i]!, ta.coefs[i]!);
    for (let i = 0; i < tb.wires.length; i++) put(1, row, tb.wires[i]!, tb.coefs[i]!);
  }
  for (let s = 0; s <= nPublic; s++) put(0, nConstraints + s, s, 1n);
  view.setUint32(start, count, true);
}

/** Distinct coefficients whose reduced form writeCoefficients remembers. */
const MAX_CACHED_COEFS = 1 << 16;

/** Entries of section 4: every A and B term, plus one per public signal and the constant wire. */
export function coefficientCount(r1cs: R1cs): number {
  let n = r1cs.nOutputs + r1cs.nPublicInputs + 1;
  for (const [a, b] of r1cs.constraints) n += a.wires.length + b.wires.length;
  return n;
}

/**
 * The body of section 4 (u32 count, then the entries) for `r1cs`, exactly as createDevelopmentKey
 * and snarkjs newZKey write it: what key-check.ts compares a published key against. The R1CS must
 * be canonical (sorted, merged terms; see checkTerms), as the compiler's is.
 */
export function coefficientSection(r1cs: R1cs): Uint8Array {
  const out = new Uint8Array(4 + coefficientCount(r1cs) * COEF_BYTES);
  writeCoefficients(viewOf(out), 0, r1cs, r1cs.nOutputs + r1cs.nPublicInputs);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fixed-base scalar multiplication
//
// Every point of the key is k·G for a generator G: ~78 000 fixed-base multiplications at 2^14.
// Measured per point on the project's 2-core machine (G1 / G2; "wall" = elapsed / points):
//   ffjavascript G.timesFr on the main thread ............................ 200 / 710 µs
//   G.batchApplyKey, 2 worker threads (double-and-add in wasm), wall ....... 100 / 360 µs
//   a worker task of g1m_timesScalarAffine calls, 2 threads, wall .......... 106 µs (G1)
//   multiexpAffine over the 64 points 2^{4j}·G with 4-bit digits, 2 threads .  39 µs (G1)
//   windowed table, additions called from JS on the main wasm instance:
//     unsigned w = 8 (table fits in wasm memory) ...........................  22 /  84 µs
//     signed w ≈ 11–13, table in JS memory (what we use) ............ 15–18 / 59–75 µs
//   the same table with each point's sum done by one multiexpAffine call in
//     worker tasks, wall ...................................................  22 /  76 µs
// The last loses on this machine: building and posting the tasks costs the main thread ~9 µs a
// point (a structured-cloned command object per point), and the workers compete with it for the
// two cores.

interface FixedBaseJob {
  /** Scalars in [0, r). */
  readonly scalars: readonly bigint[];
  /** Where the affine LEM points go, one after the other. */
  readonly out: Uint8Array;
}

type WasmFn = (...args: number[]) => number;

/** Largest fixed-base table we build, in bytes (it lives in JavaScript memory). */
const MAX_TABLE_BYTES = 16 << 20;
/**
 * Cost of one table entry relative to one addition of the main loop: an addition, its share of a
 * batched affine conversion, and the copy out (measured: ~1.9× for G2).
 */
const TABLE_ENTRY_COST = 2;
/** Most points accumulated at once in WebAssembly memory. */
const MAX_BLOCK = 4096;

/**
 * k·G for many k, G the generator of `groupName`, by a windowed fixed-base table with signed
 * digits: k = Σⱼ dⱼ·2^{wj} with |dⱼ| ≤ 2^{w−1}, T[j][d−1] = d·2^{wj}·G (affine), so each point
 * costs ⌈255/w⌉ mixed additions/subtractions instead of the ~254 doublings + ~127 additions of a
 * generic scalar multiplication (ffjavascript's timesFr, batchApplyKey). w minimises the work:
 * points × windows + the table's entries.
 *
 * The calls go straight to the exports of ffjavascript's main-thread WebAssembly instance, on
 * pointers into its memory: no per-call copies and no worker messages (a message per addition
 * would cost more than the addition). That memory is small (25 pages, ~1.5 MB free) and never
 * grows, so the table is kept in a JavaScript buffer and copied in a slice of windows at a time
 * while a block of points accumulates. Memory comes from the instance's bump allocator inside
 * startSyncOp/endSyncOp (the bracket ffjavascript's own pairing code uses); everything between
 * them is synchronous, so no other user of the curve can interleave. The wasm additions are
 * complete (they handle zero, P + P and P − P), so no digit pattern needs special care.
 */
function multiplyGenerator(
  curve: BnCurve,
  groupName: 'G1' | 'G2',
  jobs: readonly FixedBaseJob[],
  report: (points: number) => void,
  forcedPlan?: WindowPlan,
): void {
  const group = curve[groupName];
  const n8 = group.F.n8;
  const jac = n8 * 3;
  const aff = n8 * 2;
  const prefix = groupName === 'G1' ? 'g1m' : 'g2m';
  const fn = (name: string): WasmFn => {
    const f = curve.tm.instance.exports[`${prefix}_${name}`];
    if (typeof f !== 'function') throw new Error(`ffjavascript: missing WebAssembly export ${prefix}_${name}`);
    return f as WasmFn;
  };
  const addMixed = fn('addMixed');
  const subMixed = fn('subMixed');
  const double = fn('double');
  const copy = fn('copy');
  const zero = fn('zero');
  const batchToAffine = fn('batchToAffine');

  const total = jobs.reduce((s, j) => s + j.scalars.length, 0);
  if (total === 0) return;
  const tm = curve.tm;
  tm.startSyncOp();
  try {
    const free = tm.memory.buffer.byteLength - tm.u32[0]! - 4096; // slack for alignment
    const plan = forcedPlan ?? planWindows(total, free, jac, aff, n8);
    if (!plan || wasmBytes(plan, jac, aff, n8) > free) {
      throw new Error(`ffjavascript's WebAssembly memory is full (${free} bytes free)`);
    }
    const { w, block, windowsPerSlice } = plan;
    const nWindows = Math.ceil(255 / w);
    const half = 1 << (w - 1);
    const windowBytes = half * aff;
    // Work area: `block` Jacobian points (accumulators, or table entries while building), then
    // the slice of table windows; batchToAffine takes its scratch past the free pointer.
    const pWork = tm.alloc(block * jac);
    const pSlice = tm.alloc(windowsPerSlice * windowBytes);
    const pBase = tm.alloc(jac);
    const pBaseAffine = tm.alloc(jac);
    const pLast = tm.alloc(jac);
    const mem = new Uint8Array(tm.memory.buffer);

    // The table: T[j][d−1] = d·2^{wj}·G, d = 1 … 2^{w−1}, built `block` entries at a time.
    const table = new Uint8Array(nWindows * windowBytes);
    mem.set(group.g, pBase);
    for (let j = 0; j < nWindows; j++) {
      copy(pBase, pBaseAffine);
      batchToAffine(pBaseAffine, 1, pBaseAffine);
      copy(pBase, pLast);
      for (let d0 = 0; d0 < half; d0 += block) {
        const count = Math.min(block, half - d0);
        for (let d = 0; d < count; d++) {
          const pEntry = pWork + d * jac;
          if (d0 + d === 0) copy(pBase, pEntry);
          else addMixed(d === 0 ? pLast : pEntry - jac, pBaseAffine, pEntry);
        }
        copy(pWork + (count - 1) * jac, pLast);
        batchToAffine(pWork, count, pWork);
        table.set(mem.subarray(pWork, pWork + count * aff), j * windowBytes + d0 * aff);
      }
      for (let i = 0; i < w; i++) double(pBase, pBase);
    }

    const digits = new Int32Array(block * nWindows);
    const bytes = new Uint8Array(FIELD_BYTES + 3);
    const bytesView = viewOf(bytes);
    let jobIndex = 0;
    let inJob = 0;
    for (let start = 0; start < total; start += block) {
      const count = Math.min(block, total - start);
      // Signed digits of each scalar of the block (recoded from the little-endian bytes).
      let job = jobIndex;
      let at = inJob;
      for (let p = 0; p < count; p++) {
        while (at === jobs[job]!.scalars.length) {
          job++;
          at = 0;
        }
        writeFieldLE(bytesView, 0, jobs[job]!.scalars[at++]!);
        recode(bytes, w, nWindows, digits, p * nWindows);
        zero(pWork + p * jac);
      }
      for (let j0 = 0; j0 < nWindows; j0 += windowsPerSlice) {
        const j1 = Math.min(nWindows, j0 + windowsPerSlice);
        mem.set(table.subarray(j0 * windowBytes, j1 * windowBytes), pSlice);
        for (let p = 0; p < count; p++) {
          const pAcc = pWork + p * jac;
          for (let j = j0; j < j1; j++) {
            const d = digits[p * nWindows + j]!;
            if (d > 0) addMixed(pAcc, pSlice + ((j - j0) * half + d - 1) * aff, pAcc);
            else if (d < 0) subMixed(pAcc, pSlice + ((j - j0) * half - d - 1) * aff, pAcc);
          }
        }
      }
      batchToAffine(pWork, count, pWork);
      for (let p = 0; p < count; p++) {
        while (inJob === jobs[jobIndex]!.scalars.length) {
          jobIndex++;
          inJob = 0;
        }
        jobs[jobIndex]!.out.set(mem.subarray(pWork + p * aff, pWork + (p + 1) * aff), inJob * aff);
        inJob++;
      }
      report(count);
    }
    digits.fill(0);
    bytes.fill(0);
  } finally {
    tm.endSyncOp();
  }
}

/**
 * Signed base-2^w digits of the 254-bit little-endian integer in `bytes` (3 zero bytes of
 * padding): digits in (−2^{w−1}, 2^{w−1}], ⌈255/w⌉ of them, so the top window holds at most w − 1
 * bits and never carries out.
 */
function recode(bytes: Uint8Array, w: number, nWindows: number, out: Int32Array, offset: number): void {
  const mask = (1 << w) - 1;
  const half = 1 << (w - 1);
  let carry = 0;
  for (let j = 0, bit = 0; j < nWindows; j++, bit += w) {
    const byte = bit >> 3;
    const raw = ((bytes[byte]! | (bytes[byte + 1]! << 8) | (bytes[byte + 2]! << 16)) >>> (bit & 7)) & mask;
    let d = raw + carry;
    carry = d > half ? 1 : 0;
    if (carry) d -= 1 << w;
    out[offset + j] = d;
  }
}

interface WindowPlan {
  /** Window width in bits. */
  readonly w: number;
  /** Points accumulated at once. */
  readonly block: number;
  /** Table windows copied into WebAssembly memory at once. */
  readonly windowsPerSlice: number;
}

/**
 * WebAssembly memory a plan needs: per point of the block its Jacobian accumulator plus
 * batchToAffine's scratch past the free pointer (z⁻¹ and f1m_batchInverse's prefix products, n8
 * bytes each); the table slice; base, base affine and last entry (and one more scratch element).
 */
function wasmBytes(plan: WindowPlan, jac: number, aff: number, n8: number): number {
  return plan.block * (jac + 2 * n8) + plan.windowsPerSlice * (1 << (plan.w - 1)) * aff + 3 * jac + n8;
}

/**
 * The window width for `points` multiplications: minimise additions (points × windows, plus the
 * table's windows × 2^{w−1} entries), within the table cap and the free WebAssembly memory (a
 * block of accumulators with their scratch, plus at least one table window).
 */
function planWindows(points: number, free: number, jac: number, aff: number, n8: number): WindowPlan | undefined {
  let best: WindowPlan | undefined;
  let bestCost = Infinity;
  for (let w = 2; w <= 16; w++) {
    const nWindows = Math.ceil(255 / w);
    const windowBytes = (1 << (w - 1)) * aff;
    if (nWindows * windowBytes > MAX_TABLE_BYTES) break;
    let block = Math.min(MAX_BLOCK, Math.max(points, 1 << (w - 1)));
    while (block >= 16 && wasmBytes({ w, block, windowsPerSlice: 1 }, jac, aff, n8) > free) block >>= 1;
    if (block < 16) continue;
    const spare = free - wasmBytes({ w, block, windowsPerSlice: 0 }, jac, aff, n8);
    const windowsPerSlice = Math.min(nWindows, Math.floor(spare / windowBytes));
    const cost = points * nWindows + TABLE_ENTRY_COST * nWindows * (1 << (w - 1));
    if (cost < bestCost) {
      bestCost = cost;
      best = { w, block, windowsPerSlice };
    }
  }
  return best;
}

/** Internals exposed for devSetup.test.ts only. */
export const __testing = { multiplyGenerator };
