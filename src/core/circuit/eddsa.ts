/**
 * EdDSA-Poseidon verification on Baby Jubjub, as @zk-kit/eddsa-poseidon `verifySignature` and
 * circomlib's EdDSAPoseidonVerifier: for public key A, message M (a field element) and signature
 * (R8, S),
 *   h = Poseidon(R8.x, R8.y, A.x, A.y, M)        (circomlib's Poseidon(5))
 *   S < l, A and R8 on the curve                 (the reference's checks)
 *   8·A ≠ O                                      (circomlib's: A not of small order)
 *   S·B8 = R8 + 8·h·A                            (h as the integer in [0, r), as the reference)
 *
 * Cost: 4,034 constraints (circomlib: 4,217). See docs/PROVENANCE-GADGETS.md for the breakdown.
 */
import { FIELD_PRIME } from '../field.js';
import type { PointLC } from './babyjub.js';
import {
  SUBGROUP_ORDER,
  assertBitsLessThan,
  assertNonZero,
  assertOnCurve,
  edwardsAdd,
  edwardsDouble,
  fieldBits,
  fixedBaseMul,
  variableBaseMulDoubled,
} from './babyjub.js';
import type { CircuitBuilder } from './builder.js';
import type { LC } from './lc.js';
import { poseidon } from './poseidon.js';

export interface EdDSASignatureLC {
  /** Public key A = s·B8 (on the curve, not of small order). */
  readonly A: PointLC;
  readonly R8: PointLC;
  /** The scalar S, a field element; must be < l. */
  readonly S: LC;
  /** The signed message, one field element. */
  readonly M: LC;
}

/** Bits of S: l < 2^251. */
const S_BITS = 251;
/** Bits of h: r < 2^254. */
const H_BITS = 254;

/** Constrains (R8, S) to be a valid EdDSA-Poseidon signature of M by A. */
export function verifyEdDSAPoseidon(cs: CircuitBuilder, sig: EdDSASignatureLC): void {
  const { A, R8, S, M } = sig;
  // The reference rejects points off the curve; the Edwards formulas below rely on it too.
  assertOnCurve(cs, A);
  assertOnCurve(cs, R8);

  // 4A and 8A. 8A ≠ O ⟺ x(8A) ≠ 0: the points with x = 0 are (0, 1) = O and (0, −1), of order 2,
  // and 8A lies in the subgroup of odd order l, so it cannot be (0, −1).
  const A4 = edwardsDouble(cs, edwardsDouble(cs, A));
  const A8 = edwardsDouble(cs, A4);
  assertNonZero(cs, A8.x);

  // S < l: its 251 bits (2^251 < r, no alias), then the comparison.
  const sBits = fieldBits(cs, S, S_BITS);
  assertBitsLessThan(cs, sBits, SUBGROUP_ORDER);

  // h's canonical 254 bits: without h < r, the bits of h + r (< 2^254) would also pass and
  // change the point (r is not a multiple of l).
  const h = poseidon(cs, [R8.x, R8.y, A.x, A.y, M]);
  const hBits = fieldBits(cs, h, H_BITS);
  assertBitsLessThan(cs, hBits, FIELD_PRIME);

  const left = fixedBaseMul(cs, sBits);
  // [2h]·4A = 8h·A. 4A has order l or 2l because 8A ≠ O, as variableBaseMulDoubled requires.
  const right = variableBaseMulDoubled(cs, A4, hBits);
  edwardsAdd(cs, R8, right, left);
}
