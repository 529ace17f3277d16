import { describeOutput, encodeInput, flattenInput, openPackage, proveWithPackage, verifyInputSignature } from '../core/index.js';
import type { OpenedPackage, ProveOptions } from '../core/index.js';
import { userCircuitCache } from './circuit-cache.js';
import { readJson, readPackageDir, UsageError, writeText } from './files.js';
import { isSignedInput, parseSignedInput, writePrivate } from './provenance-files.js';
import type { Terminal } from './terminal.js';
import { seconds } from './terminal.js';

export interface ProveArgs {
  pkg: string;
  input?: string;
  out?: string;
  clamp?: boolean;
  challenge?: string;
  /** Where the opening of a commitment goes (default: the bundle's name with .opening.json). */
  opening?: string;
  /** Read and fill this user's compiled-circuit cache (default true; see circuit-cache.ts). */
  cache?: boolean;
}

/** bundle.json → bundle.opening.json; other names get .opening.json appended. */
export function defaultOpeningPath(out: string): string {
  return out.endsWith('.json') ? `${out.slice(0, -5)}.opening.json` : `${out}.opening.json`;
}

/**
 * A signed input, checked before any proving: the package must take one, the values must encode to
 * exactly the signed codes, and the signature must check over them.
 */
function signedOptions(pkg: OpenedPackage, raw: unknown, path: string): { input: unknown; signed: NonNullable<ProveOptions['signed']> } {
  const m = pkg.manifest;
  if (m.binding?.kind !== 'signature') {
    throw new UsageError(`${path} is a signed input, but package "${m.name}" does not check signatures (input binding ${m.binding?.kind ?? 'none'}): give it a plain {"input": …} file`);
  }
  const s = parseSignedInput(raw, path);
  if (s.bits !== m.input.bits) throw new UsageError(`${path} was signed for ${s.bits}-bit codes; package "${m.name}" reads ${m.input.bits}-bit codes`);
  const { codes } = encodeInput(m.input, flattenInput(s.input, m.input.shape), 'reject');
  const differ = codes.findIndex((c, i) => c !== s.codes[i]);
  if (codes.length !== s.codes.length || differ >= 0) {
    const f = m.input.features[differ]?.name;
    throw new UsageError(`${path}: the input values differ from what was signed${f !== undefined ? ` (feature "${f}", index ${differ})` : ''}: refusing to prove`);
  }
  if (!verifyInputSignature(s.codes, s.bits, s.metadata, s.publicKey, s.signature)) {
    throw new UsageError(`${path}: the signature does not check over these codes and metadata (a different key, or the file was edited): refusing to prove`);
  }
  return { input: s.input, signed: { signature: s.signature, publicKey: s.publicKey, metadata: s.metadata } };
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
  const binding = pkg.manifest.binding?.kind ?? 'none';
  let input = raw.input;
  let signed: ProveOptions['signed'];
  if (isSignedInput(raw)) {
    if (a.clamp) throw new UsageError('--clamp does not apply to a signed input: the source signed exactly its values');
    ({ input, signed } = signedOptions(pkg, raw, a.input));
  } else if (binding === 'signature') {
    throw new UsageError(`package "${pkg.manifest.name}" proves only inputs signed by a data source; ${a.input} is a plain input (sign it with: zkinfer source sign --key <key.json> --package ${a.pkg} --input ${a.input} --out <signed.json>)`);
  }
  if (a.opening !== undefined && a.opening === a.out) throw new UsageError('--opening must be another file than --out: the opening never goes into the bundle');
  if (a.opening && binding !== 'commitment') throw new UsageError(`--opening: package "${pkg.manifest.name}" does not commit to its input`);
  t = performance.now();
  const result = await proveWithPackage(pkg, input, { inputPolicy: a.clamp ? 'clamp' : 'reject', challenge: a.challenge, onProgress: term.progress, ...(signed ? { signed } : {}), ...(a.cache !== false ? { cache: userCircuitCache() } : {}) });
  writeText(a.out, JSON.stringify(result.bundle, null, 2) + '\n');
  const openingPath = result.opening ? (a.opening ?? defaultOpeningPath(a.out)) : undefined;
  // The opening (codes and salt) stays with the user, in its own owner-only file, never in the bundle.
  if (openingPath) writePrivate(openingPath, JSON.stringify(result.opening, null, 2) + '\n');
  term.done();
  const o = result.decoded.output;
  const timings = { load: loadMs, ...result.timings };
  if (term.json) {
    process.stdout.write(
      JSON.stringify({
        bundle: a.out,
        packageId: pkg.id,
        output: o,
        challenge: a.challenge ?? null,
        binding,
        circuit: result.circuit.source,
        ...(openingPath ? { opening: openingPath, commitment: result.decoded.commitment!.toString() } : {}),
        ...(result.decoded.signer !== undefined ? { signer: result.decoded.signer.toString() } : {}),
        ...(result.decoded.capture !== undefined ? { capture: result.decoded.capture.toString() } : {}),
        clamped: result.outOfRange,
        timingsMs: timings,
      }) + '\n',
    );
    return 0;
  }
  for (const c of result.outOfRange) term.say(`  note: feature "${c.feature}" was ${c.value}, clamped to [${c.min}, ${c.max}]`);
  term.say(`output: ${describeOutput(o)}`);
  if (a.challenge) term.say(`for the challenge: ${a.challenge}`);
  const circuit = result.circuit.source === 'cache' ? `circuit from cache ${seconds(timings.compile)}` : `compile ${seconds(timings.compile)}`;
  term.say(`times: load ${seconds(timings.load)} · ${circuit} · witness ${seconds(timings.witness)} · prove ${seconds(timings.prove)}`);
  if (pkg.manifest.setup.kind === 'development') term.say('⚠ proved with a DEVELOPMENT KEY: fine for testing, not for trust');
  term.say(`bundle written to ${a.out}`);
  if (openingPath) {
    term.say(`input commitment ${result.decoded.commitment}`);
    term.say(`opening (input codes and salt) written to ${openingPath}, mode 0600: keep it; it is not in the bundle, and anyone you show it can check the proof was about exactly this input (zkinfer open)`);
  }
  if (result.decoded.signer !== undefined) term.say(`input signed by key ${result.decoded.signer}`);
  if (result.decoded.capture !== undefined) term.say(`capture signal ${result.decoded.capture} (the same for every proof of this signed input)`);
  return 0;
}
