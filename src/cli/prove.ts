import { describeOutput, openPackage, proveWithPackage } from '../core/index.js';
import { readJson, readPackageDir, UsageError, writeText } from './files.js';
import type { Terminal } from './terminal.js';
import { seconds } from './terminal.js';

export interface ProveArgs {
  pkg: string;
  input?: string;
  out?: string;
  clamp?: boolean;
  challenge?: string;
}

export async function prove(a: ProveArgs, term: Terminal): Promise<number> {
  if (!a.input) throw new UsageError('prove needs --input <input.json>');
  if (!a.out) throw new UsageError('prove needs --out <bundle.json>');
  const raw = readJson(a.input, 'input file') as { input?: unknown };
  if (typeof raw !== 'object' || raw === null || !('input' in raw)) {
    throw new UsageError(`${a.input} must be {"input": <nested array in the model's input shape>}`);
  }
  let t = performance.now();
  const pkg = await openPackage(readPackageDir(a.pkg), { needZkey: true });
  const loadMs = performance.now() - t;
  t = performance.now();
  const result = await proveWithPackage(pkg, raw.input, { inputPolicy: a.clamp ? 'clamp' : 'reject', challenge: a.challenge, onProgress: term.progress });
  writeText(a.out, JSON.stringify(result.bundle, null, 2) + '\n');
  term.done();
  const o = result.decoded.output;
  const timings = { load: loadMs, ...result.timings };
  if (term.json) {
    process.stdout.write(JSON.stringify({ bundle: a.out, packageId: pkg.id, output: o, challenge: a.challenge ?? null, clamped: result.outOfRange, timingsMs: timings }) + '\n');
    return 0;
  }
  for (const c of result.outOfRange) term.say(`  note: feature "${c.feature}" was ${c.value}, clamped to [${c.min}, ${c.max}]`);
  term.say(`output: ${describeOutput(o)}`);
  if (a.challenge) term.say(`for the challenge: ${a.challenge}`);
  term.say(`times: load ${seconds(timings.load)} · compile ${seconds(timings.compile)} · witness ${seconds(timings.witness)} · prove ${seconds(timings.prove)}`);
  if (pkg.manifest.setup.kind === 'development') term.say('⚠ proved with a DEVELOPMENT KEY: fine for testing, not for trust');
  term.say(`bundle written to ${a.out}`);
  return 0;
}
