/**
 * Publishing: a tfjs model and its input spec become a model package — manifest, model files,
 * proving key, verification key and Solidity verifier — as a map from file name to bytes.
 */
import { compileModel } from '../compile.js';
import type { CompiledModel } from '../compile.js';
import { writeR1cs } from '../formats/r1cs.js';
import { modelHash, sha256Hex } from '../hash.js';
import type { InputSpec } from '../model/input-spec.js';
import { importModel } from '../model/import.js';
import type { OutputRule } from '../model/ir.js';
import type { ModelFiles } from '../model/load.js';
import { loadModel, weightFileNames } from '../model/load.js';
import type { OnProgress } from '../progress.js';
import { createDevelopmentKey } from '../prover/devSetup.js';
import { exportSolidityVerifier, exportVerificationKey, setupFromPtau } from '../prover/snark.js';
import { agreementReport } from '../quant/report.js';
import { searchBits } from '../quant/search.js';
import { fail } from '../errors.js';
import type { FileRef, Manifest, SetupInfo } from './manifest.js';
import { DEVELOPMENT_KEY_WARNING, MANIFEST_FORMAT, MANIFEST_VERSION } from './manifest.js';
import { publicSignalNames } from './output.js';

export const ZKINFER_VERSION = '0.1.0';

export interface PublishOptions {
  readonly name: string;
  readonly packageVersion?: string;
  readonly description?: string;
  readonly model: ModelFiles;
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
  readonly onProgress?: OnProgress;
}

export interface PublishedPackage {
  readonly manifest: Manifest;
  /** Every file of the package by its name, manifest.json included. */
  readonly files: Map<string, Uint8Array>;
  readonly compiled: CompiledModel;
}

async function ref(path: string, bytes: Uint8Array): Promise<FileRef> {
  return { path, sha256: await sha256Hex(bytes), bytes: bytes.length };
}

const PTAU_BEACON = '0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20';

export async function publishPackage(o: PublishOptions): Promise<PublishedPackage> {
  const progress = o.onProgress ?? (() => {});
  progress({ stage: 'load', message: 'loading the tfjs model' });
  const tfModel = await loadModel(o.model);
  const graph = importModel(tfModel, o.name);
  tfModel.dispose();
  const inShape = graph.shapes.get(graph.input)!;
  if (inShape.join() !== o.inputSpec.shape.join()) {
    fail('input', 'spec-shape', `the input spec has shape [${o.inputSpec.shape.join(', ')}] but the model's input is [${inShape.join(', ')}]`);
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
  } else {
    compiled = compileModel(graph, { inputSpec: o.inputSpec, output: o.output, activationBits: o.activationBits, weightBits: o.weightBits });
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
    zkey = await setupFromPtau(r1csBytes, o.ptau, { entropy: o.entropy ?? randomEntropy(), beaconHash: PTAU_BEACON, onProgress: o.onProgress });
    setup = { kind: 'ceremony', ptau: { power: ptauPower(o.ptau), sha256: await sha256Hex(o.ptau) }, beacon: PTAU_BEACON };
  } else {
    zkey = await createDevelopmentKey(compiled.r1cs, { onProgress: o.onProgress });
    setup = { kind: 'development', warning: DEVELOPMENT_KEY_WARNING };
  }
  progress({ stage: 'export', message: 'exporting the verification key' });
  const vkey = new TextEncoder().encode(JSON.stringify(await exportVerificationKey(zkey), null, 1));
  const verifier = o.solidity === false ? undefined : new TextEncoder().encode(await exportSolidityVerifier(zkey));

  const modelJsonBytes = typeof o.model.modelJson === 'string' ? new TextEncoder().encode(o.model.modelJson) : o.model.modelJson;
  const weightNames = weightFileNames(modelJsonBytes);
  const weightBytes = weightNames.map((n) => o.model.weights.get(n) ?? o.model.weights.get(n.split('/').pop()!)!);
  const files = new Map<string, Uint8Array>([['model.json', modelJsonBytes]]);
  weightNames.forEach((n, i) => files.set(n, weightBytes[i]!));
  files.set('circuit.zkey', zkey);
  files.set('verification_key.json', vkey);
  if (verifier) files.set('verifier.sol', verifier);

  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    name: o.name,
    ...(o.packageVersion ? { packageVersion: o.packageVersion } : {}),
    ...(o.description ? { description: o.description } : {}),
    createdBy: `zkinfer ${ZKINFER_VERSION}`,
    input: o.inputSpec,
    output: {
      rule: compiled.options.output,
      size: outTensor.lo.length,
      scale: outTensor.scale,
      ...(o.labels ? { labels: o.labels } : {}),
    },
    publicSignals: [],
    compile: { activationBits: compiled.options.activationBits, weightBits: compiled.options.weightBits },
    modelHash: await modelHash(modelJsonBytes, weightBytes),
    files: {
      model: await ref('model.json', modelJsonBytes),
      weights: await Promise.all(weightNames.map((n, i) => ref(n, weightBytes[i]!))),
      zkey: await ref('circuit.zkey', zkey),
      vkey: await ref('verification_key.json', vkey),
      ...(verifier ? { verifier: await ref('verifier.sol', verifier) } : {}),
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
  };
  const withSignals: Manifest = { ...manifest, publicSignals: publicSignalNames(manifest) };
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(withSignals, null, 2) + '\n'));
  return { manifest: withSignals, files, compiled };
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
