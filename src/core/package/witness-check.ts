/**
 * The witness holds the user's input, and the public signals that bind it are the ones the prover
 * computes off the circuit (docs/circuit-cache.md, review finding F2). A witness made from a cached
 * program is not checked against the R1CS, and its proof verifying shows only that it satisfies
 * the circuit: an edited program could prove the circuit for another input, or commit the right
 * input under a salt of its choice (which makes the commitment guessable). So, before any proof:
 * - the private-input wires (after wire 0 and the package's public signals, `bits` per code, least
 *   significant first; circuit/builder.ts and gadgets.ts `inputCodes`) hold exactly the input codes;
 * - every public signal the package declares, apart from the output, equals its off-circuit value:
 *   the challenge, the commitment Poseidon(packed codes, salt) with the user's salt, the signer's
 *   fingerprint from the user's signed input, and the capture signal of its signed message.
 * With these fixed, the circuit's constraints fix the output, so a cached program that passes
 * proves exactly what a fresh compile would.
 */
import { fail } from '../errors.js';
import { mod } from '../field.js';
import type { BindingWitness } from '../provenance/input.js';
import { captureSignal, inputCommitment, inputMessage } from '../provenance/input.js';
import { publicKeyFingerprint } from '../provenance/sign.js';
import type { Manifest } from './manifest.js';
import type { SegmentKind } from './signals.js';
import { signalCount } from './signals.js';

export interface WitnessExpectation {
  readonly codes: readonly bigint[];
  readonly challenge: bigint;
  readonly binding?: BindingWitness | undefined;
}

function mismatch(what: string): never {
  return fail('prove', 'witness-mismatch', `the witness does not hold ${what}: the circuit's witness program is not the package's`);
}

/** The off-circuit value of one binding public signal, or undefined for the output (fixed by the constraints). */
function expectedSignal(segment: SegmentKind, bits: number, e: WitnessExpectation): bigint | undefined {
  const b = e.binding;
  switch (segment) {
    case 'output':
      return undefined;
    case 'challenge':
      return mod(e.challenge);
    case 'input-commitment':
      return b?.kind === 'commitment' ? inputCommitment(e.codes, bits, b.salt) : mismatch('a salt for the commitment');
    case 'signer':
      return b?.kind === 'signature' ? publicKeyFingerprint(b.publicKey) : mismatch('a signed input for the signer');
    case 'capture':
      return b?.kind === 'signature' ? captureSignal(inputMessage(e.codes, bits, b.metadata)) : mismatch('a signed input for the capture signal');
  }
}

/** Throws `witness-mismatch` (ZkinferError) unless `witness` holds the input codes and the package's binding signals for them. */
export function assertWitnessHoldsInput(m: Pick<Manifest, 'publicSignals' | 'input'>, witness: readonly bigint[], e: WitnessExpectation): void {
  const bits = m.input.bits;
  const nPublic = signalCount(m.publicSignals);
  const first = 1 + nPublic;
  if (witness.length < first + e.codes.length * bits) mismatch(`${e.codes.length} input codes of ${bits} bits after ${nPublic} public signals (it has ${witness.length} wires)`);
  if (witness[0] !== 1n) mismatch('1 in wire 0');
  e.codes.forEach((c, i) => {
    for (let j = 0; j < bits; j++) {
      if (witness[first + i * bits + j] !== ((c >> BigInt(j)) & 1n)) mismatch(`the input: code ${i} differs`);
    }
  });
  let at = 1;
  for (const s of m.publicSignals) {
    const want = expectedSignal(s.segment, bits, e);
    // Each segment but the output is one signal.
    if (want !== undefined && mod(witness[at]!) !== want) mismatch(s.segment === 'challenge' ? 'the challenge' : `the input binding's ${s.signals[0]} for this input`);
    at += s.signals.length;
  }
}
