/**
 * Proving with a package: recompile the published model (deterministic, so the R1CS must hash
 * to what the manifest says the key was made for), encode the private input, compute and check
 * the witness, prove, and wrap the result in a bundle.
 */
import type { CompiledModel } from '../compile.js';
import { compileModel } from '../compile.js';
import { isSatisfied } from '../circuit/check.js';
import { fail } from '../errors.js';
import { writeR1cs } from '../formats/r1cs.js';
import { writeWtns } from '../formats/wtns.js';
import { sha256Hex } from '../hash.js';
import { importModel } from '../model/import.js';
import type { OutOfRange } from '../model/input.js';
import { encodeInput, flattenInput } from '../model/input.js';
import { loadModel } from '../model/load.js';
import type { OnProgress } from '../progress.js';
import { prove } from '../prover/snark.js';
import type { ProofBundle } from './bundle.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './bundle.js';
import type { OpenedPackage } from './open.js';
import { decodeOutput } from './output.js';

export interface Timings {
  compile: number;
  witness: number;
  prove: number;
}

/** Load and compile a package's model, checking it is the circuit the proving key was made for. */
export async function compilePackage(pkg: OpenedPackage): Promise<CompiledModel> {
  const m = pkg.manifest;
  const tfModel = await loadModel(pkg.model);
  const graph = importModel(tfModel, m.name);
  tfModel.dispose();
  const compiled = compileModel(graph, {
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
  /** A compiled circuit from an earlier proof with the same package. */
  readonly compiled?: CompiledModel;
  readonly singleThread?: boolean;
  readonly onProgress?: OnProgress;
}

export interface ProveResult {
  readonly bundle: ProofBundle;
  readonly compiled: CompiledModel;
  readonly outOfRange: readonly OutOfRange[];
  readonly timings: Timings;
}

export async function proveWithPackage(pkg: OpenedPackage, input: unknown, o: ProveOptions = {}): Promise<ProveResult> {
  const progress = o.onProgress ?? (() => {});
  if (!pkg.zkey) fail('package', 'missing-file', 'the package has no circuit.zkey (the proving key)');
  const m = pkg.manifest;
  const values = flattenInput(input, m.input.shape);
  const { codes, outOfRange } = encodeInput(m.input, values, o.inputPolicy ?? 'reject');

  let t = performance.now();
  progress({ stage: 'compile', message: 'compiling the circuit' });
  const compiled = o.compiled ?? (await compilePackage(pkg));
  const compileMs = performance.now() - t;

  t = performance.now();
  progress({ stage: 'witness', message: 'computing the witness' });
  const witness = compiled.witness(codes);
  if (!isSatisfied(compiled.r1cs, witness)) {
    fail('prove', 'unsatisfied', 'internal error: the witness does not satisfy the circuit');
  }
  const wtns = writeWtns(witness);
  const witnessMs = performance.now() - t;

  t = performance.now();
  const { proof, publicSignals } = await prove(pkg.zkey, wtns, { singleThread: o.singleThread, onProgress: o.onProgress });
  const proveMs = performance.now() - t;

  const bundle: ProofBundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    model: {
      name: m.name,
      modelHash: m.modelHash,
      zkeySha256: m.files.zkey.sha256,
      vkeySha256: m.files.vkey.sha256,
      developmentKey: m.setup.kind === 'development',
    },
    output: decodeOutput(m, publicSignals),
    publicSignals,
    proof,
    createdAt: new Date().toISOString(),
  };
  return { bundle, compiled, outOfRange, timings: { compile: compileMs, witness: witnessMs, prove: proveMs } };
}
