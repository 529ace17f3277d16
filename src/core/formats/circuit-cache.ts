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
 * An entry whose content hash, version, r1cs hash or shape does not check is refused with the
 * reason; the caller ignores it and compiles again.
 */
import type { CircuitStats } from '../circuit/stats.js';
import type { LayerCost } from '../circuit/lower.js';
import type { WitnessProgram } from '../circuit/program.js';
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
  /** Calibrated package: how many samples the ranges came from (for the outside-calibration message). */
  readonly calibrationSamples?: number;
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

/** The entry, or why it cannot be used for the circuit with r1cs hash `r1csSha256`. */
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
  let stored: StoredMeta;
  try {
    stored = JSON.parse(new TextDecoder().decode(bytes.subarray(bodyStart + 4, codeAt))) as StoredMeta;
  } catch {
    return { refused: 'its meta data is not JSON' };
  }
  if (stored.r1csSha256 !== r1csSha256) return { refused: 'it belongs to another circuit' };
  const sp = stored.program;
  if (metaBytes % 4 !== 0 || codeAt + sp.words * 4 !== bytes.length) return { refused: 'its program has the wrong length' };
  const code = new Int32Array(sp.words);
  for (let i = 0; i < sp.words; i++) code[i] = view.getInt32(codeAt + 4 * i, true);
  const { program: _program, ...meta } = stored;
  return {
    meta,
    program: { nWires: sp.nWires, nOutputs: sp.nOutputs, nPublicInputs: sp.nPublicInputs, nPrivateInputs: sp.nPrivateInputs, code, pool: sp.pool.map((s) => BigInt(s)), layers: sp.layers, closures: [] },
  };
}
