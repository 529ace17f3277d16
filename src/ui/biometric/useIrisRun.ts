/**
 * One proving run at a time on the Biometric page (the strip on screen, or a stored capture):
 * progress for ProofProgress, cancel by aborting, the earlier proof kept on error or cancel.
 */
import { useEffect, useRef, useState } from 'react';
import type { ProgressEvent } from '../../core/progress.js';
import { isAbortError } from '../../client/workers/bridge.js';
import { toProgress } from '../hooks/useProveSession.js';
import { useLeaveWarning } from '../hooks/useLeaveWarning.js';
import type { IrisProof } from './prove-iris.js';
import { loadIrisPackage } from './prove-iris.js';
import type { LoadedPackage } from '../../client/packages.js';

export type Run = { status: 'idle' } | { status: 'running'; startedAt: number; stage: string; fraction: number; message: string } | { status: 'error'; message: string };

/** What a run does once its package (with key) is loaded. */
export type ProveStep = (pkg: LoadedPackage, onProgress: (e: ProgressEvent) => void, signal: AbortSignal) => Promise<IrisProof>;

export function useIrisRun() {
  const [run, setRun] = useState<Run>({ status: 'idle' });
  /** The latest proof, numbered so that a new one resets its result view. */
  const [proof, setProof] = useState<{ n: number; proof: IrisProof }>();
  const ctrl = useRef<AbortController | undefined>(undefined);
  useLeaveWarning(run.status === 'running');
  useEffect(() => () => ctrl.current?.abort(), []);

  const start = async (pkgName: string, step: ProveStep) => {
    const c = new AbortController();
    ctrl.current = c;
    const startedAt = performance.now();
    const status = (m: string) => !c.signal.aborted && setRun({ status: 'running', startedAt, stage: 'Load key', fraction: 0.01, message: m });
    status(`loading ${pkgName}`);
    try {
      const pkg = await loadIrisPackage(pkgName, true, status);
      const p = await step(pkg, (e) => !c.signal.aborted && setRun({ status: 'running', startedAt, ...toProgress(e) }), c.signal);
      setProof((old) => ({ n: (old?.n ?? 0) + 1, proof: p }));
      setRun({ status: 'idle' });
    } catch (e) {
      // The earlier proof (if any) stays; a cancel is not an error.
      setRun(isAbortError(e) ? { status: 'idle' } : { status: 'error', message: (e as Error).message });
    }
  };

  return { run, proof, start, cancel: () => ctrl.current?.abort() };
}
