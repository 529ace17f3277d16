/**
 * The Groth16 evaluation domain, in one place for compile, the development setup, the ceremony
 * setup, the key check and the benchmarks: snarkjs's newZKey adds one row per public signal plus
 * one for the constant wire to the constraint rows, and takes the smallest power of two above.
 */
import type { R1cs } from './formats/r1cs-types.js';

/** The smallest power P with 2^P > nConstraints + nPublic (2^P ≥ nConstraints + nPublic + 1 rows). */
export function domainPower(nConstraints: number, nPublic: number): number {
  let power = 1;
  while (2 ** power <= nConstraints + nPublic) power++;
  return power;
}

/** The domain power snarkjs uses for this circuit (newZKey's `cirPower`). */
export function r1csDomainPower(r1cs: R1cs): number {
  return domainPower(r1cs.constraints.length, r1cs.nOutputs + r1cs.nPublicInputs);
}
