/**
 * checkProvingKey and assertProofVerifies against honest development keys and the keys a malicious
 * publisher could ship: degenerate, off-curve and off-subgroup header points (among them the
 * δ₁ = 0 key whose proofs reveal the private input), foreign circuits and verification keys.
 */
import { buildBn128, type WasmCurveGroup } from 'ffjavascript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { BN254_BASE_PRIME, FIELD_PRIME, mod } from '../field.js';
import type { Constraint, LinearTerms, R1cs } from '../formats/r1cs-types.js';
import { writeWtns } from '../formats/wtns.js';
import { readZkeyGroth16 } from '../formats/zkey.js';
import { coefficientSection, createDevelopmentKey } from './devSetup.js';
import type { ExpectedKey } from './key-check.js';
import { assertProofVerifies, checkProvingKey, circuitKeyFacts } from './key-check.js';
import { exportVerificationKey, type Groth16Proof, prove, releaseCurve, type VerificationKey, verify } from './snark.js';

afterAll(releaseCurve);

// ---- The circuit: y = x², x private, decomposed into 8 bits ---------------------------------

const BITS = 8;
const lc = (...terms: [number, bigint][]): LinearTerms => ({ wires: terms.map(([w]) => w), coefs: terms.map(([, c]) => mod(c)) });

/**
 * Wires: 0 one, 1 y (public output), 2 x (private input), 3 … 10 the bits of x.
 *   bᵢ · (bᵢ − 1) = 0;  (Σ 2^i·bᵢ) · 1 = x;  (k·x) · x = y   (k = 1 for the real circuit)
 */
function bitsCircuit(k = 1n): R1cs {
  const constraints: Constraint[] = [];
  for (let i = 0; i < BITS; i++) constraints.push([lc([3 + i, 1n]), lc([0, -1n], [3 + i, 1n]), lc()]);
  constraints.push([lc(...Array.from({ length: BITS }, (_, i): [number, bigint] => [3 + i, 1n << BigInt(i)])), lc([0, 1n]), lc([2, 1n])]);
  constraints.push([lc([2, k]), lc([2, 1n]), lc([1, 1n])]);
  return { prime: FIELD_PRIME, nWires: 3 + BITS, nOutputs: 1, nPublicInputs: 0, nPrivateInputs: 1, constraints };
}

function bitsWitness(x: number): bigint[] {
  const bits = Array.from({ length: BITS }, (_, i) => BigInt((x >> i) & 1));
  return [1n, BigInt(x * x), BigInt(x), ...bits];
}

// ---- Key surgery ------------------------------------------------------------------------------

/** Byte offset, inside the file, of a section's body. */
function sectionOffset(zkey: Uint8Array, id: number): number {
  const view = new DataView(zkey.buffer, zkey.byteOffset, zkey.byteLength);
  let pos = 12;
  for (let i = 0; i < view.getUint32(8, true); i++) {
    if (view.getUint32(pos, true) === id) return pos + 12;
    pos += 12 + Number(view.getBigUint64(pos + 4, true));
  }
  throw new Error(`no section ${id}`);
}

type HeaderPoint = 'alpha1' | 'beta1' | 'beta2' | 'gamma2' | 'delta1' | 'delta2';

/** A copy of `zkey` with a header point replaced by `bytes` (LEM). */
function withHeaderPoint(zkey: Uint8Array, which: HeaderPoint, bytes: Uint8Array): Uint8Array {
  const out = zkey.slice();
  const p = readZkeyGroth16(out).points[which];
  expect(bytes.length).toBe(p.length);
  p.set(bytes);
  return out;
}

const zeros = (n: number) => new Uint8Array(n);

/** ffjavascript group methods src/types/ffjavascript.d.ts leaves out. */
interface Group extends WasmCurveGroup {
  readonly b: Uint8Array;
  add(a: Uint8Array, b: Uint8Array): Uint8Array;
  sub(a: Uint8Array, b: Uint8Array): Uint8Array;
  timesScalar(p: Uint8Array, s: bigint): Uint8Array;
  fromObject(p: unknown): Uint8Array;
  isValid(p: Uint8Array): boolean;
  isZero(p: Uint8Array): boolean;
}
interface Field2 {
  fromObject(a: bigint[]): Uint8Array;
  add(a: Uint8Array, b: Uint8Array): Uint8Array;
  mul(a: Uint8Array, b: Uint8Array): Uint8Array;
  square(a: Uint8Array): Uint8Array;
  isSquare(a: Uint8Array): boolean;
  sqrt(a: Uint8Array): Uint8Array;
}
let curve: { G1: Group; G2: Group; F2: Field2 };
let r1cs: R1cs;
let zkey: Uint8Array;
let vkey: VerificationKey;

beforeAll(async () => {
  curve = (await buildBn128()) as unknown as typeof curve;
  r1cs = bitsCircuit();
  zkey = await createDevelopmentKey(r1cs);
  vkey = await exportVerificationKey(zkey);
});

async function refusal(key: Uint8Array, expected: ExpectedKey): Promise<ZkinferError> {
  try {
    await checkProvingKey(key, expected);
  } catch (e) {
    expect(e).toBeInstanceOf(ZkinferError);
    return e as ZkinferError;
  }
  throw new Error('checkProvingKey accepted the key');
}

/** The attacker ships the malicious key with the verification key exported from it. */
async function refusalWithOwnVkey(key: Uint8Array): Promise<ZkinferError> {
  return refusal(key, { r1cs, vkey: await exportVerificationKey(key) });
}

/** π_A of a proof as ffjavascript's internal (affine, Montgomery) G1 point. */
function piA(proof: Groth16Proof): Uint8Array {
  return curve.G1.fromObject(proof.pi_a.map(BigInt));
}

/** A point on the twist E'(F_q²) outside the order-r subgroup (y² = x³ + b', x = c + u). */
function twistPointOutsideSubgroup(): Uint8Array {
  const { F2, G2 } = curve;
  for (let c = 1n; ; c++) {
    const x = F2.fromObject([c, 1n]);
    const rhs = F2.add(F2.mul(F2.square(x), x), G2.b);
    if (!F2.isSquare(rhs)) continue;
    const p = new Uint8Array(128);
    p.set(x);
    p.set(F2.sqrt(rhs), 64);
    expect(G2.isValid(p)).toBe(true);
    expect(G2.isZero(G2.timesScalar(p, FIELD_PRIME))).toBe(false);
    return p;
  }
}

function toLem(group: 'G1' | 'G2', point: Uint8Array): Uint8Array {
  const G = curve[group];
  const out = new Uint8Array(group === 'G1' ? 64 : 128);
  G.toRprLEM(out, 0, G.toAffine(point));
  return out;
}

// ---- Tests ------------------------------------------------------------------------------------

describe('checkProvingKey', () => {
  it('accepts a genuine development key, and its proofs pass assertProofVerifies', async () => {
    await expect(checkProvingKey(zkey, { r1cs, vkey })).resolves.toBeUndefined();
    // A verification key that went through JSON with the same numbers is the same key.
    await expect(checkProvingKey(zkey, { r1cs, vkey: JSON.parse(JSON.stringify(vkey)) as VerificationKey })).resolves.toBeUndefined();
    const { proof, publicSignals } = await prove(zkey, writeWtns(bitsWitness(200)));
    expect(publicSignals).toEqual(['40000']);
    await expect(assertProofVerifies(vkey, publicSignals, proof)).resolves.toBeUndefined();
  });

  it('the leak attack: δ₁ = 0 and Aᵢ = 2^i·G on the bits of x make π_A = α₁ + x·G; the key is refused', async () => {
    // The publisher's key: honest but for δ₁ and the A points (section 5).
    const evil = withHeaderPoint(zkey, 'delta1', zeros(64));
    const a = sectionOffset(evil, 5);
    evil.fill(0, a, a + r1cs.nWires * 64);
    for (let i = 0; i < BITS; i++) {
      evil.set(toLem('G1', curve.G1.timesScalar(curve.G1.g, 1n << BigInt(i))), a + (3 + i) * 64);
    }
    // Its verification key is the genuine one: nothing in the package looks different.
    expect(await exportVerificationKey(evil)).toEqual(vkey);

    // Without the check, snarkjs proves, and π_A − α₁ is x·G: a 256-entry table recovers x.
    const secret = 173;
    const { proof } = await prove(evil, writeWtns(bitsWitness(secret)));
    const alpha1 = curve.G1.fromRprLEM(readZkeyGroth16(evil).points.alpha1, 0);
    const xG = curve.G1.sub(piA(proof), alpha1);
    const recovered = Array.from({ length: 256 }, (_, k) => k).find((k) => curve.G1.eq(curve.G1.timesScalar(curve.G1.g, BigInt(k)), xG));
    expect(recovered).toBe(secret);

    const e = await refusal(evil, { r1cs, vkey });
    expect(e.stage).toBe('package');
    expect(e.code).toBe('key-point-at-infinity');
    expect(e.message).toMatch(/δ₁ is degenerate \(the point at infinity\): proving with it could reveal your input; nothing was written/);
  });

  it('δ₁ = 0 with β₁ and B₁ zeroed: proofs verify yet π_A is unblinded, so verifying afterwards is not enough', async () => {
    const evil = withHeaderPoint(withHeaderPoint(zkey, 'delta1', zeros(64)), 'beta1', zeros(64));
    const b1 = sectionOffset(evil, 6);
    evil.fill(0, b1, b1 + r1cs.nWires * 64);
    const p1 = await prove(evil, writeWtns(bitsWitness(42)));
    const p2 = await prove(evil, writeWtns(bitsWitness(42)));
    await expect(assertProofVerifies(vkey, p1.publicSignals, p1.proof)).resolves.toBeUndefined();
    // No randomness left in π_A: it is α₁ + Σ wᵢ·Aᵢ(τ)·G, a function of the witness alone.
    expect(curve.G1.eq(piA(p1.proof), piA(p2.proof))).toBe(true);
    expect(curve.G1.eq(piA(p1.proof), piA((await prove(evil, writeWtns(bitsWitness(43)))).proof))).toBe(false);
    expect((await refusal(evil, { r1cs, vkey })).code).toBe('key-point-at-infinity');
  });

  it('refuses every header point at infinity, by name', async () => {
    const cases: [HeaderPoint, string, number][] = [
      ['alpha1', 'α₁', 64],
      ['beta1', 'β₁', 64],
      ['delta1', 'δ₁', 64],
      ['beta2', 'β₂', 128],
      ['gamma2', 'γ₂', 128],
      ['delta2', 'δ₂', 128],
    ];
    for (const [which, name, size] of cases) {
      const e = await refusalWithOwnVkey(withHeaderPoint(zkey, which, zeros(size)));
      expect(e.code, which).toBe('key-point-at-infinity');
      expect(e.message).toContain(`key's ${name} is degenerate`);
    }
  });

  it('refuses a header point off the curve, or with an unreduced coordinate', async () => {
    const p = readZkeyGroth16(zkey).points;
    const offCurve = p.delta1.slice();
    offCurve[32] ^= 1; // y ± 1 (Montgomery form, still below q)
    expect((await refusalWithOwnVkey(withHeaderPoint(zkey, 'delta1', offCurve))).code).toBe('key-point-not-on-curve');
    const offTwist = p.gamma2.slice();
    offTwist[64] ^= 1;
    expect((await refusalWithOwnVkey(withHeaderPoint(zkey, 'gamma2', offTwist))).code).toBe('key-point-not-on-curve');
    // x + q denotes the same x to the WebAssembly arithmetic but is not a valid encoding.
    const unreduced = p.alpha1.slice();
    const view = new DataView(unreduced.buffer);
    let carry = 0n;
    for (let i = 0; i < 4; i++) {
      const limb = view.getBigUint64(8 * i, true) + ((BN254_BASE_PRIME >> BigInt(64 * i)) & 0xffffffffffffffffn) + carry;
      view.setBigUint64(8 * i, limb & 0xffffffffffffffffn, true);
      carry = limb >> 64n;
    }
    expect(carry).toBe(0n);
    expect((await refusalWithOwnVkey(withHeaderPoint(zkey, 'alpha1', unreduced))).code).toBe('key-point-not-canonical');
  });

  it('refuses a G2 point on the twist but outside the prime-order subgroup', async () => {
    const evil = withHeaderPoint(zkey, 'delta2', toLem('G2', twistPointOutsideSubgroup()));
    const e = await refusalWithOwnVkey(evil);
    expect(e.code).toBe('key-point-not-in-subgroup');
    expect(e.message).toContain('δ₂ is outside the prime-order subgroup');
  });

  it('refuses a key whose embedded verification key is not the package’s', async () => {
    const other = await createDevelopmentKey(r1cs); // same circuit, other toxic waste
    const e = await refusal(other, { r1cs, vkey });
    expect(e.code).toBe('key-vkey-mismatch');
    expect(e.message).toContain('vk_alpha_1');
    const ic = { ...vkey, IC: vkey.IC.map((p, i) => (i === 1 ? [p[0]!, String(BigInt(p[1]!) + 1n), p[2]!] : p)) };
    expect((await refusal(zkey, { r1cs, vkey: ic })).message).toContain('(IC)');
    const n = { ...vkey, nPublic: 2 };
    expect((await refusal(zkey, { r1cs, vkey: n })).message).toContain('(nPublic)');
  });

  it('refuses a changed A/B coefficient (section 4)', async () => {
    const evil = zkey.slice();
    const s4 = sectionOffset(evil, 4);
    const entry = 5;
    evil[s4 + 4 + entry * 44 + 12] ^= 1; // the value of entry 5, low byte
    const e = await refusal(evil, { r1cs, vkey });
    expect(e.code).toBe('key-wrong-circuit');
    expect(e.message).toContain(`entry ${entry}`);
  });

  it('refuses a key made for another circuit of the same shape', async () => {
    const other = bitsCircuit(2n); // (2x)·x = y: same wires and terms, one A coefficient differs
    expect(coefficientSection(other).length).toBe(coefficientSection(r1cs).length);
    const key = await createDevelopmentKey(other);
    const e = await refusal(key, { r1cs, vkey: await exportVerificationKey(key) });
    expect(e.code).toBe('key-wrong-circuit');
    expect(e.message).toMatch(/A of constraint 9, wire 2/);
  });

  it('with only the circuit facts (a cached circuit): accepts the genuine key, refuses a changed coefficient, another circuit of the same shape and another shape', async () => {
    const facts = await circuitKeyFacts(r1cs);
    await expect(checkProvingKey(zkey, { facts, vkey })).resolves.toBeUndefined();
    const evil = zkey.slice();
    evil[sectionOffset(evil, 4) + 4 + 5 * 44 + 12] ^= 1;
    expect((await refusal(evil, { facts, vkey })).code).toBe('key-wrong-circuit');
    const other = await createDevelopmentKey(bitsCircuit(2n));
    expect((await refusal(other, { facts, vkey: await exportVerificationKey(other) })).code).toBe('key-wrong-circuit');
    expect((await refusal(zkey, { facts: { ...facts, nWires: facts.nWires + 1 }, vkey })).code).toBe('key-wrong-shape');
  });

  it('refuses a key with another number of public signals or wires', async () => {
    // x public instead of private: same wires, same domain, one more public signal.
    const xPublic: R1cs = { ...r1cs, nPublicInputs: 1, nPrivateInputs: 0 };
    const e = await refusal(await createDevelopmentKey(xPublic), { r1cs, vkey });
    expect(e.code).toBe('key-wrong-shape');
    expect(e.message).toContain('2 public signals');
    const extraWire: R1cs = { ...r1cs, nWires: r1cs.nWires + 1 };
    expect((await refusal(await createDevelopmentKey(extraWire), { r1cs, vkey })).message).toContain('12 wires');
  });

  it('refuses a damaged or foreign file with stage "package"', async () => {
    const e = await refusal(zkey.subarray(0, zkey.length - 1), { r1cs, vkey });
    expect([e.stage, e.code]).toEqual(['package', 'key-corrupt']);
    const plonk = zkey.slice();
    new DataView(plonk.buffer).setUint32(sectionOffset(plonk, 1), 2, true);
    expect((await refusal(plonk, { r1cs, vkey })).code).toBe('key-not-groth16');
  });
});

async function refusedProof(v: VerificationKey, signals: string[], proof: Groth16Proof): Promise<ZkinferError> {
  try {
    await assertProofVerifies(v, signals, proof);
  } catch (e) {
    expect(e).toBeInstanceOf(ZkinferError);
    return e as ZkinferError;
  }
  throw new Error('assertProofVerifies accepted the proof');
}

describe('assertProofVerifies', () => {
  it('refuses a proof that does not verify with the package’s verification key', async () => {
    const other = await createDevelopmentKey(r1cs);
    const { proof, publicSignals } = await prove(other, writeWtns(bitsWitness(7)));
    const e = await refusedProof(vkey, publicSignals, proof);
    expect(e).toBeInstanceOf(ZkinferError);
    expect([e.stage, e.code]).toEqual(['prove', 'proof-does-not-verify']);
    expect(e.message).toBe(
      "the proof made with this package's key does not verify with its verification key: the key is inconsistent; nothing was written",
    );
  });

  it('refuses a π_B with a component outside G2’s subgroup, before the pairing', async () => {
    const { proof, publicSignals } = await prove(zkey, writeWtns(bitsWitness(9)));
    // T = r·P has order dividing the cofactor: a channel a malicious B₂ could fill with Σ wᵢ·Tᵢ.
    const t = curve.G2.timesScalar(twistPointOutsideSubgroup(), FIELD_PRIME);
    const piB = curve.G2.toAffine(curve.G2.add(curve.G2.fromObject(proof.pi_b.map((c) => c.map(BigInt))), t));
    const tampered = { ...proof, pi_b: (curve.G2.toObject(piB) as bigint[][]).map((c) => c.map(String)) };
    // snarkjs's verifier only checks that π_B is on the twist; here the pairing happens to reject
    // it too, but its bilinearity says nothing outside the subgroup.
    expect(curve.G2.isValid(piB)).toBe(true);
    expect(await verify(vkey, publicSignals, tampered)).toBe(false);
    const e = await refusedProof(vkey, publicSignals, tampered);
    expect(e).toBeInstanceOf(ZkinferError);
    expect(e.code).toBe('proof-outside-subgroup');
  });
});
