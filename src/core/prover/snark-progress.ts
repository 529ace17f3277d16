/**
 * snarkjs reports progress only through its logger (CONVENTIONS 5). These are the steps of
 * groth16_prove.js (snarkjs 0.7.6) in order, recognised by the debug lines it and ffjavascript
 * print: "Reading Wtns", "Building ABC", `QAP AB: i/n`, `IFFT_A: fft 12 mix start: 0/2`,
 * "Join ABC", `Multiexp start: multiexp B2: 0/4096`, …
 */
import type { OnProgress } from '../progress.js';

export interface SnarkLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const PROVE_STEPS: readonly { readonly match: RegExp; readonly label: string }[] = [
  { match: /^Reading (Wtns|Coeffs)/, label: 'reading the key and witness' },
  { match: /^(Building ABC|QAP (AB|C):)/, label: 'evaluating A, B and C' },
  { match: /^IFFT_A:/, label: 'inverse FFT of A' },
  { match: /^FFT_A:/, label: 'FFT of A' },
  { match: /^IFFT_B:/, label: 'inverse FFT of B' },
  { match: /^FFT_B:/, label: 'FFT of B' },
  { match: /^IFFT_C:/, label: 'inverse FFT of C' },
  { match: /^FFT_C:/, label: 'FFT of C' },
  { match: /^(Join ABC|JoinABC:)/, label: 'computing the quotient H' },
  { match: /^Reading A Points|multiexp A:/, label: 'multi-exponentiation A' },
  { match: /^Reading B1 Points|multiexp B1:/, label: 'multi-exponentiation B (G1)' },
  { match: /^Reading B2 Points|multiexp B2:/, label: 'multi-exponentiation B (G2)' },
  { match: /^Reading C Points|multiexp C:/, label: 'multi-exponentiation C' },
  { match: /^Reading H Points|multiexp H:/, label: 'multi-exponentiation H' },
];

/**
 * A logger that turns snarkjs's prover lines into `prove` events: one per step entered, with
 * `done` = steps finished before it. Steps only move forward: a stray late line (multiexp chunks
 * finish out of order) never moves the bar back. Work is uneven across steps (the multiexps
 * dominate), so `done/total` is a step count, not a time estimate.
 */
export function proveProgressLogger(onProgress: OnProgress): SnarkLogger {
  let current = -1;
  const see = (message: string) => {
    for (let i = current + 1; i < PROVE_STEPS.length; i++) {
      if (PROVE_STEPS[i]!.match.test(message)) {
        current = i;
        onProgress({ stage: 'prove', done: i, total: PROVE_STEPS.length, message: PROVE_STEPS[i]!.label });
        return;
      }
    }
  };
  return { debug: see, info: see, warn: () => {}, error: () => {} };
}
