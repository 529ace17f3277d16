/**
 * The proof bundle (format version 2): what a prover hands over. It names the package by its id and
 * holds the public signals and the Groth16 proof, and optionally the challenge text the proof
 * answers (checked against its signal). Nothing else: what a verifier is told (model, labels, output
 * rule, key kind) comes from the verified package and the signals, never from free text in the
 * bundle, so an unknown field makes the bundle malformed rather than being echoed.
 */
import { fail } from '../errors.js';
import type { Groth16Proof } from '../prover/snark-types.js';

export const BUNDLE_FORMAT = 'zkinfer-proof';
export const BUNDLE_VERSION = 2;

export interface ProofBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  /** SHA-256 of the canonical manifest of the package the proof was made with. */
  readonly packageId: string;
  /** The verifier's challenge text this proof answers (its hash is the challenge signal). */
  readonly challenge?: string;
  readonly publicSignals: readonly string[];
  readonly proof: Groth16Proof;
}

const DECIMAL = /^[0-9]{1,78}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const FIELDS = new Set(['format', 'version', 'packageId', 'challenge', 'publicSignals', 'proof']);
const PROOF_FIELDS = new Set(['pi_a', 'pi_b', 'pi_c', 'protocol', 'curve']);
/** A bundle of a large model has a few hundred signals; anything this big is not a bundle. */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
export const MAX_CHALLENGE_LENGTH = 1024;

/** Parses and checks the shape of a bundle (not the proof: that is verify's job). */
export function parseBundle(raw: unknown): ProofBundle {
  let value = raw;
  if (typeof raw === 'string' || raw instanceof Uint8Array) {
    const size = typeof raw === 'string' ? raw.length : raw.byteLength;
    if (size > MAX_BUNDLE_BYTES) {
      return fail('bundle', 'malformed-bundle', `this file is ${(size / 1024 / 1024).toFixed(1)} MiB; a proof bundle is a few kilobytes (at most ${MAX_BUNDLE_BYTES / 1024 / 1024} MiB): it is not a bundle`);
    }
    const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
    try {
      value = JSON.parse(text);
    } catch (e) {
      return fail('bundle', 'malformed-bundle', `the proof bundle is not valid JSON (${(e as Error).message.slice(0, 120)}); it may be truncated`);
    }
  }
  const bad = (why: string): never => fail('bundle', 'malformed-bundle', `malformed proof bundle: ${why}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('not a JSON object');
  const b = value as Record<string, unknown>;
  if (b.format !== BUNDLE_FORMAT) return bad(`"format" is ${JSON.stringify(b.format)?.slice(0, 60)}, expected "${BUNDLE_FORMAT}"`);
  if (b.version === 1) {
    return fail('bundle', 'old-bundle', 'this is a version-1 bundle (zkinfer 0.1): it does not name its package or bind a challenge, so it cannot be checked by this version; prove again with the current package');
  }
  if (b.version !== BUNDLE_VERSION) return bad(`version ${JSON.stringify(b.version)?.slice(0, 20)} is not supported (this zkinfer reads version ${BUNDLE_VERSION})`);
  const unknown = Object.keys(b).filter((k) => !FIELDS.has(k));
  if (unknown.length) return bad(`unknown field ${JSON.stringify(unknown[0]).slice(0, 60)}: a bundle carries only the package id, challenge, public signals and proof`);
  if (typeof b.packageId !== 'string' || !HEX64.test(b.packageId)) return bad('"packageId" must be a SHA-256 hex string');
  if (b.challenge !== undefined && (typeof b.challenge !== 'string' || b.challenge === '' || b.challenge.length > MAX_CHALLENGE_LENGTH)) {
    return bad(`"challenge" must be a non-empty text of at most ${MAX_CHALLENGE_LENGTH} characters`);
  }
  if (!Array.isArray(b.publicSignals) || b.publicSignals.length > 100_000 || !b.publicSignals.every((s) => typeof s === 'string' && DECIMAL.test(s))) {
    return bad('"publicSignals" must be a list of decimal strings');
  }
  const proof = b.proof as Record<string, unknown> | undefined;
  const isPoint = (p: unknown, depth: number): boolean =>
    Array.isArray(p) && p.length <= 3 && p.every((x) => (depth === 1 ? typeof x === 'string' && DECIMAL.test(x) : isPoint(x, depth - 1)));
  if (!proof || typeof proof !== 'object' || !isPoint(proof.pi_a, 1) || !isPoint(proof.pi_b, 2) || !isPoint(proof.pi_c, 1)) {
    return bad('"proof" must hold pi_a, pi_b and pi_c as decimal strings');
  }
  const extra = Object.keys(proof).filter((k) => !PROOF_FIELDS.has(k));
  if (extra.length) return bad(`unknown field "proof.${extra[0]!.slice(0, 40)}"`);
  if ((proof.protocol !== undefined && proof.protocol !== 'groth16') || (proof.curve !== undefined && proof.curve !== 'bn128')) {
    return bad('"proof" must be a Groth16 proof on bn128');
  }
  return value as ProofBundle;
}
