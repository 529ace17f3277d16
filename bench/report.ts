/**
 * Renders a benchmark run (bench/results/*.json) to docs/BENCHMARKS.md and its SVG charts
 * (bench/charts/*.svg, linked from the document).
 *
 *   npx tsx bench/report.ts [results.json [browser-results.json]]
 *   (default: the newest Node run in bench/results, with the newest browser run of its commit)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtBytes, fmtCount, fmtMs, fmtRatio, mdTable } from './measure.js';
import { ROOT } from './rows.js';
import { barsSvg, scatterSvg } from './svg.js';
import { latestBrowserRun, latestNodeRun, mergeRuns, readAnyRun, readRuns, isBrowserRun } from './merge.js';
import { browserHeadline, browserMeasured, browserTable } from './report-browser.js';
import { withKeptSections } from './kept-sections.js';
import type { BenchRun, BrowserRun, MergedRun, RowResult } from './types.js';
import { RESULTS_FORMAT } from './types.js';

/** Where the charts go, relative to the repository root, and how docs/BENCHMARKS.md links them. */
export const CHARTS_DIR = 'bench/charts';
const CHART_LINK = '../bench/charts';

const GROUP_TITLES: Record<string, string> = {
  demo: 'Demo models',
  shape: 'Published ZKML benchmark shapes',
  sweep: 'MLP sweep by parameter count',
  smoke: 'Smoke',
};

const BLUE = '#1f6feb';
const RED = '#d1242f';
const GREY = '#6e7781';

export function renderCharts(run: BenchRun): Map<string, string> {
  const rows = run.rows.filter((r) => r.constraints !== null);
  const proved = rows.filter((r) => r.times.prove);
  const naiveProved = rows.filter((r) => r.naive?.built);
  const charts = new Map<string, string>();
  charts.set(
    'prove-vs-constraints.svg',
    scatterSvg({
      title: 'Prove time vs constraints (Node, median)',
      xLabel: 'constraints',
      yLabel: 'prove time',
      xUnit: 'count',
      yUnit: 'ms',
      series: [
        { name: 'zkinfer', color: BLUE, points: proved.map((r) => ({ x: r.constraints!, y: r.times.prove!.median, label: r.id })) },
        { name: 'naive encoding', color: RED, points: naiveProved.map((r) => ({ x: r.naive!.built!.constraints, y: r.naive!.built!.prove.median, label: r.id })) },
        { name: 'floor (FFT + MSM)', color: GREY, hollow: true, points: proved.filter((r) => r.floor).map((r) => ({ x: r.constraints!, y: r.floor!.ms, label: r.id })) },
      ],
      links: naiveProved
        .filter((r) => r.times.prove)
        .map((r) => [
          { x: r.constraints!, y: r.times.prove!.median },
          { x: r.naive!.built!.constraints, y: r.naive!.built!.prove.median },
        ]),
    }),
  );
  charts.set(
    'prove-vs-parameters.svg',
    scatterSvg({
      title: 'Prove time vs model parameters (Node, median)',
      xLabel: 'parameters',
      yLabel: 'prove time',
      xUnit: 'count',
      yUnit: 'ms',
      series: [
        { name: 'zkinfer', color: BLUE, points: proved.map((r) => ({ x: r.parameters!, y: r.times.prove!.median, label: r.id })) },
        { name: 'naive encoding', color: RED, points: naiveProved.map((r) => ({ x: r.parameters!, y: r.naive!.built!.prove.median, label: r.id })) },
      ],
    }),
  );
  charts.set(
    'constraints-ours-vs-naive.svg',
    barsSvg({
      title: 'Constraints: zkinfer vs the naive encoding of the same model',
      valueLabel: 'constraints',
      unit: 'count',
      series: [
        { name: 'zkinfer', color: BLUE },
        { name: 'naive encoding', color: RED },
      ],
      groups: rows.map((r) => ({ label: r.id, values: [r.constraints, r.naive?.constraints ?? null], note: r.ratios.constraints ? `${fmtRatio(r.ratios.constraints)} fewer` : undefined })),
    }),
  );
  return charts;
}


const terms = (r: RowResult): string => (r.terms ? `${fmtCount(r.terms.a)} / ${fmtCount(r.terms.b)} / ${fmtCount(r.terms.c)}` : '—');

function rowName(r: RowResult): string {
  return `\`${r.id}\``;
}

function minMax(xs: number[]): string {
  if (xs.length === 0) return '—';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? fmtRatio(lo) : `${fmtRatio(lo)}–${fmtRatio(hi)}`;
}

/**
 * Circuits other projects built for the same shapes, as counted in the project's issue 4 (the
 * circomlib-ml figure was measured on this machine): a check on the naive model's estimate.
 */
const PUBLISHED_CIRCUITS: Record<string, { constraints: number; what: string }> = {
  'mnist-mlp': { constraints: 73_416, what: 'the circom circuit of the same 784-56-10 shape' },
  'mnist-cnn': { constraints: 2_045_276, what: "circomlib-ml's MNIST example (the same architecture)" },
};

function headline(run: BenchRun): string[] {
  const rows = run.rows;
  const lines: string[] = [];
  const diag = rows.find((r) => r.id === 'breast-cancer');
  if (diag?.times.prove) {
    lines.push(
      `- **Diagnosis model** (\`breast-cancer\`, ${fmtCount(diag.parameters)} parameters): ${fmtCount(diag.constraints)} constraints, proved in **${fmtMs(diag.times.prove.median)}** (warm, median of ${diag.times.prove.runs.length}), verified in ${fmtMs(diag.times.verify?.median)}; ${fmtRatio(diag.ratios.constraints)} fewer constraints than the naive encoding${diag.ratios.prove ? `, ${fmtRatio(diag.ratios.prove)} faster to prove` : ''}.`,
    );
  }
  const ratios = rows.filter((r) => r.ratios.constraints !== null && r.group !== 'smoke');
  if (ratios.length) lines.push(`- **Constraints vs the naive encoding**: ${minMax(ratios.map((r) => r.ratios.constraints!))} fewer across ${ratios.length} rows.`);
  const cnn = ratios.filter((r) => r.id.startsWith('cnn') || /Conv2D/.test(r.architecture));
  if (cnn.length) {
    const list = cnn.map((r) => `\`${r.id}\` ${fmtRatio(r.ratios.constraints)}`).join(', ');
    lines.push(`- **CNN rows**: ${minMax(cnn.map((r) => r.ratios.constraints!))} fewer constraints than the naive encoding (target ≥ 20×): ${list}.`);
  }
  for (const r of rows) {
    const ref = PUBLISHED_CIRCUITS[r.id];
    if (ref && r.constraints) lines.push(`- **\`${r.id}\` against ${ref.what}**: ${fmtCount(ref.constraints)} constraints there, ${fmtCount(r.constraints)} here: ${fmtRatio(ref.constraints / r.constraints)} fewer.`);
  }
  const pf = rows.filter((r) => r.ratios.proveOverFloor !== null && r.group !== 'smoke');
  if (pf.length) {
    const over = pf.filter((r) => r.ratios.proveOverFloor! > 1.3).map((r) => `\`${r.id}\``);
    lines.push(
      `- **Prove / floor**: ${minMax(pf.map((r) => r.ratios.proveOverFloor!)).replace(/×/g, '')} across ${pf.length} rows (target ≤ 1.3; ${over.length ? `above it: ${over.join(', ')}` : 'every row meets it'}). A proof does strictly more work than its floor, so a value below 1 is measurement noise.`,
    );
  }
  const mlps = rows.filter((r) => r.times.prove && (r.group === 'sweep' || r.id.startsWith('mlp')));
  if (mlps.length) {
    const big = mlps.reduce((a, b) => ((b.parameters ?? 0) > (a.parameters ?? 0) ? b : a));
    lines.push(`- **Largest MLP proved in Node**: \`${big.id}\`, ${fmtCount(big.parameters)} parameters, ${fmtMs(big.times.prove!.median)} (setup ${fmtMs(big.times.setup)}, peak RSS ${fmtBytes(big.memory.peakRss)}).`);
  }
  const counted = rows.filter((r) => !r.times.prove && r.constraints !== null);
  for (const r of counted) lines.push(`- \`${r.id}\` (${fmtCount(r.parameters)} parameters): compiled to ${fmtCount(r.constraints)} constraints in ${fmtMs(r.times.compile)}; not proved in this run (${r.error ? `${r.error.stage}: ${r.error.message}` : r.notes.join('; ')}).`);
  return lines;
}

const browserOf = (run: BenchRun | MergedRun): BrowserRun | null => ('browser' in run ? run.browser : null);

export function renderReport(run: BenchRun | MergedRun): string {
  const rows = run.rows;
  const browser = browserOf(run);
  const groups = [...new Set([...rows.map((r) => r.group), ...(browser?.rows ?? []).map((r) => r.group)])];
  const loadNote = `load average (1 min) ${run.load.start[0]!.toFixed(2)} at the start, ${run.load.end[0]!.toFixed(2)} at the end, on ${run.machine.cpus} cores`;
  // The bench keeps every core busy itself, so its end load reaches the cores' count on a quiet
  // machine: only a start load near that count, or an end load above it, says other work competed.
  const busy = run.load.start[0]! > run.machine.cpus * 0.75 || run.load.end[0]! > run.machine.cpus;
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push('<!-- Generated by `npm run bench` (bench/report.ts) from bench/results/. Do not edit by hand. -->');
  out.push('');
  out.push(
    `Run of ${run.date.slice(0, 16).replace('T', ' ')} UTC on commit \`${run.commit?.slice(0, 12) ?? 'unknown'}\`${run.dirty ? ' **with uncommitted changes**' : ''}: ${run.machine.cpus} × ${run.machine.cpuModel}, ${fmtBytes(run.machine.memoryBytes)}, Node ${run.machine.node}, snarkjs ${run.machine.snarkjs}, tfjs ${run.machine.tfjs} (pure-JS CPU backend). Times are medians of ${run.options.repeat} runs after one warm-up; ${loadNote}.`,
  );
  if (busy) out.push(`\n> **The machine was busy during this run** (load above ${run.machine.cpus * 0.75} at the start or above ${run.machine.cpus} at the end): other work competed for the cores, so times are inflated and noisy. Ratios measured in interleaved pairs (prove/floor) are the most robust figures here.`);
  out.push('');
  out.push('## Headline');
  out.push('');
  out.push(...headline(run));
  if (browser) out.push(...browserHeadline(browser));
  out.push('');
  out.push('## What is measured');
  out.push('');
  out.push('- **Rows**: every demo model in `public/models/` with an input spec, compiled with the weight and activation bit widths of its `publish.json` when it has one (what its shipped package uses; the compiler\'s defaults otherwise); the shapes of a published ZKML benchmark (MLPs 196-25-10, 196-24-14-10, 784-56-10 and small CNNs; seeded random weights); an MLP sweep by parameter count. Synthetic inputs are 8-bit codes of values in [0, 1] (MNIST grey levels), output argmax.');
  out.push('- **Stages**, each timed alone: *compile* (tfjs model → graph IR → integer IR → R1CS), *setup* (development key: `createDevelopmentKey` + verification key export), *witness* (witness + `.wtns`), *check* (our constraint check; snarkjs does not check), *prove* (`groth16.prove`, median after a warm-up), *verify*.');
  out.push('- **Terms**: non-zero coefficients of the A, B and C matrices. snarkjs\'s prover reads only A and B (it computes C as A·B on the domain), so long sums are placed in C.');
  out.push('- **Peak RSS**: the kernel\'s high-water mark of the process that ran the row (each row runs in a fresh child process), snarkjs\'s worker threads included.');
  out.push('- **Floor**: the FFTs and multi-scalar multiplications a Groth16 proof of this circuit needs, run with snarkjs\'s own curve (ffjavascript, same thread pool) on this row\'s proving-key points and witness: 3 × (IFFT, coset shift, FFT) on the domain and the five MSMs (A, B1 in G1, B2 in G2, C over private wires, H over the domain; H scalars random). Each timed proof is followed by one floor run; *prove/floor* is the median of those pairs\' ratios. What prove spends beyond the floor is snarkjs\'s JavaScript loop over the A/B coefficients, the pointwise A·B − C, and reading the key.');
  out.push('- **Naive encoding** (bench/naive.ts): the same integer model as circom ML libraries encode it — weights and biases as private signals, one constraint per multiplication (zero weights included), a full 254-bit decomposition (255 constraints) per ReLU (+1 product) and per requantization, a 254-bit comparison per max-pooling step and per argmax step (+ selection products), no input range checks. This is a lower bound of what circom ML libraries produce (their ReLU also compares the 254 bits against (p−1)/2 with the `Sign` template of circomlib), so the ratios are conservative. Counted analytically for every row; built with the same `CircuitBuilder`, set up and proved in the same run when it has at most ' + run.options.naiveMaxConstraints.toLocaleString('en-US') + ' constraints.');
  if (browser) out.push(...browserMeasured(browser));
  out.push('');

  for (const g of groups) {
    const gr = rows.filter((r) => r.group === g);
    out.push(`## ${GROUP_TITLES[g] ?? g}`);
    out.push('');
    const br = browser?.rows.filter((r) => r.group === g) ?? [];
    if (gr.length === 0) {
      out.push('Not in the Node run.');
      out.push('');
    }
    out.push('### Circuit');
    out.push('');
    out.push(
      mdTable(
        ['row', 'architecture', 'parameters', 'activations', 'constraints', 'wires', 'A / B / C terms', 'domain', 'r1cs', 'zkey', 'peak RSS'],
        gr.map((r) => [rowName(r), r.architecture, fmtCount(r.parameters), fmtCount(r.activations), fmtCount(r.constraints), fmtCount(r.wires), terms(r), r.power === null ? '—' : `2^${r.power}`, fmtBytes(r.sizes.r1cs), fmtBytes(r.sizes.zkey), fmtBytes(r.memory.peakRss)]),
        ['l', 'l'],
      ),
    );
    out.push('');
    out.push('### Time (Node)');
    out.push('');
    out.push(
      mdTable(
        ['row', 'compile', 'setup', 'witness', 'check', 'first proof', 'prove', 'verify', 'floor (FFT + MSM)', 'prove / floor'],
        gr.map((r) => [
          rowName(r),
          fmtMs(r.times.compile),
          fmtMs(r.times.setup),
          fmtMs(r.times.witness),
          fmtMs(r.times.check),
          fmtMs(r.times.proveFirst),
          fmtMs(r.times.prove?.median),
          fmtMs(r.times.verify?.median),
          r.floor ? `${fmtMs(r.floor.ms)} (${fmtMs(r.floor.fftMs)} + ${fmtMs(r.floor.msmMs)})` : '—',
          r.ratios.proveOverFloor === null ? '—' : r.ratios.proveOverFloor.toFixed(2),
        ]),
      ),
    );
    out.push('');
    out.push('### Against the naive encoding');
    out.push('');
    out.push(
      mdTable(
        ['row', 'naive constraints', 'naive domain', 'zkinfer constraints', 'fewer constraints', 'naive zkey', 'naive prove', 'zkinfer prove', 'faster proof'],
        gr.map((r) => {
          const n = r.naive;
          const b = n?.built;
          return [
            rowName(r),
            fmtCount(n?.constraints),
            n ? `2^${n.power}` : '—',
            fmtCount(r.constraints),
            fmtRatio(r.ratios.constraints),
            b ? fmtBytes(b.zkeyBytes) : '—',
            b ? fmtMs(b.prove.median) : n ? 'not proved (too big)' : '—',
            fmtMs(r.times.prove?.median),
            fmtRatio(r.ratios.prove),
          ];
        }),
      ),
    );
    out.push('');
    const notes = gr.flatMap((r) => [...(r.error ? [`\`${r.id}\`: **error** in ${r.error.stage}: ${r.error.message}`] : []), ...r.notes.map((n) => `\`${r.id}\`: ${n}`)]);
    if (notes.length) {
      out.push(...notes.map((n) => `- ${n}`));
      out.push('');
    }
    if (br.length) {
      out.push(`### Browser (Chromium ${browser!.chromium})`);
      out.push('');
      out.push(browserTable(br));
      out.push('');
      const failures = br.filter((r) => r.error).map((r) => `\`${r.id}\`: **failed in Chromium** in ${r.error!.stage}: ${r.error!.message}${r.error!.limit ? ` — ${r.error!.limit}` : ''}`);
      const bnotes = [...failures, ...br.flatMap((r) => r.notes.map((n) => `\`${r.id}\` (browser): ${n}`))];
      if (bnotes.length) {
        out.push(...bnotes.map((n) => `- ${n}`));
        out.push('');
      }
    }
  }

  out.push('## Limits of this run');
  out.push('');
  if (!browser) out.push(`- **Node only.** No browser run of commit \`${run.commit?.slice(0, 12) ?? 'unknown'}\` was found in bench/results/; \`npm run bench -- --browser\` proves the same rows in Chromium, and the report then shows both.`);
  else {
    const missing = rows.filter((r) => !browser.rows.some((b) => b.id === r.id)).map((r) => `\`${r.id}\``);
    if (missing.length) out.push(`- **Not run in the browser**: ${missing.join(', ')}.`);
  }
  out.push(`- **Naive circuits above ${run.options.naiveMaxConstraints.toLocaleString('en-US')} constraints are counted, not proved** (a domain of 2^20 and more takes minutes per proof and gigabytes of key here); their rows show the constraint ratio only.`);
  out.push('- **Small inputs vs wide inputs.** zkinfer range-checks every input code (8 bits per pixel here, 12 per feature for the diagnosis model) and the naive encoding does not, so rows whose cost is mostly inputs (`sweep-10k`: 6,272 of its 6,922 constraints) show small constraint ratios; the ratio grows with the work per input (`sweep-18m`).');
  out.push(
    "- **CNN rows here stay below 20× against the naive encoding; narrower, calibrated circuits pass it.** The naive encoding pays 256 constraints per activation plus the multiplications feeding it (9–36 for these kernels); zkinfer pays bits + 2, where bits is the width of the activation's range, set by the input, weight and activation widths (≈ 22–28 with the default 12-bit weights and 8-bit pixels, ≈ 16 with `mnist-lean`'s 6/4 bits), plus the input range checks the naive encoding omits. This benchmark compiles every row in the exact mode at its shipped widths, hence 10–16×. Opt-in, with calibrated ranges, 2–4-bit inputs and a model fine-tuned through the circuit's rounding (docs/CALIBRATION.md, chosen on 1,000 validation digits, reported on 1,000 other held-out test digits): `mnist-cnn` 21.4× (46,827 constraints, 99.80% agreement), `mnist-lean` 26.0×, `cnn-28x28-5x5` 23.4×, `cnn-28x28-5x5-dense` 23.5× and `cnn-14x14-3x3` 22.2× (the shape rows trained first: their weights here are random) — each at ≥ 99.5% agreement and ≥ 99.9% provability. Against the circuit circomlib-ml actually builds for `mnist-cnn` (its ReLU adds circomlib's `Sign` comparison, ≈ 517 constraints per activation) the exact ratio is 21×.",
  );
  out.push('- **Synthetic weights.** Benchmark-shape and sweep rows use seeded uniform weights in ±1/√fan-in; the bit widths the (worst-case) interval analysis derives, and so the constraint counts, depend on the weights\' magnitudes, so trained models of the same shape have similar but not identical counts.');
  out.push('');
  out.push('## Charts');
  out.push('');
  out.push(`![Prove time vs constraints](${CHART_LINK}/prove-vs-constraints.svg)`);
  out.push('');
  out.push(`![Prove time vs parameters](${CHART_LINK}/prove-vs-parameters.svg)`);
  out.push('');
  out.push(`![Constraints, zkinfer vs naive](${CHART_LINK}/constraints-ours-vs-naive.svg)`);
  out.push('');
  out.push('## Reproduce');
  out.push('');
  out.push('```sh');
  out.push('npm run bench                                  # every row, median of 5; rewrites this file');
  out.push('npm run bench -- --quick                       # demos, shapes, small sweep rows, median of 3');
  out.push('npm run bench -- --models breast-cancer,sweep --repeat 9 --report');
  out.push('npm run bench -- --browser --models breast-cancer,mnist-lean --repeat 10   # the same rows in Chromium, through the app\'s worker');
  out.push('npx tsx bench/report.ts [bench/results/<run>.json [<run>-browser.json]]   # re-render: the newest Node run and the newest browser run of its commit');
  out.push('```');
  out.push('');
  out.push(`Run duration: ${fmtMs(run.durationMs)}. Raw figures: \`bench/results/${run.date.replace(/[:.]/g, '-')}.json\`.`);
  out.push('');
  return out.join('\n');
}

/** Writes docs/BENCHMARKS.md and the charts; returns the paths written. */
export function writeReport(run: BenchRun | MergedRun, root = ROOT): string[] {
  const written: string[] = [];
  const chartsDir = path.join(root, CHARTS_DIR);
  mkdirSync(chartsDir, { recursive: true });
  for (const [name, svg] of renderCharts(run)) {
    const p = path.join(chartsDir, name);
    writeFileSync(p, svg);
    written.push(p);
  }
  const doc = path.join(root, 'docs/BENCHMARKS.md');
  mkdirSync(path.dirname(doc), { recursive: true });
  // Hand-kept sections (on-chain gas, input-binding costs) are not generated here: keep them.
  const previous = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
  writeFileSync(doc, withKeptSections(renderReport(run), previous));
  written.push(doc);
  return written;
}

export function readRun(file: string): BenchRun {
  const run = JSON.parse(readFileSync(file, 'utf8')) as BenchRun;
  if (run.format !== RESULTS_FORMAT) throw new Error(`${file} is not a zkinfer benchmark results file`);
  return run;
}

/** The newest Node run (or the one given) merged with the newest browser run of its commit (or the one given). */
export function reportRun(dir: string, nodeFile?: string, browserFile?: string): MergedRun {
  const all = readRuns(dir);
  const node = nodeFile ? readRun(nodeFile) : latestNodeRun(all);
  if (!node) throw new Error(`no Node benchmark run in ${dir}: run \`npm run bench\` first`);
  const given = browserFile ? readAnyRun(browserFile) : null;
  if (given && !isBrowserRun(given)) throw new Error(`${browserFile} is not a browser run`);
  return mergeRuns(node, given && isBrowserRun(given) ? given : latestBrowserRun(all, node.commit));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const run = reportRun(path.join(ROOT, 'bench/results'), process.argv[2], process.argv[3]);
  if (run.browser) process.stderr.write(`[bench] with the browser run of ${run.browser.date}\n`);
  for (const p of writeReport(run)) process.stderr.write(`[bench] wrote ${path.relative(ROOT, p)}\n`);
}
