/**
 * The boundary with snarkjs: byte-in, byte-out wrappers around its Groth16 setup, prover and
 * verifier, that check what snarkjs does not (sizes, curves, witness length), turn its silent
 * failures (-1, false, prompts) into sentences, and its log lines into progress events.
 */
import * as snarkjs from 'snarkjs';
import { fail } from '../errors.js';
import { BN254_BASE_PRIME, FIELD_PRIME } from '../field.js';
import { checkPtauSections, readPtau } from '../formats/ptau.js';
import { readR1csHeader } from '../formats/r1cs.js';
import { readWtnsLength } from '../formats/wtns.js';
import { readZkeyHeader } from '../formats/zkey.js';
import type { OnProgress } from '../progress.js';
import { renderGroth16Verifier } from './groth16-verifier.generated.js';
import { domainPower } from '../domain.js';
import type { Groth16Proof, VerificationKey } from './snark-types.js';
import { PROVE_STEPS, proveProgressLogger, type SnarkLogger } from './snark-progress.js';

export type { Groth16Proof, VerificationKey } from './snark-types.js';

/** snarkjs reads and writes in-memory "files" of this shape; outputs get `data` filled in. */
interface MemFile {
  type: 'mem';
  data?: Uint8Array;
}

/**
 * The part of snarkjs used here, typed as 0.7.6 behaves: @types/snarkjs types file arguments as
 * paths or bytes only and most results as `any`.
 */
interface Snarkjs {
  zKey: {
    newZKey(r1cs: MemFile, ptau: MemFile, out: MemFile, logger?: SnarkLogger): Promise<unknown>;
    contribute(old: MemFile, out: MemFile, name: string, entropy: string, logger?: SnarkLogger): Promise<unknown>;
    beacon(
      old: MemFile,
      out: MemFile,
      name: string,
      beaconHashHex: string,
      iterationsExp: number,
      logger?: SnarkLogger,
    ): Promise<unknown>;
    exportVerificationKey(zkey: MemFile, logger?: SnarkLogger): Promise<unknown>;
    verifyFromR1cs(r1cs: MemFile, ptau: MemFile, zkey: MemFile, logger?: SnarkLogger): Promise<boolean>;
  };
  groth16: {
    prove(
      zkey: MemFile,
      wtns: MemFile,
      logger?: SnarkLogger,
      options?: { singleThread?: boolean },
    ): Promise<{ proof: unknown; publicSignals: string[] }>;
    verify(vkey: VerificationKey, publicSignals: readonly string[], proof: Groth16Proof): Promise<boolean>;
  };
}
const snark = snarkjs as unknown as Snarkjs;

const mem = (data: Uint8Array): MemFile => ({ type: 'mem', data });

/** snarkjs reports some failures only through logger.error before returning -1 or false. */
function collectingLogger(): SnarkLogger & { errors: string[] } {
  const errors: string[] = [];
  const ignore = () => {};
  return { errors, debug: ignore, info: ignore, warn: ignore, error: (m) => void errors.push(m) };
}


/**
 * A fixed, public beacon for the last phase-2 step: sha256("zkinfer phase-2 beacon v1"). Its
 * only job is to make the final key a function of the (random) contribution and a value nobody
 * chose after seeing it; the secrecy of the setup rests on the contribution's entropy.
 */
export const DEFAULT_BEACON_HASH = '15ea7bab3a91ad0e47c40b13a3953fa51004de87f04afcaa02abdb5aacd94525';
const BEACON_ITERATIONS_EXP = 10;

export interface SetupOptions {
  /** Mixed with the system's randomness into the contribution. Required: snarkjs prompts without it. */
  readonly entropy: string | Uint8Array;
  /** Hex; defaults to DEFAULT_BEACON_HASH. */
  readonly beaconHash?: string;
  readonly onProgress?: OnProgress;
}

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Groth16 phase 2 from a prepared powers-of-tau file: the circuit-specific key, one random
 * contribution, then a public beacon. Returns the final `.zkey` bytes.
 */
export async function setupFromPtau(
  r1csBytes: Uint8Array,
  ptauBytes: Uint8Array,
  opts: SetupOptions,
): Promise<Uint8Array> {
  const circuit = readR1csHeader(r1csBytes);
  const ptau = readPtau(ptauBytes);
  const nPublic = circuit.nOutputs + circuit.nPublicInputs;
  const power = domainPower(circuit.nConstraints, nPublic);
  if (power > ptau.power) {
    fail(
      'setup',
      'ptau-too-small',
      `the powers-of-tau file has power ${ptau.power} (up to 2^${ptau.power} constraints) but the circuit needs power ${power} (${circuit.nConstraints} constraints + ${nPublic} public signals); pass a ptau of power ≥ ${power}`,
    );
  }
  if (!ptau.preparedForPhase2) {
    fail(
      'setup',
      'ptau-not-prepared',
      `the powers-of-tau file (power ${ptau.power}) is not prepared for phase 2 (it has no Lagrange sections 12–15); run \`snarkjs powersoftau prepare phase2\` on it, or use a prepared file such as powersOfTau28_hez_final_${Math.max(power, 8)}.ptau`,
    );
  }
  checkPtauSections(ptau, power);

  const entropy = typeof opts.entropy === 'string' ? opts.entropy : toHex(opts.entropy);
  if (entropy.length === 0) fail('setup', 'no-entropy', 'setup needs a non-empty entropy for its contribution');
  const beaconHash = opts.beaconHash ?? DEFAULT_BEACON_HASH;
  if (!/^(?:[0-9a-fA-F]{2}){1,255}$/.test(beaconHash)) {
    fail('setup', 'bad-beacon', `the beacon hash must be 1 to 255 bytes of hex, got "${beaconHash}"`);
  }

  const progress = (done: number, message: string) =>
    opts.onProgress?.({ stage: 'setup', done, total: 3, message });
  const log = collectingLogger();

  progress(0, `building the circuit key (domain 2^${power})`);
  const initial: MemFile = { type: 'mem' };
  const result = await snark.zKey.newZKey(mem(r1csBytes), mem(ptauBytes), initial, log);
  if (result === -1 || !initial.data) {
    fail('setup', 'newzkey-failed', `snarkjs could not build the key: ${log.errors.join('; ') || 'no reason given'}`);
  }

  progress(1, 'contributing randomness');
  const contributed: MemFile = { type: 'mem' };
  await snark.zKey.contribute(initial, contributed, 'zkinfer contribution', entropy, log);
  if (!contributed.data) fail('setup', 'contribute-failed', `snarkjs contribution failed: ${log.errors.join('; ')}`);

  progress(2, 'applying the public beacon');
  const final: MemFile = { type: 'mem' };
  const ok = await snark.zKey.beacon(contributed, final, 'zkinfer beacon', beaconHash, BEACON_ITERATIONS_EXP, log);
  if (ok === false || !final.data) fail('setup', 'beacon-failed', `snarkjs beacon failed: ${log.errors.join('; ')}`);

  progress(3, 'proving key ready');
  return final.data;
}

/** The verification key (snarkjs's JSON) of a Groth16 proving key. */
/**
 * snarkjs's check that a ceremony key is the phase-2 key of this circuit on this powers-of-tau
 * file (every contribution and the beacon included). Returns the reasons when it fails.
 */
export async function verifyKeyAgainstPtau(r1cs: Uint8Array, ptau: Uint8Array, zkey: Uint8Array): Promise<{ ok: boolean; errors: string[] }> {
  const logger = collectingLogger();
  const ok = await snark.zKey.verifyFromR1cs(mem(r1cs), mem(ptau), mem(zkey), logger);
  return { ok: ok === true, errors: logger.errors };
}

export async function exportVerificationKey(zkey: Uint8Array): Promise<VerificationKey> {
  readZkeyHeader(zkey);
  return (await snark.zKey.exportVerificationKey(mem(zkey))) as VerificationKey;
}

/**
 * The Solidity verifier contract for a proving key: snarkjs's own template, compiled ahead of time
 * (see scripts/gen-verifier-template.ts for why not `zKey.exportSolidityVerifier`).
 */
export async function exportSolidityVerifier(zkey: Uint8Array): Promise<string> {
  return renderGroth16Verifier(await exportVerificationKey(zkey));
}

export interface ProveOptions {
  /** Run without worker threads (no nested workers, or a CSP that blocks blob: workers). */
  readonly singleThread?: boolean;
  readonly onProgress?: OnProgress;
}

/**
 * A Groth16 proof. snarkjs does not check that the witness satisfies the circuit
 * (docs/SNARKJS-NOTES.md, trap 1): a wrong witness yields a proof that fails verification, so
 * check constraints before calling this.
 */
export async function prove(
  zkey: Uint8Array,
  wtns: Uint8Array,
  opts: ProveOptions = {},
): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  const key = readZkeyHeader(zkey);
  const n = readWtnsLength(wtns);
  if (n !== key.nVars) {
    fail('prove', 'witness-length', `the witness has ${n} values but the proving key expects ${key.nVars}`);
  }
  const onProgress = opts.onProgress;
  const logger = onProgress ? proveProgressLogger(onProgress) : undefined;
  const { proof, publicSignals } = await snark.groth16.prove(
    mem(zkey),
    mem(wtns),
    logger,
    opts.singleThread ? { singleThread: true } : undefined,
  );
  onProgress?.({ stage: 'prove', done: PROVE_STEPS.length, total: PROVE_STEPS.length, message: 'proof ready' });
  return { proof: proof as Groth16Proof, publicSignals };
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

function isFieldString(x: unknown, bound: bigint): x is string {
  return typeof x === 'string' && x.length <= 80 && DECIMAL.test(x) && BigInt(x) < bound;
}

function isG1(p: unknown): boolean {
  return Array.isArray(p) && p.length === 3 && p.every((c) => isFieldString(c, BN254_BASE_PRIME));
}

function isG2(p: unknown): boolean {
  return (
    Array.isArray(p) &&
    p.length === 3 &&
    p.every((c) => Array.isArray(c) && c.length === 2 && c.every((d) => isFieldString(d, BN254_BASE_PRIME)))
  );
}

function checkVerificationKey(vkey: VerificationKey): void {
  const v = vkey as unknown as Record<string, unknown>;
  const problem =
    v === null || typeof v !== 'object'
      ? 'it is not an object'
      : v.protocol !== 'groth16'
        ? `protocol is ${JSON.stringify(v.protocol)}, not "groth16"`
        : v.curve !== 'bn128'
          ? `curve is ${JSON.stringify(v.curve)}, not "bn128"`
          : !Number.isInteger(v.nPublic) || (v.nPublic as number) < 0
            ? 'nPublic is not a count'
            : !isG1(v.vk_alpha_1) || !isG2(v.vk_beta_2) || !isG2(v.vk_gamma_2) || !isG2(v.vk_delta_2)
              ? 'a vk_* point is malformed'
              : !Array.isArray(v.IC) || v.IC.length !== (v.nPublic as number) + 1 || !v.IC.every(isG1)
                ? `IC must hold nPublic + 1 = ${(v.nPublic as number) + 1} G1 points`
                : undefined;
  if (problem) fail('verify', 'bad-vkey', `invalid verification key: ${problem}`);
}

/**
 * Check a Groth16 proof.
 *
 * A malformed verification key throws (it is the verifier's own trusted input: a broken one is a
 * bug to surface, not a verdict). Anything wrong with the proof or the public signals — the
 * untrusted part, e.g. from a bundle someone sent — returns false, never throws: wrong shape,
 * non-decimal or out-of-field numbers, the wrong number of signals, points off the curve.
 */
export async function verify(
  vkey: VerificationKey,
  publicSignals: readonly string[],
  proof: Groth16Proof,
): Promise<boolean> {
  checkVerificationKey(vkey);
  if (!Array.isArray(publicSignals) || publicSignals.length !== vkey.nPublic) return false;
  if (!publicSignals.every((s) => isFieldString(s, FIELD_PRIME))) return false;
  const p = proof as unknown as Record<string, unknown> | null;
  if (p === null || typeof p !== 'object') return false;
  if (!isG1(p.pi_a) || !isG2(p.pi_b) || !isG1(p.pi_c)) return false;
  if ((p.protocol !== undefined && p.protocol !== 'groth16') || (p.curve !== undefined && p.curve !== 'bn128')) {
    return false;
  }
  // snarkjs checks that the points lie on the curve and then runs the pairing; past the checks
  // above nothing in it throws on untrusted values, but a verdict must never be an exception.
  try {
    return await snark.groth16.verify(vkey, publicSignals, proof);
  } catch {
    return false;
  }
}

interface CachedCurve {
  terminate(): Promise<void>;
}

/**
 * snarkjs caches its multi-threaded BN254 curve in `globalThis.curve_bn128`, with worker threads
 * that keep Node alive (docs/SNARKJS-NOTES.md, trap 6). Terminate it when no more proofs are coming.
 */
export async function releaseCurve(): Promise<void> {
  const g = globalThis as { curve_bn128?: CachedCurve | null };
  const curve = g.curve_bn128;
  if (curve) await curve.terminate();
}
