/**
 * The proof bundle (format version 1): what a prover hands over. It holds the model's identity,
 * the decoded public output, the public signals and the Groth16 proof — nothing else derived
 * from the private input.
 */
import { fail } from '../errors.js';
import type { OutputRule } from '../model/ir.js';
import type { Groth16Proof } from '../prover/snark-types.js';

export const BUNDLE_FORMAT = 'zkinfer-proof';
export const BUNDLE_VERSION = 1;

export interface BundleOutput {
  readonly rule: OutputRule;
  /** argmax: the class index and its label when the package has labels. */
  readonly class?: number;
  readonly label?: string;
  /** logits: dequantized values in output order. */
  readonly values?: readonly number[];
  /** sign: one bit per output element (1 for ≥ 0). */
  readonly bits?: readonly number[];
}

export interface ProofBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  readonly model: {
    readonly name: string;
    readonly modelHash: string;
    readonly zkeySha256: string;
    readonly vkeySha256: string;
    readonly developmentKey: boolean;
  };
  readonly output: BundleOutput;
  readonly publicSignals: readonly string[];
  readonly proof: Groth16Proof;
  readonly createdAt: string;
}

const DECIMAL = /^[0-9]{1,78}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** Parses and checks the shape of a bundle (not the proof: that is verify's job). */
export function parseBundle(raw: unknown): ProofBundle {
  let value = raw;
  if (typeof raw === 'string' || raw instanceof Uint8Array) {
    const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
    try {
      value = JSON.parse(text);
    } catch (e) {
      return fail('bundle', 'malformed-bundle', `the proof bundle is not valid JSON (${(e as Error).message}); it may be truncated`);
    }
  }
  const bad = (why: string): never => fail('bundle', 'malformed-bundle', `malformed proof bundle: ${why}`);
  if (typeof value !== 'object' || value === null) return bad('not a JSON object');
  const b = value as Record<string, unknown>;
  if (b.format !== BUNDLE_FORMAT) return bad(`"format" is ${JSON.stringify(b.format)}, expected "${BUNDLE_FORMAT}"`);
  if (b.version !== BUNDLE_VERSION) return bad(`version ${JSON.stringify(b.version)} is not supported`);
  const model = b.model as Record<string, unknown> | undefined;
  if (!model || typeof model.name !== 'string') return bad('"model.name" is missing');
  for (const k of ['modelHash', 'zkeySha256', 'vkeySha256']) {
    if (typeof model[k] !== 'string' || !HEX64.test(model[k] as string)) return bad(`"model.${k}" must be a SHA-256 hex string`);
  }
  if (typeof model.developmentKey !== 'boolean') return bad('"model.developmentKey" must be true or false');
  if (!Array.isArray(b.publicSignals) || !b.publicSignals.every((s) => typeof s === 'string' && DECIMAL.test(s))) {
    return bad('"publicSignals" must be a list of decimal strings');
  }
  const proof = b.proof as Record<string, unknown> | undefined;
  const isPoint = (p: unknown, depth: number): boolean =>
    Array.isArray(p) && p.every((x) => (depth === 1 ? typeof x === 'string' && DECIMAL.test(x) : isPoint(x, depth - 1)));
  if (!proof || !isPoint(proof.pi_a, 1) || !isPoint(proof.pi_b, 2) || !isPoint(proof.pi_c, 1)) {
    return bad('"proof" must hold pi_a, pi_b and pi_c as decimal strings');
  }
  const output = b.output as Record<string, unknown> | undefined;
  if (!output || !['argmax', 'logits', 'sign'].includes(output.rule as string)) return bad('"output.rule" is missing');
  return value as ProofBundle;
}
