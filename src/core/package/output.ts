/**
 * Decoding a proof's public signals with its package's layout: the output a person reads, the
 * challenge, and the input binding's commitment or signer fingerprint.
 */
import type { Manifest } from './manifest.js';
import type { DecodedOutput } from './signals.js';
import { decodeOutputSignals, splitSignals } from './signals.js';
import { NO_BINDING } from '../provenance/input.js';

export interface DecodedSignals {
  readonly output: DecodedOutput;
  /** The challenge signal (0 when the proof answers no challenge). */
  readonly challenge: bigint;
  /** A commitment-bound package: Poseidon(packed input codes, salt). */
  readonly commitment?: bigint;
  /** A signature-bound package: the signer's key fingerprint Poseidon(A.x, A.y). */
  readonly signer?: bigint;
  /** A signature-bound package with the capture signal: Poseidon(CAPTURE_TAG, signed message). */
  readonly capture?: bigint;
}

/** The manifest's input binding (none when the field is absent). */
export function manifestBinding(manifest: Manifest) {
  return manifest.binding ?? NO_BINDING;
}

export function decodePublicSignals(manifest: Manifest, publicSignals: readonly string[]): DecodedSignals {
  const parts = splitSignals(manifest.publicSignals, publicSignals);
  const commitment = parts.get('input-commitment')?.[0];
  const signer = parts.get('signer')?.[0];
  const capture = parts.get('capture')?.[0];
  return {
    output: decodeOutputSignals(manifest.output, parts.get('output')!),
    challenge: parts.get('challenge')![0]!,
    ...(commitment !== undefined ? { commitment } : {}),
    ...(signer !== undefined ? { signer } : {}),
    ...(capture !== undefined ? { capture } : {}),
  };
}
