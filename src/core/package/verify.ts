/**
 * Verifying a bundle against a package. The bundle must name this package's id; its signals must
 * fit the package's layout; the challenge must be the one the verifier asked for (when it asked);
 * the Groth16 proof must check; and for a signature-bound package the signer must be one the
 * verifier trusts. Everything reported comes from the verified package and the signals. Invalid
 * bundles are an answer with a reason, not an exception.
 */
import { ZkinferError, fail } from '../errors.js';
import type { VerificationKey } from '../prover/snark-types.js';
import { verify } from '../prover/snark.js';
import type { ProofBundle } from './bundle.js';
import { parseBundle } from './bundle.js';
import type { Manifest } from './manifest.js';
import { decodePublicSignals } from './output.js';
import { parseFingerprint } from '../provenance/input.js';
import type { OpeningResult } from '../provenance/opening.js';
import { openCommitment, parseOpening } from '../provenance/opening.js';
import type { DecodedOutput } from './signals.js';
import { challengeSignal } from './signals.js';

export interface VerifiedFacts {
  readonly valid: true;
  readonly packageId: string;
  readonly name: string;
  readonly packageVersion?: string;
  readonly output: DecodedOutput;
  readonly challenge:
    | { readonly kind: 'none' }
    /** The verifier gave a challenge and the proof answers exactly it. */
    | { readonly kind: 'checked'; readonly text: string }
    /** The proof answers a challenge (text as the bundle states it, hash-checked) that this verifier did not ask for. */
    | { readonly kind: 'unchecked'; readonly text?: string; readonly signal: string };
  /**
   * The input binding the proof carries: none, the commitment Poseidon(packed codes, salt) (to be
   * opened by the prover), or the fingerprint Poseidon(A.x, A.y) of the trusted data source that
   * signed the input (with `capture`, the capture signal Poseidon(CAPTURE_TAG, M) of the signed
   * message, when the package publishes it: equal for every proof of one signed capture). Absent
   * for a package without input binding.
   */
  readonly binding?:
    | { readonly kind: 'none' }
    | { readonly kind: 'commitment'; readonly commitment: string }
    | { readonly kind: 'signature'; readonly signer: string; readonly capture?: string };
  readonly setup: Manifest['setup']['kind'];
  /** Things the verifier must know, e.g. the development-key warning. */
  readonly warnings: readonly string[];
  readonly bundle: ProofBundle;
}

export type VerifyResult =
  | VerifiedFacts
  /** `signer`: with code untrusted-signer, the fingerprint of the (verified) key that signed the input. */
  | { readonly valid: false; readonly code: VerifyFailure; readonly reason: string; readonly signer?: string };

export type VerifyFailure = 'malformed-bundle' | 'old-bundle' | 'other-package' | 'bad-signals' | 'challenge-mismatch' | 'bad-proof' | 'development-key' | 'untrusted-signer';

export interface VerifyOptions {
  /** The challenge this verifier issued; the proof must answer it. */
  readonly challenge?: string;
  /** Refuse packages with a development key. */
  readonly requireCeremony?: boolean;
  /**
   * Signature-bound packages: the key fingerprints (decimal or 0x-hex Poseidon(A.x, A.y)) of the
   * data sources this verifier trusts. A proof whose input another key signed is invalid
   * (untrusted-signer), and so is every signature-bound proof when none is given.
   */
  readonly trustedSigners?: readonly string[];
}

export interface VerifierPackage {
  readonly manifest: Manifest;
  readonly id: string;
  readonly vkey: VerificationKey;
}

export async function verifyBundle(raw: unknown, pkg: VerifierPackage, o: VerifyOptions = {}): Promise<VerifyResult> {
  let bundle: ProofBundle;
  try {
    bundle = parseBundle(raw);
  } catch (e) {
    if (e instanceof ZkinferError) return { valid: false, code: e.code === 'old-bundle' ? 'old-bundle' : 'malformed-bundle', reason: e.message };
    throw e;
  }
  const m = pkg.manifest;
  if (bundle.packageId !== pkg.id) {
    return {
      valid: false,
      code: 'other-package',
      reason: `the bundle is a proof for package ${bundle.packageId.slice(0, 12)}…, not for this package "${m.name}" (${pkg.id.slice(0, 12)}…): its model, labels or keys differ`,
    };
  }
  let decoded;
  try {
    decoded = decodePublicSignals(m, bundle.publicSignals);
  } catch (e) {
    if (e instanceof ZkinferError) return { valid: false, code: 'bad-signals', reason: e.message };
    throw e;
  }
  const stated = bundle.challenge === undefined ? 0n : await challengeSignal(bundle.challenge);
  if (stated !== decoded.challenge) {
    return { valid: false, code: 'challenge-mismatch', reason: "the bundle's challenge text is not the one its proof answers: the bundle was edited" };
  }
  if (o.challenge !== undefined) {
    const asked = await challengeSignal(o.challenge);
    if (asked !== decoded.challenge) {
      return {
        valid: false,
        code: 'challenge-mismatch',
        reason: decoded.challenge === 0n
          ? 'the proof answers no challenge, but you asked for one: it may be a replay of an older proof'
          : `the proof answers another challenge${bundle.challenge ? ` ("${bundle.challenge.slice(0, 80)}")` : ''}, not yours: it may be a replay`,
      };
    }
  }
  if (!(await verify(pkg.vkey, bundle.publicSignals, bundle.proof))) {
    return { valid: false, code: 'bad-proof', reason: 'the proof does not verify: the public signals or the proof were altered' };
  }
  let binding: VerifiedFacts['binding'];
  if (decoded.commitment !== undefined) binding = { kind: 'commitment', commitment: decoded.commitment.toString() };
  if (decoded.signer !== undefined) {
    const signer = decoded.signer.toString();
    const trusted = (o.trustedSigners ?? []).map((t) => {
      const v = parseFingerprint(t);
      if (v === undefined) return fail('input', 'bad-signer', `trusted signer ${JSON.stringify(t.slice(0, 80))} is not a key fingerprint (a decimal or 0x-hex field element)`);
      return v;
    });
    if (!trusted.includes(decoded.signer)) {
      return {
        valid: false,
        code: 'untrusted-signer',
        signer,
        reason: trusted.length === 0
          ? `the proof checks, but its input was signed by key ${signer} and you named no trusted signer: a signature proves provenance only from a key you trust`
          : `the proof checks, but its input was signed by key ${signer}, which is not one of your ${trusted.length} trusted signer(s)`,
      };
    }
    binding = decoded.capture !== undefined ? { kind: 'signature', signer, capture: decoded.capture.toString() } : { kind: 'signature', signer };
  }
  const warnings: string[] = [];
  if (m.setup.kind === 'development') {
    if (o.requireCeremony) {
      return { valid: false, code: 'development-key', reason: `the proof checks, but package "${m.name}" has a development key and a ceremony key is required: ${m.setup.warning}` };
    }
    warnings.push(`development key: whoever made package "${m.name}" could forge its proofs; it is for trying things out, not for trust`);
  }
  const challenge: VerifiedFacts['challenge'] =
    o.challenge !== undefined
      ? o.challenge === ''
        ? { kind: 'none' }
        : { kind: 'checked', text: o.challenge }
      : decoded.challenge === 0n
        ? { kind: 'none' }
        : { kind: 'unchecked', ...(bundle.challenge ? { text: bundle.challenge } : {}), signal: decoded.challenge.toString() };
  if (challenge.kind === 'unchecked') warnings.push('the proof answers a challenge you did not give: pass the challenge you issued to rule out a replay');
  return {
    valid: true,
    packageId: pkg.id,
    name: m.name,
    ...(m.packageVersion ? { packageVersion: m.packageVersion } : {}),
    output: decoded.output,
    challenge,
    ...(binding ? { binding } : {}),
    setup: m.setup.kind,
    warnings,
    bundle,
  };
}

/**
 * Verifies the bundle against a commitment-bound package, then checks that the opening (package
 * id, codes, salt: provenance/opening.ts) opens its commitment. Throws only for a malformed
 * opening; a mismatch or an invalid bundle is an answer.
 */
export async function checkOpening(rawBundle: unknown, rawOpening: unknown, pkg: VerifierPackage): Promise<OpeningResult> {
  const opening = parseOpening(rawOpening);
  const m = pkg.manifest;
  if (m.binding?.kind !== 'commitment') return { matches: false, reason: `package "${m.name}" does not commit to its input: there is nothing to open` };
  const verified = await verifyBundle(rawBundle, pkg);
  if (!verified.valid) return { matches: false, reason: `the bundle is not a valid proof of this package: ${verified.reason}` };
  if (verified.binding?.kind !== 'commitment') return { matches: false, reason: 'the bundle carries no input commitment' };
  return openCommitment(opening, { packageId: pkg.id, count: m.input.shape.reduce((a, b) => a * b, 1), bits: m.input.bits, commitment: verified.binding.commitment });
}
