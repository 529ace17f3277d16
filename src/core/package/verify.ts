/**
 * Verifying a bundle against a package: the bundle must name this package's model and keys, its
 * decoded output must be what its public signals say, and the Groth16 proof must check.
 * Invalid bundles are an answer with a reason, not an exception.
 */
import { ZkinferError } from '../errors.js';
import type { VerificationKey } from '../prover/snark-types.js';
import { verify } from '../prover/snark.js';
import type { ProofBundle } from './bundle.js';
import { parseBundle } from './bundle.js';
import type { Manifest } from './manifest.js';
import { decodeOutput, sameOutput } from './output.js';

export type VerifyResult =
  | { readonly valid: true; readonly bundle: ProofBundle }
  | { readonly valid: false; readonly code: VerifyFailure; readonly reason: string };

export type VerifyFailure = 'malformed-bundle' | 'unknown-model' | 'key-mismatch' | 'identity-mismatch' | 'output-mismatch' | 'bad-proof';

export async function verifyBundle(raw: unknown, pkg: { manifest: Manifest; vkey: VerificationKey }): Promise<VerifyResult> {
  let bundle: ProofBundle;
  try {
    bundle = parseBundle(raw);
  } catch (e) {
    if (e instanceof ZkinferError) return { valid: false, code: 'malformed-bundle', reason: e.message };
    throw e;
  }
  const m = pkg.manifest;
  if (bundle.model.modelHash !== m.modelHash) {
    return {
      valid: false,
      code: 'unknown-model',
      reason: `the bundle is a proof about model "${bundle.model.name}" (${bundle.model.modelHash.slice(0, 12)}…), not this package's model "${m.name}" (${m.modelHash.slice(0, 12)}…)`,
    };
  }
  if (bundle.model.vkeySha256 !== m.files.vkey.sha256 || bundle.model.zkeySha256 !== m.files.zkey.sha256) {
    return { valid: false, code: 'key-mismatch', reason: `the bundle was made with other keys for "${m.name}" than this package's (a different setup of the same model)` };
  }
  // The name and the development-key flag are what people read: they must be the package's.
  const devKey = m.setup.kind === 'development';
  if (bundle.model.name !== m.name || bundle.model.developmentKey !== devKey) {
    return {
      valid: false,
      code: 'identity-mismatch',
      reason: `the bundle describes its model as "${bundle.model.name}"${bundle.model.developmentKey ? ' with' : ' without'} a development key, but the package is "${m.name}"${devKey ? ' with' : ' without'} one: the bundle was edited`,
    };
  }
  let decoded;
  try {
    decoded = decodeOutput(m, bundle.publicSignals);
  } catch (e) {
    if (e instanceof ZkinferError) return { valid: false, code: 'malformed-bundle', reason: e.message };
    throw e;
  }
  if (!sameOutput(decoded, bundle.output)) {
    return { valid: false, code: 'output-mismatch', reason: `the bundle's stated output ${JSON.stringify(bundle.output)} is not what its public signals say (${JSON.stringify(decoded)})` };
  }
  const ok = await verify(pkg.vkey, bundle.publicSignals, bundle.proof);
  if (!ok) {
    return { valid: false, code: 'bad-proof', reason: 'the proof does not verify: the public signals or the proof were altered, or it was made for another key' };
  }
  return { valid: true, bundle };
}
