/**
 * The compiled-circuit cache entry (docs/circuit-cache.md): what a prover keeps from a compile so
 * that later proofs with the same package skip it. Written only after a compile whose r1cs hash
 * matched the manifest; keyed by that hash.
 *
 * Layout, little-endian:
 * | size | field                                                          |
 * | ---- | -------------------------------------------------------------- |
 * | 4    | magic "zkcc"                                                   |
 * | 4    | u32 version                                                    |
 * | 32   | sha256 of everything after it (the content hash)               |
 * | 4    | u32 m: bytes of the meta JSON                                  |
 * | m    | meta JSON (UTF-8), padded with spaces to a multiple of 4       |
 * | 4·n  | the witness program's code, int32 (n in the meta)              |
 *
 * The meta holds the r1cs hash, the program's shape, layer names and bigint pool (decimal), and
 * what the prover reports or checks without the circuit (stats, layer costs, the key facts).
 * An entry whose content hash, version, r1cs hash, meta fields, shape or program does not check
 * is refused with the reason (never a throw); the caller ignores it and compiles again. The
 * program is checked op by op (circuit/program.ts `programDefect`) and its shape against the key
 * facts, so a program that reads or writes outside its wires never runs.
 */
import type { CircuitStats } from '../circuit/stats.js';
import type { LayerCost } from '../circuit/lower.js';
import type { WitnessProgram } from '../circuit/program.js';
import { programDefect } from '../circuit/program.js';
import type { CircuitKeyFacts } from '../prover/key-check.js';

const MAGIC = 'zkcc';
export const CIRCUIT_CACHE_VERSION = 1;
const HASH_BYTES = 32;

/** Everything about the circuit a prover needs besides the program. */
export interface CircuitCacheMeta {
  readonly r1csSha256: string;
  readonly stats: CircuitStats;
  readonly layers: readonly LayerCost[];
  readonly notes: readonly string[];
  readonly key: CircuitKeyFacts;
  /** Public inputs set to 0 after the challenge (the binding's public value, computed by the program). */
  readonly bindingSignals: number;
}

export interface CircuitCacheEntry {
  readonly meta: CircuitCacheMeta;
  readonly program: WitnessProgram;
}

interface StoredMeta extends CircuitCacheMeta {
  readonly program: { readonly nWires: number; readonly nOutputs: number; readonly nPublicInputs: number; readonly nPrivateInputs: number; readonly words: number; readonly pool: readonly string[]; readonly layers: readonly string[] };
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

export async function writeCircuitCache(entry: CircuitCacheEntry): Promise<Uint8Array> {
  const p = entry.program;
  if (p.closures.length > 0) throw new Error('internal: a witness program with closure hints cannot be cached');
  const stored: StoredMeta = {
    ...entry.meta,
    program: { nWires: p.nWires, nOutputs: p.nOutputs, nPublicInputs: p.nPublicInputs, nPrivateInputs: p.nPrivateInputs, words: p.code.length, pool: p.pool.map(String), layers: p.layers },
  };
  let json = new TextEncoder().encode(JSON.stringify(stored));
  const padded = Math.ceil(json.length / 4) * 4;
  if (padded !== json.length) {
    const spaced = new Uint8Array(padded).fill(0x20);
    spaced.set(json);
    json = spaced;
  }
  const bodyStart = 8 + HASH_BYTES;
  const out = new Uint8Array(bodyStart + 4 + json.length + p.code.length * 4);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, CIRCUIT_CACHE_VERSION, true);
  view.setUint32(bodyStart, json.length, true);
  out.set(json, bodyStart + 4);
  const codeAt = bodyStart + 4 + json.length;
  for (let i = 0; i < p.code.length; i++) view.setInt32(codeAt + 4 * i, p.code[i]!, true);
  out.set(await sha256(out.subarray(bodyStart)), 8);
  return out;
}

/** A refused entry: why (said in the progress message when the prover compiles again). */
export interface RefusedEntry {
  readonly refused: string;
}

/** Whether this platform stores an Int32Array's words little-endian, as the entry does (every browser and Node on x86 and ARM). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The program's words: a view of the entry's own bytes where the layout allows (little-endian, the
 * words 4-byte aligned), else a copy. The view saves a second copy of the program (141 MiB for the
 * 18M-parameter row) while a proof is prepared (docs/browser-perf.md § 7.2); the bytes were read
 * for this and are not reused by the caller.
 */
function codeOf(bytes: Uint8Array, at: number, words: number): Int32Array {
  if (LITTLE_ENDIAN && (bytes.byteOffset + at) % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset + at, words);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const code = new Int32Array(words);
  for (let i = 0; i < words; i++) code[i] = view.getInt32(at + 4 * i, true);
  return code;
}

/**
 * The entry, or why it cannot be used for the circuit with r1cs hash `r1csSha256`. The program's
 * code may be a view of `bytes` (no copy): do not change them afterwards.
 */
export async function readCircuitCache(bytes: Uint8Array, r1csSha256: string): Promise<CircuitCacheEntry | RefusedEntry> {
  const bodyStart = 8 + HASH_BYTES;
  if (bytes.length < bodyStart + 4 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) return { refused: 'not a circuit cache entry' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== CIRCUIT_CACHE_VERSION) return { refused: `entry version ${version}, this zkinfer writes ${CIRCUIT_CACHE_VERSION}` };
  const hash = await sha256(bytes.subarray(bodyStart));
  if (!hash.every((b, i) => b === bytes[8 + i])) return { refused: 'its content hash does not match (damaged or edited)' };
  const metaBytes = view.getUint32(bodyStart, true);
  const codeAt = bodyStart + 4 + metaBytes;
  let stored: unknown;
  try {
    stored = JSON.parse(new TextDecoder().decode(bytes.subarray(bodyStart + 4, Math.min(codeAt, bytes.length))));
  } catch {
    return { refused: 'its meta data is not JSON' };
  }
  const why = metaDefect(stored);
  if (why !== undefined) return { refused: `its meta data is malformed (${why})` };
  const sm = stored as StoredMeta;
  if (sm.r1csSha256 !== r1csSha256) return { refused: 'it belongs to another circuit' };
  const sp = sm.program;
  if (metaBytes % 4 !== 0 || codeAt + sp.words * 4 !== bytes.length) return { refused: 'its program has the wrong length' };
  const code = codeOf(bytes, codeAt, sp.words);
  const meta: CircuitCacheMeta = { r1csSha256: sm.r1csSha256, stats: sm.stats, layers: sm.layers, notes: sm.notes, key: sm.key, bindingSignals: sm.bindingSignals };
  const program: WitnessProgram = { nWires: sp.nWires, nOutputs: sp.nOutputs, nPublicInputs: sp.nPublicInputs, nPrivateInputs: sp.nPrivateInputs, code, pool: sp.pool.map((s) => BigInt(s)), layers: sp.layers, closures: [] };
  if (program.nWires !== meta.key.nWires) return { refused: `its program has ${program.nWires} wires, its key facts ${meta.key.nWires}` };
  if (program.nOutputs + program.nPublicInputs !== meta.key.nPublic) return { refused: `its program has ${program.nOutputs + program.nPublicInputs} public signals, its key facts ${meta.key.nPublic}` };
  const defect = programDefect(program);
  if (defect !== undefined) return { refused: `its program is malformed: ${defect}` };
  return { meta, program };
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isList = <T>(v: unknown, item: (x: unknown) => x is T): v is T[] => Array.isArray(v) && v.every(item);
const isString = (v: unknown): v is string => typeof v === 'string';
const isDecimal = (v: unknown): v is string => typeof v === 'string' && /^-?[0-9]+$/.test(v);

/** What is wrong with a parsed meta JSON's fields (names and types only; values are checked by the caller), or undefined. */
function metaDefect(m: unknown): string | undefined {
  if (!isObject(m)) return 'not an object';
  if (!isString(m.r1csSha256)) return 'r1csSha256';
  if (!isObject(m.stats)) return 'stats';
  if (!isList(m.layers, (l): l is LayerCost => isObject(l) && isString(l.layer) && isList(l.bits, isCount))) return 'layers';
  if (!isList(m.notes, isString)) return 'notes';
  const k = m.key;
  if (!isObject(k) || !isCount(k.nWires) || !isCount(k.nPublic) || !isCount(k.domainSize) || !isCount(k.nCoefs) || !isString(k.coefficientsSha256)) return 'key facts';
  if (!isCount(m.bindingSignals)) return 'bindingSignals';
  const p = m.program;
  if (!isObject(p) || ![p.nWires, p.nOutputs, p.nPublicInputs, p.nPrivateInputs, p.words].every(isCount)) return 'program shape';
  if (!isList(p.pool, isDecimal)) return 'program pool';
  if (!isList(p.layers, isString)) return 'program layers';
  return undefined;
}
