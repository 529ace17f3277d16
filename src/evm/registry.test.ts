/**
 * contracts/ZkinferRegistry.sol in the local EVM, in front of a real package verifier: it records a
 * genuine proof with its output commitment and event, and refuses replays, proofs answering no
 * challenge, reused challenges, bad proofs and malformed submissions — recording nothing when it
 * refuses. Signal count and challenge index come from the package's public-signal layout.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Groth16Proof, ProofBundle, SignalLayout } from '../core/index.js';
import { challengeSignal, releaseCurve, verifyBundle } from '../core/index.js';
import { concat, encodeCall, readWord, toHex, word } from './abi.js';
import { verifierArgs } from './calldata.js';
import type { CallResult } from './chain.js';
import { LocalChain, testAccount } from './chain.js';
import type { RegistryLayout } from './registry.js';
import { encodeChallengeOf, encodeSubmit, errorSelector, outputCommitment, proofHash, recordedEvents, registryConstructorArgs, registryLayout } from './registry.js';
import type { CompiledContract } from './solc.js';
import { compileSolidity, compileVerifier } from './solc.js';
import type { Fixture } from './test-fixtures.js';
import { tinyPackage } from './test-fixtures.js';

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const alice = testAccount(1);
const bob = testAccount(2);

let fixture: Fixture;
let chain: LocalChain;
let registrySol: CompiledContract;
let verifierAddress: string;
let layout: RegistryLayout;
let input: number[];
let bundle: ProofBundle;

beforeAll(async () => {
  fixture = await tinyPackage('tiny-registry', 11);
  chain = await LocalChain.create();
  verifierAddress = (await chain.deploy(compileVerifier(fixture.verifierSol).bytecode)).address;
  registrySol = compileSolidity({ 'ZkinferRegistry.sol': readFileSync(new URL('../../contracts/ZkinferRegistry.sol', import.meta.url), 'utf8') }, 'ZkinferRegistry');
  layout = registryLayout(fixture.pkg.manifest.publicSignals);
  input = [0.3, -0.7, 0.2, 0.5];
  bundle = await fixture.prove(input, 'registry request 1');
});
afterAll(releaseCurve);

/** Deploys a registry with raw constructor arguments (verifier address, signal count, challenge index). */
async function deployRaw(nPublic: number, challengeIndex: bigint | number, verifier = verifierAddress): Promise<string> {
  return (await chain.deploy(concat(registrySol.bytecode, word(BigInt(verifier)), word(nPublic), word(challengeIndex)))).address;
}

const submit = (registry: string, proof: Groth16Proof, signals: readonly string[], from = alice): Promise<CallResult> =>
  chain.call(registry, encodeSubmit(verifierArgs(proof, signals)), { from });

async function recordOf(registry: string, hash: string): Promise<{ commitment: string; challenge: bigint; submitter: bigint }> {
  const r = await chain.call(registry, encodeCall('records(bytes32)', [BigInt(hash)]));
  return { commitment: toHex(r.returnData.slice(0, 32)), challenge: readWord(r.returnData, 1), submitter: readWord(r.returnData, 2) };
}

async function challengeUsed(registry: string, challenge: bigint): Promise<boolean> {
  return readWord((await chain.call(registry, encodeCall('challengeUsed(uint256)', [challenge]))).returnData, 0) === 1n;
}

function expectRevert(r: CallResult, error: string): void {
  expect(r.ok).toBe(false);
  expect(toHex(r.returnData.slice(0, 4))).toBe(errorSelector(error));
  expect(r.logs).toEqual([]);
}

const negated = (p: Groth16Proof): Groth16Proof => {
  const neg = (v: string) => (Q - BigInt(v)).toString();
  return { ...p, pi_a: [p.pi_a[0]!, neg(p.pi_a[1]!), '1'], pi_b: [p.pi_b[0]!, [neg(p.pi_b[1]![0]!), neg(p.pi_b[1]![1]!)], p.pi_b[2]!] };
};

describe('the registry’s layout, from the package manifest', () => {
  it('takes the signal count and the challenge index from the layout: today the challenge is the last signal', async () => {
    expect(layout).toEqual({ nPublic: 4, challengeIndex: 3 });
    expect(bundle.publicSignals).toHaveLength(layout.nPublic);
    expect(BigInt(bundle.publicSignals[layout.challengeIndex]!)).toBe(await challengeSignal('registry request 1'));
  });

  it('finds the challenge segment wherever it is, and refuses a layout without exactly one challenge signal', () => {
    const challenge = { segment: 'challenge', signals: ['challenge'] } as const;
    const outputs = { segment: 'output', signals: ['a', 'b'] } as const;
    expect(registryLayout([challenge, outputs])).toEqual({ nPublic: 3, challengeIndex: 0 });
    expect(() => registryLayout([outputs])).toThrow(/no challenge signal/);
    expect(() => registryLayout([outputs, { segment: 'challenge', signals: ['c', 'd'] }] as SignalLayout)).toThrow(/exactly one challenge/);
  });
});

describe('ZkinferRegistry', () => {
  let registry: string;
  let challenge: bigint;
  beforeAll(async () => {
    registry = (await chain.deploy(concat(registrySol.bytecode, registryConstructorArgs(verifierAddress, layout)))).address;
    challenge = BigInt(bundle.publicSignals[layout.challengeIndex]!);
  });

  it('records a genuine proof: output commitment, challenge, submitter, and an InferenceRecorded event', async () => {
    expect(challenge).not.toBe(0n);
    expect(await challengeUsed(registry, challenge)).toBe(false);
    const r = await submit(registry, bundle.proof, bundle.publicSignals);
    expect(r.ok, r.error).toBe(true);
    const args = verifierArgs(bundle.proof, bundle.publicSignals);
    const hash = proofHash(args);
    expect(toHex(r.returnData)).toBe(hash);
    // The commitment is over the three logits only.
    const commitment = outputCommitment(args.signals, layout.challengeIndex);
    expect(commitment).toBe(outputCommitment([...args.signals.slice(0, 3), 12345n], 3));
    expect(recordedEvents(r.logs)).toEqual([{ proofHash: hash, outputCommitment: commitment, challenge, submitter: alice }]);
    expect(await recordOf(registry, hash)).toEqual({ commitment, challenge, submitter: BigInt(alice) });
    expect(await challengeUsed(registry, challenge)).toBe(true);
    // Verification through the registry, plus the storage writes and the event.
    expect(r.gasUsed).toBeGreaterThan(200_000n);
    expect(r.gasUsed).toBeLessThan(400_000n);
  });

  it('refuses the same proof again (ProofReplayed), whoever sends it', async () => {
    expectRevert(await submit(registry, bundle.proof, bundle.publicSignals, bob), 'ProofReplayed(bytes32)');
  });

  it('refuses a fresh proof of the same statement and challenge, and the malleated proof (ChallengeReused)', async () => {
    const again = await fixture.prove(input, 'registry request 1');
    expect(again.proof.pi_a).not.toEqual(bundle.proof.pi_a); // a new proof (new randomness) …
    expect(again.publicSignals).toEqual(bundle.publicSignals); // … of the same signals
    expectRevert(await submit(registry, again.proof, again.publicSignals), 'ChallengeReused(uint256)');
    expectRevert(await submit(registry, negated(bundle.proof), bundle.publicSignals), 'ChallengeReused(uint256)');
  });

  it('accepts the same outputs proved again for a new challenge, under the same output commitment', async () => {
    const next = await fixture.prove(input, 'registry request 2');
    expect(next.publicSignals.slice(0, 3)).toEqual(bundle.publicSignals.slice(0, 3));
    const r = await submit(registry, next.proof, next.publicSignals, bob);
    expect(r.ok, r.error).toBe(true);
    const [event] = recordedEvents(r.logs);
    expect(event).toMatchObject({
      outputCommitment: outputCommitment(verifierArgs(bundle.proof, bundle.publicSignals).signals, layout.challengeIndex),
      challenge: await challengeSignal('registry request 2'),
      submitter: bob,
    });
  });

  it('refuses a genuine proof that answers no challenge (challenge 0: NoChallenge), and its malleated copy, recording nothing', async () => {
    const unchallenged = await fixture.prove([0.6, 0.6, -0.6, 0.1]);
    expect(unchallenged.publicSignals[layout.challengeIndex]).toBe('0');
    expect(await verifyBundle(unchallenged, fixture.pkg)).toMatchObject({ valid: true }); // a valid proof off-chain …
    const r = await submit(registry, unchallenged.proof, unchallenged.publicSignals);
    expectRevert(r, 'NoChallenge()'); // … that the registry will not take
    expect((await recordOf(registry, proofHash(verifierArgs(unchallenged.proof, unchallenged.publicSignals)))).submitter).toBe(0n);
    expectRevert(await submit(registry, negated(unchallenged.proof), unchallenged.publicSignals, bob), 'NoChallenge()');
    expect(await challengeUsed(registry, 0n)).toBe(false);
  });

  it('refuses a proof that does not verify, with an unused challenge, and records nothing', async () => {
    const other = await fixture.prove([0.9, 0.1, -0.4, -0.8], 'registry request 3');
    const forgedSignals = [...other.publicSignals];
    forgedSignals[0] = (BigInt(forgedSignals[0]!) + 1n).toString();
    const forged = await submit(registry, other.proof, forgedSignals);
    expectRevert(forged, 'InvalidProof()');
    expect((await recordOf(registry, proofHash(verifierArgs(other.proof, forgedSignals)))).submitter).toBe(0n);
    // A challenge signal edited to a fresh one (a replay dressed as an answer to another request) does not verify either.
    const redressed = [...other.publicSignals];
    redressed[layout.challengeIndex] = (await challengeSignal('registry request 4')).toString();
    expectRevert(await submit(registry, other.proof, redressed), 'InvalidProof()');
    // … and the challenge stays free: the genuine proof is then accepted.
    expect(await challengeUsed(registry, BigInt(other.publicSignals[layout.challengeIndex]!))).toBe(false);
    expect((await submit(registry, other.proof, other.publicSignals)).ok).toBe(true);
  });

  it('refuses a proof made for another package', async () => {
    const stranger = await tinyPackage('tiny-stranger', 23);
    const foreign = await stranger.prove([0.1, 0.1, 0.1, 0.1], 'registry request 5');
    expectRevert(await submit(registry, foreign.proof, foreign.publicSignals), 'InvalidProof()');
  });

  it('refuses a wrong number of signals and a signal shifted by r', async () => {
    const fresh = await fixture.prove([-0.5, 0.5, -0.5, 0.5], 'registry request 6');
    expectRevert(await submit(registry, fresh.proof, fresh.publicSignals.slice(0, 3)), 'WrongSignalCount(uint256,uint256)');
    const shifted = [...fresh.publicSignals];
    shifted[layout.challengeIndex] = (BigInt(shifted[layout.challengeIndex]!) + R).toString();
    expectRevert(await submit(registry, fresh.proof, shifted), 'NonCanonicalSignal(uint256)');
  });

  it('computes a text’s challenge signal on chain exactly as zkinfer does (challengeOf)', async () => {
    for (const text of ['registry request 1', 'é ∑ 🙂', 'x'.repeat(100), '']) {
      const r = await chain.call(registry, encodeChallengeOf(text));
      expect(r.ok, r.error).toBe(true);
      expect(readWord(r.returnData, 0)).toBe(await challengeSignal(text));
    }
  });
});

describe('ZkinferRegistry deployment', () => {
  it('refuses a challenge index out of range (or the old "no challenge" index), no signals, and a verifier address without code', async () => {
    await expect(deployRaw(4, 4)).rejects.toThrow(/deployment failed/);
    await expect(deployRaw(4, (1n << 256n) - 1n)).rejects.toThrow(/deployment failed/);
    await expect(deployRaw(0, 0)).rejects.toThrow(/deployment failed/);
    await expect(deployRaw(4, 3, testAccount(9))).rejects.toThrow(/deployment failed/);
    await expect(deployRaw(4, 3)).resolves.toMatch(/^0x[0-9a-f]{40}$/);
  });
});
