/**
 * The opening of a commitment-bound proof: the package id, the input codes and the salt. The prover
 * keeps it (the CLI writes it to its own file, mode 0600) and shows it to whom they choose; with
 * it anyone can check that a verified bundle's commitment is Poseidon(packed codes, salt), i.e.
 * that the proof was about exactly this input. It is never part of a bundle.
 */
import { fail } from '../errors.js';
import { FIELD_PRIME } from '../field.js';
import { inputCommitment } from './input.js';

export const OPENING_FORMAT = 'zkinfer-opening';
export const OPENING_VERSION = 1;

export interface InputOpening {
  readonly format: typeof OPENING_FORMAT;
  readonly version: typeof OPENING_VERSION;
  readonly packageId: string;
  /** The input codes the model read (decimal), in input order. */
  readonly codes: readonly string[];
  /** The salt (decimal field element). */
  readonly salt: string;
}

export function makeOpening(packageId: string, codes: readonly bigint[], salt: bigint): InputOpening {
  return { format: OPENING_FORMAT, version: OPENING_VERSION, packageId, codes: codes.map(String), salt: salt.toString() };
}

const DECIMAL = /^[0-9]{1,78}$/;

export function parseOpening(raw: unknown): { packageId: string; codes: bigint[]; salt: bigint } {
  const bad = (why: string): never => fail('input', 'bad-opening', `malformed opening: ${why}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('not a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.format !== OPENING_FORMAT || o.version !== OPENING_VERSION) return bad(`expected format "${OPENING_FORMAT}" version ${OPENING_VERSION}`);
  if (typeof o.packageId !== 'string' || !/^[0-9a-f]{64}$/.test(o.packageId)) return bad('"packageId" must be a SHA-256 hex string');
  if (!Array.isArray(o.codes) || !o.codes.every((c) => typeof c === 'string' && DECIMAL.test(c))) return bad('"codes" must be a list of decimal strings');
  if (typeof o.salt !== 'string' || !DECIMAL.test(o.salt) || BigInt(o.salt) >= FIELD_PRIME) return bad('"salt" must be a decimal field element');
  return { packageId: o.packageId, codes: o.codes.map((c) => BigInt(c as string)), salt: BigInt(o.salt) };
}

export type OpeningResult =
  | { readonly matches: true; readonly commitment: string; readonly codes: readonly bigint[] }
  | { readonly matches: false; readonly reason: string };

/**
 * Does the opening open `commitment` (a verified bundle's input-commitment signal) for the package
 * `packageId` whose input is `count` codes of `bits` bits? The bundle-level check (verify, then
 * this) is package/verify.ts `checkOpening`.
 */
export function openCommitment(opening: { packageId: string; codes: readonly bigint[]; salt: bigint }, expected: { packageId: string; count: number; bits: number; commitment: string }): OpeningResult {
  if (opening.packageId !== expected.packageId) {
    return { matches: false, reason: `the opening is for package ${opening.packageId.slice(0, 12)}…, not this one (${expected.packageId.slice(0, 12)}…)` };
  }
  if (opening.codes.length !== expected.count) return { matches: false, reason: `the opening has ${opening.codes.length} input codes; the package's input has ${expected.count}` };
  let commitment: bigint;
  try {
    commitment = inputCommitment(opening.codes, expected.bits, opening.salt);
  } catch (e) {
    return { matches: false, reason: `the opening's codes are not ${expected.bits}-bit codes (${(e as Error).message})` };
  }
  if (commitment.toString() !== expected.commitment) {
    return { matches: false, reason: "the opening does not open the bundle's commitment: the proof was about other input data (or another salt)" };
  }
  return { matches: true, commitment: expected.commitment, codes: opening.codes };
}
