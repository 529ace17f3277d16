/**
 * Figures for docs/IRIS.md: genuine and impostor distance distributions of the float reference
 * iris code on synthetic eyes. Every capture goes through the whole pipeline — generator →
 * automatic segmentation → rubber-sheet strip → occlusion mask → Gabor code — and every pair of
 * captures is compared (fractional Hamming distance, rotation search): pairs of one eye are
 * genuine, pairs of different eyes impostor.
 *
 *   npx tsx scripts/iris-stats.ts [--eyes 50] [--captures 4] [--first 0] [--threshold 0.32] [--max-shift 8]
 *     [--variation 1]   (capture variation, as a multiple of the generator's default ranges)
 *     [--model iris-v1|iris-v2]   (code each strip with that iris-code model's circuit — its
 *       integer reference inference, which is what a proof outputs — instead of the float
 *       reference of the default bank)
 *     [--bits 8]   (with --model: bits per input code of the strip, default the shipped IRIS_STRIP_BITS)
 */
import { type IrisCode, DEFAULT_MAX_SHIFT, hammingDistance } from '../src/core/iris/match.js';
import { codeLength, codeValidity, irisCode } from '../src/core/iris/gabor.js';
import { IRIS_MODELS, IRIS_STRIP_BITS, buildIrisModel, irisInputSpec, irisModelInput } from '../src/core/iris-code/model.js';
import { compileModel } from '../src/core/compile.js';
import { unpackBits } from '../src/core/circuit/pack.js';
import { importModel } from '../src/core/model/import.js';
import { encodeInput } from '../src/core/model/input.js';
import { occlusionMask } from '../src/core/iris/mask.js';
import { segmentIris } from '../src/core/iris/segment.js';
import { synthEye } from '../src/core/iris/synth.js';
import { unwrapIris } from '../src/core/iris/unwrap.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const eyes = Number(arg('eyes', '50'));
const captures = Number(arg('captures', '4'));
const first = Number(arg('first', '0'));
const threshold = Number(arg('threshold', '0.32'));
const maxShift = Number(arg('max-shift', String(DEFAULT_MAX_SHIFT)));
const variation = Number(arg('variation', '1'));
const modelName = arg('model', '');
const version = IRIS_MODELS.find((m) => m.name === modelName);
if (modelName && !version) throw new Error(`--model must be one of ${IRIS_MODELS.map((m) => m.name).join(', ')}`);
const bits = Number(arg('bits', String(IRIS_STRIP_BITS)));
const spec = version ? irisInputSpec(version.bank, bits) : undefined;
const compiled = version && spec ? compileModel(importModel(buildIrisModel(version.bank), version.name), { inputSpec: spec }) : undefined;

/** The code of a strip: the model circuit's bits when --model is given, else the float reference. */
function codeOf(strip: ReturnType<typeof unwrapIris>, mask: Uint8Array): IrisCode {
  if (!version || !compiled || !spec) return irisCode(strip, mask);
  const { codes } = encodeInput(spec, irisModelInput(strip, mask, version.bank));
  const bits = Uint8Array.from(unpackBits(compiled.referenceOutput(codes), codeLength(version.bank)));
  return { bits, valid: codeValidity(mask, version.bank), bitsPerColumn: version.bank.probeRows.length * version.bank.filters.length * 2 };
}

const started = performance.now();
const codes: { eye: number; capture: number; code: IrisCode }[] = [];
const failures: string[] = [];
let usable = 0;
for (let eye = first; eye < first + eyes; eye++) {
  for (let capture = 0; capture < captures; capture++) {
    const { image } = synthEye(eye, capture, { variation });
    try {
      const seg = segmentIris(image);
      const strip = unwrapIris(image, seg);
      const code = codeOf(strip, occlusionMask(image, seg, strip));
      usable += code.valid.reduce((s, v) => s + v, 0) / code.valid.length;
      codes.push({ eye, capture, code });
    } catch (e) {
      failures.push(`eye ${eye} capture ${capture}: ${(e as Error).message}`);
    }
  }
}
const coded = performance.now();

// Without rotation search, for the degrees of freedom: the minimum over shifts pulls impostor
// distances below ½ and narrows them, which would overstate the independence of the bits.
const unshifted: number[] = [];
for (let i = 0; i < codes.length; i++) {
  for (let j = i + 1; j < codes.length; j++) {
    if (codes[i]!.eye === codes[j]!.eye) continue;
    try {
      unshifted.push(hammingDistance(codes[i]!.code, codes[j]!.code, { maxShift: 0 }).distance);
    } catch {
      // counted below, with rotation search
    }
  }
}
const genuine: number[] = [];
const impostor: number[] = [];
const shifts: number[] = [];
let incomparable = 0;
for (let i = 0; i < codes.length; i++) {
  for (let j = i + 1; j < codes.length; j++) {
    try {
      const r = hammingDistance(codes[i]!.code, codes[j]!.code, { maxShift });
      if (codes[i]!.eye === codes[j]!.eye) {
        genuine.push(r.distance);
        shifts.push(r.shift);
      } else impostor.push(r.distance);
    } catch {
      incomparable++;
    }
  }
}
const done = performance.now();

const stats = (v: number[]) => {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
  return { n: v.length, mean, sd, min: Math.min(...v), max: Math.max(...v) };
};
const g = stats(genuine);
const im = stats(impostor);
const dPrime = Math.abs(im.mean - g.mean) / Math.sqrt((g.sd ** 2 + im.sd ** 2) / 2);
const fmr = (t: number) => impostor.filter((d) => d <= t).length / impostor.length;
const fnmr = (t: number) => genuine.filter((d) => d > t).length / genuine.length;
// Degrees of freedom of the unrotated impostor distribution (a binomial with p = mean and this
// many trials has its spread): how many independent bits the code really carries.
const raw = stats(unshifted);
const dof = (raw.mean * (1 - raw.mean)) / raw.sd ** 2;

const f3 = (x: number) => x.toFixed(3);
console.log(`Code: ${version ? `${version.name} model circuit (integer reference), ${bits}-bit input codes, ${compiled!.stats.constraints} constraints (unbound)` : 'float reference, default bank'}.`);
console.log(`Synthetic eyes ${first}–${first + eyes - 1}, ${captures} captures each, capture variation ×${variation}; ${codes.length} codes (${failures.length} failed to segment).`);
for (const f of failures) console.log(`  ${f}`);
console.log(`Usable bits per code (mean): ${(usable / Math.max(1, codes.length) * 100).toFixed(1)}% of ${codes[0]?.code.bits.length ?? 0}`);
console.log(`Rotation search: ±${maxShift} probe columns; ${incomparable} pairs too occluded to compare.`);
console.log(`Genuine  (n=${g.n}): mean ${f3(g.mean)}, sd ${f3(g.sd)}, range ${f3(g.min)}–${f3(g.max)}`);
console.log(`Impostor (n=${im.n}): mean ${f3(im.mean)}, sd ${f3(im.sd)}, range ${f3(im.min)}–${f3(im.max)}`);
console.log(`Impostor without rotation search: mean ${f3(raw.mean)}, sd ${f3(raw.sd)} → degrees of freedom ≈ ${Math.round(dof)}`);
console.log(`d′ = ${dPrime.toFixed(2)}`);
for (const t of [0.25, 0.28, threshold, 0.35].filter((t, i, a) => a.indexOf(t) === i).sort()) {
  console.log(`threshold ${t.toFixed(2)}: FMR ${fmr(t).toExponential(2)} (${impostor.filter((d) => d <= t).length}/${impostor.length}), FNMR ${fnmr(t).toExponential(2)} (${genuine.filter((d) => d > t).length}/${genuine.length})`);
}
const shiftCounts = new Map<number, number>();
for (const s of shifts) shiftCounts.set(s, (shiftCounts.get(s) ?? 0) + 1);
console.log(`Genuine best shifts: ${[...shiftCounts].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(' ')}`);
console.log('Histogram (bin 0.02; G genuine, I impostor, counts as shares of each):');
for (let b = 0; b < 30; b++) {
  const lo = b * 0.02;
  const gs = genuine.filter((d) => d >= lo && d < lo + 0.02).length / genuine.length;
  const is = impostor.filter((d) => d >= lo && d < lo + 0.02).length / impostor.length;
  if (gs === 0 && is === 0) continue;
  console.log(`${lo.toFixed(2)} G ${(gs * 100).toFixed(1).padStart(5)}% ${'#'.repeat(Math.round(gs * 100))}`);
  console.log(`     I ${(is * 100).toFixed(1).padStart(5)}% ${'#'.repeat(Math.round(is * 100))}`);
}
console.log(`Time: codes ${((coded - started) / 1000).toFixed(1)} s, comparisons ${((done - coded) / 1000).toFixed(1)} s (Node ${process.version}).`);
