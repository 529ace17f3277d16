/**
 * Proving through the compiled-circuit cache: the second proof skips the compile, a damaged entry
 * is refused and rebuilt, and an entry edited to claim another output (with a valid content hash)
 * never yields a bundle: its proof does not verify, so the prover compiles again.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OP } from '../circuit/program.js';
import { readCircuitCache, writeCircuitCache } from '../formats/circuit-cache.js';
import { validateInputSpec } from '../model/input.js';
import { loadModelFiles } from '../model/source.js';
import type { ProgressEvent } from '../progress.js';
import { releaseCurve } from '../prover/snark.js';
import type { OpenedPackage } from './open.js';
import { openPackage } from './open.js';
import type { CircuitCache } from './prepared.js';
import { proveWithPackage } from './prove.js';
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

beforeAll(async () => {
  const files = new Map([['model.json', read('model.json')], ['weights.bin', read('weights.bin')]]);
  const model = await loadModelFiles('model.json', files.get('model.json')!, (p) => files.get(p), 'breast-cancer');
  const published = await publishPackage({ name: 'breast-cancer', model, inputSpec, labels: ['benign', 'malignant'] });
  pkg = await openPackage(published.files, { needZkey: true });
}, 120_000);
afterAll(releaseCurve);

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
});
