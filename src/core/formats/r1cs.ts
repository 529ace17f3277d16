/**
 * The iden3 `.r1cs` format, version 1, in memory.
 *
 * Container (see container.ts): magic "r1cs", version 1, 3 sections. Little-endian.
 *
 * Section 1, header (64 bytes):
 * | size | field                                                          |
 * | ---- | -------------------------------------------------------------- |
 * | 4    | u32 n8: bytes per field element (32)                           |
 * | 32   | prime r, n8 bytes LE                                           |
 * | 4    | u32 nWires, including wire 0 (the constant one)                |
 * | 4    | u32 nOutputs (public)                                          |
 * | 4    | u32 nPubInputs                                                 |
 * | 4    | u32 nPrvInputs                                                 |
 * | 8    | u64 nLabels                                                    |
 * | 4    | u32 nConstraints                                               |
 *
 * Section 2, constraints: nConstraints × (A, B, C), each linear combination is
 * | 4          | u32 nTerms                                             |
 * | 36 × nTerms| u32 wire id, then its coefficient (n8 bytes LE, normal form, < r) |
 * with wire ids strictly increasing and no zero coefficients.
 *
 * Section 3, wire → label map: nWires × u64 label id. We have no symbol table, so the map is
 * the identity (nLabels = nWires); snarkjs tools that load the map (r1cs print, info) need it.
 *
 * Sections 4 and 5 (custom gates, PLONK only) are neither written nor accepted.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { fail } from '../errors.js';
import { FIELD_BYTES, FIELD_PRIME, mod, readFieldLE, writeFieldLE } from '../field.js';
import {
  type Container,
  type ContainerKind,
  expectSectionSize,
  readContainer,
  SECTION_HEADER_BYTES,
  CONTAINER_HEADER_BYTES,
  uniqueSection,
  viewOf,
  writeContainerHeader,
  writeSectionHeader,
} from './container.js';
import type { Constraint, LinearTerms, R1cs } from './r1cs-types.js';

const KIND: ContainerKind = { magic: 'r1cs', name: '.r1cs', versions: [1] };
const HEADER_SECTION = 1;
const CONSTRAINTS_SECTION = 2;
const WIRE_MAP_SECTION = 3;
const CUSTOM_GATES_SECTIONS = [4, 5];
const HEADER_BYTES = 4 + FIELD_BYTES + 4 * 4 + 8 + 4;
const TERM_BYTES = 4 + FIELD_BYTES;
const SIDES = ['A', 'B', 'C'] as const;

const U32_MAX = 0xffff_ffff;

function isU32(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= U32_MAX;
}

function checkShape(r1cs: R1cs): void {
  if (r1cs.prime !== FIELD_PRIME) {
    fail('format', 'invalid-r1cs', `writeR1cs: only BN254's scalar field is supported, got prime ${r1cs.prime}`);
  }
  for (const key of ['nWires', 'nOutputs', 'nPublicInputs', 'nPrivateInputs'] as const) {
    if (!isU32(r1cs[key])) fail('format', 'invalid-r1cs', `writeR1cs: ${key} must be a u32, got ${r1cs[key]}`);
  }
  const io = 1 + r1cs.nOutputs + r1cs.nPublicInputs + r1cs.nPrivateInputs;
  if (io > r1cs.nWires) {
    fail(
      'format',
      'invalid-r1cs',
      `writeR1cs: 1 + outputs + public inputs + private inputs = ${io} exceeds nWires = ${r1cs.nWires}`,
    );
  }
  if (r1cs.constraints.length > U32_MAX) fail('format', 'invalid-r1cs', 'writeR1cs: too many constraints for a u32');
}

/** The fast path: sorted unique wires and non-zero coefficients in (−r, r) (LinearTerms), reduced as written. */
function isCanonical(lc: LinearTerms, nWires: number): boolean {
  const { wires, coefs } = lc;
  if (wires.length !== coefs.length) return false;
  let prev = -1;
  for (let i = 0; i < wires.length; i++) {
    const w = wires[i]!;
    const c = coefs[i]!;
    // `w > prev` with prev an integer ≥ -1 rejects NaN; `(w >>> 0) === w` rejects fractions.
    if (!(w > prev) || w >= nWires || (w >>> 0) !== w) return false;
    if (c === 0n || c <= -FIELD_PRIME || c >= FIELD_PRIME) return false;
    prev = w;
  }
  return true;
}

/** Merge repeated wires (docs/SNARKJS-NOTES.md, trap 3), reduce mod r, drop zeros, sort by wire. */
function canonicalize(lc: LinearTerms, nWires: number, where: string): LinearTerms {
  const { wires, coefs } = lc;
  if (wires.length !== coefs.length) {
    fail('format', 'invalid-r1cs', `${where}: ${wires.length} wires but ${coefs.length} coefficients`);
  }
  const sums = new Map<number, bigint>();
  for (let i = 0; i < wires.length; i++) {
    const w = wires[i]!;
    if (!Number.isInteger(w) || w < 0 || w >= nWires) {
      fail('format', 'invalid-r1cs', `${where}: wire ${w} is out of range (the circuit has ${nWires} wires)`);
    }
    sums.set(w, (sums.get(w) ?? 0n) + coefs[i]!);
  }
  const out = { wires: [] as number[], coefs: [] as bigint[] };
  for (const w of [...sums.keys()].sort((a, b) => a - b)) {
    const c = mod(sums.get(w)!);
    if (c !== 0n) {
      out.wires.push(w);
      out.coefs.push(c);
    }
  }
  return out;
}

/** What pass 1 learns: the LCs it had to rebuild (by 3 · constraint + side) and the section sizes. */
interface Layout {
  readonly rebuilt: Map<number, LinearTerms> | undefined;
  readonly constraintsBytes: number;
  readonly mapBytes: number;
  readonly total: number;
}

/** Pass 1: size the file. Only linear combinations that fail the cheap check get rebuilt. */
function layout(r1cs: R1cs): Layout {
  checkShape(r1cs);
  const { constraints, nWires } = r1cs;
  let rebuilt: Map<number, LinearTerms> | undefined;
  let nTerms = 0;
  for (let i = 0; i < constraints.length; i++) {
    const constraint = constraints[i]!;
    for (let k = 0; k < 3; k++) {
      let lc = constraint[k]!;
      if (!isCanonical(lc, nWires)) {
        lc = canonicalize(lc, nWires, `writeR1cs: constraint ${i} (${SIDES[k]})`);
        (rebuilt ??= new Map()).set(3 * i + k, lc);
      }
      nTerms += lc.wires.length;
    }
  }
  const constraintsBytes = constraints.length * 3 * 4 + nTerms * TERM_BYTES;
  const mapBytes = nWires * 8;
  return { rebuilt, constraintsBytes, mapBytes, total: CONTAINER_HEADER_BYTES + 3 * SECTION_HEADER_BYTES + HEADER_BYTES + constraintsBytes + mapBytes };
}

/** r's eight 32-bit limbs, little-endian: a small negative coefficient is r minus it, limb by limb. */
const PRIME_LIMBS = Array.from({ length: 8 }, (_, i) => Number((FIELD_PRIME >> BigInt(32 * i)) & 0xffff_ffffn));
const SMALL_MAX = 0x7fff_ffffn;

/**
 * Coefficient c ∈ (−r, r) at `offset`, reduced into [0, r). The common case (weights, powers of
 * two, ±1) is an integer of under 32 bits: written as eight 32-bit limbs with no BigInt arithmetic
 * (a negative one as r − |c| with the borrow carried in doubles), which spares the 254-bit
 * r + c and the three shifts of writeFieldLE per term.
 */
function writeCoefficient(view: DataView, offset: number, c: bigint): void {
  if (c < -SMALL_MAX || c > SMALL_MAX) {
    writeFieldLE(view, offset, c < 0n ? c + FIELD_PRIME : c);
    return;
  }
  const n = Number(c);
  if (n >= 0) {
    view.setUint32(offset, n, true);
    for (let k = 1; k < 8; k++) view.setUint32(offset + 4 * k, 0, true);
    return;
  }
  let borrow = -n;
  for (let k = 0; k < 8; k++) {
    let limb = PRIME_LIMBS[k]! - borrow;
    borrow = 0;
    if (limb < 0) {
      limb += 0x1_0000_0000;
      borrow = 1;
    }
    view.setUint32(offset + 4 * k, limb, true);
  }
}

/**
 * Where pass 2 writes: `view` has `capacity` bytes; `flush(used)` hands on the first `used` bytes
 * and the writer starts again at 0. Writing into one buffer never flushes; hashing flushes chunks.
 */
interface ByteSink {
  readonly view: DataView;
  readonly capacity: number;
  flush(used: number): void;
}

/** Largest piece pass 2 writes without a room check: the header section with both headers before it. */
const LARGEST_PIECE = CONTAINER_HEADER_BYTES + 2 * SECTION_HEADER_BYTES + HEADER_BYTES;

/** Pass 2: the file's bytes, in order, into `sink`; returns how many were written. */
function emit(r1cs: R1cs, l: Layout, sink: ByteSink): number {
  const { constraints, nWires } = r1cs;
  const { view, capacity } = sink;
  let pos = 0;
  let flushed = 0;
  const room = (n: number) => {
    if (pos + n > capacity) {
      sink.flush(pos);
      flushed += pos;
      pos = 0;
    }
  };
  room(LARGEST_PIECE);
  pos = writeContainerHeader(view, KIND.magic, 1, 3);
  pos = writeSectionHeader(view, pos, HEADER_SECTION, HEADER_BYTES);
  view.setUint32(pos, FIELD_BYTES, true);
  writeFieldLE(view, pos + 4, FIELD_PRIME);
  pos += 4 + FIELD_BYTES;
  view.setUint32(pos, nWires, true);
  view.setUint32(pos + 4, r1cs.nOutputs, true);
  view.setUint32(pos + 8, r1cs.nPublicInputs, true);
  view.setUint32(pos + 12, r1cs.nPrivateInputs, true);
  view.setBigUint64(pos + 16, BigInt(nWires), true);
  view.setUint32(pos + 24, constraints.length, true);
  pos += 28;

  room(SECTION_HEADER_BYTES);
  pos = writeSectionHeader(view, pos, CONSTRAINTS_SECTION, l.constraintsBytes);
  for (let i = 0; i < constraints.length; i++) {
    const constraint = constraints[i]!;
    for (let k = 0; k < 3; k++) {
      const { wires, coefs } = l.rebuilt?.get(3 * i + k) ?? constraint[k]!;
      room(4);
      view.setUint32(pos, wires.length, true);
      pos += 4;
      for (let t = 0; t < wires.length; t++) {
        room(TERM_BYTES);
        view.setUint32(pos, wires[t]!, true);
        writeCoefficient(view, pos + 4, coefs[t]!);
        pos += TERM_BYTES;
      }
    }
  }

  room(SECTION_HEADER_BYTES);
  pos = writeSectionHeader(view, pos, WIRE_MAP_SECTION, l.mapBytes);
  for (let w = 0; w < nWires; w++, pos += 8) {
    room(8);
    view.setUint32(pos, w, true);
    view.setUint32(pos + 4, 0, true);
  }
  sink.flush(pos);
  return flushed + pos;
}

/** Serialize to `.r1cs` bytes. Input terms need not be canonical; the output always is. */
export function writeR1cs(r1cs: R1cs): Uint8Array {
  const l = layout(r1cs);
  const bytes = new Uint8Array(l.total);
  // One buffer of the file's size: the only flush is the last one, with every byte written.
  const flush = (used: number) => {
    if (used !== l.total) throw new Error(`writeR1cs: internal size mismatch (${used} ≠ ${l.total})`);
  };
  emit(r1cs, l, { view: viewOf(bytes), capacity: l.total, flush });
  return bytes;
}

/** Bytes per chunk when hashing: small enough to stay in cache, large enough that flushes are rare. */
const HASH_CHUNK = 1 << 20;

/**
 * sha256 (hex) of writeR1cs(r1cs), without materialising the file: the bytes are written in 1 MiB
 * chunks into one reused buffer and hashed as they come. For the 18M-parameter MLP the file is
 * 660 MiB, which writeR1cs plus WebCrypto's copy of its input held twice over, at the compile's peak
 * (docs/browser-perf.md § 7).
 */
export function r1csSha256(r1cs: R1cs): string {
  const l = layout(r1cs);
  const chunk = new Uint8Array(HASH_CHUNK);
  const hash = sha256.create();
  const written = emit(r1cs, l, { view: viewOf(chunk), capacity: HASH_CHUNK, flush: (used) => hash.update(chunk.subarray(0, used)) });
  if (written !== l.total) throw new Error(`r1csSha256: internal size mismatch (${written} ≠ ${l.total})`);
  return bytesToHex(hash.digest());
}

/** The counts in an `.r1cs` header. */
export interface R1csHeader {
  readonly nWires: number;
  readonly nOutputs: number;
  readonly nPublicInputs: number;
  readonly nPrivateInputs: number;
  readonly nConstraints: number;
}

/** Read only the header: cheap even for a circuit with millions of constraints. */
export function readR1csHeader(bytes: Uint8Array): R1csHeader {
  return parseHeader(readContainer(bytes, KIND));
}

function parseHeader(file: Container): R1csHeader {
  for (const type of CUSTOM_GATES_SECTIONS) {
    if (file.sections.some((s) => s.type === type)) {
      fail('format', 'unsupported', `unsupported .r1cs: section ${type} (custom gates) is PLONK-only`);
    }
  }
  const { view } = file;
  const header = uniqueSection(file, HEADER_SECTION, KIND, 'header');
  if (header.size < 4) expectSectionSize(header, HEADER_BYTES, KIND, 'header');
  const n8 = view.getUint32(header.offset, true);
  if (n8 !== FIELD_BYTES) {
    fail('format', 'unsupported', `unsupported .r1cs: field elements of ${n8} bytes (BN254 uses ${FIELD_BYTES})`);
  }
  expectSectionSize(header, HEADER_BYTES, KIND, 'header');
  const pos = header.offset + 4 + FIELD_BYTES;
  const prime = readFieldLE(view, header.offset + 4);
  if (prime !== FIELD_PRIME) {
    fail('format', 'unsupported', `unsupported .r1cs: prime is ${prime}, not BN254's scalar field ${FIELD_PRIME}`);
  }
  const h: R1csHeader = {
    nWires: view.getUint32(pos, true),
    nOutputs: view.getUint32(pos + 4, true),
    nPublicInputs: view.getUint32(pos + 8, true),
    nPrivateInputs: view.getUint32(pos + 12, true),
    nConstraints: view.getUint32(pos + 24, true),
  };
  if (1 + h.nOutputs + h.nPublicInputs + h.nPrivateInputs > h.nWires) {
    fail(
      'format',
      'corrupt',
      `corrupt .r1cs: ${h.nOutputs} outputs + ${h.nPublicInputs} public + ${h.nPrivateInputs} private inputs do not fit in ${h.nWires} wires`,
    );
  }
  return h;
}

/** Parse `.r1cs` bytes, checking every size and value against the header. */
export function readR1cs(bytes: Uint8Array): R1cs {
  const file = readContainer(bytes, KIND);
  const { view } = file;
  const { nWires, nOutputs, nPublicInputs, nPrivateInputs, nConstraints } = parseHeader(file);

  const body = uniqueSection(file, CONSTRAINTS_SECTION, KIND, 'constraints');
  const end = body.offset + body.size;
  let pos = body.offset;
  const readLc = (i: number, k: number): LinearTerms => {
    const where = `corrupt .r1cs: constraint ${i} (${SIDES[k]})`;
    if (pos + 4 > end) fail('format', 'corrupt', `${where} runs past the end of section 2`);
    const n = view.getUint32(pos, true);
    pos += 4;
    if (pos + n * TERM_BYTES > end) fail('format', 'corrupt', `${where} runs past the end of section 2`);
    const lc = readTerms(view, pos, n, nWires, where);
    pos += n * TERM_BYTES;
    return lc;
  };
  const constraints: Constraint[] = new Array(nConstraints);
  for (let i = 0; i < nConstraints; i++) constraints[i] = [readLc(i, 0), readLc(i, 1), readLc(i, 2)];
  if (pos !== end) {
    fail(
      'format',
      'corrupt',
      `corrupt .r1cs: section 2 has ${end - pos} bytes left over after ${nConstraints} constraints`,
    );
  }

  return { prime: FIELD_PRIME, nWires, nOutputs, nPublicInputs, nPrivateInputs, constraints };
}

function readTerms(view: DataView, pos: number, n: number, nWires: number, where: string): LinearTerms {
  const wires: number[] = [];
  const coefs: bigint[] = [];
  let sorted = true;
  for (let t = 0; t < n; t++, pos += TERM_BYTES) {
    const w = view.getUint32(pos, true);
    const c = readFieldLE(view, pos + 4);
    if (w >= nWires) fail('format', 'corrupt', `${where}: wire ${w} is out of range (the circuit has ${nWires} wires)`);
    if (c >= FIELD_PRIME) fail('format', 'corrupt', `${where}: coefficient of wire ${w} is not reduced mod r`);
    if (c === 0n) continue;
    if (wires.length > 0 && w <= wires[wires.length - 1]!) sorted = false;
    wires.push(w);
    coefs.push(c);
  }
  if (sorted) return { wires, coefs };
  // Unsorted is tolerable (we sort); a repeated wire is not: snarkjs's own tools disagree on it.
  const order = wires.map((_, i) => i).sort((a, b) => wires[a]! - wires[b]!);
  const out = { wires: order.map((i) => wires[i]!), coefs: order.map((i) => coefs[i]!) };
  for (let t = 1; t < out.wires.length; t++) {
    if (out.wires[t] === out.wires[t - 1]) fail('format', 'corrupt', `${where}: wire ${out.wires[t]} appears twice`);
  }
  return out;
}
