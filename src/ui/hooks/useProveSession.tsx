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
import type { IndexEntry, LoadedPackage } from '../../client/packages.js';
import { demoIndex, demoUrl, loadFromFiles, loadFromUrl } from '../../client/packages.js';
import { forgetInput, loadRememberedInput, saveRememberedInput } from '../services/remembered-input.js';
import { isAbortError } from '../../client/workers/bridge.js';
import type { CircuitOrigin, ProveOutcome } from '../../client/workers/prover.js';
import { loadIntoProver, proveInWorker } from '../../client/workers/prover.js';
import type { SignedData } from '../services/signed-input.js';
import { useLeaveWarning } from './useLeaveWarning.js';

export type PackageChoice = { readonly kind: 'demo'; readonly name: string } | { readonly kind: 'url'; readonly url: string } | { readonly kind: 'files'; readonly files: readonly File[] };

/** The package in use. A load that fails leaves it (and the typed values and the result) in place. */
export type LoadState = { readonly status: 'idle' } | { readonly status: 'ready'; readonly pkg: LoadedPackage; readonly stats: CircuitStats; readonly compileMs: number; readonly fromCache: boolean };

/** A package being loaded (`loading`) or the last load that failed (`error`), shown beside the picker. */
export type LoadAttempt =
  | { readonly status: 'loading'; readonly message: string }
  | { readonly status: 'error'; readonly what: string; readonly message: string };

export type ProveState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly startedAt: number; readonly stage: string; readonly fraction: number; readonly message: string }
  | {
      readonly status: 'done';
      readonly outcome: ProveOutcome;
      readonly elapsedMs: number;
      readonly circuit: CircuitOrigin;
      readonly keyCached: boolean;
      /** The values the proof was made for: once they differ from the typed ones, the result is stale. */
      readonly values: readonly string[];
    }
  | { readonly status: 'cancelled' }
  | { readonly status: 'error'; readonly message: string };

export interface ChooseOptions {
  /** Fill in the package's first sample (the landing page's "Try it"). */
  readonly fillSample?: boolean;
}

interface Session {
  readonly load: LoadState;
  readonly attempt?: LoadAttempt;
  readonly prove: ProveState;
  readonly values: readonly string[];
  /** Signature-bound package: the checked signed data the values come from (read-only). */
  readonly signed?: SignedData;
  readonly remember: boolean;
  choose(choice: PackageChoice, options?: ChooseOptions): Promise<void>;
  /** Forgets the last failed load's message (the route points at the loaded package again). */
  dismissError(): void;
  setValues(values: readonly string[]): void;
  /** Uses checked signed data: its values replace the typed ones. */
  setSigned(data: SignedData): void;
  /** Names of the demo packages by package id (to say which package a signed file is for). */
  packageNames(): ReadonlyMap<string, string>;
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

/** Names what was being loaded, for the error shown beside the picker. */
function describeChoice(c: PackageChoice): string {
  if (c.kind === 'demo') return `the demo "${c.name}"`;
  if (c.kind === 'url') return `the package at ${c.url}`;
  const names = c.files.map((f) => f.webkitRelativePath || f.name);
  return `the package files you chose (${names.slice(0, 3).join(', ')}${names.length > 3 ? `, … ${names.length} in all` : ''})`;
}

/** What the session keeps of a package it switched away from, to restore when it comes back. */
interface Kept {
  readonly values: readonly string[];
  readonly signed?: SignedData;
  readonly prove: ProveState;
}

/** Progress events become a stage name and a fraction of the whole proof for the bar. */
export function toProgress(e: ProgressEvent): { stage: string; fraction: number; message: string } {
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
  const [signed, setSignedState] = useState<SignedData>();
  const [remember, setRememberState] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);
  const loadSeq = useRef(0);
  /** Packages proved with in this session: their key is in memory and in the device cache. */
  const proved = useRef(new Set<string>());

  const [attempt, setAttempt] = useState<LoadAttempt>();
  /** Values and result per package id, so switching back to a package brings them back. */
  const kept = useRef(new Map<string, Kept>());
  const index = useRef<IndexEntry[] | undefined>(undefined);
  // Mirrors of the state for the async load, which must not read stale closures.
  const current = useRef({ load, prove, values, signed });
  current.current = { load, prove, values, signed };
  useLeaveWarning(prove.status === 'running');

  const choose = useCallback(async (choice: PackageChoice, options: ChooseOptions = {}) => {
    const seq = ++loadSeq.current;
    const status = (m: string) => seq === loadSeq.current && setAttempt({ status: 'loading', message: m });
    status('opening the package');
    try {
      let pkg: LoadedPackage;
      if (choice.kind === 'demo') {
        // The index is read once: choosing a demo later (even offline) does not need it again.
        index.current ??= await demoIndex();
        const entry = index.current.find((e) => e.name === choice.name);
        if (!entry) throw new Error(`there is no demo package named "${choice.name}" (the demos are ${index.current.map((e) => e.name).join(', ')})`);
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
      const before = current.current;
      if (before.load.status === 'ready') {
        if (before.load.pkg.id === pkg.id) {
          // The same package under another name (a demo's URL): nothing to switch.
          setLoad({ ...before.load, pkg });
          setAttempt(undefined);
          return;
        }
        kept.current.set(before.load.pkg.id, {
          values: before.values,
          ...(before.signed ? { signed: before.signed } : {}),
          prove: before.prove.status === 'done' ? before.prove : { status: 'idle' },
        });
      }
      const back = kept.current.get(pkg.id);
      // Signed data is never filled from a sample or remembered values: only from a signed file.
      const signedOnly = pkg.manifest.binding?.kind === 'signature';
      const sample = options.fillSample && !signedOnly ? pkg.samples[0]?.values.map(String) : undefined;
      const restored = signedOnly ? back?.signed?.values.map(String) : (back?.values ?? saved);
      setValuesState(sample ?? restored ?? pkg.manifest.input.features.map(() => ''));
      setSignedState(signedOnly ? back?.signed : undefined);
      setProve(sample ? { status: 'idle' } : (back?.prove ?? { status: 'idle' }));
      setRememberState(saved !== undefined && !signedOnly);
      setLoad({ status: 'ready', pkg, stats: loaded.stats, compileMs: loaded.compileMs, fromCache: loaded.fromCache });
      setAttempt(undefined);
    } catch (e) {
      if (seq === loadSeq.current) setAttempt({ status: 'error', what: describeChoice(choice), message: message(e) });
    }
  }, []);

  const dismissError = useCallback(() => setAttempt((a) => (a?.status === 'error' ? undefined : a)), []);

  const setRemember = useCallback(
    (on: boolean) => {
      // Signed values come from their file each time; remembering them would also overwrite the
      // values remembered for the unbound package of the same model (remembered input is per model).
      if (load.status === 'ready' && load.pkg.manifest.binding?.kind === 'signature') return;
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
      if (remember && load.status === 'ready' && load.pkg.manifest.binding?.kind !== 'signature') void saveRememberedInput(load.pkg.manifest.model.hash, v);
    },
    [remember, load],
  );

  const setSigned = useCallback(
    (data: SignedData) => {
      setSignedState(data);
      setValues(data.values.map(String));
    },
    [setValues],
  );

  const packageNames = useCallback(() => new Map((index.current ?? []).map((e) => [e.packageId, e.name] as const)), []);

  const startProof = useCallback(
    async (typed: readonly number[], challenge?: string) => {
      if (load.status !== 'ready') return;
      // A signature-bound package proves only the signed values, with their signature.
      const signedOnly = load.pkg.manifest.binding?.kind === 'signature';
      if (signedOnly && !signed) {
        setProve({ status: 'error', message: `package "${load.pkg.manifest.name}" proves only data signed by a data source: open a signed data file first (the Lab page makes one).` });
        return;
      }
      const input = signedOnly && signed ? signed.values : typed;
      const provedValues = values;
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
          ...(signedOnly && signed ? { signed: signed.signed } : {}),
          signal: ctrl.signal,
          onProgress: (e) => !ctrl.signal.aborted && setProve({ status: 'running', startedAt, ...toProgress(e) }),
        });
        const elapsedMs = performance.now() - startedAt;
        proved.current.add(pkg.id);
        setProve({ status: 'done', outcome, elapsedMs, circuit: outcome.circuit, keyCached, values: provedValues });
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
    [load, values, signed],
  );

  const cancel = useCallback(() => abort.current?.abort(), []);

  const session = useMemo<Session>(
    () => ({ load, attempt, prove, values, signed, remember, choose, dismissError, setValues, setSigned, packageNames, setRemember, startProof, cancel }),
    [load, attempt, prove, values, signed, remember, choose, dismissError, setValues, setSigned, packageNames, setRemember, startProof, cancel],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
