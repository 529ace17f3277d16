/**
 * Proving with a package: recompile the published model (deterministic, so the R1CS must hash
 * to what the manifest says the key was made for), or take its witness program from the
 * compiled-circuit cache (prepared.ts), check the proving key before trusting it with
 * the input, encode the private input, compute and check the witness, prove, verify the proof
 * with the package's verification key, and only then wrap it in a bundle.
 */
import type { CompiledModel } from '../compile.js';
import { isSatisfied } from '../circuit/check.js';
import { fail, ZkinferError } from '../errors.js';
import { FIELD_PRIME } from '../field.js';
import { writeWtns } from '../formats/wtns.js';
import type { OutOfRange } from '../model/input.js';
import { encodeInput, flattenInput } from '../model/input.js';
import type { OnProgress } from '../progress.js';
import { assertProofVerifies, checkProvingKey } from '../prover/key-check.js';
import { prove } from '../prover/snark.js';
import type { ProofBundle } from './bundle.js';
import type { CircuitCache, PreparedCircuit } from './prepared.js';
import { prepareCircuit, preparedFromCompiled, preparedWitness } from './prepared.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, MAX_CHALLENGE_LENGTH } from './bundle.js';
import type { OpenedPackage } from './open.js';
import type { DecodedSignals } from './output.js';
import { decodePublicSignals } from './output.js';
import { challengeSignal } from './signals.js';
import { manifestBinding } from './output.js';
import type { BindingWitness } from '../provenance/input.js';
import { randomSalt, verifyInputSignature } from '../provenance/input.js';
import type { BabyJubPoint, EdDSASignature } from '../provenance/sign.js';
import type { InputOpening } from '../provenance/opening.js';
import { makeOpening } from '../provenance/opening.js';
import { assertWitnessHoldsInput } from './witness-check.js';

export interface Timings {
  compile: number;
  witness: number;
  prove: number;
}

export { compilePackage } from './prepared.js';

export interface ProveOptions {
  /** Reject (default) or clamp features outside their declared range. */
  readonly inputPolicy?: 'reject' | 'clamp';
  /** The verifier's challenge text; the proof binds its hash as a public signal. */
  readonly challenge?: string;
  /** A compiled circuit from an earlier proof with the same package. */
  readonly compiled?: CompiledModel;
  /** A circuit prepared earlier with the same package (prepareCircuit), e.g. kept by a worker. */
  readonly circuit?: PreparedCircuit;
  /** The compiled-circuit cache to read and fill (docs/circuit-cache.md); none: compile every time. */
  readonly cache?: CircuitCache;
  readonly singleThread?: boolean;
  readonly onProgress?: OnProgress;
  /** Commitment-bound package: the salt (default: a fresh random one, which the opening returns). */
  readonly salt?: bigint;
  /** Signature-bound package: the data source's signature over the input codes and metadata. */
  readonly signed?: { readonly signature: EdDSASignature; readonly publicKey: BabyJubPoint; readonly metadata: readonly bigint[] };
}

export interface ProveResult {
  readonly bundle: ProofBundle;
  /** What the bundle's signals say, decoded with the package. */
  readonly decoded: DecodedSignals;
  /** The circuit proved with (source 'cache' when no compile happened). */
  readonly circuit: PreparedCircuit;
  readonly outOfRange: readonly OutOfRange[];
  readonly timings: Timings;
  /**
   * Commitment-bound package: what opens the bundle's commitment (package id, codes, salt). The
   * user keeps it; it never goes into the bundle.
   */
  readonly opening?: InputOpening;
}

/** Options of a retry after a cached circuit failed its proof: compile afresh (not part of the API). */
const refresh = new WeakSet<ProveOptions>();

export async function proveWithPackage(pkg: OpenedPackage, input: unknown, o: ProveOptions = {}): Promise<ProveResult> {
  const progress = o.onProgress ?? (() => {});
  if (!pkg.zkey) fail('package', 'missing-file', 'the package has no circuit.zkey (the proving key)');
  if (o.challenge !== undefined && o.challenge.length > MAX_CHALLENGE_LENGTH) {
    fail('input', 'bad-challenge', `the challenge has ${o.challenge.length} characters; at most ${MAX_CHALLENGE_LENGTH} are allowed`);
  }
  const m = pkg.manifest;
  const values = flattenInput(input, m.input.shape);
  const { codes, outOfRange } = encodeInput(m.input, values, o.inputPolicy ?? 'reject');
  const binding = manifestBinding(m);
  let bindingWitness: BindingWitness | undefined;
  if (binding.kind === 'commitment') {
    if (o.signed) fail('input', 'binding-mismatch', `package "${m.name}" binds a commitment to its input, not a signature: prove it without the signed input`);
    if (o.salt !== undefined && !(o.salt >= 0n && o.salt < FIELD_PRIME)) fail('input', 'bad-salt', 'the salt must be a field element in [0, r) (the BN254 scalar field)');
    bindingWitness = { kind: 'commitment', salt: o.salt ?? randomSalt() };
  } else if (binding.kind === 'signature') {
    if (!o.signed) fail('input', 'unsigned-input', `package "${m.name}" proves only inputs signed by a data source: give the signed input (zkinfer source sign)`);
    if (o.signed.metadata.length !== binding.metadata) {
      fail('input', 'bad-signature', `package "${m.name}" signs ${binding.metadata} metadata value(s) with the input; the signed input has ${o.signed.metadata.length}`);
    }
    // Checked before proving, with a clear message (the circuit would refuse it anyway).
    if (!verifyInputSignature(codes, m.input.bits, o.signed.metadata, o.signed.publicKey, o.signed.signature)) {
      fail('input', 'bad-signature', 'the signature does not check against these input values: they are not what the data source signed, or the signature is not valid');
    }
    bindingWitness = { kind: 'signature', ...o.signed };
  } else if (o.signed || o.salt !== undefined) {
    fail('input', 'binding-mismatch', `package "${m.name}" does not bind its input: it takes neither a salt nor a signature`);
  }

  const t = performance.now();
  const circuit = o.circuit ?? (o.compiled ? await preparedFromCompiled(o.compiled, m.circuit.r1csSha256) : await prepareCircuit(pkg, { cache: o.cache, onProgress: progress, refresh: refresh.has(o) }));
  const compileMs = performance.now() - t;
  const engine = { failed: false };
  try {
    return await proveWith({ ...pkg, zkey: pkg.zkey }, circuit, codes, outOfRange, bindingWitness, compileMs, o, engine);
  } catch (e) {
    // A cached circuit is trusted only as far as the checks after it pass. Any error with one (a
    // damaged or edited entry: the key check refused, the program threw — a TypeError as much as a
    // RangeError —, the witness does not hold this input or its binding, the proof does not
    // verify) drops its entry, and the proof is made again from a fresh compile. Passed through:
    // the input's own fault (outside the calibrated ranges, bad input: a compile would say the
    // same), and an error of snarkjs's prover on a witness that passed every check (e.g. its
    // thread pool, which the worker retries on one thread with the same circuit).
    const inputFault = e instanceof ZkinferError && (e.code === 'outside-calibration' || e.stage === 'input');
    if (circuit.source !== 'cache' || inputFault || engine.failed) throw e;
    progress({ stage: 'compile', message: `the cached circuit failed (${e instanceof Error ? e.message : String(e)}): compiling again` });
    await o.cache?.delete(m.circuit.r1csSha256).catch(() => undefined);
    const { circuit: _stale, ...rest } = o;
    const again: ProveOptions = { ...rest, ...(bindingWitness?.kind === 'commitment' ? { salt: bindingWitness.salt } : {}) };
    refresh.add(again);
    return proveWithPackage(pkg, input, again);
  }
}

async function proveWith(
  pkg: OpenedPackage & { zkey: Uint8Array },
  circuit: PreparedCircuit,
  codes: readonly bigint[],
  outOfRange: readonly OutOfRange[],
  bindingWitness: BindingWitness | undefined,
  compileMs: number,
  o: ProveOptions,
  engine: { failed: boolean },
): Promise<ProveResult> {
  const progress = o.onProgress ?? (() => {});
  const m = pkg.manifest;
  // A circuit handed in (a worker's, kept between proofs) must be this package's.
  if (circuit.r1csSha256 !== m.circuit.r1csSha256) {
    fail('package', 'circuit-mismatch', `the prepared circuit (r1cs sha256 ${circuit.r1csSha256.slice(0, 12)}…) is not the one package "${m.name}" was made for (${m.circuit.r1csSha256.slice(0, 12)}…)`);
  }

  // Before the input touches the key: a degenerate or foreign key could make the proof reveal it.
  progress({ stage: 'load', message: 'checking the proving key' });
  await checkProvingKey(pkg.zkey, circuit.r1cs ? { r1cs: circuit.r1cs, vkey: pkg.vkey } : { facts: circuit.key, vkey: pkg.vkey });

  let t = performance.now();
  progress({ stage: 'witness', message: 'computing the witness' });
  const challenge = await challengeSignal(o.challenge);
  const witness = preparedWitness(circuit, codes, challenge, bindingWitness);
  // Whatever made the witness: it holds this input, and the binding signals computed off the
  // circuit from it (salt, signature) — so a cached program cannot swap the input or the salt.
  assertWitnessHoldsInput(m, witness, { codes, challenge, binding: bindingWitness });
  // Without the R1CS (a cached circuit), the proof's verification below is the witness's check.
  if (circuit.r1cs && !isSatisfied(circuit.r1cs, witness)) {
    fail('prove', 'unsatisfied', 'internal error: the witness does not satisfy the circuit');
  }
  const wtns = writeWtns(witness);
  const witnessMs = performance.now() - t;

  t = performance.now();
  const { proof, publicSignals } = await prove(pkg.zkey, wtns, { singleThread: o.singleThread, onProgress: o.onProgress }).catch((e: unknown) => {
    engine.failed = true;
    throw e;
  });
  const proveMs = performance.now() - t;
  // A key inconsistent with the package's verification key gives proofs nobody can check: say so
  // here rather than hand over a bundle that fails later. A cached program that computed a wrong
  // witness fails here too (see proveWithPackage).
  await assertProofVerifies(pkg.vkey, publicSignals, proof);

  const bundle: ProofBundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    packageId: pkg.id,
    ...(o.challenge ? { challenge: o.challenge } : {}),
    publicSignals,
    proof,
  };
  const opening = bindingWitness?.kind === 'commitment' ? makeOpening(pkg.id, codes, bindingWitness.salt) : undefined;
  return {
    bundle,
    decoded: decodePublicSignals(m, publicSignals),
    circuit,
    outOfRange,
    timings: { compile: compileMs, witness: witnessMs, prove: proveMs },
    ...(opening ? { opening } : {}),
  };
}
