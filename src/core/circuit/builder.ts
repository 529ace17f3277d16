/**
 * Collects constraints A·B = C over lazy linear combinations and, beside each non-linear wire,
 * the hint that computes it. Running the hints in order is the witness generator, so the circuit
 * and its witness come from one piece of code and cannot drift apart.
 *
 * Wire layout (iden3): 0 = one, 1…nOutputs = public outputs, then the public inputs (values the
 * verifier supplies, such as a challenge), then the private inputs, then the internal wires.
 */
import { FIELD_PRIME, toSigned } from '../field.js';
import type { Constraint, LinearTerms, R1cs } from '../formats/r1cs-types.js';
import type { LC } from './lc.js';
import type { Hint, WitnessProgram } from './program.js';
import { ProgramWriter, runWitness } from './program.js';

/**
 * Computes wires from the ones already known; `input` is the private input of the witness run
 * (the input codes), `aux` the other private values it was given (an input binding's salt or
 * signature, see circuit/binding.ts). Gadgets write their hints as ops (`program`); a closure
 * hint is for tests and makes the program unserialisable.
 */
export type { Hint } from './program.js';
/** A hint failed while the builder was lowering `layer` (see CircuitBuilder.layer). */
export { WitnessRangeError } from './program.js';

export class CircuitBuilder {
  /** Stored canonical (sorted unique wires, signed non-zero coefficients; see LinearTerms), without Maps kept alive. */
  readonly constraints: Constraint[] = [];
  /** The hints, as a witness program (circuit/program.ts), each op tagged with its layer. */
  readonly program = new ProgramWriter();
  private currentLayer: string | undefined;
  private next: number;

  constructor(
    readonly nOutputs: number,
    readonly nPrivateInputs: number,
    readonly nPublicInputs = 0,
  ) {
    this.next = 1 + nOutputs + nPublicInputs + nPrivateInputs;
    // p · 1 = p for each public input: snarkjs's setup already binds public signals that sit in no
    // constraint, but this makes the binding a property of the circuit itself (any Groth16 setup,
    // any audit that looks for free wires), for one A term per public input.
    for (let i = 0; i < nPublicInputs; i++) {
      const p: LinearTerms = { wires: [this.publicInputWire(i)], coefs: [1n] };
      this.constraints.push([p, ONE, p]);
    }
  }

  /** The layer being lowered now (set by lower.ts), so a failing witness names it; undefined outside layers. */
  get layer(): string | undefined {
    return this.currentLayer;
  }

  set layer(name: string | undefined) {
    this.currentLayer = name;
    this.program.setLayer(name);
  }

  outputWire(i: number): number {
    if (i < 0 || i >= this.nOutputs) throw new RangeError(`output ${i} of ${this.nOutputs}`);
    return 1 + i;
  }

  /** A public input is set from the witness run's public values, not computed (see the constructor). */
  publicInputWire(i: number): number {
    if (i < 0 || i >= this.nPublicInputs) throw new RangeError(`public input ${i} of ${this.nPublicInputs}`);
    return 1 + this.nOutputs + i;
  }

  privateInputWire(i: number): number {
    if (i < 0 || i >= this.nPrivateInputs) throw new RangeError(`private input ${i} of ${this.nPrivateInputs}`);
    return 1 + this.nOutputs + this.nPublicInputs + i;
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

  /**
   * b · b = b, i.e. b ∈ {0, 1}: the most common constraint, built without any Map. One term on
   * each side (b · (b − 1) = 0 would put two on B, which the prover reads; C it does not).
   */
  constrainBoolean(b: number): void {
    const t: LinearTerms = { wires: [b], coefs: [1n] };
    this.constraints.push([t, t, t]);
  }

  /**
   * 0 · 0 = lc + constant + Σ extra: a linear relation, wholly on the C side, which the prover
   * never reads (it takes C = A·B on the domain). `extra` are (wire, coefficient) pairs merged
   * into lc's terms without copying lc. Returns the stored C terms.
   */
  constrainLinear(lc: LC, constant: bigint, extra: readonly (readonly [number, bigint])[]): LinearTerms {
    const c = mergeTerms(canonical(lc, constant), extra);
    this.constraints.push([EMPTY, EMPTY, c]);
    return c;
  }

  /** A hint as a closure (tests, ad-hoc gadgets): runs in place, but the program no longer serialises. */
  hint(h: Hint): void {
    this.program.closure(h);
  }

  /** The witness program so far (a copy of the ops written up to now). */
  witnessProgram(): WitnessProgram {
    return this.program.finish({ nWires: this.next, nOutputs: this.nOutputs, nPublicInputs: this.nPublicInputs, nPrivateInputs: this.nPrivateInputs });
  }

  /**
   * The witness program, the builder's own copy given up as it is copied (a compile's last step):
   * no hint may be added after it.
   */
  takeWitnessProgram(): WitnessProgram {
    return this.program.finish({ nWires: this.next, nOutputs: this.nOutputs, nPublicInputs: this.nPublicInputs, nPrivateInputs: this.nPrivateInputs }, true);
  }

  /** The witness as exact signed integers (wire 0 = 1). */
  witness(input: readonly bigint[], publicInputs: readonly bigint[] = [], aux: readonly bigint[] = []): bigint[] {
    return runWitness(this.witnessProgram(), input, publicInputs, aux);
  }

  toR1cs(): R1cs {
    return {
      prime: FIELD_PRIME,
      nWires: this.next,
      nOutputs: this.nOutputs,
      nPublicInputs: this.nPublicInputs,
      nPrivateInputs: this.nPrivateInputs,
      constraints: this.constraints,
    };
  }
}

const EMPTY: LinearTerms = { wires: [], coefs: [] };
const ONE: LinearTerms = { wires: [0], coefs: [1n] };

/** c itself when |c| < r (nearly always), else its signed representative. */
function reduce(c: bigint): bigint {
  return c > -FIELD_PRIME && c < FIELD_PRIME ? c : toSigned(c);
}

/**
 * Sorted terms plus (wire, coefficient) pairs, merged into sorted terms (zeros dropped). The
 * arrays are allocated at their final size (at most a few terms over): these are what a compiled
 * circuit keeps, millions of terms, and arrays grown by push carry up to half their length spare.
 */
function mergeTerms(t: LinearTerms, extra: readonly (readonly [number, bigint])[]): LinearTerms {
  const more = [...extra].sort((x, y) => x[0] - y[0]);
  const wires = new Array<number>(t.wires.length + more.length);
  const coefs = new Array<bigint>(t.wires.length + more.length);
  let k = 0;
  const push = (w: number, c: bigint) => {
    if (k > 0 && wires[k - 1] === w) {
      const sum = reduce(coefs[k - 1]! + c);
      if (sum === 0n) k--;
      else coefs[k - 1] = sum;
    } else if (c !== 0n) {
      wires[k] = w;
      coefs[k] = reduce(c);
      k++;
    }
  };
  let i = 0;
  let j = 0;
  while (i < t.wires.length || j < more.length) {
    if (j >= more.length || (i < t.wires.length && t.wires[i]! <= more[j]![0])) {
      push(t.wires[i]!, t.coefs[i]!);
      i++;
    } else {
      push(more[j]![0], more[j]![1]);
      j++;
    }
  }
  wires.length = k;
  coefs.length = k;
  return { wires, coefs };
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
