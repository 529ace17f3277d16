/**
 * Proving through the compiled-circuit cache: the second proof skips the compile, a damaged entry
 * is refused and rebuilt, and an entry edited with a valid content hash never yields a bundle from
 * it — whether it claims another output (its proof does not verify), proves another input or
 * commits under a salt of its own (the witness check refuses it, F2 in docs/circuit-cache.md), is
 * malformed (refused when read, or any error it throws: F3), claims a calibration (F4), or belongs
 * to another circuit (F5). Each time the prover compiles again and returns the honest bundle.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSatisfied } from '../circuit/check.js';
import type { WitnessProgram } from '../circuit/program.js';
import { OP, programDefect, runWitness } from '../circuit/program.js';
import type { CircuitCacheEntry, CircuitCacheMeta } from '../formats/circuit-cache.js';
import { readCircuitCache, writeCircuitCache } from '../formats/circuit-cache.js';
import { encodeInput, validateInputSpec } from '../model/input.js';
import type { LoadedModel } from '../model/source.js';
import { loadModelFiles } from '../model/source.js';
import type { ProgressEvent } from '../progress.js';
import { bindingAux, inputCommitment, signInput } from '../provenance/input.js';
import type { BindingWitness, InputBinding } from '../provenance/input.js';
import { publicKeyFingerprint } from '../provenance/sign.js';
import { releaseCurve } from '../prover/snark.js';
import type { OpenedPackage } from './open.js';
import { openPackage } from './open.js';
import type { CircuitCache } from './prepared.js';
import { compileCacheEntry, prepareCircuit, preparedFromCompiled } from './prepared.js';
import { proveWithPackage } from './prove.js';
import type { PublishedPackage } from './publish.js';
import { publishPackage } from './publish.js';
import { verifyBundle } from './verify.js';

const dir = new URL('../../../public/models/breast-cancer/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const inputSpec = validateInputSpec(JSON.parse(readFileSync(new URL('input-spec.json', dir), 'utf8')));
const samples = JSON.parse(readFileSync(new URL('samples.json', dir), 'utf8')) as { diagnosis: string; values: number[] }[];

function memoryCache() {
  const entries = new Map<string, Uint8Array>();
  const cache: CircuitCache = {
    get: async (k) => entries.get(k),
    set: async (k, v) => void entries.set(k, v),
    delete: async (k) => void entries.delete(k),
  };
  return { entries, cache };
}

let pkg: OpenedPackage;
let model: LoadedModel;

beforeAll(async () => {
  const files = new Map([['model.json', read('model.json')], ['weights.bin', read('weights.bin')]]);
  model = await loadModelFiles('model.json', files.get('model.json')!, (p) => files.get(p), 'breast-cancer');
  const published = await publishPackage({ name: 'breast-cancer', model, inputSpec, labels: ['benign', 'malignant'] });
  pkg = await openPackage(published.files, { needZkey: true });
}, 120_000);
afterAll(releaseCurve);

/** A bound variant of the package, published with its compile (whose R1CS the tests check forged witnesses against). */
async function publishBound(inputBinding: InputBinding): Promise<{ pkg: OpenedPackage; published: PublishedPackage }> {
  const published = await publishPackage({ name: `breast-cancer-${inputBinding.kind}`, model, inputSpec, labels: ['benign', 'malignant'], inputBinding });
  return { pkg: await openPackage(published.files, { needZkey: true }), published };
}

let committedOnce: ReturnType<typeof publishBound> | undefined;
const committedPackage = () => (committedOnce ??= publishBound({ kind: 'commitment' }));

const codesOf = (values: readonly number[]) => encodeInput(inputSpec, values, 'reject').codes;

async function entryIn(entries: Map<string, Uint8Array>, key: string): Promise<CircuitCacheEntry> {
  const entry = await readCircuitCache(entries.get(key)!, key);
  if (!('meta' in entry)) throw new Error(entry.refused);
  return entry;
}

/** Stores an edited entry under `key`, with a valid content hash (as whoever edited it would). */
async function forge(entries: Map<string, Uint8Array>, key: string, program: WitnessProgram, meta?: CircuitCacheMeta): Promise<void> {
  entries.set(key, await writeCircuitCache({ meta: meta ?? (await entryIn(entries, key)).meta, program }));
}

/**
 * The program with its first op of `kind` replaced by constant ops that set `values` (wire, value):
 * the rest of the program then computes a consistent witness from them.
 */
function replaceOp(p: WitnessProgram, kind: number, values: (start: number) => readonly (readonly [number, bigint])[]): WitnessProgram {
  const starts: number[] = [];
  programDefect(p, (_, start) => void starts.push(start));
  const i = starts.findIndex((at) => p.code[at] === kind);
  const start = starts[i]!;
  const end = starts[i + 1] ?? p.code.length;
  const pool = [...p.pool];
  const ops = values(start).flatMap(([wire, v]) => {
    if (v >= -0x7fffffffn && v <= 0x7fffffffn) return [OP.constant, p.code[start + 1]!, wire, Number(v)];
    pool.push(v);
    return [OP.constant, p.code[start + 1]!, wire, -0x80000000, pool.length - 1];
  });
  const code = new Int32Array([...p.code.subarray(0, start), ...ops, ...p.code.subarray(end)]);
  return { ...p, code, pool };
}

/** Constants for the private-input wires holding `codes` (layout: after wire 0 and the public signals). */
function inputBits(p: WitnessProgram, codes: readonly bigint[]): [number, bigint][] {
  const first = 1 + p.nOutputs + p.nPublicInputs;
  return codes.flatMap((c, e) => Array.from({ length: inputSpec.bits }, (_, i): [number, bigint] => [first + e * inputSpec.bits + i, (c >> BigInt(i)) & 1n]));
}

/** The wires the aux op at `start` sets, paired with `values`. */
const auxWires = (p: WitnessProgram, start: number, values: readonly bigint[]): [number, bigint][] => values.map((v, i) => [p.code[start + 3 + i]!, v]);

/** A forged program's witness satisfies the compiled circuit: no constraint would refuse it, only the witness check. */
function satisfies(published: PublishedPackage, program: WitnessProgram, binding: BindingWitness): boolean {
  const b = published.compiled.binding;
  const publicInputs = [0n, ...new Array<bigint>(program.nPublicInputs - 1).fill(0n)];
  return isSatisfied(published.compiled.r1cs, runWitness(program, codesOf(samples[0]!.values), publicInputs, bindingAux(b, binding)));
}

const failedMessages = (events: readonly ProgressEvent[]) => events.map((e) => e.message ?? '').filter((m) => m.startsWith('the cached circuit'));

describe('proving through the compiled-circuit cache', () => {
  it('compiles and stores on the first proof, and skips the compile on the next', async () => {
    const { entries, cache } = memoryCache();
    const first = await proveWithPackage(pkg, samples[0]!.values, { cache });
    expect(first.circuit.source).toBe('compiled');
    expect([...entries.keys()]).toEqual([pkg.manifest.circuit.r1csSha256]);
    const events: ProgressEvent[] = [];
    const second = await proveWithPackage(pkg, samples[0]!.values, { cache, onProgress: (e) => events.push(e) });
    expect(second.circuit.source).toBe('cache');
    expect(second.circuit.r1cs).toBeUndefined();
    expect(events.filter((e) => e.stage === 'compile').map((e) => e.message)).toEqual(['using the cached circuit (no compile)']);
    expect(second.decoded.output).toEqual(first.decoded.output);
    expect(await verifyBundle(second.bundle, pkg)).toMatchObject({ valid: true, output: { label: samples[0]!.diagnosis } });
    // Same input, same challenge: the same public signals, whichever way the witness was made.
    expect(second.bundle.publicSignals).toEqual(first.bundle.publicSignals);
  }, 60_000);

  it('refuses a damaged entry, compiles again and rewrites it', async () => {
    const { entries, cache } = memoryCache();
    await proveWithPackage(pkg, samples[1]!.values, { cache });
    const key = pkg.manifest.circuit.r1csSha256;
    const good = entries.get(key)!;
    const damaged = good.slice();
    damaged[damaged.length - 5]! ^= 0x40;
    entries.set(key, damaged);
    const events: ProgressEvent[] = [];
    const result = await proveWithPackage(pkg, samples[1]!.values, { cache, onProgress: (e) => events.push(e) });
    expect(result.circuit.source).toBe('compiled');
    expect(events.map((e) => e.message)).toContain('the cached circuit is not usable (its content hash does not match (damaged or edited)): compiling again');
    expect(entries.get(key)).toEqual(good);
  }, 60_000);

  it('an entry edited to claim the other class (valid content hash) gives no bundle from it: the proof fails, the prover recompiles', async () => {
    const { entries, cache } = memoryCache();
    const honest = await proveWithPackage(pkg, samples[0]!.values, { cache });
    const key = pkg.manifest.circuit.r1csSha256;
    const entry = await readCircuitCache(entries.get(key)!, key);
    if (!('meta' in entry)) throw new Error(entry.refused);
    // One more op at the end: set output wire 1 (the class) to the other class.
    const other = honest.bundle.publicSignals[0] === '0' ? 1 : 0;
    const code = new Int32Array([...entry.program.code, OP.constant, -1, 1, other]);
    entries.set(key, await writeCircuitCache({ meta: entry.meta, program: { ...entry.program, code } }));
    const events: ProgressEvent[] = [];
    const result = await proveWithPackage(pkg, samples[0]!.values, { cache, onProgress: (e) => events.push(e) });
    expect(events.some((e) => /the cached circuit failed \(.*does not verify/.test(e.message ?? ''))).toBe(true);
    expect(result.circuit.source).toBe('compiled');
    expect(result.bundle.publicSignals[0]).toBe(honest.bundle.publicSignals[0]);
    expect(await verifyBundle(result.bundle, pkg)).toMatchObject({ valid: true });
    // The forged entry was replaced by a sound one.
    const rebuilt = await readCircuitCache(entries.get(key)!, key);
    expect('meta' in rebuilt && rebuilt.program.code.length).toBe(entry.program.code.length);
  }, 90_000);

  it('F2, commitment: an entry whose program writes another input, or a salt of its own, into the witness is refused; the honest bundle comes from a compile', async () => {
    const { pkg: committed, published } = await committedPackage();
    const key = committed.manifest.circuit.r1csSha256;
    const { entries, cache } = memoryCache();
    const salt = 987654321987654321n;
    const honest = await proveWithPackage(committed, samples[0]!.values, { cache, salt });
    expect(honest.decoded.commitment).toBe(inputCommitment(codesOf(samples[0]!.values), inputSpec.bits, salt));
    const good = entries.get(key)!;
    const { program } = await entryIn(entries, key);
    const forgeries: [string, WitnessProgram, RegExp][] = [
      ['another input', replaceOp(program, OP.input, () => inputBits(program, codesOf(samples[1]!.values))), /does not hold the input: code \d+ differs/],
      ['a fixed salt', replaceOp(program, OP.aux, (at) => auxWires(program, at, [42n])), /does not hold the input binding's commitment for this input/],
    ];
    for (const [what, forged, reason] of forgeries) {
      expect(satisfies(published, forged, { kind: 'commitment', salt }), what).toBe(true);
      await forge(entries, key, forged);
      const events: ProgressEvent[] = [];
      const result = await proveWithPackage(committed, samples[0]!.values, { cache, salt, onProgress: (e) => events.push(e) });
      expect(failedMessages(events), what).toEqual([expect.stringMatching(reason)]);
      expect(result.circuit.source, what).toBe('compiled');
      expect(result.bundle.publicSignals, what).toEqual(honest.bundle.publicSignals);
      expect(await verifyBundle(result.bundle, committed), what).toMatchObject({ valid: true });
      expect(entries.get(key), what).toEqual(good);
    }
  }, 180_000);

  it('F2, signature with capture: an entry whose program proves another input signed by another key is refused; the honest bundle comes from a compile', async () => {
    const { pkg: bound, published } = await publishBound({ kind: 'signature', metadata: 1, capture: true });
    const key = bound.manifest.circuit.r1csSha256;
    const { entries, cache } = memoryCache();
    const metadata = [20261202n];
    const mine = signInput('lab key', codesOf(samples[0]!.values), inputSpec.bits, metadata);
    const signed = { signature: mine.signature, publicKey: mine.publicKey, metadata };
    const honest = await proveWithPackage(bound, samples[0]!.values, { cache, signed });
    expect(honest.decoded.signer).toBe(publicKeyFingerprint(mine.publicKey));
    const { program } = await entryIn(entries, key);
    // Whoever edited it signs another input with their own key and writes both into the witness.
    const other = codesOf(samples[1]!.values);
    const theirs = signInput('their key', other, inputSpec.bits, metadata);
    const signature = [theirs.publicKey[0], theirs.publicKey[1], theirs.signature.R8[0], theirs.signature.R8[1], theirs.signature.S, ...metadata];
    const swapped = replaceOp(program, OP.input, () => inputBits(program, other));
    const forged = replaceOp(swapped, OP.aux, (at) => auxWires(swapped, at, signature));
    expect(satisfies(published, forged, { kind: 'signature', ...signed })).toBe(true);
    await forge(entries, key, forged);
    const events: ProgressEvent[] = [];
    const result = await proveWithPackage(bound, samples[0]!.values, { cache, signed, onProgress: (e) => events.push(e) });
    expect(failedMessages(events)).toEqual([expect.stringMatching(/does not hold the input: code \d+ differs/)]);
    expect(result.circuit.source).toBe('compiled');
    expect(result.bundle.publicSignals).toEqual(honest.bundle.publicSignals);
    expect(await verifyBundle(result.bundle, bound, { trustedSigners: [publicKeyFingerprint(mine.publicKey).toString()] })).toMatchObject({ valid: true });
  }, 180_000);

  it('F3: a malformed entry (unknown op, wire out of range, truncated) is refused by name and recompiled; any error a cached program throws is a cache failure', async () => {
    const { entries, cache } = memoryCache();
    const key = pkg.manifest.circuit.r1csSha256;
    await proveWithPackage(pkg, samples[2]!.values, { cache });
    const { program } = await entryIn(entries, key);
    const nWires = program.nWires;
    const malformed: [WitnessProgram, RegExp][] = [
      [{ ...program, code: new Int32Array([...program.code, 99, -1]) }, /its program is malformed: unknown op 99/],
      [{ ...program, code: new Int32Array([...program.code, OP.evaluate, -1, 1, 1, nWires + 5, 1]) }, new RegExp(`its program is malformed: wire ${nWires + 5} is outside 0…${nWires - 1}`)],
      [{ ...program, code: program.code.slice(0, program.code.length - 1) }, /its program is malformed: the program ends inside an op/],
    ];
    for (const [bad, reason] of malformed) {
      await forge(entries, key, bad);
      const events: ProgressEvent[] = [];
      const result = await proveWithPackage(pkg, samples[2]!.values, { cache, onProgress: (e) => events.push(e) });
      expect(failedMessages(events)).toEqual([expect.stringMatching(reason)]);
      expect(result.circuit.source).toBe('compiled');
      expect(await verifyBundle(result.bundle, pkg)).toMatchObject({ valid: true, output: { label: samples[2]!.diagnosis } });
    }
    // A program that never went through the reader (a worker's copy) and reads a wire it does not
    // have: runWitness throws a TypeError (undefined · bigint), which is a cache failure too.
    const cached = await prepareCircuit(pkg, { cache });
    expect(cached.source).toBe('cache');
    const broken = { ...cached, program: { ...cached.program, code: new Int32Array([...cached.program.code, OP.evaluate, -1, 1, 1, nWires + 5, 1]) } };
    const events: ProgressEvent[] = [];
    const result = await proveWithPackage(pkg, samples[2]!.values, { circuit: broken, cache, onProgress: (e) => events.push(e) });
    expect(failedMessages(events)).toEqual([expect.stringMatching(/^the cached circuit failed \(.*BigInt.*\): compiling again$/)]);
    expect(result.circuit.source).toBe('compiled');
    expect(await verifyBundle(result.bundle, pkg)).toMatchObject({ valid: true });
  }, 120_000);

  it('F4: the calibration sample count comes from the package, not the entry (an entry claiming one cannot pass a range error off as the input’s fault)', async () => {
    const { entries, cache } = memoryCache();
    const key = pkg.manifest.circuit.r1csSha256;
    await proveWithPackage(pkg, samples[3]!.values, { cache });
    const { meta, program } = await entryIn(entries, key);
    // First op: a decomposition of 1 into no bits, which fails in layer 0 with a range error.
    const failing = { ...program, code: new Int32Array([OP.decompose, 0, 0, 1, 0, 1, ...program.code]) };
    await forge(entries, key, failing, { ...meta, calibrationSamples: 5 } as CircuitCacheMeta);
    expect(new TextDecoder().decode(entries.get(key)!)).toContain('"calibrationSamples":5');
    expect((await prepareCircuit(pkg, { cache })).context.calibrationSamples).toBeUndefined();
    const events: ProgressEvent[] = [];
    const result = await proveWithPackage(pkg, samples[3]!.values, { cache, onProgress: (e) => events.push(e) });
    expect(failedMessages(events)).toEqual([expect.stringMatching(/^the cached circuit failed \(layer .*: a value left its analysed interval/)]);
    expect(result.circuit.source).toBe('compiled');
    expect(await verifyBundle(result.bundle, pkg)).toMatchObject({ valid: true });
  }, 120_000);

  it('F5: a circuit of another package is refused: a cached one is a cache failure, a compiled one a named error', async () => {
    const { pkg: committed, published } = await committedPackage();
    const { cache } = memoryCache();
    // The committed package's circuit, read from its cache entry, handed to the plain package's prover.
    await proveWithPackage(committed, samples[0]!.values, { cache });
    const foreign = await prepareCircuit(committed, { cache });
    expect(foreign.source).toBe('cache');
    const events: ProgressEvent[] = [];
    const result = await proveWithPackage(pkg, samples[0]!.values, { circuit: foreign, cache, onProgress: (e) => events.push(e) });
    expect(failedMessages(events)).toEqual([expect.stringMatching(/the prepared circuit \(r1cs sha256 [0-9a-f]{12}…\) is not the one package "breast-cancer" was made for/)]);
    expect(result.circuit.r1csSha256).toBe(pkg.manifest.circuit.r1csSha256);
    expect(await verifyBundle(result.bundle, pkg)).toMatchObject({ valid: true });
    // Compiled circuits of another package: refused by their r1cs hash, before any witness.
    await expect(proveWithPackage(pkg, samples[0]!.values, { compiled: published.compiled })).rejects.toMatchObject({ code: 'circuit-mismatch' });
    await expect(proveWithPackage(pkg, samples[0]!.values, { circuit: await preparedFromCompiled(published.compiled, committed.manifest.circuit.r1csSha256) })).rejects.toMatchObject({
      code: 'circuit-mismatch',
      message: expect.stringMatching(/is not the one package "breast-cancer" was made for/),
    });
  }, 180_000);
});

describe('compileCacheEntry (the app\'s compile worker)', () => {
  it('gives the entry prepareCircuit stores, byte for byte, and refuses a circuit other than the manifest\'s', async () => {
    const { entries, cache } = memoryCache();
    await prepareCircuit(pkg, { cache });
    const key = pkg.manifest.circuit.r1csSha256;
    expect(await writeCircuitCache(await compileCacheEntry(pkg))).toEqual(entries.get(key));
    const other: OpenedPackage = { ...pkg, manifest: { ...pkg.manifest, circuit: { ...pkg.manifest.circuit, r1csSha256: '0'.repeat(64) } } };
    await expect(compileCacheEntry(other)).rejects.toMatchObject({ code: 'circuit-mismatch' });
  });
});
