/** The app's verifier worker. */
import type { AuditReport } from '../../core/package/audit.js';
import type { VerifyOptions, VerifyResult } from '../../core/package/verify.js';
import type { IrisCode } from '../../core/iris/index.js';
import type { SignedMask } from '../../core/iris-code/mask-file.js';
import type { Registry, RegistryVerdict } from '../../core/registry/index.js';
import type { VerifierApi } from '../../../workers/verifier.worker.js';
import { filesNeeded } from '../../core/package/open.js';
import type { LoadedPackage } from '../packages.js';
import { WorkerBridge } from './bridge.js';

/** A package's manifest and files in the page's memory; only what each call needs is sent (copied) to the worker. */
export type PackageInPage = Pick<LoadedPackage, 'manifest' | 'files'>;

const bridge = new WorkerBridge<VerifierApi>(
  () => new Worker(new URL('../../../workers/verifier.worker.ts', import.meta.url), { type: 'module', name: 'zkinfer-verifier' }),
  'verifier',
);

/** Verifies a bundle against the package: the worker gets its manifest and verification key, nothing else. */
export function verifyInWorker(bundleText: string, pkg: PackageInPage, options: VerifyOptions = {}, signal?: AbortSignal): Promise<VerifyResult> {
  const files = filesNeeded(pkg.manifest, pkg.files, { needModel: false });
  // comlink's Remote<> does not keep a union's variants apart; the worker returns a VerifyResult.
  return bridge.run(async (api) => (await api.verify(bundleText, files, options)) as VerifyResult, signal);
}

/** Audits a package in the verifier worker: recompile, file hashes, package id, vkey = the zkey's. */
export function auditInWorker(files: Map<string, Uint8Array>, signal?: AbortSignal): Promise<AuditReport> {
  return bridge.run((api) => api.audit(files), signal);
}

/**
 * Enrols an iris-code bundle in the verifier worker (verify, trusted capture device, match): the
 * worker gets the iris package's manifest, verification key and model files (not its proving key);
 * `mask` is the strip's occlusion mask as the capture device signed it. The registry is not stored
 * here: the caller keeps the verdict's registry.
 */
export function registerInWorker(registry: unknown, bundle: unknown, pkg: PackageInPage, trustedSigners: readonly string[], mask?: SignedMask, signal?: AbortSignal): Promise<RegistryVerdict> {
  const files = filesNeeded(pkg.manifest, pkg.files);
  // comlink's Remote<> does not keep a union's variants apart; the worker returns a RegistryVerdict.
  return bridge.run(async (api) => (await api.register(registry, bundle, files, [...trustedSigners], mask)) as RegistryVerdict, signal);
}

/** A stored registry value, checked in the worker (the registry's code is not in the page's bundle). */
export function readRegistryInWorker(raw: unknown): Promise<Registry> {
  return bridge.run((api) => api.readRegistry(raw));
}

/** The iris code a bundle carries (not verified), with usability from the strip's mask. */
export function irisCodeInWorker(bundle: unknown, pkg: PackageInPage, mask?: Uint8Array): Promise<IrisCode> {
  const files = filesNeeded(pkg.manifest, pkg.files);
  return bridge.run((api) => api.irisCode(bundle, files, mask));
}
