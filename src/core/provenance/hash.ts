/**
 * Off-circuit Poseidon: poseidon-lite (circomlib's parameters), never a hand-written copy. The
 * circuit side is circuit/poseidon.ts; both are tested equal.
 */
import {
  poseidon1,
  poseidon10,
  poseidon11,
  poseidon12,
  poseidon13,
  poseidon14,
  poseidon15,
  poseidon16,
  poseidon2,
  poseidon3,
  poseidon4,
  poseidon5,
  poseidon6,
  poseidon7,
  poseidon8,
  poseidon9,
} from 'poseidon-lite';
import { FIELD_PRIME } from '../field.js';

type Hash = (inputs: bigint[]) => bigint;
const BY_WIDTH: readonly Hash[] = [
  poseidon1,
  poseidon2,
  poseidon3,
  poseidon4,
  poseidon5,
  poseidon6,
  poseidon7,
  poseidon8,
  poseidon9,
  poseidon10,
  poseidon11,
  poseidon12,
  poseidon13,
  poseidon14,
  poseidon15,
  poseidon16,
];

export const POSEIDON_MAX_INPUTS = 16;

function checkElements(inputs: readonly bigint[]): void {
  for (const x of inputs) {
    if (typeof x !== 'bigint' || x < 0n || x >= FIELD_PRIME) throw new RangeError(`not a field element: ${String(x)}`);
  }
}

/** circomlib's Poseidon(n) of 1 … 16 field elements (each in [0, r)). */
export function poseidonHash(inputs: readonly bigint[]): bigint {
  if (inputs.length < 1 || inputs.length > POSEIDON_MAX_INPUTS) {
    throw new RangeError(`Poseidon takes 1 to ${POSEIDON_MAX_INPUTS} inputs, got ${inputs.length}`);
  }
  checkElements(inputs);
  return BY_WIDTH[inputs.length - 1]!([...inputs]);
}

/**
 * The chain of circuit/poseidon.ts `poseidonMany`: up to 16 elements, Poseidon(n); beyond,
 * d = Poseidon(x₀ … x₁₅), then d = Poseidon(d, next ≤ 15 elements) until all are absorbed.
 */
export function poseidonHashMany(inputs: readonly bigint[]): bigint {
  if (inputs.length === 0) throw new RangeError('poseidonHashMany needs at least one element');
  checkElements(inputs);
  let d = poseidonHash(inputs.slice(0, POSEIDON_MAX_INPUTS));
  for (let i = POSEIDON_MAX_INPUTS; i < inputs.length; i += POSEIDON_MAX_INPUTS - 1) {
    d = poseidonHash([d, ...inputs.slice(i, i + POSEIDON_MAX_INPUTS - 1)]);
  }
  return d;
}
