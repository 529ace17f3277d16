/**
 * The size of a model's circuit, estimated from the folded float graph without quantizing every
 * element or lowering to R1CS — so that `inspect` answers in seconds on a model far too large to
 * prove (a MobileNetV2 at 224×224: hundreds of millions of multiply-accumulates, whose exact
 * per-element intervals and linear combinations take minutes and gigabytes to build).
 *
 * How: the same scales as quantize (weight scales by `weightScale`, requantization to the
 * activation bits) and interval propagation in integer units, but with one interval per channel
 * (the union over positions) instead of one per element, in doubles instead of bigints; then each
 * non-linear element is priced by the gadget formulas of circuit/gadgets.ts (requantize, max2,
 * ReLU6's clip, argmax, input bits). Borders with fewer taps get the interior's (wider) interval,
 * so widths err high by a bit or so; calibrated ranges are not taken into account (they only
 * narrow). Key size, time and memory follow from the constraint count with constants measured in
 * docs/BENCHMARKS.md (run of 2026-11-25, commit b9ce9d1; see the constants below).
 */
import { domainPower } from '../domain.js';
import { foldAffines, poolBeforeRelu, withInputDecode } from '../model/fold.js';
import type { InputSpec } from '../model/input-spec.js';
import type { Graph, Node, OutputRule, TensorId } from '../model/ir.js';
import { weightScale } from '../ops/fixed-point.js';
import { DEFAULT_ACTIVATION_BITS, DEFAULT_WEIGHT_BITS } from '../quant/quantize.js';
import { sizeOf } from '../tensor/shape.js';

/**
 * Proving-key bytes per constraint: 46.7 MiB / 97.2k (mnist-cnn) = 504, 22.9 MiB / 48.4k
 * (mnist-lean) = 496, 30.0 MiB / 64.2k (cnn-28x28-5x5) = 490, 119.6 MiB / 258.9k (sweep-18m) = 484.
 */
export const KEY_BYTES_PER_CONSTRAINT = 495;
/** Node prove time per constraint: 2.52 s / 97.2k = 26 µs, 1.44 s / 48.4k = 30 µs, 6.20 s / 258.9k = 24 µs. */
export const NODE_PROVE_SECONDS_PER_CONSTRAINT = 27e-6;
/** Chromium prove time per constraint (app worker, key cached): 3.68 s / 97.2k = 38 µs, 1.93 s / 48.4k = 40 µs. */
export const BROWSER_PROVE_SECONDS_PER_CONSTRAINT = 39e-6;
/** Development-key setup (publish) per constraint: 11.79 s / 97.2k = 121 µs, 30.90 s / 258.9k = 119 µs. */
export const SETUP_SECONDS_PER_CONSTRAINT = 120e-6;
/** Page memory during a browser proof per key byte: 245.9 / 46.7 MiB = 5.3 (mnist-cnn), 140.1 / 22.9 MiB = 6.1 (mnist-lean). */
export const BROWSER_MEMORY_PER_KEY_BYTE = 6;
/**
 * Decision (docs/MODELS.md): a browser proof is taken to fit when its estimated page memory is at
 * most 2 GiB. The largest browser proof measured used 1.27 GiB of page memory (sweep-18m, 259k
 * constraints); a wasm32 heap cannot exceed 4 GiB, and snarkjs holds the key, the witness and the
 * FFT buffers at once. 2 GiB / 6 per key byte / 495 bytes ≈ 723k constraints.
 */
export const BROWSER_MEMORY_LIMIT = 2 * 1024 ** 3;
/** BN254's scalar field has 2^28-th roots of unity and the prover's coset FFT needs 2^(power+1)-th ones (devSetup's circuit-too-big). */
const BN254_MAX_POWER = 27;

export interface LayerEstimate {
  readonly layer: string;
  readonly op: string;
  readonly activations: number;
  readonly constraints: number;
}

export interface SizeEstimate {
  readonly constraints: number;
  readonly publicSignals: number;
  readonly power: number;
  readonly zkeyBytes: number;
  readonly nodeProveSeconds: number;
  readonly browserProveSeconds: number;
  readonly setupSeconds: number;
  readonly browserMemoryBytes: number;
  readonly fitsBrowser: boolean;
  readonly layers: readonly LayerEstimate[];
}

export interface EstimateOptions {
  readonly inputSpec: InputSpec;
  readonly output?: OutputRule;
  readonly activationBits?: number;
  readonly weightBits?: number;
}

/** Bounds in integer units at `scale`; element i of the tensor has bounds lo[i % P], hi[i % P]. */
interface Bounds {
  readonly scale: number;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

function bitLength(x: number): number {
  return x < 1 ? 0 : Math.floor(Math.log2(x)) + 1;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The same bounds with a period that is a multiple of `p` (and divides the tensor's size). */
function withPeriod(b: Bounds, p: number): Bounds {
  const P = b.lo.length;
  if (P % p === 0) return b;
  const Q = (P / gcd(P, p)) * p;
  return { scale: b.scale, lo: Float64Array.from({ length: Q }, (_, i) => b.lo[i % P]!), hi: Float64Array.from({ length: Q }, (_, i) => b.hi[i % P]!) };
}

/** One interval per channel (the last axis): the union over positions. */
function perChannel(b: Bounds, channels: number): Bounds {
  const w = withPeriod(b, channels);
  const lo = new Float64Array(channels).fill(Infinity);
  const hi = new Float64Array(channels).fill(-Infinity);
  for (let i = 0; i < w.lo.length; i++) {
    const c = i % channels;
    lo[c] = Math.min(lo[c]!, w.lo[i]!);
    hi[c] = Math.max(hi[c]!, w.hi[i]!);
  }
  return { scale: b.scale, lo, hi };
}

const roundQ = (v: number, s: number) => Math.round(v * 2 ** s);

/** Σ w·x over x ∈ [lo, hi]: the bounds of one weighted term. */
function term(w: number, lo: number, hi: number): [number, number] {
  const a = w * lo;
  const b = w * hi;
  return a < b ? [a, b] : [b, a];
}

/** requantize's cost for x ∈ [lo, hi] with shift k (gadgets.requantPlan), and the output bounds. */
function requant(lo: number, hi: number, k: number, relu: boolean): { cost: number; lo: number; hi: number } {
  const half = k > 0 ? 2 ** (k - 1) : 0;
  const K = 2 ** k;
  const q = (x: number) => {
    const v = Math.floor((x + half) / K);
    return relu && v < 0 ? 0 : v;
  };
  const out = { lo: q(lo), hi: q(hi) };
  if (relu && Math.floor((hi + half) / K) <= 0) return { cost: 0, ...out };
  if (k === 0 && (lo + half >= 0 || !relu)) return { cost: 0, ...out };
  const zlo = lo + half;
  const zhi = hi + half;
  // n bits cost n + 1 (n booleans and the sum); the signed form adds ReLU's product.
  if (zlo >= 0) return { cost: Math.max(k, bitLength(zhi)) + 1, ...out };
  const m = Math.max(k, bitLength(-zlo - 1), bitLength(zhi));
  return { cost: m + 2 + (relu ? 1 : 0), ...out };
}

/** Distinct numbers of valid taps of a pooling window (fewer at padded borders). */
function tapCounts(inSize: number, outSize: number, k: number, s: number, pad: number): Set<number> {
  const counts = new Set<number>();
  for (let r = 0; r < outSize; r++) {
    const start = r * s - pad;
    counts.add(Math.max(0, Math.min(start + k, inSize) - Math.max(start, 0)));
  }
  return counts;
}

export function estimateCircuit(graph: Graph, options: EstimateOptions): SizeEstimate {
  const A = options.activationBits ?? DEFAULT_ACTIVATION_BITS;
  const wb = options.weightBits ?? DEFAULT_WEIGHT_BITS;
  const rule = options.output ?? graph.suggestedOutput;
  const folded = foldAffines(poolBeforeRelu(withInputDecode(graph, options.inputSpec)));
  const shapes = folded.shapes;
  const values = new Map<TensorId, Bounds>();
  const inputSize = sizeOf(shapes.get(folded.input)!);
  const top = 2 ** options.inputSpec.bits - 1;
  values.set(folded.input, { scale: 0, lo: Float64Array.of(0), hi: Float64Array.of(top) });
  const layers: LayerEstimate[] = [];

  // Input codes: `bits` booleans each, plus one wire each when a wide layer reads them.
  let fanOut = 0;
  for (const n of folded.nodes) if (n.inputs.includes(folded.input)) fanOut += readsPerElement(n);
  layers.push({ layer: 'input', op: 'range check', activations: inputSize, constraints: inputSize * options.inputSpec.bits + (fanOut >= 256 ? inputSize : 0) });

  for (const node of folded.nodes) {
    const xs = node.inputs.map((t) => values.get(t)!);
    const outShape = shapes.get(node.output)!;
    const count = sizeOf(outShape);
    const { bounds, perElement } = estimateNode(node, xs, node.inputs.map((t) => shapes.get(t)!), outShape, A, wb);
    values.set(node.output, bounds);
    // perElement[j] prices the elements with pattern index j (count / P of each).
    const P = perElement.length;
    const constraints = P === 0 ? 0 : perElement.reduce((s, c) => s + c, 0) * (count / P);
    layers.push({ layer: node.layer, op: node.op.kind, activations: count, constraints });
  }

  const out = values.get(folded.output)!;
  const outSize = sizeOf(shapes.get(folded.output)!);
  let outputCost = 0;
  if (rule === 'argmax') {
    const bits = Math.max(1, bitLength(out.hi.reduce((m, v) => Math.max(m, v), -Infinity) - out.lo.reduce((m, v) => Math.min(m, v), Infinity)));
    outputCost = outSize * (bits + 3) + 2;
  } else if (rule === 'sign') {
    const full = withPeriod(out, outSize);
    for (let i = 0; i < outSize; i++) {
      const lo = full.lo[i]!;
      const hi = full.hi[i]!;
      outputCost += lo >= 0 || hi < 0 ? 1 : Math.max(bitLength(-lo - 1), bitLength(hi)) + 2;
    }
  } else {
    outputCost = outSize;
  }
  layers.push({ layer: 'output', op: rule, activations: rule === 'argmax' ? 1 : outSize, constraints: outputCost });
  const nOutputs = rule === 'argmax' ? 1 : outSize;
  const publicSignals = nOutputs + 1; // + the challenge, bound with one constraint
  layers.push({ layer: 'challenge', op: 'public input', activations: 1, constraints: 1 });

  const constraints = Math.round(layers.reduce((s, l) => s + l.constraints, 0));
  const zkeyBytes = constraints * KEY_BYTES_PER_CONSTRAINT;
  const browserMemoryBytes = zkeyBytes * BROWSER_MEMORY_PER_KEY_BYTE;
  return {
    constraints,
    publicSignals,
    power: domainPower(constraints, publicSignals),
    zkeyBytes,
    nodeProveSeconds: constraints * NODE_PROVE_SECONDS_PER_CONSTRAINT,
    browserProveSeconds: constraints * BROWSER_PROVE_SECONDS_PER_CONSTRAINT,
    setupSeconds: constraints * SETUP_SECONDS_PER_CONSTRAINT,
    browserMemoryBytes,
    fitsBrowser: browserMemoryBytes <= BROWSER_MEMORY_LIMIT,
    layers,
  };
}

/** How many linear-combination terms one element of the node's first input is copied into. */
function readsPerElement(node: Node): number {
  const op = node.op;
  if (op.kind === 'dense') return op.outSize;
  if (op.kind === 'conv2d') {
    const w = op.geometry.window;
    return Math.ceil(w.kh / w.sh) * Math.ceil(w.kw / w.sw) * (op.geometry.depthMultiplier > 0 ? op.geometry.depthMultiplier : op.geometry.outShape[2]);
  }
  return 1;
}

function estimateNode(node: Node, xs: readonly Bounds[], inShapes: readonly (readonly number[])[], outShape: readonly number[], A: number, wb: number): { bounds: Bounds; perElement: number[] } {
  const op = node.op;
  const x = xs[0]!;
  const inShape = inShapes[0]!;
  const free = (bounds: Bounds) => ({ bounds, perElement: [] as number[] });
  switch (op.kind) {
    case 'reshape':
      return free(x);
    case 'dense': {
      const s = weightScale(op.kernel, wb);
      const v = withPeriod(x, op.inSize);
      const lo = new Float64Array(op.outSize);
      const hi = new Float64Array(op.outSize);
      for (let o = 0; o < op.outSize; o++) lo[o] = hi[o] = roundQ(op.bias[o]!, s + x.scale);
      for (let i = 0; i < op.inSize; i++) {
        const l = v.lo[i % v.lo.length]!;
        const h = v.hi[i % v.hi.length]!;
        for (let o = 0; o < op.outSize; o++) {
          const [a, b] = term(roundQ(op.kernel[i * op.outSize + o]!, s), l, h);
          lo[o] += a;
          hi[o] += b;
        }
      }
      return free({ scale: x.scale + s, lo, hi });
    }
    case 'conv2d': {
      const g = op.geometry;
      const [kh, kw] = [g.window.kh, g.window.kw];
      const inC = g.inShape[2];
      const outC = g.outShape[2];
      const c = perChannel(x, inC);
      const s = weightScale(op.kernel, wb);
      const lo = new Float64Array(outC);
      const hi = new Float64Array(outC);
      for (let o = 0; o < outC; o++) lo[o] = hi[o] = roundQ(op.bias[o]!, s + x.scale);
      const m = g.depthMultiplier;
      for (let t = 0; t < kh * kw; t++) {
        for (let ic = 0; ic < inC; ic++) {
          const fan = m > 0 ? m : outC;
          for (let j = 0; j < fan; j++) {
            const o = m > 0 ? ic * m + j : j;
            const [a, b] = term(roundQ(op.kernel[(t * inC + ic) * fan + j]!, s), c.lo[ic]!, c.hi[ic]!);
            lo[o] += a;
            hi[o] += b;
          }
        }
      }
      return free({ scale: x.scale + s, lo, hi });
    }
    case 'pool2d': {
      const C = inShape[inShape.length - 1]!;
      const c = perChannel(x, C);
      const w = op.window;
      const taps = w.kh * w.kw;
      if (op.mode === 'max') {
        // A chain of taps − 1 max2 gadgets over one channel's interval: d ∈ [−(hi − lo), hi − lo].
        const perElement = Array.from(c.lo, (lo, j) => {
          const spread = c.hi[j]! - lo;
          return spread <= 0 ? 0 : (taps - 1) * (Math.max(bitLength(spread - 1), bitLength(spread)) + 3);
        });
        return { bounds: c, perElement };
      }
      const rows = tapCounts(inShape[0]!, outShape[0]!, w.kh, w.sh, w.padTop);
      const cols = tapCounts(inShape[1]!, outShape[1]!, w.kw, w.sw, w.padLeft);
      const reciprocals = [...rows].flatMap((r) => [...cols].map((k) => 1 / Math.max(1, r * k)));
      const s = weightScale(Float64Array.from(reciprocals), wb);
      const q = roundQ(1 / taps, s) * taps;
      return free({ scale: x.scale + s, lo: c.lo.map((v) => v * q), hi: c.hi.map((v) => v * q) });
    }
    case 'pad2d': {
      const c = perChannel(x, inShape[inShape.length - 1]!);
      return free({ scale: x.scale, lo: c.lo.map((v) => Math.min(v, 0)), hi: c.hi.map((v) => Math.max(v, 0)) });
    }
    case 'affine': {
      const s = weightScale(op.scale, wb);
      const v = withPeriod(x, op.scale.length);
      const L = op.scale.length;
      const lo = new Float64Array(v.lo.length);
      const hi = new Float64Array(v.lo.length);
      for (let i = 0; i < lo.length; i++) {
        const [a, b] = term(roundQ(op.scale[i % L]!, s), v.lo[i]!, v.hi[i]!);
        const add = roundQ(op.shift[i % L]!, s + x.scale);
        lo[i] = a + add;
        hi[i] = b + add;
      }
      return free({ scale: x.scale + s, lo, hi });
    }
    case 'add':
    case 'concat': {
      const target = Math.max(...xs.map((b) => b.scale));
      const aligned = xs.map((b) => ({ scale: target, lo: b.lo.map((v) => v * 2 ** (target - b.scale)), hi: b.hi.map((v) => v * 2 ** (target - b.scale)) }));
      if (op.kind === 'add') {
        const P = aligned.reduce((p, b) => (p / gcd(p, b.lo.length)) * b.lo.length, 1);
        const lo = new Float64Array(P);
        const hi = new Float64Array(P);
        for (const b of aligned) {
          for (let i = 0; i < P; i++) {
            lo[i] += b.lo[i % b.lo.length]!;
            hi[i] += b.hi[i % b.hi.length]!;
          }
        }
        return free({ scale: target, lo, hi });
      }
      const rank = outShape.length;
      if (op.axis === rank - 1) {
        // Channels side by side: one interval per channel of each input, concatenated.
        const parts = aligned.map((b, i) => perChannel(b, inShapes[i]!.at(-1)!));
        return free({ scale: target, lo: Float64Array.from(parts.flatMap((p) => [...p.lo])), hi: Float64Array.from(parts.flatMap((p) => [...p.hi])) });
      }
      const C = outShape[rank - 1]!;
      const parts = aligned.map((b) => perChannel(b, C));
      return free({ scale: target, lo: parts.reduce((l, p) => l.map((v, i) => Math.min(v, p.lo[i]!)), new Float64Array(C).fill(Infinity)), hi: parts.reduce((h, p) => h.map((v, i) => Math.max(v, p.hi[i]!)), new Float64Array(C).fill(-Infinity)) });
    }
    case 'relu': {
      const k = Math.max(0, x.scale - A);
      const r = Array.from(x.lo, (lo, i) => requant(lo, x.hi[i]!, k, true));
      return { bounds: { scale: x.scale - k, lo: Float64Array.from(r, (v) => v.lo), hi: Float64Array.from(r, (v) => v.hi) }, perElement: r.map((v) => v.cost) };
    }
    case 'relu6': {
      const k = Math.max(0, x.scale - A);
      const ceiling = Math.round(6 * 2 ** (x.scale - k));
      const r = Array.from(x.lo, (lo, i) => {
        const q = requant(lo, x.hi[i]!, k, true);
        if (q.lo >= ceiling) return { cost: 0, lo: ceiling, hi: ceiling };
        const clip = requant(q.lo - ceiling, q.hi - ceiling, 0, true);
        return { cost: q.cost + clip.cost, lo: Math.min(q.lo, ceiling), hi: Math.min(q.hi, ceiling) };
      });
      return { bounds: { scale: x.scale - k, lo: Float64Array.from(r, (v) => v.lo), hi: Float64Array.from(r, (v) => v.hi) }, perElement: r.map((v) => v.cost) };
    }
    case 'leakyRelu': {
      // Priced like ReLU (ops/leaky-relu.ts): one requantization whose sign bit gives max(q, 0); the
      // slopes are quantized like weights, so the output carries their s extra fractional bits.
      const k = Math.max(0, x.scale - A);
      const s = Math.max(0, weightScale(Float64Array.of(1, ...op.alpha), wb));
      const one = 2 ** s;
      const L = op.alpha.length;
      const r = Array.from(x.lo, (lo, i) => {
        const q = requant(lo, x.hi[i]!, k, false);
        const a = roundQ(op.alpha[i % L]!, s);
        const f = (v: number) => (v > 0 ? one * v : a * v);
        const ends = [f(q.lo), f(q.hi), ...(q.lo < 0 && q.hi > 0 ? [0] : [])];
        return { cost: requant(lo, x.hi[i]!, k, true).cost, lo: Math.min(...ends), hi: Math.max(...ends) };
      });
      return { bounds: { scale: x.scale - k + s, lo: Float64Array.from(r, (v) => v.lo), hi: Float64Array.from(r, (v) => v.hi) }, perElement: r.map((v) => v.cost) };
    }
    default: {
      const never: never = op;
      return never;
    }
  }
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
function bytes(n: number): string {
  return n >= GiB ? `${(n / GiB).toFixed(1)} GiB` : `${Math.max(0.1, n / MiB).toFixed(1)} MiB`;
}
function duration(s: number): string {
  return s < 60 ? `${s.toFixed(1)} s` : s < 3600 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`;
}
function count(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : String(n);
}

/** The estimate in one sentence, for inspect and for publish's refusal. */
export function estimateSentence(e: SizeEstimate): string {
  const limit = Math.floor(BROWSER_MEMORY_LIMIT / BROWSER_MEMORY_PER_KEY_BYTE / KEY_BYTES_PER_CONSTRAINT);
  const verdict = e.fitsBrowser
    ? 'fits a browser proof'
    : `will not fit a browser proof (the limit is about ${count(limit)} constraints, ${bytes(BROWSER_MEMORY_LIMIT)} of page memory)` +
      (e.power > BN254_MAX_POWER ? `, nor any Groth16 proof on BN254 (its largest domain is 2^${BN254_MAX_POWER})` : '');
  return (
    `estimated ${count(e.constraints)} constraints (domain 2^${e.power}), proving key ≈ ${bytes(e.zkeyBytes)}, ` +
    `browser memory ≈ ${bytes(e.browserMemoryBytes)}, proof ≈ ${duration(e.nodeProveSeconds)} in Node / ${duration(e.browserProveSeconds)} in a browser, ` +
    `key setup ≈ ${duration(e.setupSeconds)}: ${verdict}`
  );
}
