/**
 * Input provenance in the circuit (issue 11; decisions in docs/PROVENANCE.md). The bits the model
 * reads (the private inputs, boolean-constrained by `inputCodes`) are packed for free
 * (pack.ts) and either
 * - committed: public C = Poseidon(packed…, salt), or
 * - signed: M = Poseidon(header, packed…, metadata…) is recomputed here and the source's EdDSA-Poseidon
 *   signature of M is verified (eddsa.ts); public: the key's fingerprint Poseidon(A.x, A.y), and
 *   with `capture` also Poseidon(CAPTURE_TAG, M), the same for every proof of one signed capture.
 * The public value sits in a public-input wire constrained equal to the computed hash, so the
 * iden3 order (outputs, public inputs, private inputs) holds. The binding's private values (salt;
 * A, R8, S, metadata) are internal wires set from the witness run's `aux` values.
 * Off-circuit twin: provenance/input.ts.
 */
import type { InputBinding } from '../provenance/input.js';
import { CAPTURE_TAG, inputMessageHeader } from '../provenance/input.js';
import type { CircuitBuilder } from './builder.js';
import { verifyEdDSAPoseidon } from './eddsa.js';
import type { LC } from './lc.js';
import { constantLC, wireLC } from './lc.js';
import { packCodesLC } from './pack.js';
import { poseidon, poseidonMany } from './poseidon.js';

/** Wires set from the witness run's aux values, in order. */
function auxWires(cs: CircuitBuilder, n: number): number[] {
  const wires = Array.from({ length: n }, () => cs.wire());
  cs.program.aux(wires);
  return wires;
}

/** The public-input wire `out` = lc: set by the witness, pinned by one linear constraint. */
function exposeAsPublicInput(cs: CircuitBuilder, lc: LC, out: number): void {
  cs.program.evaluate(out, lc, true);
  cs.constrainLinear(lc, 0n, [[out, -1n]]);
}

/**
 * Binds the input codes, given as their bit wires (least significant first, code 0 first, each
 * already constrained boolean), to the public-input wires `publicWires` (commitment; signer, then
 * the capture signal when the binding asks for it).
 */
export function bindInput(cs: CircuitBuilder, codeBits: readonly (readonly number[])[], bits: number, binding: InputBinding, publicWires: readonly number[]): void {
  const [publicWire, captureWire] = publicWires;
  if (publicWire === undefined) throw new RangeError('an input binding needs a public-input wire');
  switch (binding.kind) {
    case 'none':
      return;
    case 'commitment': {
      const [salt] = auxWires(cs, 1);
      const packed = packCodesLC(codeBits, bits);
      exposeAsPublicInput(cs, poseidonMany(cs, [...packed, wireLC(salt!)]), publicWire);
      return;
    }
    case 'signature': {
      const [ax, ay, rx, ry, s, ...meta] = auxWires(cs, 5 + binding.metadata);
      const packed = packCodesLC(codeBits, bits);
      const header = constantLC(inputMessageHeader(codeBits.length, bits, binding.metadata));
      const M = poseidonMany(cs, [header, ...packed, ...meta.map((m) => wireLC(m))]);
      const A = { x: wireLC(ax!), y: wireLC(ay!) };
      verifyEdDSAPoseidon(cs, { A, R8: { x: wireLC(rx!), y: wireLC(ry!) }, S: wireLC(s!), M });
      exposeAsPublicInput(cs, poseidon(cs, [A.x, A.y]), publicWire);
      if (binding.capture) {
        if (captureWire === undefined) throw new RangeError('the capture signal needs a second public-input wire');
        exposeAsPublicInput(cs, poseidon(cs, [constantLC(CAPTURE_TAG), M]), captureWire);
      }
      return;
    }
  }
}
