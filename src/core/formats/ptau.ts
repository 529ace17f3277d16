/**
 * The snarkjs powers-of-tau format (`.ptau`, version 1): only what zkinfer needs to check before
 * handing the file to snarkjs, which otherwise reports "too small" or "not prepared" by returning
 * -1 (docs/SNARKJS-NOTES.md, trap 4).
 *
 * Container (see container.ts): magic "ptau", version 1. Points are 64 bytes (G1) or 128 (G2).
 *
 * | section | content                                                   |
 * | ------- | --------------------------------------------------------- |
 * | 1       | header: u32 n8, base prime q (n8 bytes), u32 power, u32 ceremonyPower |
 * | 2 … 6   | tau·G1, tau·G2, alpha·tau·G1, beta·tau·G1, beta·G2          |
 * | 7       | contributions                                             |
 * | 12      | Lagrange tau·G1 for every domain 2^0 … 2^(power+1): 2^(power+2) − 1 points |
 * | 13 … 15 | Lagrange tau·G2, alpha·tau·G1, beta·tau·G1, 2^0 … 2^power: 2^(power+1) − 1 points each |
 *
 * Sections 12–15 exist only after `powersoftau prepare phase2`; Groth16 setup needs them.
 */
import { fail } from '../errors.js';
import { BN254_BASE_PRIME, FIELD_BYTES, readFieldLE } from '../field.js';
import { type Container, type ContainerKind, readContainer, uniqueSection } from './container.js';

const KIND: ContainerKind = { magic: 'ptau', name: '.ptau', versions: [1] };
const G1_BYTES = 64;
const G2_BYTES = 128;

export interface PtauHeader {
  /** The file holds enough points for circuits of domain size up to 2^power. */
  readonly power: number;
  readonly ceremonyPower: number;
  /** Whether `prepare phase2` ran (the Lagrange sections 12–15 are present). */
  readonly preparedForPhase2: boolean;
}

export interface Ptau extends PtauHeader {
  readonly file: Container;
}

export function readPtau(bytes: Uint8Array): Ptau {
  const file = readContainer(bytes, KIND);
  const header = uniqueSection(file, 1, KIND, 'header');
  const { view } = file;
  if (header.size < 4 + FIELD_BYTES + 8 || view.getUint32(header.offset, true) !== FIELD_BYTES) {
    fail('format', 'unsupported', 'unsupported .ptau: not a BN254 powers-of-tau file (the header is not 32-byte fields)');
  }
  const q = readFieldLE(view, header.offset + 4);
  if (q !== BN254_BASE_PRIME) {
    fail('format', 'unsupported', `unsupported .ptau: the curve's base field is ${q}, not BN254's`);
  }
  const power = view.getUint32(header.offset + 4 + FIELD_BYTES, true);
  const ceremonyPower = view.getUint32(header.offset + 8 + FIELD_BYTES, true);
  const preparedForPhase2 = [12, 13, 14, 15].every((t) => file.sections.some((s) => s.type === t));
  return { file, power, ceremonyPower, preparedForPhase2 };
}

/**
 * Check that the sections snarkjs's newZKey reads for a domain of 2^circuitPower are present and
 * long enough, so a damaged file fails here with a sentence instead of deep inside snarkjs.
 */
export function checkPtauSections(ptau: Ptau, circuitPower: number): void {
  const d = 2 ** circuitPower;
  const needs: [type: number, bytes: number, what: string][] = [
    [4, G1_BYTES, 'alpha·tau·G1'],
    [5, G1_BYTES, 'beta·tau·G1'],
    [6, G2_BYTES, 'beta·G2'],
    [12, (4 * d - 1) * G1_BYTES, 'Lagrange tau·G1'],
    [13, (2 * d - 1) * G2_BYTES, 'Lagrange tau·G2'],
    [14, (2 * d - 1) * G1_BYTES, 'Lagrange alpha·tau·G1'],
    [15, (2 * d - 1) * G1_BYTES, 'Lagrange beta·tau·G1'],
  ];
  for (const [type, bytes, what] of needs) {
    const s = uniqueSection(ptau.file, type, KIND, what);
    if (s.size < bytes) {
      fail(
        'format',
        'corrupt',
        `corrupt .ptau: section ${type} (${what}) has ${s.size} bytes, a domain of 2^${circuitPower} needs ${bytes}`,
      );
    }
  }
}
