/**
 * A package's verifier.sol, compiled with solc-js and run in the in-process EVM, accepts a genuine
 * bundle and refuses every tampering — the same verdicts as snarkjs off-chain.
 */
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Groth16Proof, ProofBundle } from '../core/index.js';
import { challengeSignal, releaseCurve, verifyBundle } from '../core/index.js';
import { selector, toHex } from './abi.js';
import { encodeVerifyProof, solidityCallArgs, verifierArgs, verifyProofSignature } from './calldata.js';
import { registryLayout } from './registry.js';
import type { CompiledContract } from './solc.js';
import { compileVerifier } from './solc.js';
import type { Fixture } from './test-fixtures.js';
import { tinyPackage } from './test-fixtures.js';
import { EvmVerifier } from './verifier.js';

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

let one: Fixture;
let two: Fixture;
let compiled: CompiledContract;
let verifier: EvmVerifier;
let bundle: ProofBundle;

beforeAll(async () => {
  one = await tinyPackage('tiny-one', 1);
  two = await tinyPackage('tiny-two', 7);
  compiled = compileVerifier(one.verifierSol);
  verifier = await EvmVerifier.deploy(compiled.bytecode);
  bundle = await one.prove([0.5, -0.25, 1, -1], 'verifier test');
});
afterAll(releaseCurve);

const withProof = (p: Partial<Groth16Proof>): Groth16Proof => ({ ...bundle.proof, ...p });

describe('the package verifier contract in the local EVM', () => {
  it('accepts a genuine bundle, as snarkjs does off-chain, for about 200k gas', async () => {
    // Three logits, then the challenge.
    expect(bundle.publicSignals).toHaveLength(4);
    expect(BigInt(bundle.publicSignals[3]!)).toBe(await challengeSignal('verifier test'));
    expect(bundle.publicSignals.slice(0, 3).some((s) => BigInt(s) > R / 2n)).toBe(true); // a negative logit: a field element near r
    expect(await verifyBundle(bundle, one.pkg)).toMatchObject({ valid: true });
    const r = await verifier.verify(bundle.proof, bundle.publicSignals);
    expect(r).toMatchObject({ valid: true });
    expect(r.error).toBeUndefined();
    // The precompiles' price (EIP-1108): a pairing check of 4 pairs, 45,000 + 4 × 34,000, and an
    // ecMul (6,000) and ecAdd (150) per public signal (the challenge is one); the contract's own
    // opcodes add little: about 500 gas per signal (field check, copying, calls) and 1,500 more.
    const n = BigInt(bundle.publicSignals.length);
    const precompiles = 45_000n + 4n * 34_000n + n * 6_150n;
    expect(r.gasUsed - precompiles).toBeGreaterThan(0n);
    expect(r.gasUsed - precompiles).toBeLessThan(1_500n + n * 500n);
    expect(r.transactionGas).toBeGreaterThan(r.gasUsed + 21_000n);
  });

  it('charges every call as a fresh transaction: the same gas on the first call and later ones', async () => {
    const fresh = await EvmVerifier.deploy(compiled.bytecode);
    const first = await fresh.verify(bundle.proof, bundle.publicSignals);
    const second = await fresh.verify(bundle.proof, bundle.publicSignals);
    expect(second.gasUsed).toBe(first.gasUsed);
    expect((await verifier.verify(bundle.proof, bundle.publicSignals)).gasUsed).toBe(first.gasUsed);
  });

  it('refuses a tampered proof point: off the curve, swapped, or one point negated', async () => {
    const [x, y] = bundle.proof.pi_a;
    const offCurve = withProof({ pi_a: [x!, (BigInt(y!) + 1n).toString(), '1'] });
    const swapped = withProof({ pi_a: bundle.proof.pi_c, pi_c: bundle.proof.pi_a });
    const q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
    const negatedA = withProof({ pi_a: [x!, (q - BigInt(y!)).toString(), '1'] });
    for (const p of [offCurve, swapped, negatedA]) expect(await verifier.verify(p, bundle.publicSignals)).toMatchObject({ valid: false });
  });

  it('refuses a changed public signal, the challenge included, and the right signals in another order', async () => {
    for (let i = 0; i < 4; i++) {
      const signals = [...bundle.publicSignals];
      signals[i] = (BigInt(signals[i]!) + 1n).toString();
      expect(await verifier.verify(bundle.proof, signals)).toMatchObject({ valid: false });
    }
    expect(new Set(bundle.publicSignals).size).toBe(4);
    expect(await verifier.verify(bundle.proof, [...bundle.publicSignals].reverse())).toMatchObject({ valid: false });
  });

  it('refuses a signal shifted by the field modulus r (same value mod r, not canonical)', async () => {
    const signals = [...bundle.publicSignals];
    signals[1] = (BigInt(signals[1]!) + R).toString();
    expect(BigInt(signals[1]!) < 1n << 256n).toBe(true); // still a uint256: the contract must check it
    expect(await verifier.verify(bundle.proof, signals)).toMatchObject({ valid: false });
  });

  it('refuses the proof presented as the answer to another challenge, or to none', async () => {
    for (const challenge of [await challengeSignal('another verifier’s challenge'), 0n]) {
      const signals = [...bundle.publicSignals.slice(0, 3), challenge.toString()];
      expect(await verifier.verify(bundle.proof, signals)).toMatchObject({ valid: false });
    }
  });

  it('refuses a proof made for another package, and that package’s verifier accepts it', async () => {
    const other = await two.prove([0.5, -0.25, 1, -1], 'verifier test');
    expect(await verifier.verify(other.proof, other.publicSignals)).toMatchObject({ valid: false });
    const otherVerifier = await EvmVerifier.deploy(compileVerifier(two.verifierSol).bytecode, verifier.chain);
    expect(otherVerifier.address).not.toBe(verifier.address);
    expect(await otherVerifier.verify(other.proof, other.publicSignals)).toMatchObject({ valid: true });
    expect(await otherVerifier.verify(bundle.proof, bundle.publicSignals)).toMatchObject({ valid: false });
  });

  it('answers invalid, with the reason, when called with the wrong number of signals', async () => {
    const r = await verifier.verify(bundle.proof, bundle.publicSignals.slice(0, 3));
    expect(r.valid).toBe(false);
    expect(r.error).toMatch(/revert/i);
  });

  it('accepts the proof with both A and B negated: a Groth16 proof is malleable, so its hash is no identity', async () => {
    const q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
    const { pi_a: a, pi_b: b } = bundle.proof;
    const neg = (v: string) => (q - BigInt(v)).toString();
    const malleated = withProof({ pi_a: [a[0]!, neg(a[1]!), '1'], pi_b: [b[0]!, [neg(b[1]![0]!), neg(b[1]![1]!)], b[2]!] });
    expect(await verifier.verify(malleated, bundle.publicSignals)).toMatchObject({ valid: true });
  });
});

describe('verifyProof call data', () => {
  it('uses the selector solc computes for the contract, for the layout’s signal count (outputs + challenge)', () => {
    const { nPublic } = registryLayout(one.pkg.manifest.publicSignals);
    expect(nPublic).toBe(4);
    const sig = verifyProofSignature(nPublic);
    expect(Object.keys(compiled.methodIdentifiers)).toEqual([sig]);
    expect(toHex(selector(sig))).toBe('0x' + compiled.methodIdentifiers[sig]);
    expect(encodeVerifyProof(verifierArgs(bundle.proof, bundle.publicSignals))).toHaveLength(4 + 32 * (8 + 4));
  });

  it('prints the arguments exactly as snarkjs’s exportSolidityCallData does', async () => {
    const theirs = await (snarkjs.groth16 as unknown as { exportSolidityCallData(p: unknown, s: unknown): Promise<string> }).exportSolidityCallData(bundle.proof, bundle.publicSignals);
    expect(solidityCallArgs(verifierArgs(bundle.proof, bundle.publicSignals))).toBe(theirs);
  });

  it('refuses a malformed proof instead of encoding garbage', () => {
    expect(() => verifierArgs(withProof({ pi_a: ['1', 'x', '1'] }), bundle.publicSignals)).toThrow(/pi_a.y is not a decimal string/);
    expect(() => verifierArgs(withProof({ pi_a: ['1', '2', '3'] }), bundle.publicSignals)).toThrow(/not affine/);
    expect(() => verifierArgs(bundle.proof, ['1'.repeat(79)])).toThrow(/public signal 0/);
  });
});
