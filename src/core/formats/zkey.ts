/**
 * The snarkjs proving key (`.zkey`, version 1), Groth16 only: a reader for the header, that also
 * checks every section's size against it, so a damaged or foreign key fails with a sentence
 * before snarkjs reads past an end inside WebAssembly.
 *
 * Container (see container.ts): magic "zkey", version 1. G1 points are 64 bytes, G2 128,
 * scalars 32 (coefficients are stored in Montgomery form, unlike .r1cs/.wtns).
 *
 * | section | content                                                                  |
 * | ------- | ------------------------------------------------------------------------ |
 * | 1       | u32 protocol: 1 = Groth16 (2 = PLONK, 10 = FFLONK)                         |
 * | 2       | u32 n8q, q, u32 n8r, r, u32 nVars, u32 nPublic, u32 domainSize,           |
 * |         | alpha1, beta1, beta2, gamma2, delta1, delta2 (660 bytes in all)            |
 * | 3       | IC: (nPublic + 1) G1                                                      |
 * | 4       | u32 nCoefs, then nCoefs × (u32 matrix (0 = A, 1 = B), u32 constraint, u32 wire, scalar) |
 * | 5, 6, 7 | A (G1), B1 (G1), B2 (G2): nVars points each                               |
 * | 8       | C: (nVars − nPublic − 1) G1                                               |
 * | 9       | H: domainSize G1                                                          |
 * | 10      | contributions (MPC transcript)                                            |
 */
import { fail, ZkinferError } from '../errors.js';
import { BN254_BASE_PRIME, FIELD_BYTES, FIELD_PRIME, readFieldLE } from '../field.js';
import {
  CONTAINER_HEADER_BYTES,
  type Container,
  type ContainerKind,
  readContainer,
  SECTION_HEADER_BYTES,
  type Section,
  uniqueSection,
  viewOf,
  writeContainerHeader,
  writeSectionHeader,
} from './container.js';

const KIND: ContainerKind = { magic: 'zkey', name: '.zkey', versions: [1] };
const PROTOCOLS: Record<number, string> = { 1: 'Groth16', 2: 'PLONK', 10: 'FFLONK' };
const G1_BYTES = 64;
const G2_BYTES = 128;
const GROTH_HEADER_BYTES = 3 * 4 + 2 * FIELD_BYTES + 4 + 4 + 3 * G1_BYTES + 3 * G2_BYTES;
const COEF_BYTES = 12 + FIELD_BYTES;

export interface ZkeyHeader {
  /** Wires, including wire 0: the witness length the key expects. */
  readonly nVars: number;
  readonly nPublic: number;
  readonly domainSize: number;
  /** Non-zero A and B coefficients (plus one per public signal) the prover evaluates. */
  readonly nCoefs: number;
}

/** A G1 point is 64 bytes (x, y), a G2 point 128: affine, Montgomery, little-endian; zero = all zeros. */
export const ZKEY_G1_BYTES = G1_BYTES;
export const ZKEY_G2_BYTES = G2_BYTES;

/** The Groth16 key's header points, as stored (views into the file, not copies). */
export interface ZkeyHeaderPoints {
  readonly alpha1: Uint8Array;
  readonly beta1: Uint8Array;
  readonly beta2: Uint8Array;
  readonly gamma2: Uint8Array;
  readonly delta1: Uint8Array;
  readonly delta2: Uint8Array;
}

export interface ZkeyGroth16 extends ZkeyHeader {
  readonly points: ZkeyHeaderPoints;
  /** Section 4 body (u32 count, then the entries), a view into the file. */
  readonly coefficients: Uint8Array;
}

function corrupt(detail: string, code = 'corrupt'): never {
  fail('format', code, `corrupt proving key: ${detail}`);
}

/** Validate a Groth16 BN254 `.zkey` and return its header. */
export function readZkeyHeader(bytes: Uint8Array): ZkeyHeader {
  const { nVars, nPublic, domainSize, nCoefs } = readZkeyGroth16(bytes);
  return { nVars, nPublic, domainSize, nCoefs };
}

/**
 * Validate a Groth16 BN254 `.zkey` as readZkeyHeader does, and also return views of its header
 * points (α₁, β₁, β₂, γ₂, δ₁, δ₂, in the order newZKey and readHeaderGroth16 use) and of its
 * coefficient section. The points are not checked here (see prover/key-check.ts).
 */
export function readZkeyGroth16(bytes: Uint8Array): ZkeyGroth16 {
  let file: Container;
  try {
    file = readContainer(bytes, KIND);
  } catch (e) {
    if (e instanceof ZkinferError) corrupt(e.message, e.code);
    throw e;
  }
  const section = (type: number, what: string): Section => {
    try {
      return uniqueSection(file, type, KIND, what);
    } catch (e) {
      if (e instanceof ZkinferError) corrupt(e.message, e.code);
      throw e;
    }
  };
  const expectSize = (s: Section, bytes: number, what: string): void => {
    if (s.size !== bytes) corrupt(`section ${s.type} (${what}) is ${s.size} bytes, the header implies ${bytes}`);
  };
  const { view } = file;

  const protoSection = section(1, 'protocol');
  expectSize(protoSection, 4, 'protocol');
  const protocol = view.getUint32(protoSection.offset, true);
  if (protocol !== 1) {
    corrupt(`it is a ${PROTOCOLS[protocol] ?? `protocol ${protocol}`} key, not Groth16`, 'not-groth16');
  }

  const h = section(2, 'Groth16 header');
  expectSize(h, GROTH_HEADER_BYTES, 'Groth16 header');
  let pos = h.offset;
  if (view.getUint32(pos, true) !== FIELD_BYTES || readFieldLE(view, pos + 4) !== BN254_BASE_PRIME) {
    corrupt('it is not over BN254 (base field mismatch)', 'unsupported');
  }
  pos += 4 + FIELD_BYTES;
  if (view.getUint32(pos, true) !== FIELD_BYTES || readFieldLE(view, pos + 4) !== FIELD_PRIME) {
    corrupt('it is not over BN254 (scalar field mismatch)', 'unsupported');
  }
  pos += 4 + FIELD_BYTES;
  const nVars = view.getUint32(pos, true);
  const nPublic = view.getUint32(pos + 4, true);
  const domainSize = view.getUint32(pos + 8, true);
  pos += 12;
  const take = (size: number): Uint8Array => {
    const p = bytes.subarray(pos, pos + size);
    pos += size;
    return p;
  };
  const alpha1 = take(G1_BYTES);
  const beta1 = take(G1_BYTES);
  const beta2 = take(G2_BYTES);
  const gamma2 = take(G2_BYTES);
  const delta1 = take(G1_BYTES);
  const delta2 = take(G2_BYTES);
  if (nPublic + 1 > nVars) corrupt(`${nPublic} public signals do not fit in ${nVars} wires`);
  if (domainSize === 0 || (domainSize & (domainSize - 1)) !== 0) {
    corrupt(`domain size ${domainSize} is not a power of two`);
  }

  const coefs = section(4, 'coefficients');
  if (coefs.size < 4) corrupt('section 4 (coefficients) is too short');
  const nCoefs = view.getUint32(coefs.offset, true);
  expectSize(coefs, 4 + nCoefs * COEF_BYTES, 'coefficients');

  expectSize(section(3, 'IC'), (nPublic + 1) * G1_BYTES, 'IC');
  expectSize(section(5, 'A'), nVars * G1_BYTES, 'A');
  expectSize(section(6, 'B1'), nVars * G1_BYTES, 'B1');
  expectSize(section(7, 'B2'), nVars * G2_BYTES, 'B2');
  expectSize(section(8, 'C'), (nVars - nPublic - 1) * G1_BYTES, 'C');
  expectSize(section(9, 'H'), domainSize * G1_BYTES, 'H');
  section(10, 'contributions');

  return {
    nVars,
    nPublic,
    domainSize,
    nCoefs,
    points: { alpha1, beta1, beta2, gamma2, delta1, delta2 },
    coefficients: bytes.subarray(coefs.offset, coefs.offset + coefs.size),
  };
}

// ---- Writing: the frame of a Groth16 .zkey (container and section headers, in newZKey's order).

/** The section order snarkjs's newZKey writes (and so the order a byte-identical key must have). */
const SECTION_ORDER = [1, 2, 4, 3, 9, 8, 5, 6, 7, 10] as const;
const CONTRIBUTIONS_BYTES = 64 + 4;

export interface ZkeyLayout {
  readonly nVars: number;
  readonly nPublic: number;
  readonly domainSize: number;
  readonly nCoefs: number;
  /** Body offset of each section by id. */
  readonly body: ReadonlyMap<number, number>;
  readonly size: number;
}

/** Where each section of a Groth16 key of this shape sits, and the file's size. */
export function zkeyLayout(nVars: number, nPublic: number, domainSize: number, nCoefs: number): ZkeyLayout {
  const sizes: Record<(typeof SECTION_ORDER)[number], number> = {
    1: 4,
    2: GROTH_HEADER_BYTES,
    4: 4 + nCoefs * COEF_BYTES,
    3: (nPublic + 1) * G1_BYTES,
    9: domainSize * G1_BYTES,
    8: (nVars - nPublic - 1) * G1_BYTES,
    5: nVars * G1_BYTES,
    6: nVars * G1_BYTES,
    7: nVars * G2_BYTES,
    10: CONTRIBUTIONS_BYTES,
  };
  const body = new Map<number, number>();
  let pos = CONTAINER_HEADER_BYTES;
  for (const id of SECTION_ORDER) {
    body.set(id, pos + SECTION_HEADER_BYTES);
    pos += SECTION_HEADER_BYTES + sizes[id];
  }
  return { nVars, nPublic, domainSize, nCoefs, body, size: pos };
}

/** A zero-filled key of this layout with its container and section headers written. */
export function writeZkeyFrame(layout: ZkeyLayout): Uint8Array {
  const out = new Uint8Array(layout.size);
  const view = viewOf(out);
  writeContainerHeader(view, 'zkey', 1, SECTION_ORDER.length);
  SECTION_ORDER.forEach((id, i) => {
    const body = layout.body.get(id)!;
    const end = i + 1 < SECTION_ORDER.length ? layout.body.get(SECTION_ORDER[i + 1]!)! - SECTION_HEADER_BYTES : layout.size;
    writeSectionHeader(view, body - SECTION_HEADER_BYTES, id, end - body);
  });
  return out;
}
