/**
 * Packing input codes into field elements for hashing or signing: the codes' bits, code 0 first and
 * each code least significant bit first, form one bit stream; element e holds stream bits
 * 253·e … 253·e + 252 (bit 253·e + j has weight 2^j). So n codes of `bits` bits take
 * ⌈n·bits / 253⌉ elements, codes may straddle two elements, and each element is < 2^253 < r: the
 * map from bits to elements is injective (no wrap-around), which is what makes a hash or a
 * signature of the elements bind the codes.
 *
 * In the circuit the elements are free linear combinations of the bit wires. Soundness needs the
 * bits to be boolean: the caller's job (circuit/gadgets.ts `inputCodes` constrains them).
 */
import type { LC } from './lc.js';

/** Payload bits per field element: 2^253 < r, so a packed element never wraps. */
export const PACK_BITS_PER_ELEMENT = 253;

/**
 * A `sign` output of more bits than one element holds is packed into public signals the same way
 * (bit i of the output is stream bit i): 2,048 iris-code bits are 9 signals instead of 2,048
 * (decision, docs/IRIS.md). Smaller sign outputs keep one signal per bit, so every package made
 * before packing keeps its layout and id.
 */
export function signOutputPacked(size: number): boolean {
  return size > PACK_BITS_PER_ELEMENT;
}

/** Field elements needed for `count` codes of `bits` bits. */
export function packedLength(count: number, bits: number): number {
  return Math.ceil((count * bits) / PACK_BITS_PER_ELEMENT);
}

/**
 * The bit wires of a code given as bit wires (least significant first) or as the combination
 * Σ 2^i·b_i of distinct wires with no constant (what `inputCodes` returns unmaterialised).
 */
function bitWires(code: readonly number[] | LC, bits: number, index: number): readonly number[] {
  if (Array.isArray(code)) {
    if (code.length !== bits) throw new RangeError(`code ${index} has ${code.length} bit wires, expected ${bits}`);
    return code;
  }
  const lc = code as LC;
  const wires = new Array<number>(bits);
  let seen = 0;
  for (const [w, c] of lc) {
    const i = c > 0n && (c & (c - 1n)) === 0n ? c.toString(2).length - 1 : -1;
    if (w === 0 || i < 0 || i >= bits || wires[i] !== undefined) {
      throw new RangeError(`code ${index} is not Σ 2^i·b_i over ${bits} bit wires: pass its bit wires`);
    }
    wires[i] = w;
    seen++;
  }
  if (seen !== bits) throw new RangeError(`code ${index} has ${seen} bit wires, expected ${bits}`);
  return wires;
}

/**
 * The packed elements of `codes` (each `bits` wide) as free linear combinations. Costs no
 * constraint. The off-circuit twin is `packCodes`.
 */
export function packCodesLC(codes: readonly (readonly number[] | LC)[], bits: number): LC[] {
  if (!Number.isInteger(bits) || bits < 1) throw new RangeError(`bits must be a positive integer, got ${bits}`);
  const out: LC[] = Array.from({ length: packedLength(codes.length, bits) }, () => new Map());
  codes.forEach((code, k) => {
    bitWires(code, bits, k).forEach((w, i) => {
      const pos = k * bits + i;
      const e = out[Math.floor(pos / PACK_BITS_PER_ELEMENT)]!;
      const coef = 1n << BigInt(pos % PACK_BITS_PER_ELEMENT);
      e.set(w, (e.get(w) ?? 0n) + coef);
    });
  });
  return out;
}

/** The same packing off the circuit: codes are integers in [0, 2^bits). */
export function packCodes(codes: readonly bigint[], bits: number): bigint[] {
  if (!Number.isInteger(bits) || bits < 1) throw new RangeError(`bits must be a positive integer, got ${bits}`);
  const out = new Array<bigint>(packedLength(codes.length, bits)).fill(0n);
  const B = BigInt(bits);
  const per = BigInt(PACK_BITS_PER_ELEMENT);
  codes.forEach((code, k) => {
    if (code < 0n || code >> B !== 0n) throw new RangeError(`code ${code} at ${k} is outside [0, 2^${bits})`);
    // Split the code where it crosses an element boundary.
    let pos = BigInt(k) * B;
    let rest = code;
    let left = B;
    while (left > 0n) {
      const e = Number(pos / per);
      const off = pos % per;
      const take = per - off < left ? per - off : left;
      out[e] = out[e]! | ((rest & ((1n << take) - 1n)) << off);
      rest >>= take;
      left -= take;
      pos += take;
    }
  });
  return out;
}

/**
 * The inverse of `packCodes(bits, 1)`: `count` bits from packed elements, refusing an element with
 * a bit set beyond its share (a packing of these many bits never has one).
 */
export function unpackBits(elements: readonly bigint[], count: number): number[] {
  if (elements.length !== packedLength(count, 1)) throw new RangeError(`${count} bits pack into ${packedLength(count, 1)} elements, got ${elements.length}`);
  const bits: number[] = [];
  elements.forEach((e, k) => {
    const n = Math.min(PACK_BITS_PER_ELEMENT, count - k * PACK_BITS_PER_ELEMENT);
    if (e < 0n || e >> BigInt(n) !== 0n) throw new RangeError(`packed element ${k} is not a packing of ${n} bits`);
    for (let i = 0; i < n; i++) bits.push(Number((e >> BigInt(i)) & 1n));
  });
  return bits;
}
