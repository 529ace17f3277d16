/**
 * snarkjs's curve (ffjavascript 0.3.1) for the prover worker: built once per worker, single- or
 * multi-threaded by a run-time rule, with a multi-scalar multiplication that posts its inputs to
 * each thread once instead of once per Pippenger window.
 *
 * Why (docs/browser-perf.md has the measurements): ffjavascript's `_multiExp` splits an MSM of n
 * points into ⌈256 / c⌉ windows of c bits (c = 13 at 2^16 points, 20 windows) and queues one task
 * per window, and every task carries *all* n bases and n scalars. Each task is a `postMessage`
 * without a transfer list, i.e. a structured clone: one proof of mnist-lean posts 553 MB to the
 * thread pool for 27 MB of distinct MSM input. In Node that copying is cheap (glibc reuses the
 * freed blocks); in Chromium every cloned ArrayBuffer of this size is freshly mapped memory, so
 * the copy page-faults on every 4 KiB: 645k minor faults and 51 % of the renderer's time in
 * memmove per proof. Here each thread gets one task with its own copy of the bases and scalars
 * (transferred, not cloned) and computes its share of the windows (interleaved, so that the
 * high, often all-zero windows are spread over the threads); the windows are combined as
 * ffjavascript combines them. Same WebAssembly functions, same window size, same result.
 *
 * The single-threaded curve is built here and put where snarkjs looks for its cached curve
 * (globalThis.curve_bn128): snarkjs's own `{singleThread: true}` builds a new curve (and compiles
 * its WebAssembly) on every call.
 */
import { buildBn128 } from 'ffjavascript';

/** The parts of ffjavascript's curve group and thread manager this file drives. */
interface Group {
  readonly F: { readonly n8: number };
  readonly zero: Uint8Array;
  isZero(p: Uint8Array): boolean;
  double(p: Uint8Array): Uint8Array;
  add(a: Uint8Array, b: Uint8Array): Uint8Array;
  multiExp(bases: Uint8Array, scalars: Uint8Array, logger?: unknown, logText?: string): Promise<Uint8Array>;
  multiExpAffine(bases: Uint8Array, scalars: Uint8Array, logger?: unknown, logText?: string): Promise<Uint8Array>;
}
interface Curve {
  readonly G1: Group;
  readonly G2: Group;
  readonly tm: {
    readonly singleThread: boolean;
    readonly concurrency: number;
    queueAction(task: Record<string, unknown>[], transfers?: ArrayBuffer[]): Promise<Uint8Array[]>;
  };
  terminate(): Promise<void>;
}

const g = globalThis as { curve_bn128?: Curve | null };

/** ffjavascript's window size (bits) by log2 of the number of points (engine_multiexp.js). */
const WINDOW_BITS = [1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13, 13, 14, 15, 16, 16, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17];
/** ffjavascript splits larger MSMs into parts of at most this many points. */
const MAX_POINTS = 1 << 22;
const log2 = (n: number) => 31 - Math.clz32(n);

type Which = 'G1' | 'G2';

/**
 * An MSM on the curve's thread pool in at most `maxTasks` tasks, each posted its own (transferred)
 * copy of the bases and scalars and running an interleaved share of the windows.
 */
async function multiExpOnPool(curve: Curve, which: Which, bases: Uint8Array, scalars: Uint8Array, affine: boolean, maxTasks: number): Promise<Uint8Array> {
  const { tm } = curve;
  const G = curve[which];
  if (!(bases instanceof Uint8Array) || !(scalars instanceof Uint8Array)) throw new Error('multiExp: bases and scalars must be Uint8Arrays');
  const sG = G.F.n8 * (affine ? 2 : 3);
  const fnName = `${which === 'G1' ? 'g1m' : 'g2m'}_multiexp${affine ? 'Affine' : ''}_chunk`;
  const nPoints = Math.floor(bases.byteLength / sG);
  if (nPoints === 0) return G.zero;
  const sScalar = Math.floor(scalars.byteLength / nPoints);
  if (sScalar * nPoints !== scalars.byteLength) throw new Error('Scalar size does not match');

  /** One part (≤ MAX_POINTS points); `own`: the buffers are ours to transfer to the last task. */
  const part = async (b0: Uint8Array, s0: Uint8Array, n: number, own: boolean) => {
    const c = WINDOW_BITS[log2(n)]!;
    const windows = Math.floor((sScalar * 8 - 1) / c) + 1;
    const tasks = Math.max(1, Math.min(maxTasks, windows));
    const jobs: Promise<[number, Uint8Array][]>[] = [];
    for (let t = 0; t < tasks; t++) {
      const b = own && t === tasks - 1 ? b0 : b0.slice();
      const s = own && t === tasks - 1 ? s0 : s0.slice();
      const task: Record<string, unknown>[] = [
        { cmd: 'ALLOCSET', var: 0, buff: b },
        { cmd: 'ALLOCSET', var: 1, buff: s },
      ];
      const mine: number[] = [];
      for (let w = t; w < windows; w += tasks) {
        const v = 2 + mine.length;
        task.push({ cmd: 'ALLOC', var: v, len: G.F.n8 * 3 });
        task.push({
          cmd: 'CALL',
          fnName,
          params: [{ var: 0 }, { var: 1 }, { val: sScalar }, { val: n }, { val: w * c }, { val: Math.min(sScalar * 8 - w * c, c) }, { var: v }],
        });
        task.push({ cmd: 'GET', out: mine.length, var: v, len: G.F.n8 * 3 });
        mine.push(w);
      }
      // Our copies (slice() of a Uint8Array owns its buffer): moved, never cloned.
      jobs.push(tm.queueAction(task, [b.buffer as ArrayBuffer, s.buffer as ArrayBuffer]).then((out) => mine.map((w, i): [number, Uint8Array] => [w, out[i]!])));
    }
    const byWindow: Uint8Array[] = new Array<Uint8Array>(windows);
    for (const done of await Promise.all(jobs)) for (const [w, p] of done) byWindow[w] = p;
    let res = G.zero;
    for (let w = windows - 1; w >= 0; w--) {
      if (!G.isZero(res)) for (let d = 0; d < c; d++) res = G.double(res);
      res = G.add(res, byWindow[w]!);
    }
    return res;
  };

  const parts: Promise<Uint8Array>[] = [];
  for (let i = 0; i < nPoints; i += MAX_POINTS) {
    const n = Math.min(nPoints - i, MAX_POINTS);
    if (n === nPoints) parts.push(part(bases, scalars, n, false));
    else parts.push(part(bases.slice(i * sG, (i + n) * sG), scalars.slice(i * sScalar, (i + n) * sScalar), n, true));
  }
  let res = G.zero;
  for (const p of await Promise.all(parts)) res = G.add(res, p);
  return res;
}

/** Replaces G1/G2 multiExp and multiExpAffine of a multi-threaded curve (no-op when single-threaded). */
export function patchMultiExp(curve: Curve): void {
  if (curve.tm.singleThread) return;
  for (const which of ['G1', 'G2'] as const) {
    const G = curve[which];
    // ffjavascript's own, for inputs that are not plain Uint8Arrays (BigBuffers of > 1 GiB sections).
    const theirs = { multiExp: G.multiExp.bind(G), multiExpAffine: G.multiExpAffine.bind(G) };
    const plain = (b: unknown, s: unknown) => b instanceof Uint8Array && s instanceof Uint8Array;
    G.multiExp = (bases, scalars, ...rest) => (plain(bases, scalars) ? multiExpOnPool(curve, which, bases, scalars, false, curve.tm.concurrency) : theirs.multiExp(bases, scalars, ...rest));
    G.multiExpAffine = (bases, scalars, ...rest) => (plain(bases, scalars) ? multiExpOnPool(curve, which, bases, scalars, true, curve.tm.concurrency) : theirs.multiExpAffine(bases, scalars, ...rest));
  }
}

/** Points for the probe: the first ≤ n affine G1 points of the proving key's H section (9), or null. */
function probePoints(zkey: Uint8Array, n: number): Uint8Array | null {
  const v = new DataView(zkey.buffer, zkey.byteOffset, zkey.byteLength);
  let o = 12;
  while (o + 12 <= zkey.byteLength) {
    const type = v.getUint32(o, true);
    const size = Number(v.getBigUint64(o + 4, true));
    o += 12;
    if (type === 9 && size >= 64) return zkey.slice(o, o + Math.min(size - (size % 64), n * 64));
    o += size;
  }
  return null;
}

/**
 * The measured part of the thread rule: the same G1 MSM (2^12 of the key's own points, random
 * scalars) on the pool as one task and as one task per thread, best of two each. The pool is
 * kept only when it is at least 15 % faster: on a machine whose cores are busy it is not, and
 * one thread (no copies to sub-workers) is then the faster way to prove.
 */
export async function poolPaysOff(curve: Curve, zkey: Uint8Array): Promise<{ pool: boolean; oneMs: number; poolMs: number } | null> {
  const bases = probePoints(zkey, 1 << 12);
  if (!bases || curve.tm.concurrency < 2) return null;
  const scalars = new Uint8Array((bases.byteLength / 64) * 32);
  for (let i = 0; i < scalars.byteLength; i += 65536) crypto.getRandomValues(scalars.subarray(i, Math.min(i + 65536, scalars.byteLength)));
  const time = async (tasks: number) => {
    const t = performance.now();
    await multiExpOnPool(curve, 'G1', bases, scalars, true, tasks);
    return performance.now() - t;
  };
  await time(curve.tm.concurrency); // warm: every sub-worker's wasm memory grown to size
  const oneMs = Math.min(await time(1), await time(1));
  const poolMs = Math.min(await time(curve.tm.concurrency), await time(curve.tm.concurrency));
  return { pool: poolMs < 0.85 * oneMs, oneMs, poolMs };
}

export type ThreadMode = 'threads' | 'single';

/**
 * The run-time rule (docs/browser-perf.md): a thread pool only when there are at least two
 * logical cores and nested blob: workers can exist; one thread otherwise (a pool of one worker
 * only adds the copies to and from it).
 */
export function chooseThreads(): ThreadMode {
  const cores = typeof navigator === 'object' ? navigator.hardwareConcurrency || 1 : 1;
  const nested = typeof Worker !== 'undefined' && typeof URL.createObjectURL === 'function';
  return nested && cores >= 2 ? 'threads' : 'single';
}

let current: ThreadMode | null = null;
let probed = false;

/** The last probe (poolPaysOff), for the bench and the docs. */
export let lastProbe: { pool: boolean; oneMs: number; poolMs: number } | null = null;

/**
 * Makes the curve snarkjs will use (globalThis.curve_bn128) the one for `mode`, built once and
 * kept for the worker's lifetime. Calls to snarkjs must then not pass `singleThread`. With
 * `zkey` and mode 'threads', the first call also runs the probe (poolPaysOff) and falls back to
 * one thread when the pool does not pay off; the answer is the mode in use.
 */
export async function prepareCurve(mode: ThreadMode, zkey?: Uint8Array): Promise<ThreadMode> {
  if (current === mode && g.curve_bn128) return mode;
  if (g.curve_bn128) await g.curve_bn128.terminate().catch(() => {});
  g.curve_bn128 = null;
  const curve = (await buildBn128(mode === 'single')) as unknown as Curve;
  if (mode === 'single') g.curve_bn128 = curve;
  else patchMultiExp(curve);
  current = mode;
  if (mode === 'threads' && zkey && !probed) {
    probed = true;
    lastProbe = await poolPaysOff(curve, zkey);
    if (lastProbe && !lastProbe.pool) return prepareCurve('single');
  }
  return mode;
}
