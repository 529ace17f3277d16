/**
 * The iden3 `.wtns` format, version 2, in memory.
 *
 * Container (see container.ts): magic "wtns", version 2, 2 sections. Little-endian.
 *
 * Section 1, header (40 bytes):
 * | size | field                                   |
 * | ---- | --------------------------------------- |
 * | 4    | u32 n8: bytes per field element (32)    |
 * | 32   | prime r, n8 bytes LE                    |
 * | 4    | u32 n: number of values (= nWires)      |
 *
 * Section 2, values: n × n8 bytes, LE, normal form, < r. Value 0 is the constant wire: 1.
 */
import { fail } from '../errors.js';
import { FIELD_BYTES, FIELD_PRIME, mod, readFieldLE, writeFieldLE } from '../field.js';
import {
  CONTAINER_HEADER_BYTES,
  type ContainerKind,
  expectSectionSize,
  readContainer,
  SECTION_HEADER_BYTES,
  uniqueSection,
  viewOf,
  writeContainerHeader,
  writeSectionHeader,
} from './container.js';

const KIND: ContainerKind = { magic: 'wtns', name: '.wtns', versions: [2] };
const HEADER_BYTES = 4 + FIELD_BYTES + 4;

/**
 * Serialize a witness. Values may be negative or ≥ r (signed intermediate results are
 * natural in the compiler): they are reduced mod r here.
 */
export function writeWtns(values: readonly bigint[]): Uint8Array {
  if (values.length === 0 || mod(values[0]!) !== 1n) {
    fail(
      'format',
      'invalid-witness',
      `writeWtns: witness value 0 must be 1 (the constant wire), got ${values.length === 0 ? 'an empty witness' : values[0]}`,
    );
  }
  const valuesBytes = values.length * FIELD_BYTES;
  const total = CONTAINER_HEADER_BYTES + 2 * SECTION_HEADER_BYTES + HEADER_BYTES + valuesBytes;
  const bytes = new Uint8Array(total);
  const view = viewOf(bytes);
  let pos = writeContainerHeader(view, KIND.magic, 2, 2);

  pos = writeSectionHeader(view, pos, 1, HEADER_BYTES);
  view.setUint32(pos, FIELD_BYTES, true);
  writeFieldLE(view, pos + 4, FIELD_PRIME);
  view.setUint32(pos + 4 + FIELD_BYTES, values.length, true);
  pos += HEADER_BYTES;

  pos = writeSectionHeader(view, pos, 2, valuesBytes);
  for (let i = 0; i < values.length; i++, pos += FIELD_BYTES) {
    const v = values[i]!;
    // Skip the division for the common case: already reduced.
    writeFieldLE(view, pos, v >= 0n && v < FIELD_PRIME ? v : mod(v));
  }
  return bytes;
}

/** Validate the header and sizes; returns the number of values without decoding them. */
export function readWtnsLength(bytes: Uint8Array): number {
  return parse(bytes).n;
}

/** Parse `.wtns` bytes into field elements in [0, r). */
export function readWtns(bytes: Uint8Array): bigint[] {
  const { view, n, offset } = parse(bytes);
  const values: bigint[] = new Array(n);
  for (let i = 0, pos = offset; i < n; i++, pos += FIELD_BYTES) {
    const v = readFieldLE(view, pos);
    if (v >= FIELD_PRIME) fail('format', 'corrupt', `corrupt .wtns: value ${i} is not reduced mod r`);
    values[i] = v;
  }
  return values;
}

function parse(bytes: Uint8Array): { view: DataView; n: number; offset: number } {
  const file = readContainer(bytes, KIND);
  const { view } = file;
  const header = uniqueSection(file, 1, KIND, 'header');
  expectSectionSize(header, HEADER_BYTES, KIND, 'header');
  const n8 = view.getUint32(header.offset, true);
  if (n8 !== FIELD_BYTES) {
    fail('format', 'unsupported', `unsupported .wtns: field elements of ${n8} bytes (BN254 uses ${FIELD_BYTES})`);
  }
  const prime = readFieldLE(view, header.offset + 4);
  if (prime !== FIELD_PRIME) {
    fail('format', 'unsupported', `unsupported .wtns: prime is ${prime}, not BN254's scalar field ${FIELD_PRIME}`);
  }
  const n = view.getUint32(header.offset + 4 + FIELD_BYTES, true);
  const body = uniqueSection(file, 2, KIND, 'values');
  expectSectionSize(body, n * FIELD_BYTES, KIND, 'values');
  return { view, n, offset: body.offset };
}
