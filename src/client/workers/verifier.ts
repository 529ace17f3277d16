/** The app's verifier worker. */
import type { AuditReport } from '../../core/package/audit.js';
import type { VerifyOptions, VerifyResult } from '../../core/package/verify.js';
import type { VerifierApi } from '../../../workers/verifier.worker.js';
import { WorkerBridge } from './bridge.js';

const bridge = new WorkerBridge<VerifierApi>(
  () => new Worker(new URL('../../../workers/verifier.worker.ts', import.meta.url), { type: 'module', name: 'zkinfer-verifier' }),
  'verifier',
);

export function verifyInWorker(bundleText: string, files: Map<string, Uint8Array>, options: VerifyOptions = {}, signal?: AbortSignal): Promise<VerifyResult> {
  // comlink's Remote<> does not keep a union's variants apart; the worker returns a VerifyResult.
  return bridge.run(async (api) => (await api.verify(bundleText, files, options)) as VerifyResult, signal);
}

/** Audits a package in the verifier worker: recompile, file hashes, package id, vkey = the zkey's. */
export function auditInWorker(files: Map<string, Uint8Array>, signal?: AbortSignal): Promise<AuditReport> {
  return bridge.run((api) => api.audit(files), signal);
}
