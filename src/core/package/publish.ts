/**
 * Publishing: a loaded model (any model source) and its input spec become a model package —
 * manifest, model files, proving key, verification key, Solidity verifier and, given a compile
 * function, the compiled verifier — as a map from file name to bytes, with the package id.
 */
import { compileModel } from '../compile.js';
import type { CompiledModel } from '../compile.js';
import { writeR1cs } from '../formats/r1cs.js';
import { sha256Hex } from '../hash.js';
import type { InputSpec } from '../model/input-spec.js';
import type { OutputRule } from '../model/ir.js';
import type { LoadedModel } from '../model/source.js';
import type { OnProgress } from '../progress.js';
import { createDevelopmentKey } from '../prover/devSetup.js';
import { DEFAULT_BEACON_HASH, exportSolidityVerifier, exportVerificationKey, setupFromPtau } from '../prover/snark.js';
import { agreementReport } from '../tuning/report.js';
import { searchBits } from '../tuning/search.js';
import { calibrate, provabilityReport } from '../tuning/calibration.js';
import { writeCalibration } from '../formats/calibration.js';
import { fail } from '../errors.js';
import type { FileRef, Manifest, SetupInfo } from './manifest.js';
import { DEVELOPMENT_KEY_WARNING, MANIFEST_FORMAT, MANIFEST_VERSION, packageId, VERIFIER_BYTECODE_FILE } from './manifest.js';
import { standardLayout } from './signals.js';
import type { InputBinding } from '../provenance/input.js';
import { NO_BINDING, validateBinding } from '../provenance/input.js';

export const ZKINFER_VERSION = '0.2.0';

/** A calibrated package's ranges (formats/calibration.ts). */
export const CALIBRATION_FILE = 'calibration.json';

export interface PublishOptions {
  readonly name: string;
  readonly packageVersion?: string;
  readonly description?: string;
  /** The model, loaded once by its model source (see model/source.ts). */
  readonly model: LoadedModel;
  readonly inputSpec: InputSpec;
  readonly output?: OutputRule;
  readonly labels?: readonly string[];
  readonly activationBits?: number;
  readonly weightBits?: number;
  /** A prepared phase-1 powers-of-tau file; without it the package gets a development key. */
  readonly ptau?: Uint8Array;
  /** Entropy for the publisher's phase-2 contribution (ceremony path only). */
  readonly entropy?: string;
  /** Raw feature vectors for the float-vs-circuit agreement report. */
  readonly samples?: readonly (readonly number[])[];
  /**
   * With samples: choose the cheapest weight/activation bits whose top-1 agreement on them is at
   * least this (e.g. 0.995) instead of using the given or default bits.
   */
  readonly targetAgreement?: number;
  readonly solidity?: boolean;
  /**
   * Compiles verifier.sol into the compiled-verifier file (VERIFIER_BYTECODE_FILE, the bytes of
   * src/evm's `verifier.evm.json`), which the manifest then lists as `files.verifierBytecode`.
   * A function and not a compiler because core has no Solidity compiler (src/evm's
   * `compileVerifierArtifact` is one, Node only). Without it, or with `solidity: false`, the
   * package has no compiled verifier.
   */
  readonly compileVerifier?: (soliditySource: string) => Promise<Uint8Array>;
  /**
   * Input provenance (docs/PROVENANCE.md): none (default), a commitment to the input, or a data
   * source's signature over it (with a number of signed metadata elements).
   */
  readonly inputBinding?: InputBinding;
  /**
   * Calibrated mode (docs/CALIBRATION.md): ranges from these raw feature vectors widened by the
   * margin (default DEFAULT_CALIBRATION_MARGIN). Provability is then measured on `samples`.
   */
  readonly calibration?: { readonly inputs: readonly (readonly number[])[]; readonly margin?: number };
  readonly onProgress?: OnProgress;
}

export interface PublishedPackage {
  readonly manifest: Manifest;
  /** SHA-256 of the canonical manifest: what every bundle of this package names. */
  readonly id: string;
  /** Every file of the package by its name, manifest.json included. */
  readonly files: Map<string, Uint8Array>;
  readonly compiled: CompiledModel;
}

async function ref(path: string, bytes: Uint8Array): Promise<FileRef> {
  return { path, sha256: await sha256Hex(bytes), bytes: bytes.length };
}

export async function publishPackage(o: PublishOptions): Promise<PublishedPackage> {
  const progress = o.onProgress ?? (() => {});
  const graph = o.model.graph;
  const inShape = graph.shapes.get(graph.input)!;
  if (inShape.join() !== o.inputSpec.shape.join()) {
    fail('input', 'spec-shape', `the input spec has shape [${o.inputSpec.shape.join(', ')}] but the model's input is [${inShape.join(', ')}]`);
  }
  let binding: InputBinding;
  try {
    binding = validateBinding(o.inputBinding ?? NO_BINDING);
  } catch (e) {
    return fail('input', 'bad-binding', (e as Error).message);
  }
  progress({ stage: 'compile', message: 'compiling the circuit' });
  let compiled: CompiledModel;
  if (o.targetAgreement !== undefined) {
    if (!o.samples?.length) fail('input', 'no-samples', 'choosing bits for a target agreement needs samples');
    const search = searchBits(graph, o.inputSpec, o.samples, {
      target: o.targetAgreement,
      output: o.output,
      onTrial: (t) => progress({ stage: 'compile', message: `weight bits ${t.weightBits}, activation bits ${t.activationBits}: ${t.constraints} constraints, ${(100 * t.agreement.top1).toFixed(2)}% agreement` }),
    });
    compiled = search.compiled;
    // The search compares unbound circuits (the binding does not change the outputs); the package's
    // circuit is the chosen one with its binding.
    if (binding.kind !== 'none') compiled = compileModel(graph, { inputSpec: o.inputSpec, ...compiled.options, binding });
  } else {
    compiled = compileModel(graph, { inputSpec: o.inputSpec, output: o.output, activationBits: o.activationBits, weightBits: o.weightBits, ...(binding.kind !== 'none' ? { binding } : {}) });
  }
  let calibration: { bytes: Uint8Array; provability?: number } | undefined;
  if (o.calibration) {
    progress({ stage: 'compile', message: `calibrating ranges on ${o.calibration.inputs.length} inputs` });
    const ranges = calibrate(graph, { inputSpec: o.inputSpec, ...compiled.options }, o.calibration.inputs, o.calibration.margin);
    compiled = compileModel(graph, { inputSpec: o.inputSpec, ...compiled.options, ...(binding.kind !== 'none' ? { binding } : {}), calibration: ranges });
    calibration = { bytes: writeCalibration(ranges), ...(o.samples?.length ? { provability: provabilityReport(compiled, o.inputSpec, o.samples).provability } : {}) };
  }
  const outTensor = compiled.quantized.tensors.get(compiled.quantized.output)!;
  if (o.labels && compiled.options.output === 'argmax' && o.labels.length !== outTensor.lo.length) {
    fail('input', 'label-count', `${o.labels.length} labels were given but the model has ${outTensor.lo.length} outputs`);
  }
  const r1csBytes = writeR1cs(compiled.r1cs);

  progress({ stage: 'setup', message: o.ptau ? 'phase-2 setup from the powers of tau' : 'generating a development key' });
  let zkey: Uint8Array;
  let setup: SetupInfo;
  if (o.ptau) {
    zkey = await setupFromPtau(r1csBytes, o.ptau, { entropy: o.entropy ?? randomEntropy(), beaconHash: DEFAULT_BEACON_HASH, onProgress: o.onProgress });
    setup = { kind: 'ceremony', ptau: { power: ptauPower(o.ptau), sha256: await sha256Hex(o.ptau) }, beacon: DEFAULT_BEACON_HASH };
  } else {
    zkey = await createDevelopmentKey(compiled.r1cs, { onProgress: o.onProgress });
    setup = { kind: 'development', warning: DEVELOPMENT_KEY_WARNING };
  }
  progress({ stage: 'export', message: 'exporting the verification key' });
  const vkey = new TextEncoder().encode(JSON.stringify(await exportVerificationKey(zkey), null, 1));
  const verifier = o.solidity === false ? undefined : new TextEncoder().encode(await exportSolidityVerifier(zkey));
  let verifierBytecode: Uint8Array | undefined;
  if (verifier && o.compileVerifier) {
    progress({ stage: 'export', message: 'compiling the Solidity verifier' });
    verifierBytecode = await o.compileVerifier(new TextDecoder().decode(verifier));
    if (!(verifierBytecode instanceof Uint8Array) || verifierBytecode.length === 0) fail('package', 'bad-verifier-bytecode', 'the verifier compile function returned no bytes');
  }

  const files = new Map<string, Uint8Array>(o.model.files.map((f) => [f.path, f.bytes]));
  files.set('circuit.zkey', zkey);
  files.set('verification_key.json', vkey);
  if (verifier) files.set('verifier.sol', verifier);
  if (verifierBytecode) files.set(VERIFIER_BYTECODE_FILE, verifierBytecode);
  if (calibration) files.set(CALIBRATION_FILE, calibration.bytes);

  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    name: o.name,
    ...(o.packageVersion ? { packageVersion: o.packageVersion } : {}),
    ...(o.description ? { description: o.description } : {}),
    createdBy: `zkinfer ${ZKINFER_VERSION}`,
    input: o.inputSpec,
    ...(binding.kind !== 'none' ? { binding } : {}),
    output: {
      rule: compiled.options.output,
      size: outTensor.lo.length,
      scale: outTensor.scale,
      ...(o.labels ? { labels: o.labels } : {}),
    },
    publicSignals: standardLayout({ rule: compiled.options.output, size: outTensor.lo.length }, binding),
    compile: { activationBits: compiled.options.activationBits, weightBits: compiled.options.weightBits },
    model: { format: o.model.format, hash: o.model.hash, ...(o.model.outputNode !== undefined ? { outputNode: o.model.outputNode } : {}) },
    files: {
      model: await Promise.all(o.model.files.map((f) => ref(f.path, f.bytes))),
      zkey: await ref('circuit.zkey', zkey),
      vkey: await ref('verification_key.json', vkey),
      ...(verifier ? { verifier: await ref('verifier.sol', verifier) } : {}),
      ...(verifierBytecode ? { verifierBytecode: await ref(VERIFIER_BYTECODE_FILE, verifierBytecode) } : {}),
    },
    circuit: {
      parameters: compiled.stats.parameters,
      constraints: compiled.stats.constraints,
      wires: compiled.stats.wires,
      power: compiled.stats.power,
      terms: compiled.stats.terms,
      r1csSha256: await sha256Hex(r1csBytes),
    },
    setup,
    ...(o.samples?.length ? { agreement: agreementReport(compiled, o.inputSpec, o.samples) } : {}),
    ...(calibration && compiled.calibration
      ? {
          calibration: {
            margin: compiled.calibration.margin,
            samples: compiled.calibration.samples,
            ...(calibration.provability !== undefined ? { provability: calibration.provability } : {}),
            file: await ref(CALIBRATION_FILE, calibration.bytes),
          },
        }
      : {}),
  };
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'));
  return { manifest, id: await packageId(manifest), files, compiled };
}

function randomEntropy(): string {
  const b = crypto.getRandomValues(new Uint8Array(32));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** The power field of a .ptau header (section 1: n8q, q, power, ceremonyPower). */
function ptauPower(ptau: Uint8Array): number {
  const view = new DataView(ptau.buffer, ptau.byteOffset, ptau.byteLength);
  // magic(4) version(4) nSections(4), then sections {type u32, size u64, body}; section 1 first.
  const n8q = view.getUint32(12 + 12, true);
  return view.getUint32(12 + 12 + 4 + n8q, true);
}
