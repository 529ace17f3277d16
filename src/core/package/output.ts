/** Decoding a proof's public signals with its package's layout: the output a person reads and the challenge. */
import type { Manifest } from './manifest.js';
import type { DecodedOutput } from './signals.js';
import { decodeOutputSignals, splitSignals } from './signals.js';

export interface DecodedSignals {
  readonly output: DecodedOutput;
  /** The challenge signal (0 when the proof answers no challenge). */
  readonly challenge: bigint;
}

export function decodePublicSignals(manifest: Manifest, publicSignals: readonly string[]): DecodedSignals {
  const parts = splitSignals(manifest.publicSignals, publicSignals);
  return { output: decodeOutputSignals(manifest.output, parts.get('output')!), challenge: parts.get('challenge')![0]! };
}
