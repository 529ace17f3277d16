/**
 * The verifier worker: checks a proof bundle against a package's manifest and verification key.
 * Separate from the prover so that verifying never waits behind (or is cancelled with) a proof.
 */
import { expose } from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { auditPackage, irisCodeFromBundle, openPackage, parseRegistry, registryAdd, verifyBundle } from '../src/core/index.js';
import type { AuditReport, IrisCode, Registry, RegistryVerdict, SignedMask, VerifyOptions, VerifyResult } from '../src/core/index.js';

/** tfjs only parses the model here (for the audit's recompile): the CPU backend needs no WebGL context. */
let backendReady: Promise<boolean> | undefined;

const api = {
  /** `files` needs manifest.json and verification_key.json; model files and key are not needed. */
  async verify(bundleText: string, files: Map<string, Uint8Array>, options: VerifyOptions = {}): Promise<VerifyResult> {
    const pkg = await openPackage(files, { needModel: false, needZkey: false });
    return verifyBundle(bundleText, pkg, options);
  },

  /**
   * Enrols an iris-code bundle into `registry` (src/core/registry): verifies it against the iris
   * package in `files` (manifest, verification key and model.json, whose metadata states the
   * filter bank and matching rule), checks its capture device is in `trustedSigners` and that the
   * mask is the one that device signed for the capture, and matches its code against the enrolled
   * ones. Returns the verdict with the new registry; the caller stores it.
   */
  async register(registry: unknown, bundle: unknown, files: Map<string, Uint8Array>, trustedSigners: string[], mask?: SignedMask): Promise<RegistryVerdict> {
    const pkg = await openPackage(files, { needModel: true, needZkey: false });
    return registryAdd(parseRegistry(registry), { bundle, pkg, trustedSigners, mask });
  },

  // The iris helpers below run here rather than in the page: the iris-code modules import tfjs
  // (for the model's metadata key) and the registry imports snarkjs, which the page's bundle
  // does not carry.

  /** A stored registry value, checked (a named error for anything this version cannot read). */
  readRegistry(raw: unknown): Registry {
    return parseRegistry(raw);
  },

  /** The code a bundle of the iris package in `files` carries (not verified here), usability from `mask`. */
  async irisCode(bundle: unknown, files: Map<string, Uint8Array>, mask?: Uint8Array): Promise<IrisCode> {
    const pkg = await openPackage(files, { needModel: true, needZkey: false });
    return irisCodeFromBundle(pkg, bundle, mask);
  },

  /** Everything a third party can check about a package (all its files, the proving key included). */
  async audit(files: Map<string, Uint8Array>): Promise<AuditReport> {
    await (backendReady ??= tf.setBackend('cpu'));
    return auditPackage(files);
  },
};

export type VerifierApi = typeof api;
expose(api);
