/**
 * The model package manifest (manifest.json), format version 2. A package directory holds this
 * file, the model's files, circuit.zkey, verification_key.json, verifier.sol and (optionally) the
 * compiled verifier verifier.evm.json; the manifest
 * lists every file's SHA-256, and the package id is the SHA-256 of the canonical manifest, so one
 * id names the model, its labels and output rule, its keys and its public-signal layout at once.
 */
import { fail } from '../errors.js';
import type { InputSpec } from '../model/input-spec.js';
import { validateInputSpec } from '../model/input.js';
import { canonicalJson, sha256Hex } from '../hash.js';
import type { InputBinding } from '../provenance/input.js';
import { validateBinding } from '../provenance/input.js';
import type { OutputSpec, SignalLayout } from './signals.js';
import { validateLayout } from './signals.js';

export const MANIFEST_FORMAT = 'zkinfer-package';
export const MANIFEST_VERSION = 2;
/**
 * The compiled Solidity verifier (creation bytecode, solc version and settings, the SHA-256 of the
 * verifier.sol it came from), written at publish time by a compile function the caller passes
 * (src/evm makes it; core has no compiler). Its format is src/evm/artifact.ts's.
 */
export const VERIFIER_BYTECODE_FILE = 'verifier.evm.json';

export interface FileRef {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export type SetupInfo =
  | {
      /** Single-party keys from random toxic waste: fine for demos and tests, not for trust. */
      readonly kind: 'development';
      readonly warning: string;
    }
  | {
      readonly kind: 'ceremony';
      /** Power and hash of the phase-1 powers-of-tau file the publisher supplied. */
      readonly ptau: { readonly power: number; readonly sha256: string };
      readonly beacon: string;
    };

export const DEVELOPMENT_KEY_WARNING =
  'DEVELOPMENT KEY: made by one party from random toxic waste that was then dropped. Whoever made it could have kept that randomness and could forge proofs for this package; nothing can check that it was dropped.';

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: typeof MANIFEST_VERSION;
  readonly name: string;
  /** The publisher's version of this package (free text, e.g. semver). */
  readonly packageVersion?: string;
  readonly description?: string;
  readonly createdBy: string;
  readonly input: InputSpec;
  /**
   * Input provenance (docs/PROVENANCE.md): a commitment to the input, or a data source's signature
   * over it with `metadata` extra signed field elements. Absent: none (so unbound packages keep
   * the manifest, and the id, they always had).
   */
  readonly binding?: Exclude<InputBinding, { kind: 'none' }>;
  /** The output tensor: rule, elements, fixed-point scale (value = integer / 2^scale), labels. */
  readonly output: OutputSpec;
  /** The public signals, as ordered named segments (see signals.ts). */
  readonly publicSignals: SignalLayout;
  readonly compile: { readonly activationBits: number; readonly weightBits: number };
  /** The model, by the format it came in and its hash (see model/source.ts). */
  readonly model: { readonly format: string; readonly hash: string; readonly outputNode?: string };
  readonly files: {
    /** The model's files, its entry file first (e.g. model.json, then its weight files). */
    readonly model: readonly FileRef[];
    readonly zkey: FileRef;
    readonly vkey: FileRef;
    readonly verifier?: FileRef;
    /**
     * verifier.sol compiled (VERIFIER_BYTECODE_FILE), so browsers can run the contract without a
     * compiler. Optional: packages published without it keep the manifest (and id) they had.
     */
    readonly verifierBytecode?: FileRef;
  };
  readonly circuit: {
    readonly parameters: number;
    readonly constraints: number;
    readonly wires: number;
    readonly power: number;
    readonly terms: { readonly a: number; readonly b: number; readonly c: number };
    readonly r1csSha256: string;
  };
  readonly setup: SetupInfo;
  readonly agreement?: Agreement;
  /** Calibrated mode only (docs/CALIBRATION.md); absent in exact mode, the default. */
  readonly calibration?: CalibrationInfo;
}

export interface CalibrationInfo {
  /** Each range is widened by margin × its channel's observed span on both sides. */
  readonly margin: number;
  /** Calibration inputs the ranges came from. */
  readonly samples: number;
  /** Share of the agreement samples (held out from calibration) whose witness satisfies the circuit. */
  readonly provability?: number;
  /** calibration.json: the ranges, which `prove` needs to recompile the circuit. */
  readonly file: FileRef;
}

/** The package id: SHA-256 of the canonical JSON of the manifest (sorted keys, no whitespace). */
export function packageId(manifest: Manifest): Promise<string> {
  return sha256Hex(canonicalJson(manifest));
}

export interface Agreement {
  readonly samples: number;
  /** Fraction of samples where the circuit's public output equals the float model's decision. */
  readonly top1: number;
  readonly maxAbsError: number;
  readonly meanAbsError: number;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function validateManifest(raw: unknown): Manifest {
  const bad = (why: string): never => fail('package', 'bad-manifest', `invalid manifest.json: ${why}`);
  if (typeof raw !== 'object' || raw === null) return bad('not a JSON object');
  const m = raw as Record<string, unknown>;
  if (m.format !== MANIFEST_FORMAT) return bad(`"format" is ${JSON.stringify(m.format)}, expected "${MANIFEST_FORMAT}"`);
  if (m.version === 1) {
    return fail('package', 'old-manifest', 'this package was made by zkinfer 0.1 (manifest version 1), whose proofs do not name their package; publish the model again with this zkinfer');
  }
  if (m.version !== MANIFEST_VERSION) return bad(`version ${JSON.stringify(m.version)} is not supported (this zkinfer reads version ${MANIFEST_VERSION})`);
  if (typeof m.name !== 'string' || m.name === '') return bad('"name" is missing');
  if (m.packageVersion !== undefined && (typeof m.packageVersion !== 'string' || m.packageVersion === '')) return bad('"packageVersion" must be a non-empty string');
  validateInputSpec(m.input);
  const out = m.output as Record<string, unknown> | undefined;
  if (!out || !['argmax', 'logits', 'sign'].includes(out.rule as string)) return bad('"output.rule" must be argmax, logits or sign');
  if (!Number.isInteger(out.size) || !Number.isInteger(out.scale)) return bad('"output.size" and "output.scale" must be integers');
  if (out.labels !== undefined && (!Array.isArray(out.labels) || !out.labels.every((l) => typeof l === 'string'))) return bad('"output.labels" must be a list of strings');
  let binding: InputBinding;
  try {
    binding = validateBinding(m.binding);
  } catch (e) {
    return bad(`"binding": ${(e as Error).message}`);
  }
  if (m.binding !== undefined && binding.kind === 'none') return bad('"binding" none is written by leaving "binding" out');
  validateLayout(m.publicSignals, out as unknown as OutputSpec, binding);
  const model = m.model as Record<string, unknown> | undefined;
  if (!model || typeof model.format !== 'string' || typeof model.hash !== 'string' || !HEX64.test(model.hash)) return bad('"model" needs a format and a SHA-256 hash');
  if (model.outputNode !== undefined && typeof model.outputNode !== 'string') return bad('"model.outputNode" must be a node name');
  const files = m.files as Record<string, unknown> | undefined;
  const ref = (f: unknown, what: string) => {
    const r = f as Record<string, unknown> | undefined;
    if (!r || typeof r.path !== 'string' || !safePath(r.path) || typeof r.sha256 !== 'string' || !HEX64.test(r.sha256)) bad(`"files.${what}" needs a plain relative path and a sha256`);
  };
  if (!files) return bad('"files" is missing');
  if (!Array.isArray(files.model) || files.model.length === 0) return bad('"files.model" must list the model\'s files');
  files.model.forEach((w, i) => ref(w, `model[${i}]`));
  ref(files.zkey, 'zkey');
  ref(files.vkey, 'vkey');
  if (files.verifier !== undefined) ref(files.verifier, 'verifier');
  if (files.verifierBytecode !== undefined) {
    ref(files.verifierBytecode, 'verifierBytecode');
    // The bytecode names the verifier.sol it was compiled from: without that source nobody can recompile and compare.
    if (files.verifier === undefined) bad('"files.verifierBytecode" needs "files.verifier" (the source it was compiled from)');
  }
  const setup = m.setup as Record<string, unknown> | undefined;
  if (!setup || (setup.kind !== 'development' && setup.kind !== 'ceremony')) return bad('"setup.kind" must be development or ceremony');
  const circuit = m.circuit as Record<string, unknown> | undefined;
  if (!circuit || !Number.isInteger(circuit.constraints) || typeof circuit.r1csSha256 !== 'string' || !HEX64.test(circuit.r1csSha256)) return bad('"circuit" statistics are missing');
  const cal = m.calibration as Record<string, unknown> | undefined;
  if (cal !== undefined) {
    if (typeof cal !== 'object' || cal === null || typeof cal.margin !== 'number' || !(cal.margin >= 0) || !Number.isInteger(cal.samples) || (cal.samples as number) < 1) return bad('"calibration" needs a margin ≥ 0 and a positive sample count');
    if (cal.provability !== undefined && !(typeof cal.provability === 'number' && cal.provability >= 0 && cal.provability <= 1)) return bad('"calibration.provability" must be a share in [0, 1]');
    ref(cal.file, 'calibration.file');
  }
  return raw as Manifest;
}

/** A file name inside the package folder: no absolute path, no "..", no leading "./". */
function safePath(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !p.startsWith('./') && !p.split('/').some((part) => part === '..' || part === '' || part === '.');
}
