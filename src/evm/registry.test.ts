/**
 * contracts/ZkinferRegistry.sol in the local EVM, in front of a real package verifier: it records a
 * genuine proof with its output commitment and event, and refuses replays, reused challenges,
 * bad proofs and malformed submissions — recording nothing when it refuses.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Groth16Proof, ProofBundle } from '../core/index.js';
import { releaseCurve } from '../core/index.js';
import { concat, encodeCall, readWord, toHex } from './abi.js';
import { verifierArgs } from './calldata.js';
import type { CallResult } from './chain.js';
import { LocalChain, testAccount } from './chain.js';
import { encodeSubmit, errorSelector, NO_CHALLENGE, outputCommitment, proofHash, recordedEvents, registryConstructorArgs } from './registry.js';
import type { CompiledContract } from './solc.js';
import { compileSolidity, compileVerifier } from './solc.js';
import type { Fixture } from './test-fixtures.js';
import { tinyPackage } from './test-fixtures.js';

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const CHALLENGE = 2; // treat the third logit as the challenge signal
const alice = testAccount(1);
const bob = testAccount(2);

let fixture: Fixture;
let chain: LocalChain;
let registrySol: CompiledContract;
let verifierAddress: string;
let input: number[];
let bundle: ProofBundle;

beforeAll(async () => {
  fixture = await tinyPackage('tiny-registry', 11);
  chain = await LocalChain.create();
  verifierAddress = (await chain.deploy(compileVerifier(fixture.verifierSol).bytecode)).address;
  registrySol = compileSolidity({ 'ZkinferRegistry.sol': readFileSync(new URL('../../contracts/ZkinferRegistry.sol', import.meta.url), 'utf8') }, 'ZkinferRegistry');
  input = [0.3, -0.7, 0.2, 0.5];
  bundle = await fixture.prove(input);
});
afterAll(releaseCurve);

async function deployRegistry(challengeIndex: bigint | number, nPublic = 3, verifier = verifierAddress): Promise<string> {
  return (await chain.deploy(concat(registrySol.bytecode, registryConstructorArgs(verifier, nPublic, challengeIndex)))).address;
}

const submit = (registry: string, proof: Groth16Proof, signals: readonly string[], from = alice): Promise<CallResult> =>
  chain.call(registry, encodeSubmit(verifierArgs(proof, signals)), { from });

async function recordOf(registry: string, hash: string): Promise<{ commitment: string; challenge: bigint; submitter: bigint }> {
  const r = await chain.call(registry, encodeCall('records(bytes32)', [BigInt(hash)]));
  return { commitment: toHex(r.returnData.slice(0, 32)), challenge: readWord(r.returnData, 1), submitter: readWord(r.returnData, 2) };
}

function expectRevert(r: CallResult, error: string): void {
  expect(r.ok).toBe(false);
  expect(toHex(r.returnData.slice(0, 4))).toBe(errorSelector(error));
}

const negated = (p: Groth16Proof): Groth16Proof => {
  const neg = (v: string) => (Q - BigInt(v)).toString();
  return { ...p, pi_a: [p.pi_a[0]!, neg(p.pi_a[1]!), '1'], pi_b: [p.pi_b[0]!, [neg(p.pi_b[1]![0]!), neg(p.pi_b[1]![1]!)], p.pi_b[2]!] };
};

describe('ZkinferRegistry with a challenge signal', () => {
  let registry: string;
  beforeAll(async () => {
    registry = await deployRegistry(CHALLENGE);
  });

  it('records a genuine proof: output commitment, challenge, submitter, and an InferenceRecorded event', async () => {
    const r = await submit(registry, bundle.proof, bundle.publicSignals);
    expect(r.ok, r.error).toBe(true);
    const args = verifierArgs(bundle.proof, bundle.publicSignals);
    const hash = proofHash(args);
    expect(toHex(r.returnData)).toBe(hash);
    const commitment = outputCommitment(args.signals, CHALLENGE);
    expect(recordedEvents(r.logs)).toEqual([{ proofHash: hash, outputCommitment: commitment, challenge: args.signals[CHALLENGE], submitter: alice }]);
    expect(await recordOf(registry, hash)).toEqual({ commitment, challenge: args.signals[CHALLENGE], submitter: BigInt(alice) });
    expect((await chain.call(registry, encodeCall('challengeUsed(uint256)', [args.signals[CHALLENGE]!]))).returnData.at(-1)).toBe(1);
    // Verification through the registry, plus the storage writes and the event.
    expect(r.gasUsed).toBeGreaterThan(200_000n);
    expect(r.gasUsed).toBeLessThan(400_000n);
  });

  it('refuses the same proof again (ProofReplayed), whoever sends it', async () => {
    expectRevert(await submit(registry, bundle.proof, bundle.publicSignals, bob), 'ProofReplayed(bytes32)');
  });

  it('refuses a fresh proof of the same statement, and the malleated proof, for their reused challenge', async () => {
    const again = await fixture.prove(input);
    expect(again.proof.pi_a).not.toEqual(bundle.proof.pi_a); // a new proof (new randomness) …
    expect(again.publicSignals).toEqual(bundle.publicSignals); // … of the same signals
    expectRevert(await submit(registry, again.proof, again.publicSignals), 'ChallengeReused(uint256)');
    expectRevert(await submit(registry, negated(bundle.proof), bundle.publicSignals), 'ChallengeReused(uint256)');
  });

  it('refuses a proof that does not verify, with an unused challenge, and records nothing', async () => {
    const other = await fixture.prove([0.9, 0.1, -0.4, -0.8]);
    expect(other.publicSignals[CHALLENGE]).not.toBe(bundle.publicSignals[CHALLENGE]);
    const forgedSignals = [...other.publicSignals];
    forgedSignals[0] = (BigInt(forgedSignals[0]!) + 1n).toString();
    const forged = await submit(registry, other.proof, forgedSignals);
    expectRevert(forged, 'InvalidProof()');
    expect(forged.logs).toEqual([]);
    expect((await recordOf(registry, proofHash(verifierArgs(other.proof, forgedSignals)))).submitter).toBe(0n);
    // … and the challenge stays free: the genuine proof is then accepted.
    expect((await submit(registry, other.proof, other.publicSignals)).ok).toBe(true);
  });

  it('refuses a proof made for another package', async () => {
    const stranger = await tinyPackage('tiny-stranger', 23);
    const foreign = await stranger.prove([0.1, 0.1, 0.1, 0.1]);
    expectRevert(await submit(registry, foreign.proof, foreign.publicSignals), 'InvalidProof()');
  });

  it('refuses a wrong number of signals and a signal shifted by r', async () => {
    const fresh = await fixture.prove([-0.5, 0.5, -0.5, 0.5]);
    expectRevert(await submit(registry, fresh.proof, fresh.publicSignals.slice(0, 2)), 'WrongSignalCount(uint256,uint256)');
    const shifted = [...fresh.publicSignals];
    shifted[CHALLENGE] = (BigInt(shifted[CHALLENGE]!) + R).toString();
    expectRevert(await submit(registry, fresh.proof, shifted), 'NonCanonicalSignal(uint256)');
  });
});

describe('ZkinferRegistry without a challenge signal (today’s circuits)', () => {
  it('refuses an exact replay, but accepts a new or malleated proof of the same statement: proof hashes are no identity', async () => {
    const registry = await deployRegistry(NO_CHALLENGE);
    expect((await submit(registry, bundle.proof, bundle.publicSignals)).ok).toBe(true);
    expectRevert(await submit(registry, bundle.proof, bundle.publicSignals), 'ProofReplayed(bytes32)');
    const malleated = await submit(registry, negated(bundle.proof), bundle.publicSignals, bob);
    expect(malleated.ok, malleated.error).toBe(true);
    const [event] = recordedEvents(malleated.logs);
    // Same statement, same commitment (all three signals), challenge 0.
    expect(event).toMatchObject({ outputCommitment: outputCommitment(verifierArgs(bundle.proof, bundle.publicSignals).signals), challenge: 0n, submitter: bob });
  });
});

describe('ZkinferRegistry deployment', () => {
  it('refuses a challenge index out of range, no signals, and a verifier address without code', async () => {
    await expect(deployRegistry(3)).rejects.toThrow(/deployment failed/);
    await expect(deployRegistry(NO_CHALLENGE, 0)).rejects.toThrow(/deployment failed/);
    await expect(deployRegistry(NO_CHALLENGE, 3, testAccount(9))).rejects.toThrow(/deployment failed/);
    await expect(deployRegistry(2)).resolves.toMatch(/^0x[0-9a-f]{40}$/);
  });
});
