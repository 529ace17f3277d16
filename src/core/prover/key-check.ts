/**
 * The prover distrusts the key. A `.zkey` comes from whoever published the package; snarkjs proves
 * with whatever it is given. A malicious key can make the proof reveal the private input: with
 * δ₁ the point at infinity, π_A = α₁ + Σ wᵢ·Aᵢ + r·δ₁ loses its blinding r·δ₁, and with
 * Aᵢ = 2^i·G on the bits of one input feature, π_A − α₁ = x·G gives x away by a small discrete
 * log. A key can also simply belong to another circuit, or disagree with the package's
 * verification key (then its proofs never verify, or verify against something else).
 *
 * checkProvingKey runs before proving and refuses such keys; assertProofVerifies runs after
 * proving and refuses to hand out a proof its own package would reject.
 *
 * What the two together buy: if δ₁ ≠ 0 (G1 has prime order), δ₂ ≠ 0 in G2's prime-order subgroup,
 * π_B lies in that subgroup and the proof verifies, then π_A and π_B are uniform and independent
 * of the witness (r, s uniform) and π_C is the unique point the verification equation allows for
 * them and the public signals: the proof says nothing beyond the public signals, whatever else
 * the key holds. (snarkjs's verifier checks that π_B is on the twist, not that it is in the
 * subgroup; B₂ points of a malicious key with components Tᵢ outside it would put Σ wᵢ·Tᵢ into π_B.
 * The optimal ate pairing is bilinear only on the subgroup, and in practice such a component
 * changes its value, but nothing guarantees it: assertProofVerifies checks membership itself.)
 *
 * What they do not prove: that the key is for these weights. Section 4 (A and B coefficients) is
 * compared with the recompiled circuit, but the weights sit in C, which only enters the key through
 * the C and IC points (τ-dependent, unverifiable without the setup transcript). A key made for the
 * same architecture with other weights, together with its own verification key, passes; that is
 * the package's consistency (manifest hashes), not the prover's privacy.
 */
import { buildBn128, type WasmCurveGroup } from 'ffjavascript';
import { fail, ZkinferError } from '../errors.js';
import { BN254_BASE_PRIME, FIELD_BYTES, FIELD_PRIME, readFieldLE } from '../field.js';
import { viewOf } from '../formats/container.js';
import type { R1cs } from '../formats/r1cs-types.js';
import { readZkeyGroth16, type ZkeyGroth16 } from '../formats/zkey.js';
import { r1csDomainPower } from '../domain.js';
import { coefficientCount, coefficientSection } from './devSetup.js';
import type { Groth16Proof, VerificationKey } from './snark-types.js';
import { exportVerificationKey, verify } from './snark.js';
import { sha256Hex } from '../hash.js';

/**
 * What the key check needs to know of a circuit, kept in the compiled-circuit cache
 * (formats/circuit-cache.ts) so that a cached proof checks the key as fully as a compiled one:
 * the shape, and the sha256 of the A and B coefficient section the circuit gives.
 */
export interface CircuitKeyFacts {
  readonly nWires: number;
  readonly nPublic: number;
  readonly domainSize: number;
  readonly nCoefs: number;
  readonly coefficientsSha256: string;
}

export async function circuitKeyFacts(r1cs: R1cs): Promise<CircuitKeyFacts> {
  return {
    nWires: r1cs.nWires,
    nPublic: r1cs.nOutputs + r1cs.nPublicInputs,
    domainSize: 2 ** r1csDomainPower(r1cs),
    nCoefs: coefficientCount(r1cs),
    coefficientsSha256: await sha256Hex(coefficientSection(r1cs)),
  };
}

export type ExpectedKey = {
  /** The package's verification key (verification_key.json). */
  readonly vkey: VerificationKey;
} & (
  | {
      /** The circuit as recompiled from the package's model. */
      readonly r1cs: R1cs;
    }
  | {
      /** The circuit's facts, from a cache entry made after a compile that matched the manifest. */
      readonly facts: CircuitKeyFacts;
    }
);

const NOTHING = 'nothing was written';

/** Methods of ffjavascript's curve groups that src/types/ffjavascript.d.ts does not declare. */
interface Group extends WasmCurveGroup {
  /** On the curve (true for the zero point); affine or Jacobian. */
  isValid(point: Uint8Array): boolean;
  isZero(point: Uint8Array): boolean;
  /** Scalar given as a non-negative bigint (ffjavascript converts it to bytes). */
  timesScalar(point: Uint8Array, scalar: Uint8Array | bigint): Uint8Array;
  /** snarkjs's JSON coordinates (normal form) to the internal form. */
  fromObject(point: unknown): Uint8Array;
}

async function groups(): Promise<{ G1: Group; G2: Group }> {
  const curve = await buildBn128();
  return { G1: curve.G1 as Group, G2: curve.G2 as Group };
}
const COEF_BYTES = 12 + FIELD_BYTES;

function refuse(code: string, message: string): never {
  fail('package', code, `${message}; ${NOTHING}`);
}

/**
 * Throws a ZkinferError (stage 'package') naming the problem; returns when the key is safe to
 * prove with: a well-formed Groth16 BN254 key for `expected.r1cs` (same wires, public signals,
 * domain, and A/B coefficients), with sound header points, whose embedded verification key is
 * `expected.vkey`. Cost: one pass over the coefficients, a few point checks and one pairing.
 */
export async function checkProvingKey(zkey: Uint8Array, expected: ExpectedKey): Promise<void> {
  const key = readKey(zkey);
  if ('r1cs' in expected) {
    checkShape(key, { nWires: expected.r1cs.nWires, nPublic: expected.r1cs.nOutputs + expected.r1cs.nPublicInputs, domainSize: 2 ** r1csDomainPower(expected.r1cs) });
    await checkHeaderPoints(key);
    checkCoefficients(key, expected.r1cs);
  } else {
    checkShape(key, expected.facts);
    await checkHeaderPoints(key);
    await checkCoefficientHash(key, expected.facts);
  }
  const embedded = await exportVerificationKey(zkey);
  const field = firstDifference(embedded, expected.vkey);
  if (field !== undefined) {
    refuse(
      'key-vkey-mismatch',
      `the verification key inside the proving key differs from the package's (${field}): its proofs would not verify with the package, or the package was assembled from different keys`,
    );
  }
}

/**
 * After proving: refuse a proof the package's own verification key rejects (a key inconsistent
 * with its verification key, or a proving error), and a π_B outside G2's prime-order subgroup
 * (which the verifier would not notice, see above).
 */
export async function assertProofVerifies(
  vkey: VerificationKey,
  publicSignals: readonly string[],
  proof: Groth16Proof,
): Promise<void> {
  const message =
    "the proof made with this package's key does not verify with its verification key: the key is inconsistent";
  const { G2 } = await groups();
  let outside = false;
  try {
    const piB = G2.fromObject(proof.pi_b.map((c) => c.map((d) => BigInt(d))));
    outside = G2.isValid(piB) && !inSubgroup(G2, piB);
  } catch {
    // Malformed: verify below says so.
  }
  if (outside) {
    fail('prove', 'proof-outside-subgroup', `${message} (π_B is outside the prime-order subgroup of G2, where it could carry your input); ${NOTHING}`);
  }
  if (!(await verify(vkey, publicSignals, proof))) fail('prove', 'proof-does-not-verify', `${message}; ${NOTHING}`);
}

// ---------------------------------------------------------------------------------------------

function readKey(zkey: Uint8Array): ZkeyGroth16 {
  try {
    return readZkeyGroth16(zkey);
  } catch (e) {
    if (!(e instanceof ZkinferError)) throw e;
    const code = e.code === 'not-groth16' ? 'key-not-groth16' : e.code === 'unsupported' ? 'key-not-bn254' : 'key-corrupt';
    return refuse(code, `the package's proving key is unusable: ${e.message}`);
  }
}

function checkShape(key: ZkeyGroth16, circuit: Pick<CircuitKeyFacts, 'nWires' | 'nPublic' | 'domainSize'>): void {
  const wrong = (what: string, got: number, want: number): never =>
    refuse('key-wrong-shape', `the proving key is for a circuit with ${got} ${what}, this package's circuit has ${want}: the key was made for another circuit`);
  if (key.nVars !== circuit.nWires) wrong('wires', key.nVars, circuit.nWires);
  if (key.nPublic !== circuit.nPublic) wrong('public signals', key.nPublic, circuit.nPublic);
  if (key.domainSize !== circuit.domainSize) wrong('domain points', key.domainSize, circuit.domainSize);
}

type PointName = 'α₁' | 'β₁' | 'β₂' | 'γ₂' | 'δ₁' | 'δ₂';

async function checkHeaderPoints(key: ZkeyGroth16): Promise<void> {
  const p = key.points;
  const points: [PointName, Uint8Array, 'G1' | 'G2'][] = [
    ['α₁', p.alpha1, 'G1'],
    ['β₁', p.beta1, 'G1'],
    ['δ₁', p.delta1, 'G1'],
    ['β₂', p.beta2, 'G2'],
    ['γ₂', p.gamma2, 'G2'],
    ['δ₂', p.delta2, 'G2'],
  ];
  const curve = await groups();
  for (const [name, bytes, groupName] of points) {
    if (bytes.every((b) => b === 0)) {
      refuse('key-point-at-infinity', `the proving key's ${name} is degenerate (the point at infinity): proving with it could reveal your input`);
    }
    const view = viewOf(bytes);
    for (let off = 0; off < bytes.length; off += FIELD_BYTES) {
      if (readFieldLE(view, off) >= BN254_BASE_PRIME) {
        refuse('key-point-not-canonical', `the proving key's ${name} has a coordinate that is not reduced modulo the base field: the key is malformed`);
      }
    }
    const group = curve[groupName];
    const point = group.fromRprLEM(bytes, 0);
    if (!group.isValid(point)) {
      refuse('key-point-not-on-curve', `the proving key's ${name} is not on the BN254 curve: the key is malformed or malicious, and proving with it could reveal your input`);
    }
    // G1 of BN254 has cofactor 1: on the curve is in the group. G2's twist has a large cofactor.
    if (groupName === 'G2' && !inSubgroup(group, point)) {
      refuse('key-point-not-in-subgroup', `the proving key's ${name} is outside the prime-order subgroup of G2: the key is malformed or malicious, and proving with it could reveal your input`);
    }
  }
}

function inSubgroup(group: Group, point: Uint8Array): boolean {
  return group.isZero(group.timesScalar(point, FIELD_PRIME));
}

const MATRIX = ['A', 'B'];

/** Section 4 byte for byte against what the recompiled circuit gives (newZKey's layout). */
function checkCoefficients(key: ZkeyGroth16, r1cs: R1cs): void {
  const count = coefficientCount(r1cs);
  if (key.nCoefs !== count) {
    refuse('key-wrong-circuit', `the proving key holds ${key.nCoefs} A and B coefficients, this package's circuit has ${count}: the key was made for another circuit`);
  }
  const ours = coefficientSection(r1cs);
  const theirs = key.coefficients;
  const at = firstMismatch(ours, theirs);
  if (at >= 0) {
    const entry = Math.max(0, Math.floor((at - 4) / COEF_BYTES));
    const v = viewOf(ours);
    const pos = 4 + entry * COEF_BYTES;
    refuse(
      'key-wrong-circuit',
      `the proving key's coefficients differ from this package's circuit (entry ${entry}: ${MATRIX[v.getUint32(pos, true)] ?? '?'} of constraint ${v.getUint32(pos + 4, true)}, wire ${v.getUint32(pos + 8, true)}): the key was made for another circuit`,
    );
  }
}

/** Section 4 against the hash of the one the circuit gives (a cached circuit: see CircuitKeyFacts). */
async function checkCoefficientHash(key: ZkeyGroth16, facts: CircuitKeyFacts): Promise<void> {
  if (key.nCoefs !== facts.nCoefs) {
    refuse('key-wrong-circuit', `the proving key holds ${key.nCoefs} A and B coefficients, this package's circuit has ${facts.nCoefs}: the key was made for another circuit`);
  }
  if ((await sha256Hex(key.coefficients)) !== facts.coefficientsSha256) {
    refuse('key-wrong-circuit', "the proving key's coefficients differ from this package's circuit (their sha256 differs): the key was made for another circuit");
  }
}

/** Index of the first differing byte, or −1. Compares 4 bytes at a time where alignment allows. */
function firstMismatch(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = a.length >>> 2;
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    let w = 0;
    while (w < words && wa[w] === wb[w]) w++;
    i = w * 4;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

// ---- Verification keys ------------------------------------------------------------------------

const POINT_FIELDS = ['vk_alpha_1', 'vk_beta_2', 'vk_gamma_2', 'vk_delta_2', 'IC'] as const;

/** Decimal strings in a canonical form (no leading zeros, "0x…" read as numbers); undefined if not numbers. */
function normalise(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(normalise);
  if (typeof x === 'string' || typeof x === 'number' || typeof x === 'bigint') {
    try {
      return BigInt(x).toString();
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The first field (of those the verifier uses) where two verification keys differ. */
function firstDifference(a: VerificationKey, b: VerificationKey): string | undefined {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const f of ['protocol', 'curve', 'nPublic'] as const) if (ra[f] !== rb[f]) return f;
  for (const f of POINT_FIELDS) {
    const x = JSON.stringify(normalise(ra[f]) ?? null);
    const y = JSON.stringify(normalise(rb[f]) ?? null);
    if (x !== y || x.includes('null')) return f;
  }
  return undefined;
}
