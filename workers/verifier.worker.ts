/**
 * The verifier worker: checks a proof bundle against a package's manifest and verification key.
 * Separate from the prover so that verifying never waits behind (or is cancelled with) a proof.
 */
import { expose } from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { auditPackage, openPackage, verifyBundle } from '../src/core/index.js';
import type { AuditReport, VerifyOptions, VerifyResult } from '../src/core/index.js';

/** tfjs only parses the model here (for the audit's recompile): the CPU backend needs no WebGL context. */
let backendReady: Promise<boolean> | undefined;

const api = {
  /** `files` needs manifest.json and verification_key.json; model files and key are not needed. */
  async verify(bundleText: string, files: Map<string, Uint8Array>, options: VerifyOptions = {}): Promise<VerifyResult> {
    const pkg = await openPackage(files, { needModel: false, needZkey: false });
    return verifyBundle(bundleText, pkg, options);
  },

  /** Everything a third party can check about a package (all its files, the proving key included). */
  async audit(files: Map<string, Uint8Array>): Promise<AuditReport> {
    await (backendReady ??= tf.setBackend('cpu'));
    return auditPackage(files);
  },
};

export type VerifierApi = typeof api;
expose(api);
