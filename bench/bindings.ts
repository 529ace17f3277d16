/**
 * `npm run bench:bindings`: what input binding costs (docs/PROVENANCE.md) — constraints and
 * Groth16 prove time of the diagnosis and digit models unbound, with a commitment and with a
 * signature, and of the iris-code models (docs/IRIS.md) unbound and signature-bound with the
 * capture signal, in Node and in Chromium (through the app's prover worker, as bench/browser does).
 *
 * Packages: the demo packages where the app ships that binding (public/packages: breast-cancer,
 * breast-cancer-signed, mnist-lean, mnist-lean-committed, iris-v1, iris-v2; run `npm run
 * prepare-demos` first); the others are published here like them (development key, the model's
 * publish.json bit widths) into the git-ignored bench/.packages/bindings/, cached by a
 * fingerprint of their inputs. Input: the model's first sample (iris: the strip of synthetic eye
 * 0, capture 0, through the app's pipeline); a signature-bound package proves it signed by a fixed
 * bench key. The iris models are measured only unbound and as shipped (signature, capture signal).
 *
 * Node: one warm-up proof per package, then `--repeat` rounds, round robin over the bindings of a
 * model (so load changes hit all alike); *prove* is proveWithPackage's `timings.prove` (snarkjs
 * groth16.prove, witness excluded). Chromium: per package a fresh browser, the app's loader and
 * prover worker, one warm-up, `--repeat` timed proofs; *prove* is the worker's `timings.prove`.
 * Results go to bench/results/<date>-bindings.json and the "input-binding" section of
 * docs/BENCHMARKS.md (kept when bench/report.ts re-renders).
 *
 *   npm run bench:bindings -- [--models breast-cancer,mnist-lean] [--repeat N] [--no-browser]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { InputBinding, OpenedPackage } from '../src/core/index.js';
import {
  IRIS_MODELS,
  compilePackage,
  encodeInput,
  irisModelInput,
  loadModelFiles,
  occlusionMask,
  openPackage,
  proveWithPackage,
  publishPackage,
  releaseCurve,
  segmentIris,
  signInput,
  synthEye,
  unwrapIris,
} from '../src/core/index.js';
import { buildPage } from './browser/build.js';
import { proveInChromium } from './browser/drive.js';
import { fingerprint } from './browser/fingerprint.js';
import type { PageJob } from './browser/protocol.js';
import { serveStatic } from './browser/serve.js';
import { commitState, machine } from './env.js';
import { putKeptSection } from './kept-sections.js';
import { mdTable } from './measure.js';
import type { LoadedRow } from './rows.js';
import { demoRows, ROOT } from './rows.js';

type Kind = InputBinding['kind'];
const KINDS: readonly Kind[] = ['none', 'commitment', 'signature'];
const BINDINGS: Record<Kind, InputBinding> = { none: { kind: 'none' }, commitment: { kind: 'commitment' }, signature: { kind: 'signature', metadata: 0 } };
/** The demo package of each model and binding the app ships (scripts/lib/demo-variants.ts). */
const SHIPPED: Record<string, Partial<Record<Kind, string>>> = {
  'breast-cancer': { none: 'breast-cancer', signature: 'breast-cancer-signed' },
  'mnist-lean': { none: 'mnist-lean', commitment: 'mnist-lean-committed' },
  // Shipped signature-bound with the capture signal only (scripts/iris-models.ts); the unbound twin is the bench's.
  'iris-v1': { signature: 'iris-v1' },
  'iris-v2': { signature: 'iris-v2' },
};
/** The bindings measured per model (default: all three). A commitment-bound iris package is not a product. */
const MODEL_KINDS: Record<string, readonly Kind[]> = { 'iris-v1': ['none', 'signature'], 'iris-v2': ['none', 'signature'] };

/** An iris model's bench input: synthetic eye 0, capture 0 through segmentation, strip, mask and the model's filling. */
function irisInput(model: string): number[] | undefined {
  const version = IRIS_MODELS.find((m) => m.name === model);
  if (!version) return undefined;
  const { image } = synthEye(0, 0);
  const seg = segmentIris(image);
  const strip = unwrapIris(image, seg, { height: version.bank.stripHeight, width: version.bank.stripWidth });
  // Rounded to the 8-bit grid the capture device signs.
  return irisModelInput(strip, occlusionMask(image, seg, strip), version.bank).map((v) => Math.round(v * 255) / 255);
}

/**
 * The run's load, as bench/report.ts states it: the bench itself keeps both cores busy while it proves,
 * so only a load above the cores' count says that other work competed.
 */
function loadNote(start: number, end: number, cpus: number): string {
  const figures = `load average (1 min) ${start.toFixed(2)} at the start, ${end.toFixed(2)} at the end, on ${cpus} cores`;
  return Math.max(start, end) > cpus ? `${figures}: other work competed for the cores, so read the spread.` : `${figures}.`;
}

/** How the table names a package's binding. */
function bindingLabel(b: InputBinding | undefined): string {
  if (!b || b.kind === 'none') return 'none';
  if (b.kind === 'commitment') return 'commitment';
  return `signature, ${b.metadata} metadata${b.capture ? ' + capture signal' : ''}`;
}
const OWN_DIR = path.join(ROOT, 'bench/.packages/bindings');
const DEMO_DIR = path.join(ROOT, 'public/packages');
/** Not secret: it signs the bench's sample input only. */
const BENCH_KEY = new TextEncoder().encode('zkinfer bench data source key, not secret');

/** How to read the table: what the circuit changes, independent of one run's load. */
const READING = [
  "Reading: Groth16 prove time follows the domain (FFTs) and the multi-exponentiations (MSMs) over the wires, and an MSM's cost",
  "depends on the wires' values: it skips a scalar's zero windows, so a wire holding a bit or a small code costs a fraction of",
  'one holding a full-size field element. A binding adds few wires, but full-size ones (Poseidon states, EdDSA points), so its',
  "prove time grows more than its constraint count: on `mnist-lean`, inside the model's 2^16 domain, the commitment adds 2.3 %",
  'wires and the signature 11 %, and their proofs take 13 % and 32 % longer in Chromium (run of 2026-12-02 16:23 UTC). On the small diagnosis model',
  "the fixed ~4.5k-constraint EdDSA-Poseidon verifier dominates: 2^11 → 2^13, several times an unbound proof's time, still under",
  'a second. The commitment costs one Poseidon chain over the packed input (263 constraints for 30 × 12 bits, 1,076 for 784 × 8',
  'bits). On the iris-code model (8,192 × 4-bit strip, 2,048-bit code) the signature binding with the capture signal adds 9,808',
  'constraints (105,482 → 115,290 for iris-v1, both 2^17) and about a third more prove time, for the same reason. (Timed once in',
  'Node on the earlier 8-bit iris package, on a shared machine: the A, B1, B2 and C multi-exponentiations took 2.1 s unbound and',
  '4.7 s bound, while the FFTs did not change.)',
].join('\n');

const log = (line: string) => process.stderr.write(`[bindings] ${line}\n`);

interface Target {
  readonly model: string;
  readonly kind: Kind;
  /** URL path prefix and directory the package is served from. */
  readonly served: { readonly prefix: string; readonly dir: string; readonly name: string };
}

/** Publishes a model with a binding into bench/.packages/bindings/<model>-<kind>/ unless cached. */
async function ensureOwn(model: string, kind: Kind, row: LoadedRow): Promise<string> {
  const name = `${model}-${kind}`;
  const dir = path.join(OWN_DIR, name);
  const fp = fingerprint(ROOT, ['src/core', `public/models/${model}`, 'bench/bindings.ts'], [name]);
  const stamp = path.join(dir, '.inputs-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === fp) return name;
  log(`${name}: publishing (development key)…`);
  const src = path.join(ROOT, 'public/models', model);
  const files = new Map(readdirSync(src).map((f) => [f, new Uint8Array(readFileSync(path.join(src, f)))] as const));
  const loaded = await loadModelFiles('model.json', files.get('model.json')!, (p) => files.get(p), model);
  const labels = existsSync(path.join(src, 'labels.json')) ? (JSON.parse(readFileSync(path.join(src, 'labels.json'), 'utf8')) as string[]) : undefined;
  const published = await publishPackage({
    name,
    model: loaded,
    inputSpec: row.inputSpec,
    labels,
    weightBits: row.weightBits,
    activationBits: row.activationBits,
    inputBinding: BINDINGS[kind],
    solidity: false,
  });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [f, bytes] of published.files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), bytes);
  }
  writeFileSync(path.join(dir, 'samples.json'), '[]\n');
  writeFileSync(stamp, fp + '\n');
  return name;
}

function readDir(dir: string): Map<string, Uint8Array> {
  return new Map(readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => [e.name, new Uint8Array(readFileSync(path.join(dir, e.name)))] as const));
}

/** A flat feature list nested as the input shape. */
function nest(values: readonly number[], shape: readonly number[]): unknown {
  if (shape.length <= 1) return [...values];
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[0]! }, (_, i) => nest(values.slice(i * inner, (i + 1) * inner), shape.slice(1)));
}

function signFor(pkg: OpenedPackage, input: readonly number[]) {
  const m = pkg.manifest;
  const { codes } = encodeInput(m.input, input, 'reject');
  const s = signInput(BENCH_KEY, codes, m.input.bits);
  return { signature: s.signature, publicKey: s.publicKey, metadata: [] as bigint[] };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sec = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '—');
const range = (xs: readonly number[]) => (xs.length ? `${sec(median(xs))} (${(Math.min(...xs) / 1000).toFixed(2)}–${(Math.max(...xs) / 1000).toFixed(2)})` : '—');

interface Result {
  readonly model: string;
  readonly kind: Kind;
  readonly package: string;
  readonly constraints: number;
  readonly power: number;
  readonly binding: string;
  readonly node: number[];
  readonly browser: number[];
  readonly browserError?: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { models: { type: 'string' }, repeat: { type: 'string' }, 'no-browser': { type: 'boolean' } } });
  const models = (values.models ?? 'breast-cancer,mnist-lean').split(',').map((s) => s.trim());
  const repeat = Number(values.repeat ?? 3);
  const start = Date.now();
  const loadStart = os.loadavg()[0]!;
  const rows = demoRows();
  const results: Result[] = [];
  let chromium = 'not run';

  for (const model of models) {
    const row = rows.find((r) => r.id === model);
    if (!row || !SHIPPED[model]) throw new Error(`unknown model "${model}" (${Object.keys(SHIPPED).join(', ')})`);
    const loadedRow = await row.load();
    const input = irisInput(model) ?? [...loadedRow.input];
    const targets: Target[] = [];
    for (const kind of MODEL_KINDS[model] ?? KINDS) {
      const shipped = SHIPPED[model]![kind];
      if (shipped && !existsSync(path.join(DEMO_DIR, shipped, 'manifest.json'))) throw new Error(`public/packages/${shipped} is missing: run npm run prepare-demos`);
      const name = shipped ?? (await ensureOwn(model, kind, loadedRow));
      targets.push({ model, kind, served: shipped ? { prefix: '/demo/', dir: DEMO_DIR, name } : { prefix: '/own/', dir: OWN_DIR, name } });
    }
    // Node: open, compile once, warm up, then round robin.
    const opened = await Promise.all(targets.map(async (t) => openPackage(readDir(path.join(t.served.dir, t.served.name)), { needZkey: true })));
    const compiled = await Promise.all(opened.map((p) => compilePackage(p)));
    const nested = nest(input, opened[0]!.manifest.input.shape);
    const proveOnce = async (i: number) => {
      const pkg = opened[i]!;
      const signed = targets[i]!.kind === 'signature' ? signFor(pkg, input) : undefined;
      const r = await proveWithPackage(pkg, nested, { compiled: compiled[i], ...(signed ? { signed } : {}) });
      return r.timings.prove;
    };
    const node: number[][] = targets.map(() => []);
    for (let i = 0; i < targets.length; i++) {
      log(`${targets[i]!.served.name}: Node warm-up (${opened[i]!.manifest.circuit.constraints} constraints)`);
      await proveOnce(i);
    }
    for (let round = 0; round < repeat; round++) {
      for (let i = 0; i < targets.length; i++) {
        node[i]!.push(await proveOnce(i));
        log(`${targets[i]!.served.name}: Node prove ${round + 1}/${repeat}: ${sec(node[i]!.at(-1)!)}`);
      }
    }
    await releaseCurve();
    // Chromium: one fresh browser per package, through the app's loader and prover worker.
    const browser: number[][] = targets.map(() => []);
    const errors: (string | undefined)[] = targets.map(() => undefined);
    if (!values['no-browser']) {
      const pageDir = await buildPage(log);
      const server = await serveStatic({ '/': pageDir, '/demo/': DEMO_DIR, '/own/': OWN_DIR });
      try {
        for (let i = 0; i < targets.length; i++) {
          const t = targets[i]!;
          const s = t.kind === 'signature' ? signFor(opened[i]!, input) : undefined;
          const job: PageJob = {
            packageUrl: `${server.url}${t.served.prefix}${t.served.name}/`,
            input,
            repeat,
            ...(s
              ? {
                  signed: {
                    publicKey: [s.publicKey[0].toString(), s.publicKey[1].toString()],
                    signature: { R8: [s.signature.R8[0].toString(), s.signature.R8[1].toString()], S: s.signature.S.toString() },
                    metadata: [],
                  },
                }
              : {}),
          };
          const d = await proveInChromium({ pageUrl: `${server.url}/`, job, timeoutMs: 20 * 60_000, progress: (l) => log(`${t.served.name}: ${l}`) });
          chromium = d.chromium;
          if (d.result) browser[i]!.push(...d.result.proofs.map((p) => p.prove));
          else errors[i] = `${d.error?.stage}: ${d.error?.message}`;
          log(`${t.served.name}: Chromium prove ${browser[i]!.map(sec).join(', ') || errors[i]}`);
        }
      } finally {
        await server.close();
      }
    }
    targets.forEach((t, i) =>
      results.push({
        model,
        kind: t.kind,
        package: t.served.prefix === '/demo/' ? t.served.name : `${t.served.name} (bench only)`,
        constraints: opened[i]!.manifest.circuit.constraints,
        power: opened[i]!.manifest.circuit.power,
        binding: bindingLabel(opened[i]!.manifest.binding),
        node: node[i]!,
        browser: browser[i]!,
        ...(errors[i] ? { browserError: errors[i] } : {}),
      }),
    );
  }

  const state = commitState();
  const date = new Date(start).toISOString();
  const run = { format: 'zkinfer-bench-bindings', version: 1, date, ...state, machine: machine(), chromium, repeat, load: { start: loadStart, end: os.loadavg()[0]! }, durationMs: Date.now() - start, results };
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${date.replace(/[:.]/g, '-')}-bindings.json`);
  writeFileSync(file, JSON.stringify(run, null, 1) + '\n');
  log(`results in ${path.relative(ROOT, file)}`);

  const base = (model: string) => results.find((r) => r.model === model && r.kind === 'none');
  const table = mdTable(
    ['model', 'binding', 'package', 'constraints', 'Δ', 'domain', 'Node prove: median (min–max)', 'Chromium prove: median (min–max)', 'Chromium / unbound'],
    results.map((r) => {
      const b = base(r.model);
      const ratio = b && r.kind !== 'none' && r.browser.length && b.browser.length ? `${(median(r.browser) / median(b.browser)).toFixed(2)}×` : '';
      return [
        r.model,
        r.binding,
        `\`${r.package}\``,
        r.constraints.toLocaleString('en'),
        b && r.kind !== 'none' ? `+${(r.constraints - b.constraints).toLocaleString('en')}` : '',
        `2^${r.power}`,
        range(r.node),
        r.browserError ? `failed (${r.browserError})` : range(r.browser),
        ratio,
      ];
    }),
    ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const section = [
    '<!-- input-binding: written by `npm run bench:bindings` (bench/bindings.ts), not by bench/report.ts: keep this section when re-rendering. -->',
    '## Input binding costs',
    '',
    `Run of ${date.slice(0, 16).replace('T', ' ')} UTC on commit \`${(state.commit ?? 'unknown').slice(0, 7)}\`${state.dirty ? ' (with uncommitted changes)' : ''}, ${run.machine.cpus} × ${run.machine.cpuModel}, Chromium ${chromium}; ${loadNote(run.load.start, run.load.end, run.machine.cpus)} What each binding is: [PROVENANCE.md](PROVENANCE.md).`,
    `Prove is snarkjs's \`groth16.prove\` (witness excluded): in Node from \`proveWithPackage\`, ${repeat} proofs per package after a warm-up, round robin over a model's bindings; in Chromium from the app's prover worker (key cached, worker warm), ${repeat} proofs after a warm-up, one fresh browser per package. Input: the model's first sample; the signature-bound packages prove it signed by a bench key. Packages: the demo packages as shipped where one exists, the others published the same way (development key, same bit widths) by the bench.`,
    '',
    table,
    '',
    READING,
    '',
  ].join('\n');
  const doc = path.join(ROOT, 'docs/BENCHMARKS.md');
  writeFileSync(doc, putKeptSection(readFileSync(doc, 'utf8'), section));
  log(`wrote the input-binding section of docs/BENCHMARKS.md`);
  process.stdout.write(table + '\n');
}

try {
  await main();
} finally {
  await releaseCurve();
}
