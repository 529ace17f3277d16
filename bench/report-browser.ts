/** The browser part of docs/BENCHMARKS.md: headline lines, one table per group, what is measured. */
import { fmtBytes, fmtCount, fmtMs, fmtRatio, mdTable } from './measure.js';
import type { BrowserRowResult, BrowserRun } from './types.js';

const isMlp = (r: BrowserRowResult) => r.group === 'sweep' || r.id.startsWith('mlp');

function memoryText(r: BrowserRowResult): string {
  const parts = [r.memory.rendererPeakRss !== null ? `renderer peak RSS ${fmtBytes(r.memory.rendererPeakRss)}` : null, r.memory.page ? `page-measured ${fmtBytes(r.memory.page.peak)}` : null].filter(Boolean);
  return parts.join(', ');
}

export function browserHeadline(b: BrowserRun): string[] {
  const lines: string[] = [];
  const diag = b.rows.find((r) => r.id === 'breast-cancer' && r.times.prove);
  if (diag) {
    lines.push(`- **Diagnosis model in Chromium** (app's prover worker, key cached, worker warm): proved in **${fmtMs(diag.times.prove!.median)}** (median of ${diag.times.prove!.runs.length}; ${fmtMs(diag.times.proofWall?.median)} per proof including witness and messages), verified in ${fmtMs(diag.times.verify?.median)}.`);
  }
  const proved = b.rows.filter((r) => isMlp(r) && r.times.prove);
  if (proved.length) {
    const big = proved.reduce((a, c) => ((c.parameters ?? 0) > (a.parameters ?? 0) ? c : a));
    lines.push(`- **Largest MLP proved in Chromium**: \`${big.id}\`, ${fmtCount(big.parameters)} parameters, ${fmtMs(big.times.prove!.median)} (key cached, worker warm; compile in the worker ${fmtMs(big.times.compile)}, ${memoryText(big)}).`);
  }
  for (const r of b.rows.filter((x) => x.error)) {
    lines.push(`- \`${r.id}\` (${fmtCount(r.parameters)} parameters${r.zkeyBytes ? `, key ${fmtBytes(r.zkeyBytes)}` : ''}) **did not prove in Chromium**: ${r.error!.stage}: ${r.error!.message}${r.error!.limit ? ` — ${r.error!.limit}` : ''}${r.memory.rendererPeakRss ? ` (renderer RSS reached ${fmtBytes(r.memory.rendererPeakRss)})` : ''}.`);
  }
  return lines;
}

export function browserTable(rows: readonly BrowserRowResult[]): string {
  return mdTable(
    ['row', 'parameters', 'constraints', 'zkey', 'download', 'compile (worker)', 'first proof', 'prove (median, min–max)', 'Node prove (same run)', 'browser / Node', 'one thread', 'per proof (wall)', 'verify', 'page memory', 'renderer peak RSS', 'status'],
    rows.map((r) => [
      `\`${r.id}\``,
      fmtCount(r.parameters),
      fmtCount(r.constraints),
      fmtBytes(r.zkeyBytes),
      fmtMs(r.times.download),
      fmtMs(r.times.compile),
      fmtMs(r.times.proveFirst),
      r.times.prove ? `${fmtMs(r.times.prove.median)} (${fmtMs(r.times.prove.min)}–${fmtMs(r.times.prove.max)})` : '—',
      fmtMs(r.node?.prove?.median),
      fmtRatio(r.node?.ratio ?? null),
      fmtMs(r.times.proveOneThread?.median),
      fmtMs(r.times.proofWall?.median),
      fmtMs(r.times.verify?.median),
      r.memory.page ? fmtBytes(r.memory.page.peak) : '—',
      fmtBytes(r.memory.rendererPeakRss),
      r.error ? `failed in ${r.error.stage}` : r.singleThread ? 'ok (single thread)' : 'ok',
    ]),
  );
}

export function browserMeasured(b: BrowserRun): string[] {
  const api = b.rows.find((r) => r.memory.page)?.memory.page?.api;
  return [
    `- **Browser (Chromium ${b.chromium})**, \`npm run bench -- --browser\`, run of ${b.date.slice(0, 16).replace('T', ' ')} UTC${b.dirty ? ' with uncommitted changes' : ''}: each row's package is published in Node (\`publishPackage\`, development key; demos with their publish.json bit widths, as shipped) into \`bench/.packages/\`, then proved in a fresh headless Chromium through the app's own code: \`loadFromUrl\` (download, sha256 checks, IndexedDB), the prover worker (\`workers/prover.worker.ts\`) through its comlink bridge, and the verifier worker. *Download* is the first load; the proofs use the package loaded again from IndexedDB (key cached). *Compile* is the worker opening the package and compiling the circuit. One warm-up proof (*first proof*, which also builds snarkjs's curve and thread pool), then ${b.options.repeat} timed proofs: *prove* is snarkjs's \`groth16.prove\` inside the worker (comparable to the Node *prove*), *per proof* what the page waits for (witness, constraint check, prove, messages).`,
    `- **Browser / Node** (same run): every row's package is also proved in Node by the bench process (core's \`proveWithPackage\`, snarkjs's worker threads; bench/browser/node-prove.ts), half of the timed proofs right before the row's Chromium proofs and half right after; *browser / Node* is the ratio of the two \`groth16.prove\` medians, the figure that load on the machine changes least. *One thread*: the same worker forced to one thread (\`setProverThreads('single')\`, snarkjs's curve without sub-workers), timed after the others for rows of domain ≤ 2^${b.options.singleMaxPower ?? 0} — the evidence for the worker's thread rule (docs/browser-perf.md).`,
    `- **Browser memory**: *renderer peak RSS* is the high-water mark (Linux VmHWM) of Chromium's renderer process, which runs the page, the prover worker and snarkjs's thread pool as threads, sampled every second from outside the page. *Page memory* is what the page itself can measure: ${
      api === 'measureUserAgentSpecificMemory'
        ? '`performance.measureUserAgentSpecificMemory()` (the page is served cross-origin isolated, COOP/COEP, which that API needs; it counts the JS heaps and array buffers of the page and its workers), the largest of samples taken once a second during the warm-up proof and one after the timed proofs (never during timed proofs)'
        : api === 'performance.memory'
          ? '`performance.memory.usedJSHeapSize`, the main thread\'s JS heap only (the proof runs in workers, so it misses nearly all of it)'
          : 'nothing (no memory API was available)'
    }.`,
    `- **Node and browser runs** are separate files (\`bench/results/<date>.json\`, \`<date>-browser.json\`); this report merges the newest Node run with the newest browser run of the same commit (bench/merge.ts), never runs of different commits. A row that fails in Chromium (crash, out of memory, time limit of ${fmtMs(b.options.timeoutMs)}) is recorded with Chromium's error and the run goes on.`,
  ];
}
