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
  const loaded = await loadModelFiles(entry.path, entry.bytes, (p) => byPath.get(p), m.name, m.model.format);
  if (loaded.hash !== m.model.hash) {
    fail('package', 'model-mismatch', `the model files hash to ${loaded.hash.slice(0, 12)}…, not the manifest's ${m.model.hash.slice(0, 12)}…`);
  }
  const compiled = compileModel(loaded.graph, {
    inputSpec: m.input,
    output: m.output.rule,
    activationBits: m.compile.activationBits,
    weightBits: m.compile.weightBits,
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
}

export interface ProveResult {
  readonly bundle: ProofBundle;
  /** What the bundle's signals say, decoded with the package. */
  readonly decoded: DecodedSignals;
  readonly compiled: CompiledModel;
  readonly outOfRange: readonly OutOfRange[];
  readonly timings: Timings;
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

  let t = performance.now();
  progress({ stage: 'compile', message: 'compiling the circuit' });
  const compiled = o.compiled ?? (await compilePackage(pkg));
  const compileMs = performance.now() - t;

  // Before the input touches the key: a degenerate or foreign key could make the proof reveal it.
  progress({ stage: 'load', message: 'checking the proving key' });
  await checkProvingKey(pkg.zkey, { r1cs: compiled.r1cs, vkey: pkg.vkey });

  t = performance.now();
  progress({ stage: 'witness', message: 'computing the witness' });
  const witness = compiled.witness(codes, await challengeSignal(o.challenge));
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
  return { bundle, decoded: decodePublicSignals(m, publicSignals), compiled, outOfRange, timings: { compile: compileMs, witness: witnessMs, prove: proveMs } };
}
