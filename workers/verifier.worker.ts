/**
 * The verifier worker: checks a proof bundle against a package's manifest and verification key.
 * Separate from the prover so that verifying never waits behind (or is cancelled with) a proof.
 */
import { expose } from 'comlink';
import { openPackage, verifyBundle } from '../src/core/index.js';
import type { VerifyOptions, VerifyResult } from '../src/core/index.js';

const api = {
  /** `files` needs manifest.json and verification_key.json; model files and key are not needed. */
  async verify(bundleText: string, files: Map<string, Uint8Array>, options: VerifyOptions = {}): Promise<VerifyResult> {
    const pkg = await openPackage(files, { needModel: false, needZkey: false });
    return verifyBundle(bundleText, pkg, options);
  },
};

export type VerifierApi = typeof api;
expose(api);
