/**
 * Mutation testing of the soundness-critical circuit code (`npm run mutate`, not part of
 * `npm test`): each mutant below is a small, plausible bug in a gadget, the builder, the lowering
 * or an op rule. For each, the script writes it into the working tree, runs the circuit tests, and
 * restores the file from an in-memory copy (always: on success, failure, exception, Ctrl-C). A
 * mutant no test kills is a survivor: either a test is missing, or the mutant is equivalent (it
 * cannot change what the circuit accepts) and is marked so, with the reason. Exit 1 on any survivor.
 *
 *   npm run mutate                  every mutant (after a baseline run of the unmutated tests)
 *   npm run mutate -- --only <id>   one mutant (no baseline); repeatable
 *   npm run mutate -- --list        the mutants, after checking each `find` occurs exactly once
 *
 * Tests run in two tiers with `vitest run --bail 1`, one file at a time (the machine is shared):
 * the fast files first, the slow exhaustive ones (audit solver, ReLU6 enumeration) only if the fast
 * tier passes. docs/MUTATION.md lists the mutants and what kills each.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Mutant {
  readonly id: string;
  /** Relative to the repository root. */
  readonly file: string;
  /** Exact text; must occur exactly once in the file (checked before anything runs). */
  readonly find: string;
  readonly replace: string;
  /** The bug it stands for, and why it matters for soundness. */
  readonly why: string;
  /** Cannot change what the circuit accepts or outputs (the reason is in `why`): not a survivor. */
  readonly equivalent?: true;
}

const GADGETS = 'src/core/circuit/gadgets.ts';
const BUILDER = 'src/core/circuit/builder.ts';
const LOWER = 'src/core/circuit/lower.ts';

export const MUTANTS: readonly Mutant[] = [
  // --- decomposition and booleanity ---------------------------------------------------------
  {
    id: 'decompose-top-bit-not-boolean',
    file: GADGETS,
    find: 'for (const b of bits) assertBoolean(cs, b);',
    replace: 'for (const b of bits.slice(0, -1)) assertBoolean(cs, b);',
    why: 'The top bit of every decomposition (the sign bit of requantize, max2 and signBit) is no longer boolean: it can absorb any field value and the range check is gone.',
  },
  {
    id: 'booleanity-dropped',
    file: BUILDER,
    find: 'this.constraints.push([t, t, t]);',
    replace: 'void t;',
    why: 'b·b = b is never emitted: no bit, selector or input bit is boolean; every range check is void.',
  },
  {
    id: 'signed-width-lo-short',
    file: GADGETS,
    find: 'lo < 0n ? bitLength(-lo - 1n) : 0',
    replace: 'lo < 0n ? bitLength(-lo - 2n) : 0',
    why: 'Off-by-one in the signed decomposition width: one bit short when −lo − 1 is a power of two (lo = −9: 2^m = 8 < 9), so the lowest value leaves the range.',
  },
  {
    id: 'signed-width-hi-short',
    file: GADGETS,
    find: 'hi > 0n ? bitLength(hi) : 0',
    replace: 'hi > 0n ? bitLength(hi - 1n) : 0',
    why: 'Off-by-one in the signed decomposition width: 2^m = hi is allowed, so x = hi sets the bit above the sign bit (overflow into the sign).',
  },
  // --- requantize / ReLU --------------------------------------------------------------------
  {
    id: 'relu-sign-rule',
    file: GADGETS,
    find: 'if (zlo >= 0n) {',
    replace: 'if (zlo >= -1n) {',
    why: 'The ReLU sign rule off by one: an interval reaching z = −1 is treated as non-negative, so −1 is decomposed without a sign bit (ReLU(−1) ≠ 0). Known survivor before the lo = −1 tests.',
  },
  {
    id: 'relu-k0-shortcut',
    file: GADGETS,
    find: 'if (k === 0 && (lo + half >= 0n || !relu))',
    replace: 'if (k === 0 && (lo + half >= -1n || !relu))',
    why: 'The free k = 0 path taken when lo = −1: x passes through unclamped, so ReLU(−1) = −1.',
  },
  {
    id: 'requant-ties-down',
    file: GADGETS,
    // The offset the constraints add (requantize); requantPlan computes the same value for its windows.
    find: 'const half = k > 0 ? 1n << BigInt(k - 1) : 0n;\n  const plan = requantPlan(',
    replace: 'const half = k > 0 ? (1n << BigInt(k - 1)) - 1n : 0n;\n  const plan = requantPlan(',
    why: 'Rounding offset off by one: ties round toward −∞ in the circuit while the reference rounds them up.',
  },
  {
    id: 'requant-signed-truncates',
    file: GADGETS,
    find: 'decompose(cs, lc, half + (1n << BigInt(m)), m + 1);\n  const quotient',
    replace: 'decompose(cs, lc, 1n << BigInt(m), m + 1);\n  const quotient',
    why: 'The rounding offset is dropped on signed intervals: floor instead of round.',
  },
  {
    id: 'requant-quotient-takes-sign',
    file: GADGETS,
    find: 'const quotient = bitsLC(bits, k, m);',
    replace: 'const quotient = bitsLC(bits, k, m + 1);',
    why: 'The quotient includes the sign bit: every positive ReLU output is off by 2^(m−k).',
  },
  {
    id: 'gated-product-dropped',
    file: GADGETS,
    find: 'cs.constrain(wireLC(sign), lc, wireLC(y));',
    replace: '',
    why: 'y = sign · lc (ReLU, max2, LeakyReLU all use it) is computed by the witness program only: the output is a free wire.',
  },
  {
    id: 'requant-no-relu-offset',
    file: GADGETS,
    find: 'addScaled(value, ONE, -(1n << BigInt(m - k)));',
    replace: 'addScaled(value, ONE, -(1n << BigInt(m - k - 1)));',
    why: 'Requantize without ReLU subtracts the wrong power for the sign offset 2^m / 2^k.',
  },
  // --- max2 ---------------------------------------------------------------------------------
  {
    id: 'max2-range-check-dropped',
    file: GADGETS,
    find: 'const bits = decompose(cs, d, 1n << BigInt(m), m + 1);',
    replace:
      'const bits = Array.from({ length: m + 1 }, () => cs.wire()); cs.hint((w) => { const v = evaluate(d, w) + (1n << BigInt(m)); bits.forEach((b, i) => (w[b] = (v >> BigInt(i)) & 1n)); });',
    why: 'max2 computes the bits of a − b + 2^m by hint but never range-checks them: sign and magnitude are free, so max pooling can output either tap (or anything).',
  },
  {
    id: 'max2-order-shortcut',
    file: GADGETS,
    find: 'if (a.lo >= b.hi) return { ...a, bits: 0 };',
    replace: 'if (a.lo >= b.hi - 1n) return { ...a, bits: 0 };',
    why: 'The free path when the intervals order a and b, off by one: returns a when b can still exceed it by 1.',
  },
  {
    id: 'leaky-positive-slope',
    file: GADGETS,
    find: 'addScaled(value, positive, one - a);',
    replace: 'addScaled(value, positive, one);',
    why: 'LeakyReLU adds max(q, 0) with weight one instead of one − a: positive outputs gain a·q.',
  },
  // --- sign output --------------------------------------------------------------------------
  {
    id: 'sign-bit-position',
    file: GADGETS,
    find: 'new Map([[m, out]])',
    replace: 'new Map([[m - 1, out]])',
    why: 'Off-by-one in the sign-bit output: the public output sits on a magnitude bit (or on no bit when m = 0).',
  },
  {
    id: 'sign-constant-edge',
    file: GADGETS,
    find: 'if (lo >= 0n || hi < 0n) {',
    replace: 'if (lo >= 0n || hi <= 0n) {',
    why: 'An interval ending at 0 is taken as all-negative: x = 0 gets sign 0.',
  },
  {
    id: 'sign-constant-unconstrained',
    file: GADGETS,
    find: 'cs.constrainLinear(new Map(), v, [[out, -1n]]);',
    replace: '',
    why: 'When the interval decides the sign, the output is set by the hint only: a free public output.',
  },
  // --- argmax -------------------------------------------------------------------------------
  {
    id: 'argmax-tie-constraint-flipped',
    file: GADGETS,
    find: 'for (let i = j + 1; i < n; i++) addScaled(d, wireLC(sel[i]!), -1n);',
    replace: 'for (let i = 0; i < j; i++) addScaled(d, wireLC(sel[i]!), -1n);',
    why: 'The strictness term [j < out] becomes [j > out]: ties go to the highest index in the constraints.',
  },
  {
    id: 'argmax-tie-hint-flipped',
    // The hints are ops of the witness program now (docs/circuit-cache.md): argmax's tie rule lives there.
    file: 'src/core/circuit/program.ts',
    find: 'if (v[j]! > v[best]!) best = j;',
    replace: 'if (v[j]! >= v[best]!) best = j;',
    why: 'The witness breaks ties toward the highest index, against the constraints and the reference.',
  },
  {
    id: 'argmax-one-hot-dropped',
    file: GADGETS,
    find: 'cs.constrainLinear(new Map(sel.map((s) => [s, 1n])), -1n, []);',
    replace: '',
    why: 'Σ s_j = 1 is missing: no selector (max = 0) or several may be set, so other classes become provable.',
  },
  {
    id: 'argmax-class-unbound',
    file: GADGETS,
    find: 'cs.constrainLinear(new Map(sel.map((s, j) => [s, BigInt(j)] as [number, bigint]).filter(([, j]) => j !== 0n)), 0n, [[out, -1n]]);',
    replace: '',
    why: 'out = Σ j·s_j is missing: the public class is not tied to the selector.',
  },
  {
    id: 'argmax-product-dropped',
    file: GADGETS,
    find: 'xs.forEach((x, j) => cs.constrain(wireLC(sel[j]!), x, wireLC(prod[j]!)));',
    replace: '',
    why: 's_j · x_j = prod_j is missing: the claimed maximum is free.',
  },
  {
    id: 'argmax-zero-width-when-constant',
    file: GADGETS,
    find: 'const bits = Math.max(1, bitLength(top - bottom));',
    replace: 'const bits = Math.max(0, bitLength(top - bottom));',
    equivalent: true,
    why: 'Differs only when every logit is the same constant (top = bottom): each d_j = −[j < out] is then pinned to 0 by a 0-bit decomposition instead of to {0, 1} by a 1-bit one; both force out = 0, so the accepted outputs are the same (only n booleanity constraints and the reported width change).',
  },
  // --- input codes --------------------------------------------------------------------------
  {
    id: 'input-code-booleanity-dropped',
    file: GADGETS,
    find: 'wires.forEach((b) => assertBoolean(cs, b));',
    replace: '',
    why: 'Skips the input code range check: input bits are not boolean, so a code can be any field value.',
  },
  {
    id: 'materialised-input-unbound',
    file: GADGETS,
    find: 'cs.constrainLinear(code, 0n, [[wire, -1n]]);',
    replace: '',
    why: 'The materialised wire of a wide fan-out input is not tied to its bits: the network can run on another input than the committed one.',
  },
  // --- builder ------------------------------------------------------------------------------
  {
    id: 'public-input-binding-dropped',
    file: BUILDER,
    find: 'this.constraints.push([p, ONE, p]);',
    replace: 'void p;',
    why: 'p·1 = p is not emitted: a public input (the challenge) sits in no constraint, so a proof would not bind it under a setup that does not add its own binding.',
  },
  {
    id: 'public-input-binding-off-by-one',
    file: BUILDER,
    find: 'for (let i = 0; i < nPublicInputs; i++) {',
    replace: 'for (let i = 1; i < nPublicInputs; i++) {',
    why: 'The first public input is left unbound.',
  },
  {
    id: 'canonical-constant-lost',
    file: BUILDER,
    find: 'const r = reduce(w === 0 ? c + constant : c);',
    replace: 'const r = reduce(c);',
    why: 'A constraint’s constant (decomposition offset, rounding half) is dropped when the combination already has a constant term (a bias).',
  },
  // --- lowering and op rules ----------------------------------------------------------------
  {
    id: 'lower-logit-unexposed',
    file: LOWER,
    find: 'final.forEach((lc, i) => expose(cs, lc, cs.outputWire(i)));',
    replace: 'final.slice(1).forEach((lc, i) => expose(cs, lc, cs.outputWire(i + 1)));',
    why: 'The first logit output is never constrained: a free public output.',
  },
  {
    id: 'lower-materialise-threshold',
    file: LOWER,
    find: 'inputFanOut(model) >= MATERIALIZE_FAN_OUT',
    replace: 'inputFanOut(model) > MATERIALIZE_FAN_OUT',
    why: 'Off-by-one in when an input code gets its own wire (cost, not soundness; kept so the rule stays pinned).',
  },
  {
    id: 'relu6-constant-shortcut',
    file: 'src/core/ops/relu6.ts',
    find: 'return requantValue(t.lo[i]!, op.shift, true) >= BigInt(op.ceiling);',
    replace: 'return requantValue(t.lo[i]!, op.shift, true) >= BigInt(op.ceiling) - 1n;',
    why: 'ReLU6 outputs the constant ceiling when q can still be one below it.',
  },
  {
    id: 'relu6-clip-sign',
    file: 'src/core/ops/relu6.ts',
    find: 'addScaled(y, excess.value, -1n);',
    replace: 'addScaled(y, excess.value, 1n);',
    why: 'min(q, C) = q + relu(q − C): the clip adds the excess instead of removing it.',
  },
  {
    id: 'max-pool-skips-tap',
    file: 'src/core/ops/pool2d.ts',
    find: 'for (const i of taps.slice(1)) {',
    replace: 'for (const i of taps.slice(2)) {',
    why: 'Max pooling never compares the second tap of each window.',
  },
  {
    id: 'reference-ties-down',
    file: 'src/core/ops/fixed-point.ts',
    find: 'const q = shift === 0 ? x : (x + (1n << (s - 1n))) >> s;',
    replace: 'const q = shift === 0 ? x : (x + (1n << (s - 1n)) - 1n) >> s;',
    why: 'The integer reference (and intervals) round ties down while the circuit rounds them up: reference and proof disagree exactly at ties.',
  },
  {
    id: 'dense-repeated-wire',
    file: 'src/core/ops/dense.ts',
    find: 'if (w === 0 || c !== 1n || seen.has(w)) return undefined;',
    replace: 'if (w === 0 || c !== 1n) return undefined;',
    why: 'The fast dense path accepts inputs that repeat a wire, and its acc.set overwrites instead of adding: Dense(concat(h, h)) drops half its terms.',
  },
  {
    id: 'dense-coefficient-ignored',
    file: 'src/core/ops/dense.ts',
    find: 'if (w === 0 || c !== 1n || seen.has(w)) return undefined;',
    replace: 'if (w === 0 || seen.has(w)) return undefined;',
    why: 'The fast dense path takes a scaled wire (c·w) as the plain wire w: the coefficient is lost.',
  },
];

/** Fast files first; the slow exhaustive files run only when the fast tier passes. */
const TIERS: readonly (readonly string[])[] = [
  ['src/core/circuit/gadgets.test.ts', 'src/core/circuit/lower.test.ts', 'src/core/ops/ops.test.ts', 'src/core/ops/leaky-relu.test.ts', 'src/core/ops/conv2d-grouped.test.ts', 'src/core/compile.test.ts'],
  ['src/core/circuit/audit.test.ts', 'src/core/ops/relu6.test.ts'],
];
const TIMEOUT_MS = 300_000;

function occurrences(text: string, find: string): number {
  let n = 0;
  for (let i = text.indexOf(find); i >= 0; i = text.indexOf(find, i + 1)) n++;
  return n;
}

/** Every mutant must apply to exactly one place, and ids must be unique: the list cannot rot silently. */
function validate(mutants: readonly Mutant[]): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const m of mutants) {
    if (ids.has(m.id)) problems.push(`duplicate id ${m.id}`);
    ids.add(m.id);
    const n = occurrences(readFileSync(path.join(root, m.file), 'utf8'), m.find);
    if (n !== 1) problems.push(`${m.id}: "${m.find}" occurs ${n} times in ${m.file} (must be exactly once)`);
    if (m.find === m.replace) problems.push(`${m.id}: replace equals find`);
  }
  if (problems.length > 0) {
    console.error(`mutate: the mutant list no longer matches the source:\n  ${problems.join('\n  ')}`);
    process.exit(2);
  }
}

interface TestRun {
  readonly passed: boolean;
  readonly timedOut: boolean;
  /** Failed tests ("file > name") or failed suites. */
  readonly failures: string[];
  readonly output: string;
}

let running: ReturnType<typeof spawn> | undefined;

function killRunning(): void {
  if (running?.pid !== undefined) {
    try {
      process.kill(-running.pid, 'SIGKILL'); // its own process group: vitest and its forks
    } catch {
      // already gone
    }
  }
}

function runVitest(files: readonly string[], report: string): Promise<TestRun> {
  return new Promise((resolve) => {
    const args = ['vitest', 'run', ...files, '--bail', '1', '--no-file-parallelism', '--reporter=json', `--outputFile=${report}`];
    const child = spawn('npx', args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running = child;
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killRunning();
    }, TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      running = undefined;
      resolve({ passed: code === 0 && !timedOut, timedOut, failures: failuresOf(report), output });
    });
  });
}

interface JsonReport {
  testResults?: { name: string; status: string; message?: string; assertionResults?: { fullName: string; status: string }[] }[];
}

function failuresOf(report: string): string[] {
  let json: JsonReport;
  try {
    json = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
  } catch {
    return [];
  } finally {
    rmSync(report, { force: true });
  }
  const out: string[] = [];
  for (const file of json.testResults ?? []) {
    const rel = path.relative(root, file.name);
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed) out.push(`${rel} > ${a.fullName}`);
    if (failed.length === 0 && file.status === 'failed') out.push(`${rel} (suite failed: ${(file.message ?? '').split('\n')[0]})`);
  }
  return out;
}

interface Result {
  readonly mutant: Mutant;
  readonly status: 'killed' | 'survived' | 'timeout';
  readonly by: string[];
  readonly seconds: number;
}

/** The tiers in order; the first failing tier kills the mutant. */
async function runTiers(report: string): Promise<{ passed: boolean; timedOut: boolean; failures: string[]; output: string }> {
  let output = '';
  for (const files of TIERS) {
    const r = await runVitest(files, report);
    output += r.output;
    if (!r.passed) return { ...r, output };
  }
  return { passed: true, timedOut: false, failures: [], output };
}

/** The file being mutated and its original text, restored on every way out. */
let pending: { file: string; original: string } | undefined;

function restore(): void {
  if (pending) {
    writeFileSync(pending.file, pending.original);
    pending = undefined;
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    killRunning();
    restore();
    console.error(`\nmutate: ${signal}, source restored`);
    process.exit(130);
  });
}
process.on('exit', restore);

async function runMutant(m: Mutant, report: string): Promise<Result> {
  const file = path.join(root, m.file);
  const original = readFileSync(file, 'utf8');
  const start = Date.now();
  pending = { file, original };
  let r: Awaited<ReturnType<typeof runTiers>>;
  try {
    writeFileSync(file, original.replace(m.find, () => m.replace));
    r = await runTiers(report);
  } finally {
    restore();
  }
  const seconds = (Date.now() - start) / 1000;
  if (r.timedOut) return { mutant: m, status: 'timeout', by: [`timeout after ${TIMEOUT_MS / 1000} s`], seconds };
  if (r.passed) return { mutant: m, status: 'survived', by: [], seconds };
  if (r.failures.length === 0) {
    // Failed without a failing test: a broken run (e.g. a syntax error in the mutant), not a kill.
    console.error(r.output.slice(-3000));
    throw new Error(`mutant ${m.id}: vitest failed without reporting a failing test`);
  }
  return { mutant: m, status: 'killed', by: r.failures, seconds };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  validate(MUTANTS);
  if (args.includes('--list')) {
    for (const m of MUTANTS) console.log(`${m.id.padEnd(34)} ${m.file}${m.equivalent ? '  [equivalent]' : ''}\n    ${m.why}`);
    console.log(`${MUTANTS.length} mutants, each applies exactly once.`);
    return;
  }
  const only: string[] = [];
  args.forEach((a, i) => {
    if (a === '--only') only.push(args[i + 1] ?? '');
  });
  for (const id of only) {
    if (!MUTANTS.some((m) => m.id === id)) {
      console.error(`mutate: no mutant "${id}" (see --list)`);
      process.exit(2);
    }
  }
  const chosen = only.length > 0 ? MUTANTS.filter((m) => only.includes(m.id)) : MUTANTS;
  const dir = mkdtempSync(path.join(tmpdir(), 'zkinfer-mutate-'));
  const report = path.join(dir, 'report.json');
  try {
    if (only.length === 0) {
      const t0 = Date.now();
      const base = await runTiers(report);
      if (!base.passed) {
        console.error(base.output.slice(-3000));
        console.error(`mutate: the unmutated tests fail (${base.failures.join('; ')}): fix them first`);
        process.exit(2);
      }
      console.log(`baseline: all tiers pass (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
    const results: Result[] = [];
    for (const m of chosen) {
      const r = await runMutant(m, report);
      results.push(r);
      const tag = r.status === 'survived' ? (m.equivalent ? 'SURVIVED (equivalent)' : 'SURVIVED') : r.status.toUpperCase();
      console.log(`${tag.padEnd(21)} ${m.id.padEnd(34)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.by[0] ?? ''}`);
    }
    const survivors = results.filter((r) => r.status === 'survived' && !r.mutant.equivalent);
    const killedEquivalent = results.filter((r) => r.status !== 'survived' && r.mutant.equivalent);
    const total = results.reduce((s, r) => s + r.seconds, 0);
    console.log(
      `\n${results.length} mutants: ${results.filter((r) => r.status !== 'survived').length} killed, ` +
        `${results.filter((r) => r.status === 'survived' && r.mutant.equivalent).length} equivalent, ${survivors.length} survived ` +
        `(${total.toFixed(0)} s, ${(total / Math.max(1, results.length)).toFixed(1)} s per mutant)`,
    );
    for (const r of killedEquivalent) console.log(`note: ${r.mutant.id} is marked equivalent but was killed — drop the mark`);
    for (const r of survivors) console.log(`survivor: ${r.mutant.id} (${r.mutant.file}): ${r.mutant.why}`);
    if (survivors.length > 0 || killedEquivalent.length > 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  restore();
  console.error(e);
  process.exit(2);
});
