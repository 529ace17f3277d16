/**
 * The Prove page's session, kept above the router so that visiting another page and coming back
 * keeps the loaded package, the typed data and the last result. All heavy work goes to the prover
 * worker; this hook only orchestrates it.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { CircuitStats } from '../../core/compile.js';
import type { ProgressEvent } from '../../core/progress.js';
import { addHistory } from '../services/history.js';
import { describeOutput } from '../../core/package/signals.js';
import type { LoadedPackage } from '../../client/packages.js';
import { demoIndex, demoUrl, loadFromFiles, loadFromUrl } from '../../client/packages.js';
import { forgetInput, loadRememberedInput, saveRememberedInput } from '../services/remembered-input.js';
import { isAbortError } from '../../client/workers/bridge.js';
import type { ProveOutcome } from '../../client/workers/prover.js';
import { loadIntoProver, proveInWorker } from '../../client/workers/prover.js';

export type PackageChoice = { readonly kind: 'demo'; readonly name: string } | { readonly kind: 'url'; readonly url: string } | { readonly kind: 'files'; readonly files: readonly File[] };

export type LoadState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly message: string }
  | { readonly status: 'ready'; readonly pkg: LoadedPackage; readonly stats: CircuitStats; readonly compileMs: number }
  | { readonly status: 'error'; readonly message: string };

export type ProveState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly startedAt: number; readonly stage: string; readonly fraction: number; readonly message: string }
  | { readonly status: 'done'; readonly outcome: ProveOutcome; readonly elapsedMs: number; readonly recompiled: boolean; readonly keyCached: boolean }
  | { readonly status: 'cancelled' }
  | { readonly status: 'error'; readonly message: string };

interface Session {
  readonly load: LoadState;
  readonly prove: ProveState;
  readonly values: readonly string[];
  readonly remember: boolean;
  choose(choice: PackageChoice): Promise<void>;
  setValues(values: readonly string[]): void;
  setRemember(on: boolean): void;
  /** Proves; `challenge` is the verifier's, from a "request a proof" link. */
  startProof(input: readonly number[], challenge?: string): Promise<void>;
  cancel(): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useProveSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useProveSession outside ProveSessionProvider');
  return s;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Progress events become a stage name and a fraction of the whole proof for the bar. */
function toProgress(e: ProgressEvent): { stage: string; fraction: number; message: string } {
  switch (e.stage) {
    case 'load':
      return { stage: 'Load key', fraction: 0.02, message: e.message ?? 'loading the package' };
    case 'compile':
      return { stage: 'Compile', fraction: 0.05, message: e.message ?? 'compiling the circuit' };
    case 'witness':
      return { stage: 'Witness', fraction: 0.1, message: e.message ?? 'computing the witness' };
    case 'prove': {
      const f = e.total ? (e.done ?? 0) / e.total : 0;
      return { stage: 'Prove', fraction: 0.15 + 0.85 * f, message: e.message ?? 'proving' };
    }
    default:
      return { stage: e.stage, fraction: 0.1, message: e.message ?? e.stage };
  }
}

export function ProveSessionProvider({ children }: { children: ReactNode }) {
  const [load, setLoad] = useState<LoadState>({ status: 'idle' });
  const [prove, setProve] = useState<ProveState>({ status: 'idle' });
  const [values, setValuesState] = useState<readonly string[]>([]);
  const [remember, setRememberState] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);
  const loadSeq = useRef(0);
  /** Packages proved with in this session: their key is in memory and in the device cache. */
  const proved = useRef(new Set<string>());

  const choose = useCallback(async (choice: PackageChoice) => {
    const seq = ++loadSeq.current;
    const status = (m: string) => seq === loadSeq.current && setLoad({ status: 'loading', message: m });
    setProve({ status: 'idle' });
    status('opening the package');
    try {
      let pkg: LoadedPackage;
      if (choice.kind === 'demo') {
        const entry = (await demoIndex()).find((e) => e.name === choice.name);
        if (!entry) throw new Error(`there is no demo package named "${choice.name}"`);
        pkg = await loadFromUrl(demoUrl(entry), { kind: 'demo', url: demoUrl(entry) }, { onStatus: status });
      } else if (choice.kind === 'url') {
        pkg = await loadFromUrl(choice.url, { kind: 'url', url: choice.url }, { onStatus: status });
      } else {
        pkg = await loadFromFiles(choice.files);
      }
      status(pkg.keyCached ? 'key cached — compiling the circuit in a worker' : 'compiling the circuit in a worker');
      const loaded = await loadIntoProver(pkg, (e) => e.message && status(e.message));
      const saved = await loadRememberedInput(pkg.manifest.model.hash);
      if (seq !== loadSeq.current) return;
      setValuesState(saved ?? pkg.manifest.input.features.map(() => ''));
      setRememberState(saved !== undefined);
      setLoad({ status: 'ready', pkg, stats: loaded.stats, compileMs: loaded.compileMs });
    } catch (e) {
      if (seq === loadSeq.current) setLoad({ status: 'error', message: message(e) });
    }
  }, []);

  const setRemember = useCallback(
    (on: boolean) => {
      setRememberState(on);
      if (load.status !== 'ready') return;
      const hash = load.pkg.manifest.model.hash;
      void (on ? saveRememberedInput(hash, values) : forgetInput(hash));
    },
    [load, values],
  );

  const setValues = useCallback(
    (v: readonly string[]) => {
      setValuesState(v);
      if (remember && load.status === 'ready') void saveRememberedInput(load.pkg.manifest.model.hash, v);
    },
    [remember, load],
  );

  const startProof = useCallback(
    async (input: readonly number[], challenge?: string) => {
      if (load.status !== 'ready') return;
      abort.current?.abort();
      const ctrl = new AbortController();
      abort.current = ctrl;
      const startedAt = performance.now();
      const pkg = load.pkg;
      const keyCached = pkg.keyCached || proved.current.has(pkg.id);
      setProve({ status: 'running', startedAt, stage: 'Load key', fraction: 0.01, message: keyCached ? 'key cached' : 'key loaded' });
      try {
        const outcome = await proveInWorker({
          pkg,
          input,
          challenge,
          signal: ctrl.signal,
          onProgress: (e) => !ctrl.signal.aborted && setProve({ status: 'running', startedAt, ...toProgress(e) }),
        });
        const elapsedMs = performance.now() - startedAt;
        proved.current.add(pkg.id);
        setProve({ status: 'done', outcome, elapsedMs, recompiled: outcome.recompiled, keyCached });
        await addHistory({
          id: crypto.randomUUID(),
          model: pkg.manifest.name,
          label: describeOutput(outcome.output),
          createdAt: new Date().toISOString(),
          proveMs: elapsedMs,
          ...(challenge ? { challenge } : {}),
          bundle: outcome.bundle,
        });
      } catch (e) {
        if (isAbortError(e)) setProve({ status: 'cancelled' });
        else setProve({ status: 'error', message: message(e) });
      } finally {
        if (abort.current === ctrl) abort.current = undefined;
      }
    },
    [load],
  );

  const cancel = useCallback(() => abort.current?.abort(), []);

  const session = useMemo<Session>(
    () => ({ load, prove, values, remember, choose, setValues, setRemember, startProof, cancel }),
    [load, prove, values, remember, choose, setValues, setRemember, startProof, cancel],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
