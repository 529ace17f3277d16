/**
 * Matching two iris codes: the fractional Hamming distance — the share of disagreeing bits among
 * the bits usable in both codes — minimised over a few circular shifts of one code's columns,
 * because the eye may be rotated between captures (head tilt, cyclotorsion) and a rotation is a
 * shift of the strip's angular axis. Independent eyes disagree on about half their bits; captures
 * of one eye on far fewer.
 */
import { fail } from '../errors.js';

export interface IrisCode {
  /** One bit per byte, 0 or 1. */
  bits: Uint8Array;
  /** 1 where the bit is usable (not under an eyelid, lash or reflection). */
  valid: Uint8Array;
  /** Bits per probe column: a shift of one column moves the code by this many bits. */
  bitsPerColumn: number;
}

export interface MatchOptions {
  /** Largest shift tried, in probe columns, each way. */
  maxShift?: number;
  /** Fewest bits usable in both codes for a comparison to count. */
  minBits?: number;
}

export interface MatchResult {
  /** Fractional Hamming distance in [0, 1] at the best shift. */
  distance: number;
  /** The best shift, in probe columns (code b's column c + shift is compared with a's column c). */
  shift: number;
  /** Bits usable in both codes at that shift. */
  compared: number;
}

export const DEFAULT_MAX_SHIFT = 8;
export const DEFAULT_MIN_BITS = 400;

export function hammingDistance(a: IrisCode, b: IrisCode, options: MatchOptions = {}): MatchResult {
  const maxShift = options.maxShift ?? DEFAULT_MAX_SHIFT;
  const minBits = options.minBits ?? DEFAULT_MIN_BITS;
  if (a.bits.length !== b.bits.length || a.bitsPerColumn !== b.bitsPerColumn) {
    fail('input', 'iris-code-mismatch', `These iris codes have different layouts (${a.bits.length} and ${b.bits.length} bits); codes from different models cannot be compared.`);
  }
  const n = a.bits.length;
  let best: MatchResult = { distance: NaN, shift: 0, compared: 0 };
  // (0 - maxShift, not -maxShift: no "-0" shift when only the unrotated code is compared.)
  for (let shift = 0 - maxShift; shift <= maxShift; shift++) {
    const offset = (((shift * a.bitsPerColumn) % n) + n) % n;
    let differ = 0;
    let compared = 0;
    for (let i = 0; i < n; i++) {
      let j = i + offset;
      if (j >= n) j -= n;
      if (a.valid[i]! & b.valid[j]!) {
        compared++;
        differ += a.bits[i]! ^ b.bits[j]!;
      }
    }
    if (compared < minBits) continue;
    const distance = differ / compared;
    if (!(distance >= best.distance)) best = { distance, shift, compared };
  }
  if (best.distance !== best.distance) {
    fail('input', 'iris-too-occluded', `Too little iris is visible in both codes to compare them: fewer than ${minBits} usable bits in common at every rotation.`);
  }
  return best;
}
