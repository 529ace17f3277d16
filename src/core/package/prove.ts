/**
 * Proving with a package: recompile the published model (deterministic, so the R1CS must hash
 * to what the manifest says the key was made for), check the proving key before trusting it with
 * the input, encode the private input, compute and check the witness, prove, verify the proof
 * with the package's verification key, and only then wrap it in a bundle.
 */
import type { CompiledModel } from '../compile.js';
import { compileModel } from '../compile.js';
import { isSatisfied } from '../circuit/check.js';
import { fail } from '../errors.js';
import { writeR1cs } from '../formats/r1cs.js';
import { writeWtns } from '../formats/wtns.js';
import { sha256Hex } from '../hash.js';
import type { OutOfRange } from '../model/input.js';
import { encodeInput, flattenInput } from '../model/input.js';
import { loadModelFiles } from '../model/source.js';
import type { OnProgress } from '../progress.js';
import { assertProofVerifies, checkProvingKey } from '../prover/key-check.js';
import { prove } from '../prover/snark.js';
import type { ProofBundle } from './bundle.js';
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

export interface Timings {
  compile: number;
  witness: number;
  prove: number;
}

/** Load and compile a package's model, checking it is the circuit the proving key was made for. */
export async function compilePackage(pkg: OpenedPackage): Promise<CompiledModel> {
  const m = pkg.manifest;
  if (pkg.model.length === 0) fail('package', 'missing-file', 'the package was opened without its model files');
  const byPath = new Map(pkg.model.map((f) => [f.path, f.bytes]));
  const entry = pkg.model[0]!;
  const outputNode = m.model.outputNode;
  const loaded = await loadModelFiles(entry.path, entry.bytes, (p) => byPath.get(p), m.name, m.model.format, outputNode === undefined ? undefined : { outputNode });
  if (m.calibration && !pkg.calibration) fail('package', 'missing-file', `the package is calibrated but was opened without its ${m.calibration.file.path}`);
  if (loaded.hash !== m.model.hash) {
    fail('package', 'model-mismatch', `the model files hash to ${loaded.hash.slice(0, 12)}…, not the manifest's ${m.model.hash.slice(0, 12)}…`);
  }
  const compiled = compileModel(loaded.graph, {
    inputSpec: m.input,
    output: m.output.rule,
    activationBits: m.compile.activationBits,
    weightBits: m.compile.weightBits,
    ...(m.binding ? { binding: m.binding } : {}),
    ...(pkg.calibration ? { calibration: pkg.calibration } : {}),
  });
  const hash = await sha256Hex(writeR1cs(compiled.r1cs));
  if (hash !== m.circuit.r1csSha256) {
    fail('package', 'circuit-mismatch', `the model compiles to a circuit (sha256 ${hash.slice(0, 12)}…) other than the one the package's key was made for (${m.circuit.r1csSha256.slice(0, 12)}…): the package was made by another zkinfer version or is inconsistent`);
  }
  return compiled;
}

export interface ProveOptions {
  /** Reject (default) or clamp features outside their declared range. */
  readonly inputPolicy?: 'reject' | 'clamp';
  /** The verifier's challenge text; the proof binds its hash as a public signal. */
  readonly challenge?: string;
  /** A compiled circuit from an earlier proof with the same package. */
  readonly compiled?: CompiledModel;
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
  readonly compiled: CompiledModel;
  readonly outOfRange: readonly OutOfRange[];
  readonly timings: Timings;
  /**
   * Commitment-bound package: what opens the bundle's commitment (package id, codes, salt). The
   * user keeps it; it never goes into the bundle.
   */
  readonly opening?: InputOpening;
}

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

  let t = performance.now();
  progress({ stage: 'compile', message: 'compiling the circuit' });
  const compiled = o.compiled ?? (await compilePackage(pkg));
  const compileMs = performance.now() - t;

  // Before the input touches the key: a degenerate or foreign key could make the proof reveal it.
  progress({ stage: 'load', message: 'checking the proving key' });
  await checkProvingKey(pkg.zkey, { r1cs: compiled.r1cs, vkey: pkg.vkey });

  t = performance.now();
  progress({ stage: 'witness', message: 'computing the witness' });
  const witness = compiled.witness(codes, await challengeSignal(o.challenge), bindingWitness);
  if (!isSatisfied(compiled.r1cs, witness)) {
    fail('prove', 'unsatisfied', 'internal error: the witness does not satisfy the circuit');
  }
  const wtns = writeWtns(witness);
  const witnessMs = performance.now() - t;

  t = performance.now();
  const { proof, publicSignals } = await prove(pkg.zkey, wtns, { singleThread: o.singleThread, onProgress: o.onProgress });
  const proveMs = performance.now() - t;
  // A key inconsistent with the package's verification key gives proofs nobody can check: say so
  // here rather than hand over a bundle that fails later.
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
    compiled,
    outOfRange,
    timings: { compile: compileMs, witness: witnessMs, prove: proveMs },
    ...(opening ? { opening } : {}),
  };
}
