/**
 * This device's iris registry (client/iris-registry.ts) as React state shared by the Biometric
 * and Register pages, and enrolment: verify the bundle against the iris package, check its capture
 * device against the trusted list (the same list the Verify page keeps), match its code against
 * the enrolled ones — in the verifier worker — and store the registry only when it changed.
 * Enrolments run one at a time, so two at once cannot lose each other's entry.
 */
import { useEffect, useState } from 'react';
import type { Registry, RegistryVerdict } from '../../core/registry/index.js';
import type { SignedMask } from '../../core/iris-code/mask-file.js';
import { loadRegistry, saveRegistry } from '../../client/iris-registry.js';
import { registerInWorker } from '../../client/workers/verifier.js';
import { currentTrustedSigners } from '../hooks/useTrustedSigners.js';
import { loadIrisPackage } from './prove-iris.js';

let cached: Registry | undefined;
let loadProblem: string | undefined;
const listeners = new Set<() => void>();
let queue: Promise<unknown> = Promise.resolve();

function publish(r: Registry): Registry {
  cached = r;
  for (const f of listeners) f();
  return r;
}

async function current(): Promise<Registry> {
  if (cached) return cached;
  try {
    return publish(await loadRegistry());
  } catch (e) {
    // A stored registry this version cannot read is left as it is (not overwritten) and named.
    loadProblem = (e as Error).message;
    for (const f of listeners) f();
    throw e;
  }
}

export interface EnrolRequest {
  readonly packageName: string;
  /** The bundle as parsed JSON (the registry refuses anything that is not a valid bundle). */
  readonly bundle: unknown;
  /** The occlusion mask as the capture device signed it (the registry refuses a bundle without one). */
  readonly mask?: SignedMask;
  readonly onStatus?: (m: string) => void;
}

export function enrol(request: EnrolRequest): Promise<RegistryVerdict> {
  const job = queue.then(async () => {
    request.onStatus?.(`Loading the package ${request.packageName}…`);
    const pkg = await loadIrisPackage(request.packageName, false, request.onStatus);
    const registry = await current();
    const trusted = (await currentTrustedSigners()).map((s) => s.fingerprint);
    request.onStatus?.('Verifying the proof and matching the code…');
    const verdict = await registerInWorker(registry, request.bundle, pkg, trusted, request.mask);
    if (verdict.status !== 'refused') {
      await saveRegistry(verdict.registry);
      publish(verdict.registry);
    }
    return verdict;
  });
  queue = job.catch(() => {});
  return job;
}

export function useRegistry(): { readonly registry?: Registry; readonly problem?: string } {
  const [, tick] = useState(0);
  useEffect(() => {
    const f = () => tick((n) => n + 1);
    listeners.add(f);
    if (!cached) void current().catch(() => {});
    return () => {
      listeners.delete(f);
    };
  }, []);
  return { registry: cached, problem: loadProblem };
}
