/**
 * The browser bench page: proves a package exactly as the app does — the app's loader
 * (loadFromUrl: download, sha256 checks, IndexedDB cache) and the app's prover and verifier
 * workers through their comlink bridges — and exposes it as `window.zkBench` for the driver.
 */
import { loadFromUrl } from '../../src/client/packages.js';
import { loadIntoProver, proveInWorker, setProverThreads } from '../../src/client/workers/prover.js';
import type { ProveJob } from '../../src/client/workers/prover.js';
import { formatFingerprint } from '../../src/core/provenance/input.js';
import { verifyInWorker } from '../../src/client/workers/verifier.js';
import type { PageMemory } from '../types.js';
import type { PageJob, PageProof, PageResult, ZkBench } from './protocol.js';
import { PROGRESS_PREFIX } from './protocol.js';

const say = (line: string) => console.log(`${PROGRESS_PREFIX} ${line}`);
const stage = (name: string, detail = '') => say(`stage ${name}${detail ? ` — ${detail}` : ''}`);

type MemoryPerformance = Performance & {
  measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
  memory?: { usedJSHeapSize: number };
};

function memoryApi(): PageMemory['api'] | null {
  const p = performance as MemoryPerformance;
  if (crossOriginIsolated && typeof p.measureUserAgentSpecificMemory === 'function') return 'measureUserAgentSpecificMemory';
  return p.memory ? 'performance.memory' : null;
}

interface Breakdown {
  readonly bytes: number;
  readonly attribution: readonly { readonly scope?: string; readonly url?: string }[];
}

/** Who holds the memory: the page, the app's workers by name, snarkjs's thread pool (blob: workers). */
function byScope(breakdown: readonly Breakdown[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of breakdown) {
    const a = b.attribution[0];
    const key = !a ? 'shared and DOM' : a.scope === 'Window' ? 'page' : /prover\.worker/.test(a.url ?? '') ? 'prover worker' : /verifier\.worker/.test(a.url ?? '') ? 'verifier worker' : a.url?.startsWith('blob:') ? 'snarkjs threads' : (a.scope ?? 'other');
    out[key] = (out[key] ?? 0) + b.bytes;
  }
  return out;
}

async function measureMemory(api: PageMemory['api']): Promise<{ bytes: number; scopes: Record<string, number> | null }> {
  const p = performance as MemoryPerformance;
  if (api !== 'measureUserAgentSpecificMemory') return { bytes: p.memory!.usedJSHeapSize, scopes: null };
  const m = (await p.measureUserAgentSpecificMemory!()) as { bytes: number; breakdown?: Breakdown[] };
  return { bytes: m.bytes, scopes: m.breakdown ? byScope(m.breakdown) : null };
}

/** Samples memory once a second until stopped: only around the warm-up, so timed proofs are not disturbed. */
function sampleMemory(api: PageMemory['api'] | null) {
  let peak = 0;
  let scopes: Record<string, number> | null = null;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running && api) {
      try {
        const m = await measureMemory(api);
        if (m.bytes > peak) ({ bytes: peak, scopes } = m);
        samples++;
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return { peak, scopes, samples };
  };
}

const ms = (t: number) => performance.now() - t;

/** The job's signature as the worker takes it (bigints). */
function signedOf(job: PageJob): NonNullable<ProveJob['signed']> | undefined {
  const s = job.signed;
  if (!s) return undefined;
  return {
    publicKey: [BigInt(s.publicKey[0]), BigInt(s.publicKey[1])],
    signature: { R8: [BigInt(s.signature.R8[0]), BigInt(s.signature.R8[1])], S: BigInt(s.signature.S) },
    metadata: s.metadata.map(BigInt),
  };
}

async function run(job: PageJob): Promise<PageResult> {
  const api = memoryApi();
  const signed = signedOf(job);
  stage('download', job.packageUrl);
  let t = performance.now();
  await loadFromUrl(job.packageUrl, { kind: 'url', url: job.packageUrl }, { onStatus: say });
  const download = ms(t);

  // The app's second visit: every file (the proving key included) from IndexedDB.
  stage('cached load');
  t = performance.now();
  const pkg = await loadFromUrl(job.packageUrl, { kind: 'url', url: job.packageUrl });
  const cachedLoad = ms(t);

  stage('compile', 'opening the package and compiling the circuit in the prover worker');
  t = performance.now();
  const loaded = await loadIntoProver(pkg, (e) => say(`${e.stage}${e.message ? `: ${e.message}` : ''}`));
  const compile = ms(t);

  stage('warm-up proof', `${loaded.stats.constraints} constraints`);
  const stop = sampleMemory(api);
  t = performance.now();
  // The warm-up's stages go to the driver (the memory trace lines them up with the renderer's RSS).
  let lastStep = '';
  const warmProgress = (e: { stage: string; message?: string }) => {
    const step = `${e.stage}${e.message ? `: ${e.message}` : ''}`;
    if (step !== lastStep) say(`proof step ${(lastStep = step)}`);
  };
  let last = await proveInWorker({ pkg, input: job.input, signed, onProgress: warmProgress });
  const proveFirst = ms(t);
  if (last.threadProbe) say(`thread probe: MSM 2^12 one task ${last.threadProbe.oneMs.toFixed(0)} ms, one per thread ${last.threadProbe.poolMs.toFixed(0)} ms → ${last.threadProbe.pool ? 'thread pool' : 'one thread'}`);
  const warm = await stop();

  const proofs: PageProof[] = [];
  for (let i = 0; i < job.repeat; i++) {
    stage('prove', `${i + 1}/${job.repeat}`);
    t = performance.now();
    last = await proveInWorker({ pkg, input: job.input, signed, onProgress: () => {} });
    proofs.push({ wall: ms(t), prove: last.timings.prove, witness: last.timings.witness });
    say(`prove ${i + 1}/${job.repeat}: ${(proofs[i]!.wall / 1000).toFixed(2)} s (groth16 ${(last.timings.prove / 1000).toFixed(2)} s)`);
  }

  const singleProofs: PageProof[] = [];
  if (job.singleRepeat) {
    await setProverThreads('single');
    stage('one-thread proof', 'warm-up');
    await proveInWorker({ pkg, input: job.input, signed, onProgress: () => {} });
    for (let i = 0; i < job.singleRepeat; i++) {
      stage('one-thread proof', `${i + 1}/${job.singleRepeat}`);
      t = performance.now();
      const one = await proveInWorker({ pkg, input: job.input, signed, onProgress: () => {} });
      singleProofs.push({ wall: ms(t), prove: one.timings.prove, witness: one.timings.witness });
      say(`one-thread prove ${i + 1}/${job.singleRepeat}: groth16 ${(one.timings.prove / 1000).toFixed(2)} s`);
    }
    await setProverThreads('auto');
  }

  stage('verify');
  const text = JSON.stringify(last.bundle);
  // The first call starts the verifier worker and builds its curve: a warm-up, as for proofs.
  // A signature-bound proof verifies only for a trusted signer: the job's key.
  const options = signed ? { trustedSigners: [formatFingerprint(signed.publicKey)] } : {};
  const check = await verifyInWorker(text, pkg, options);
  if (!check.valid) throw new Error(`the proof does not verify: ${check.reason}`);
  const verify: number[] = [];
  for (let i = 0; i < Math.max(1, job.repeat); i++) {
    t = performance.now();
    const v = await verifyInWorker(text, pkg, options);
    verify.push(ms(t));
    if (!v.valid) throw new Error(`the proof does not verify: ${v.reason}`);
  }

  let memory: PageMemory | null = null;
  if (api) {
    stage('memory');
    const after = await measureMemory(api).catch(() => ({ bytes: 0, scopes: null }));
    const top = after.bytes > warm.peak ? after : { bytes: warm.peak, scopes: warm.scopes };
    memory = { api, peak: top.bytes, peakByScope: top.scopes, after: after.bytes, samples: warm.samples + 1 };
  }
  const out = last.output;
  return {
    crossOriginIsolated,
    userAgent: navigator.userAgent,
    download,
    cachedLoad,
    keyCached: pkg.keyCached,
    compile,
    constraints: loaded.stats.constraints,
    proveFirst,
    proofs,
    singleProofs,
    verify,
    output: JSON.stringify(out),
    singleThread: last.singleThread,
    memory,
  };
}

const zkBench: ZkBench = { run };
(window as unknown as { zkBench: ZkBench }).zkBench = zkBench;
say('ready');
