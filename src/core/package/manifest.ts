/**
 * The model package manifest (manifest.json), format version 1. A package directory holds this
 * file, the tfjs model files, circuit.zkey, verification_key.json and verifier.sol; the manifest
 * binds them together by SHA-256 so that a verifier can tell which model a proof speaks about.
 */
import { fail } from '../errors.js';
import type { InputSpec } from '../model/input-spec.js';
import { validateInputSpec } from '../model/input.js';
import type { OutputRule } from '../model/ir.js';

export const MANIFEST_FORMAT = 'zkinfer-package';
export const MANIFEST_VERSION = 1;

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
  'DEVELOPMENT KEY: made by one party from random toxic waste that was then dropped. Anyone who kept that randomness could forge proofs; use a ceremony (--ptau) for real use.';

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: typeof MANIFEST_VERSION;
  readonly name: string;
  /** The publisher's version of this package (free text, e.g. semver). */
  readonly packageVersion?: string;
  readonly description?: string;
  readonly createdBy: string;
  readonly input: InputSpec;
  readonly output: {
    readonly rule: OutputRule;
    /** Elements of the model's output tensor. */
    readonly size: number;
    /** Fixed-point scale of the output integers (value = integer / 2^scale). */
    readonly scale: number;
    readonly labels?: readonly string[];
  };
  /** Names of the public signals, in order (wires 1…n). */
  readonly publicSignals: readonly string[];
  readonly compile: { readonly activationBits: number; readonly weightBits: number };
  /** SHA-256 identity of the tfjs model (model.json then weight files). */
  readonly modelHash: string;
  readonly files: {
    readonly model: FileRef;
    readonly weights: readonly FileRef[];
    readonly zkey: FileRef;
    readonly vkey: FileRef;
    readonly verifier?: FileRef;
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
  if (m.version !== MANIFEST_VERSION) return bad(`version ${JSON.stringify(m.version)} is not supported (this zkinfer reads version ${MANIFEST_VERSION})`);
  if (typeof m.name !== 'string' || m.name === '') return bad('"name" is missing');
  if (m.packageVersion !== undefined && (typeof m.packageVersion !== 'string' || m.packageVersion === '')) return bad('"packageVersion" must be a non-empty string');
  validateInputSpec(m.input);
  const out = m.output as Record<string, unknown> | undefined;
  if (!out || !['argmax', 'logits', 'sign'].includes(out.rule as string)) return bad('"output.rule" must be argmax, logits or sign');
  if (!Number.isInteger(out.size) || !Number.isInteger(out.scale)) return bad('"output.size" and "output.scale" must be integers');
  if (!Array.isArray(m.publicSignals)) return bad('"publicSignals" must be a list');
  if (typeof m.modelHash !== 'string' || !HEX64.test(m.modelHash)) return bad('"modelHash" must be a SHA-256 hex string');
  const files = m.files as Record<string, unknown> | undefined;
  const ref = (f: unknown, what: string) => {
    const r = f as Record<string, unknown> | undefined;
    if (!r || typeof r.path !== 'string' || typeof r.sha256 !== 'string' || !HEX64.test(r.sha256)) bad(`"files.${what}" needs a path and a sha256`);
  };
  if (!files) return bad('"files" is missing');
  ref(files.model, 'model');
  ref(files.zkey, 'zkey');
  ref(files.vkey, 'vkey');
  if (!Array.isArray(files.weights)) return bad('"files.weights" must be a list');
  files.weights.forEach((w, i) => ref(w, `weights[${i}]`));
  const setup = m.setup as Record<string, unknown> | undefined;
  if (!setup || (setup.kind !== 'development' && setup.kind !== 'ceremony')) return bad('"setup.kind" must be development or ceremony');
  const circuit = m.circuit as Record<string, unknown> | undefined;
  if (!circuit || !Number.isInteger(circuit.constraints)) return bad('"circuit" statistics are missing');
  return raw as Manifest;
}
