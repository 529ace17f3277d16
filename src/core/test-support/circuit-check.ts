/** The check every compiled-model test makes: the witness satisfies the circuit, its outputs are the integer reference's, and a forged output fails. */
import { expect } from 'vitest';
import { isSatisfied } from '../circuit/check.js';
import type { CompiledModel } from '../compile.js';
import { FIELD_PRIME } from '../field.js';

export function expectCircuitIsReference(c: CompiledModel, codes: readonly bigint[]): void {
  const w = c.witness(codes);
  expect(isSatisfied(c.r1cs, w)).toBe(true);
  expect(c.outputSignals(w)).toEqual(c.referenceOutput(codes));
  const forged = [...w];
  forged[1] = (forged[1]! + 1n) % FIELD_PRIME;
  expect(isSatisfied(c.r1cs, forged)).toBe(false);
}
