/**
 * The compiled-circuit cache entry: the witness program read back computes exactly the witness of
 * a fresh compile (MLP, CNN, commitment- and signature-bound circuits), and an entry that is
 * damaged, edited, of another version or for another circuit is refused.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CompileOptions } from '../compile.js';
import { compileModel } from '../compile.js';
import { isSatisfied } from '../circuit/check.js';
import type { WitnessProgram } from '../circuit/program.js';
import { OP, programDefect, runWitness } from '../circuit/program.js';
import { encodeInput, validateInputSpec } from '../model/input.js';
import { loadModelFiles } from '../model/source.js';
import type { BindingWitness } from '../provenance/input.js';
import { bindingAux, bindingSignals, randomSalt, signInput } from '../provenance/input.js';
import { circuitKeyFacts } from '../prover/key-check.js';
import type { CircuitCacheMeta } from './circuit-cache.js';
import { CIRCUIT_CACHE_VERSION, readCircuitCache, writeCircuitCache } from './circuit-cache.js';

async function demo(name: string) {
  const dir = new URL(`../../../public/models/${name}/`, import.meta.url);
  const read = (f: string) => new Uint8Array(readFileSync(new URL(f, dir)));
  const files = new Map([['model.json', read('model.json')], ['weights.bin', read('weights.bin')]]);
  const model = await loadModelFiles('model.json', files.get('model.json')!, (p) => files.get(p), name);
  const inputSpec = validateInputSpec(JSON.parse(readFileSync(new URL('input-spec.json', dir), 'utf8')));
  const samples = JSON.parse(readFileSync(new URL('samples.json', dir), 'utf8')) as { values?: number[]; pixels?: number[] }[];
  const codes = samples.slice(0, 2).map((s) => encodeInput(inputSpec, s.values ?? s.pixels!, 'clamp').codes);
  return { graph: model.graph, inputSpec, codes };
}

/** A compile and its cache entry read back; the entry's program must give the compile's witness. */
async function roundTrip(name: string, extra: Omit<CompileOptions, 'inputSpec'>, aux: (codes: readonly bigint[], bits: number) => BindingWitness | undefined) {
  const { graph, inputSpec, codes } = await demo(name);
  const compiled = compileModel(graph, { inputSpec, ...extra });
  const key = 'a'.repeat(64);
  const bytes = await writeCircuitCache({
    meta: { r1csSha256: key, stats: compiled.stats, layers: compiled.layers, notes: compiled.notes, key: await circuitKeyFacts(compiled.r1cs), bindingSignals: bindingSignals(compiled.binding) },
    program: compiled.program,
  });
  const entry = await readCircuitCache(bytes, key);
  if (!('meta' in entry)) throw new Error(entry.refused);
  expect(entry.meta.stats).toEqual(compiled.stats);
  for (const c of codes) {
    const w = aux(c, inputSpec.bits);
    const fresh = compiled.witness(c, 7n, w);
    const cached = runWitness(entry.program, c, [7n, ...new Array<bigint>(bindingSignals(compiled.binding)).fill(0n)], bindingAux(compiled.binding, w));
    expect(cached).toEqual(fresh);
    expect(isSatisfied(compiled.r1cs, cached)).toBe(true);
  }
  return { bytes, key };
}

describe('compiled-circuit cache entry', () => {
  it('gives the witness of a fresh compile: MLP (breast-cancer)', async () => {
    await roundTrip('breast-cancer', {}, () => undefined);
  });

  it('gives the witness of a fresh compile: CNN (mnist-cnn)', async () => {
    await roundTrip('mnist-cnn', {}, () => undefined);
  }, 60_000);

  it('gives the witness of a fresh compile: commitment- and signature-bound circuits', async () => {
    const salt = randomSalt();
    await roundTrip('breast-cancer', { binding: { kind: 'commitment' } }, () => ({ kind: 'commitment', salt }));
    const meta = [20261202n];
    await roundTrip('breast-cancer', { binding: { kind: 'signature', metadata: 1 } }, (codes, bits) => {
      const s = signInput('lab key', codes, bits, meta);
      return { kind: 'signature', publicKey: s.publicKey, signature: s.signature, metadata: meta };
    });
  }, 60_000);

  it('reads the program as a view of the entry where aligned, and the same words from an unaligned copy', async () => {
    const { bytes, key } = await roundTrip('breast-cancer', {}, () => undefined);
    const aligned = await readCircuitCache(bytes, key);
    if (!('meta' in aligned)) throw new Error(aligned.refused);
    expect(aligned.program.code.buffer).toBe(bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const unaligned = await readCircuitCache(shifted.subarray(1), key);
    if (!('meta' in unaligned)) throw new Error(unaligned.refused);
    expect(unaligned.program.code.buffer).not.toBe(shifted.buffer);
    expect(unaligned.program).toEqual(aligned.program);
  });

  it('refuses a damaged entry, another circuit’s entry, another version and a non-entry', async () => {
    const { bytes, key } = await roundTrip('breast-cancer', {}, () => undefined);
    const damaged = bytes.slice();
    damaged[damaged.length - 3]! ^= 1;
    expect(await readCircuitCache(damaged, key)).toEqual({ refused: expect.stringMatching(/content hash/) });
    expect(await readCircuitCache(bytes, 'b'.repeat(64))).toEqual({ refused: expect.stringMatching(/another circuit/) });
    const older = bytes.slice();
    new DataView(older.buffer).setUint32(4, CIRCUIT_CACHE_VERSION + 1, true);
    expect(await readCircuitCache(older, key)).toEqual({ refused: expect.stringMatching(/version/) });
    expect(await readCircuitCache(new TextEncoder().encode('{"not":"an entry"}'), key)).toEqual({ refused: expect.stringMatching(/not a circuit cache entry/) });
  });

  it('refuses, naming the defect, an entry with a valid content hash whose program or meta data is malformed', async () => {
    const { bytes, key } = await roundTrip('breast-cancer', {}, () => undefined);
    const entry = await readCircuitCache(bytes, key);
    if (!('meta' in entry)) throw new Error(entry.refused);
    const { meta, program } = entry;
    const rewritten = async (p: WitnessProgram, m: CircuitCacheMeta = meta) => readCircuitCache(await writeCircuitCache({ meta: m, program: p }), key);
    const code = (edit: (c: Int32Array) => Int32Array | void) => {
      const c = program.code.slice();
      return { ...program, code: edit(c) ?? c };
    };
    // The first op is the input op (opcode, layer, count, bits, first wire).
    expect(program.code[0]).toBe(OP.input);
    // An op whose third word is the wire it writes (opcode, layer, out, …).
    const writesFirst = new Set<number>([OP.evaluate, OP.evaluateMod, OP.constant, OP.product, OP.argmax, OP.mulMod, OP.divMod, OP.invMod, OP.pow5]);
    let op = -1;
    programDefect(program, (kind, start) => void (writesFirst.has(kind) && op < 0 && (op = start)));
    expect(op).toBeGreaterThan(0);
    expect(await rewritten(code((c) => void (c[5] = 99)))).toEqual({ refused: 'its program is malformed: unknown op 99 (op at word 5)' });
    expect(await rewritten(code((c) => void (c[op + 2] = program.nWires)))).toEqual({ refused: `its program is malformed: wire ${program.nWires} is outside 1…${program.nWires - 1} (op at word ${op})` });
    expect(await rewritten(code((c) => c.slice(0, c.length - 1)))).toEqual({ refused: expect.stringMatching(/its program is malformed: the program ends inside an op/) });
    expect(await rewritten({ ...program, nWires: program.nWires + 1 })).toEqual({ refused: `its program has ${program.nWires + 1} wires, its key facts ${meta.key.nWires}` });
    expect(await rewritten(program, { ...meta, key: { ...meta.key, nPublic: meta.key.nPublic + 1 } })).toEqual({ refused: expect.stringMatching(/public signals, its key facts/) });
    expect(await rewritten(program, { ...meta, stats: null } as unknown as CircuitCacheMeta)).toEqual({ refused: 'its meta data is malformed (stats)' });
    expect(await rewritten(program, { ...meta, key: undefined } as unknown as CircuitCacheMeta)).toEqual({ refused: 'its meta data is malformed (key facts)' });
    // The untouched entry still reads.
    expect('meta' in (await rewritten(program))).toBe(true);
  });
});
