/**
 * Call data and events of the example registry contract (contracts/ZkinferRegistry.sol).
 * Environment-free.
 */
import type { SignalLayout } from '../core/index.js';
import { concat, encodeCall, keccak256, readWord, selector, toHex, word, WORD } from './abi.js';
import type { VerifierArgs } from './calldata.js';
import { flatArgs } from './calldata.js';
import type { EvmLog } from './chain.js';

export const SUBMIT_SIGNATURE = 'submit(uint256[2],uint256[2][2],uint256[2],uint256[])';
export const RECORDED_EVENT = 'InferenceRecorded(bytes32,bytes32,uint256,address)';

/** What a registry needs to know of a package's public signals. */
export interface RegistryLayout {
  /** Public signals in all (the verifier's `uint256[nPublic]`). */
  readonly nPublic: number;
  /** Index of the challenge signal (the last one for today's packages: outputs, then challenge). */
  readonly challengeIndex: number;
}

/** The registry's signal count and challenge index, from a package manifest's `publicSignals` layout. */
export function registryLayout(layout: SignalLayout): RegistryLayout {
  let at = 0;
  let challengeIndex: number | undefined;
  for (const segment of layout) {
    if (segment.segment === 'challenge') {
      if (challengeIndex !== undefined || segment.signals.length !== 1) throw new RangeError('the registry needs exactly one challenge signal');
      challengeIndex = at;
    }
    at += segment.signals.length;
  }
  if (challengeIndex === undefined) throw new RangeError('the package has no challenge signal: the registry could not refuse replays');
  return { nPublic: at, challengeIndex };
}

/** Constructor arguments, to append to the registry's creation bytecode. */
export function registryConstructorArgs(verifier: string, layout: RegistryLayout): Uint8Array {
  return concat(word(BigInt(verifier)), word(layout.nPublic), word(layout.challengeIndex));
}

export function encodeSubmit(v: VerifierArgs): Uint8Array {
  // Static head a, b, c (8 words), then the offset of the dynamic signals (9 words in), its length and elements.
  return encodeCall(SUBMIT_SIGNATURE, [...flatArgs(v).slice(0, 8), 9n * 32n, BigInt(v.signals.length), ...v.signals]);
}

/** keccak256(abi.encode(a, b, c)): the registry's identity of a proof. */
export function proofHash(v: VerifierArgs): string {
  return toHex(keccak256(concat(...flatArgs(v).slice(0, 8).map((x) => word(x)))));
}

/** keccak256 of the signals other than the challenge, each one word, in order. */
export function outputCommitment(signals: readonly bigint[], challengeIndex: number): string {
  return toHex(keccak256(concat(...signals.filter((_, i) => i !== challengeIndex).map((s) => word(s)))));
}

/** Call data of `challengeOf(string)`: the registry's on-chain copy of `challengeSignal(text)`. */
export function encodeChallengeOf(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const padded = new Uint8Array(Math.ceil(bytes.length / WORD) * WORD);
  padded.set(bytes);
  return concat(encodeCall('challengeOf(string)', [WORD, bytes.length]), padded);
}

export interface InferenceRecorded {
  readonly proofHash: string;
  readonly outputCommitment: string;
  readonly challenge: bigint;
  readonly submitter: string;
}

/** The InferenceRecorded events among a call's logs. */
export function recordedEvents(logs: readonly EvmLog[]): InferenceRecorded[] {
  const topic0 = toHex(keccak256(new TextEncoder().encode(RECORDED_EVENT)));
  return logs
    .filter((l) => l.topics.length === 4 && toHex(l.topics[0]!) === topic0)
    .map((l) => ({
      proofHash: toHex(l.topics[1]!),
      outputCommitment: toHex(l.topics[2]!),
      challenge: readWord(l.data, 0),
      submitter: '0x' + toHex(l.topics[3]!).slice(26),
    }));
}

/** The 4-byte selector of a custom error, to compare with revert data. */
export function errorSelector(signature: string): string {
  return toHex(selector(signature));
}
