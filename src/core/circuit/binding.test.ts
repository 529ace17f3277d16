/**
 * Input binding in the circuit (circuit/binding.ts) against its off-circuit twin
 * (provenance/input.ts), and the forgeries it must refuse: each "fails" case below is satisfiable
 * without the check it guards.
 */
import { subOrder } from '@zk-kit/baby-jubjub';
import { describe, expect, it } from 'vitest';
import { FIELD_PRIME } from '../field.js';
import type { BindingWitness, InputBinding } from '../provenance/input.js';
import { bindingAux, bindingSignals, captureSignal, inputCommitment, inputMessage, inputMessageHeader, randomSalt, signInput, verifyInputSignature } from '../provenance/input.js';
import { derivePublicKey, publicKeyFingerprint, sign } from '../provenance/sign.js';
import { bindInput } from './binding.js';
import { CircuitBuilder } from './builder.js';
import { firstUnsatisfied } from './check.js';
import { inputCodes } from './gadgets.js';

const COUNT = 30;
const BITS = 12;

/** The input stage of a model circuit with a binding: codes as private inputs, challenge + binding public. */
function circuit(binding: InputBinding, count = COUNT, bits = BITS) {
  const nBinding = bindingSignals(binding);
  const cs = new CircuitBuilder(0, count * bits, 1 + nBinding);
  inputCodes(cs, count, bits);
  const codeBits = Array.from({ length: count }, (_, e) => Array.from({ length: bits }, (_, i) => cs.privateInputWire(e * bits + i)));
  const before = cs.constraints.length;
  bindInput(cs, codeBits, bits, binding, Array.from({ length: nBinding }, (_, i) => cs.publicInputWire(1 + i)));
  const r1cs = cs.toR1cs();
  return {
    cost: cs.constraints.length - before,
    /**
     * The witness, with the public value (or the capture signal, `which` 1) optionally overridden
     * after the hints (a forged public signal).
     */
    run(codes: readonly bigint[], w: BindingWitness, forgedPublic?: bigint, which = 0) {
      const values = cs.witness(codes, new Array<bigint>(1 + nBinding).fill(0n), bindingAux(binding, w));
      if (forgedPublic !== undefined) values[cs.publicInputWire(1 + which)] = forgedPublic;
      return { ok: firstUnsatisfied(r1cs, values) === -1, pub: values[cs.publicInputWire(1)]!, capture: nBinding > 1 ? values[cs.publicInputWire(2)]! : undefined };
    },
  };
}

const codes = Array.from({ length: COUNT }, (_, i) => BigInt((i * 977 + 13) % (1 << BITS)));

describe('commitment binding', () => {
  const c = circuit({ kind: 'commitment' });
  it(`equals Poseidon(packed codes, salt) off the circuit (${c.cost} constraints for 30 × 12 bits)`, () => {
    const salt = randomSalt();
    const r = c.run(codes, { kind: 'commitment', salt });
    expect(r.ok).toBe(true);
    expect(r.pub).toBe(inputCommitment(codes, BITS, salt));
  });
  it('refuses a commitment of other data and a changed salt', () => {
    const salt = randomSalt();
    const other = codes.map((x, i) => (i === 7 ? x ^ 1n : x));
    expect(c.run(codes, { kind: 'commitment', salt }, inputCommitment(other, BITS, salt)).ok).toBe(false);
    expect(c.run(codes, { kind: 'commitment', salt }, inputCommitment(codes, BITS, salt + 1n)).ok).toBe(false);
    // The circuit's own output for another salt is another commitment.
    expect(c.run(codes, { kind: 'commitment', salt: salt + 1n }).pub).not.toBe(inputCommitment(codes, BITS, salt));
  });
  it('salts are fresh field elements', () => {
    const a = randomSalt();
    const b = randomSalt();
    expect(a).not.toBe(b);
    expect(a < FIELD_PRIME && b < FIELD_PRIME).toBe(true);
  });
});

describe('signature binding', () => {
  const key = 'lab key';
  const other = 'another key';
  const meta = [20261202n, 42n];
  const c = circuit({ kind: 'signature', metadata: 2 });
  const signed = signInput(key, codes, BITS, meta);
  const witness = (s = signed, m = meta): BindingWitness => ({ kind: 'signature', publicKey: s.publicKey, signature: s.signature, metadata: m });

  it(`verifies the source's signature over the codes the model reads; public = Poseidon(A) (${c.cost} constraints)`, () => {
    expect(verifyInputSignature(codes, BITS, meta, signed.publicKey, signed.signature)).toBe(true);
    const r = c.run(codes, witness());
    expect(r.ok).toBe(true);
    expect(r.pub).toBe(publicKeyFingerprint(derivePublicKey(key)));
  });

  it('the message is Poseidon(header, packed codes, metadata) with a header that fixes count, bits and metadata count', () => {
    expect(inputMessageHeader(30, 12, 2)).not.toBe(inputMessageHeader(45, 8, 2));
    expect(inputMessage(codes, BITS, meta)).toBe(signed.message);
    expect(inputMessage(codes, BITS, [meta[0]!, 43n])).not.toBe(signed.message);
  });

  it('refuses a wrong signature', () => {
    const bad = { ...signed, signature: { ...signed.signature, S: (signed.signature.S + 1n) % subOrder } };
    expect(c.run(codes, witness(bad)).ok).toBe(false);
    const badR = { ...signed, signature: sign(key, signed.message + 1n) };
    expect(c.run(codes, witness(badR)).ok).toBe(false);
  });

  it('refuses a signature by another key (claimed as this key, or under its own key: another fingerprint)', () => {
    const theirs = signInput(other, codes, BITS, meta);
    expect(c.run(codes, witness({ ...theirs, publicKey: signed.publicKey })).ok).toBe(false);
    // Under its own key the proof is fine, but its public fingerprint is the other key's.
    const r = c.run(codes, witness(theirs));
    expect(r.ok).toBe(true);
    expect(r.pub).not.toBe(publicKeyFingerprint(signed.publicKey));
    // And it cannot claim the lab's fingerprint.
    expect(c.run(codes, witness(theirs), publicKeyFingerprint(signed.publicKey)).ok).toBe(false);
  });

  it('refuses one input code changed after signing, and changed metadata', () => {
    const changed = codes.map((x, i) => (i === 29 ? (x + 1n) % (1n << BigInt(BITS)) : x));
    expect(c.run(changed, witness()).ok).toBe(false);
    expect(c.run(codes, witness(signed, [meta[0]!, 43n])).ok).toBe(false);
  });

  it('refuses S ≥ the subgroup order (S + l also satisfies the curve equation)', () => {
    const big = { ...signed, signature: { ...signed.signature, S: signed.signature.S + subOrder } };
    expect(big.signature.S < FIELD_PRIME).toBe(true);
    expect(c.run(codes, witness(big)).ok).toBe(false);
  });
});

describe('capture signal (signature binding with capture)', () => {
  const key = 'capture device key';
  const meta = [7n];
  const binding: InputBinding = { kind: 'signature', metadata: 1, capture: true };
  const c = circuit(binding);
  const plain = circuit({ kind: 'signature', metadata: 1 });
  const signed = signInput(key, codes, BITS, meta);
  const witness = (s = signed, m = meta): BindingWitness => ({ kind: 'signature', publicKey: s.publicKey, signature: s.signature, metadata: m });

  it(`publishes Poseidon(CAPTURE_TAG, M) after the signer (${c.cost - plain.cost} constraints more)`, () => {
    const r = c.run(codes, witness());
    expect(r.ok).toBe(true);
    expect(r.pub).toBe(publicKeyFingerprint(signed.publicKey));
    expect(r.capture).toBe(captureSignal(signed.message));
    expect(r.capture).not.toBe(signed.message);
  });

  it('is the same for another key signing the same capture only if the message is the same: it follows M, not the key', () => {
    const again = signInput('another device', codes, BITS, meta);
    expect(c.run(codes, witness(again)).capture).toBe(captureSignal(signed.message));
    const otherCapture = signInput(key, codes.map((x, i) => (i === 0 ? x ^ 1n : x)), BITS, meta);
    expect(captureSignal(otherCapture.message)).not.toBe(captureSignal(signed.message));
  });

  it('refuses a forged capture signal: another capture\'s, M itself, or any other value', () => {
    const otherMessage = signInput(key, codes, BITS, [8n]).message;
    for (const forged of [captureSignal(otherMessage), signed.message, captureSignal(signed.message) + 1n]) {
      expect(c.run(codes, witness(), forged, 1).ok).toBe(false);
    }
    expect(c.run(codes, witness(), captureSignal(signed.message), 1).ok).toBe(true);
  });
});
