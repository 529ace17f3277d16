/**
 * Collects constraints A·B = C over lazy linear combinations and, beside each non-linear wire,
 * the hint that computes it. Running the hints in order is the witness generator, so the circuit
 * and its witness come from one piece of code and cannot drift apart.
 *
 * Wire layout (iden3): 0 = one, 1…nOutputs = public outputs, then the private inputs, then the
 * internal wires.
 */
import { FIELD_PRIME, toSigned } from '../field.js';
import type { Constraint, LinearTerms, R1cs } from '../formats/r1cs-types.js';
import type { LC } from './lc.js';

/** Computes wires from the ones already known; `input` is the private input of the witness run. */
export type Hint = (values: bigint[], input: readonly bigint[]) => void;

export class CircuitBuilder {
  /** Stored canonical (sorted unique wires, signed non-zero coefficients; see LinearTerms), without Maps kept alive. */
  readonly constraints: Constraint[] = [];
  private readonly hints: Hint[] = [];
  private next: number;

  constructor(
    readonly nOutputs: number,
    readonly nPrivateInputs: number,
  ) {
    this.next = 1 + nOutputs + nPrivateInputs;
  }

  outputWire(i: number): number {
    if (i < 0 || i >= this.nOutputs) throw new RangeError(`output ${i} of ${this.nOutputs}`);
    return 1 + i;
  }

  privateInputWire(i: number): number {
    if (i < 0 || i >= this.nPrivateInputs) throw new RangeError(`private input ${i} of ${this.nPrivateInputs}`);
    return 1 + this.nOutputs + i;
  }

  wire(): number {
    return this.next++;
  }

  get nWires(): number {
    return this.next;
  }

  /** a · b = c + cConstant (the constant saves copying a long c just to add to its wire-0 term). */
  constrain(a: LC, b: LC, c: LC, cConstant = 0n): Constraint {
    const stored: Constraint = [canonical(a), canonical(b), canonical(c, cConstant)];
    this.constraints.push(stored);
    return stored;
  }

  /** b · (b − 1) = 0, the most common constraint, built without any Map. */
  constrainBoolean(b: number): void {
    this.constraints.push([{ wires: [b], coefs: [1n] }, { wires: [0, b], coefs: [-1n, 1n] }, EMPTY]);
  }

  hint(h: Hint): void {
    this.hints.push(h);
  }

  /** The witness as exact signed integers (wire 0 = 1). */
  witness(input: readonly bigint[]): bigint[] {
    const values = new Array<bigint>(this.next).fill(0n);
    values[0] = 1n;
    for (const h of this.hints) h(values, input);
    return values;
  }

  toR1cs(): R1cs {
    return {
      prime: FIELD_PRIME,
      nWires: this.next,
      nOutputs: this.nOutputs,
      nPublicInputs: 0,
      nPrivateInputs: this.nPrivateInputs,
      constraints: this.constraints,
    };
  }
}

const EMPTY: LinearTerms = { wires: [], coefs: [] };

/** c itself when |c| < r (nearly always), else its signed representative. */
function reduce(c: bigint): bigint {
  return c > -FIELD_PRIME && c < FIELD_PRIME ? c : toSigned(c);
}

function canonical(lc: LC, constant = 0n): LinearTerms {
  const wires: number[] = [];
  const coefs: bigint[] = [];
  let sorted = true;
  if (constant !== 0n && !lc.has(0)) {
    wires.push(0);
    coefs.push(reduce(constant));
  }
  for (const [w, c] of lc) {
    const r = reduce(w === 0 ? c + constant : c);
    if (r === 0n) continue;
    if (wires.length && w < wires[wires.length - 1]!) sorted = false;
    wires.push(w);
    coefs.push(r);
  }
  if (sorted) return { wires, coefs };
  const order = wires.map((_, i) => i).sort((x, y) => wires[x]! - wires[y]!);
  return { wires: order.map((i) => wires[i]!), coefs: order.map((i) => coefs[i]!) };
}
