/**
 * The binary container shared by iden3's formats (.r1cs, .wtns, .zkey, .ptau):
 *
 * | offset | size | field                                    |
 * | ------ | ---- | ---------------------------------------- |
 * | 0      | 4    | magic, ASCII ("r1cs", "wtns", …)         |
 * | 4      | 4    | u32 version                              |
 * | 8      | 4    | u32 number of sections                   |
 * | 12     | …    | sections: u32 type, u64 body size, body  |
 *
 * Little-endian throughout. Readers find sections by type, not by position.
 */

import { fail } from '../errors.js';

export const CONTAINER_HEADER_BYTES = 12;
export const SECTION_HEADER_BYTES = 12;

export interface Section {
  readonly type: number;
  /** Offset of the section body in the file. */
  readonly offset: number;
  readonly size: number;
}

export interface Container {
  readonly version: number;
  readonly sections: readonly Section[];
  readonly view: DataView;
}

export interface ContainerKind {
  /** The 4-character magic, e.g. "r1cs". */
  readonly magic: string;
  /** The file kind as users know it, used in messages, e.g. ".r1cs". */
  readonly name: string;
  readonly versions: readonly number[];
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function describeMagic(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 4);
  const printable = head.length === 4 && head.every((b) => b >= 0x20 && b < 0x7f);
  if (printable) return JSON.stringify(String.fromCharCode(...head));
  return `0x${Array.from(head, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Parse the container header and section table, checking every section fits in the file. */
export function readContainer(bytes: Uint8Array, kind: ContainerKind): Container {
  if (bytes.length < 4 || describeMagic(bytes) !== JSON.stringify(kind.magic)) {
    fail(
      'format',
      'bad-magic',
      `not an ${kind.name} file: magic is ${bytes.length === 0 ? 'empty' : describeMagic(bytes)} (expected "${kind.magic}")`,
    );
  }
  if (bytes.length < CONTAINER_HEADER_BYTES) {
    fail(
      'format',
      'truncated',
      `truncated ${kind.name}: the file header needs ${CONTAINER_HEADER_BYTES} bytes, file has ${bytes.length}`,
    );
  }
  const view = viewOf(bytes);
  const version = view.getUint32(4, true);
  if (!kind.versions.includes(version)) {
    fail(
      'format',
      'unsupported-version',
      `unsupported ${kind.name} version ${version} (supported: ${kind.versions.join(', ')})`,
    );
  }
  const nSections = view.getUint32(8, true);
  const sections: Section[] = [];
  let pos = CONTAINER_HEADER_BYTES;
  for (let i = 0; i < nSections; i++) {
    if (pos + SECTION_HEADER_BYTES > bytes.length) {
      fail(
        'format',
        'truncated',
        `truncated ${kind.name}: the header says ${nSections} sections but the file ends after ${i}`,
      );
    }
    const type = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    const offset = pos + SECTION_HEADER_BYTES;
    const available = bytes.length - offset;
    if (size > available) {
      fail(
        'format',
        'truncated',
        `truncated ${kind.name}: section ${type} needs ${size} bytes, file has ${available}`,
      );
    }
    sections.push({ type, offset, size });
    pos = offset + size;
  }
  return { version, sections, view };
}

/** The one section of the given type; `what` names it for the error message. */
export function uniqueSection(c: Container, type: number, kind: ContainerKind, what: string): Section {
  const found = c.sections.filter((s) => s.type === type);
  if (found.length === 0) fail('format', 'corrupt', `corrupt ${kind.name}: missing section ${type} (${what})`);
  if (found.length > 1) fail('format', 'corrupt', `corrupt ${kind.name}: section ${type} (${what}) appears ${found.length} times`);
  return found[0]!;
}

/** A section body must be read to its exact end: a mismatch means the header lies about sizes. */
export function expectSectionSize(s: Section, expected: number, kind: ContainerKind, what: string): void {
  if (s.size !== expected) {
    fail(
      'format',
      'corrupt',
      `corrupt ${kind.name}: section ${s.type} (${what}) should be ${expected} bytes, it is ${s.size}`,
    );
  }
}

export function writeContainerHeader(view: DataView, magic: string, version: number, nSections: number): number {
  for (let i = 0; i < 4; i++) view.setUint8(i, magic.charCodeAt(i));
  view.setUint32(4, version, true);
  view.setUint32(8, nSections, true);
  return CONTAINER_HEADER_BYTES;
}

/** Write a section header at `pos`; returns the offset of its body. */
export function writeSectionHeader(view: DataView, pos: number, type: number, size: number): number {
  view.setUint32(pos, type, true);
  view.setBigUint64(pos + 4, BigInt(size), true);
  return pos + SECTION_HEADER_BYTES;
}
