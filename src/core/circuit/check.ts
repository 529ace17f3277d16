/**
 * Checks a witness against an R1CS in the field, exactly as a verifier's relation would: snarkjs
 * never does this (docs/SNARKJS-NOTES.md, trap 1), and every soundness test relies on it.
 */
import { mod } from '../field.js';
import type { LinearTerms, R1cs } from '../formats/r1cs-types.js';

function dot(lc: LinearTerms, w: readonly bigint[]): bigint {
  let acc = 0n;
  for (let i = 0; i < lc.wires.length; i++) acc += lc.coefs[i]! * w[lc.wires[i]!]!;
  return mod(acc);
}

/** Index of the first unsatisfied constraint, -1 when all hold. Values are reduced mod r first. */
export function firstUnsatisfied(r1cs: R1cs, witness: readonly bigint[]): number {
  if (witness.length !== r1cs.nWires) throw new RangeError(`witness has ${witness.length} values, circuit has ${r1cs.nWires} wires`);
  const w = witness.map(mod);
  if (w[0] !== 1n) return -2;
  for (let i = 0; i < r1cs.constraints.length; i++) {
    const [a, b, c] = r1cs.constraints[i]!;
    if (mod(dot(a, w) * dot(b, w)) !== dot(c, w)) return i;
  }
  return -1;
}

export function isSatisfied(r1cs: R1cs, witness: readonly bigint[]): boolean {
  return firstUnsatisfied(r1cs, witness) === -1;
}
