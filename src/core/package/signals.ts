/**
 * The typed public-signal layout: the public signals of a proof are named, ordered segments, each
 * with its decoder: the model's output, the verifier's challenge, then for a package whose input
 * is bound (docs/PROVENANCE.md) the input commitment or the signer's key fingerprint. The order
 * is the circuit's wire order (iden3: outputs, then public inputs) and so also the order of the
 * `input` array of the Solidity verifier's `verifyProof`.
 */
import { fail } from '../errors.js';
import { FIELD_PRIME, toSigned } from '../field.js';
import type { OutputRule } from '../model/ir.js';
import { PACK_BITS_PER_ELEMENT, packedLength, signOutputPacked, unpackBits } from '../circuit/pack.js';
import type { InputBinding } from '../provenance/input.js';
import { NO_BINDING } from '../provenance/input.js';

export type SegmentKind = 'output' | 'challenge' | 'input-commitment' | 'signer' | 'capture';

export interface SignalSegment {
  readonly segment: SegmentKind;
  /** One name per signal, in order. */
  readonly signals: readonly string[];
}

export type SignalLayout = readonly SignalSegment[];

/** What a proof's output says, decoded with the package's output spec. */
export interface DecodedOutput {
  readonly rule: OutputRule;
  /** argmax: the class index and its label when the package has labels. */
  readonly class?: number;
  readonly label?: string;
  /** logits: dequantized values in output order. */
  readonly values?: readonly number[];
  /** sign: one bit per output element (1 for ≥ 0), unpacked when the signals pack them. */
  readonly bits?: readonly number[];
  /** sign, packed (more than 253 bits, e.g. an iris code): the bits as hex (`bitsToHex`). */
  readonly hex?: string;
}

export interface OutputSpec {
  readonly rule: OutputRule;
  readonly size: number;
  readonly scale: number;
  readonly labels?: readonly string[];
}

export function outputSignalNames(output: Pick<OutputSpec, 'rule' | 'size'>): string[] {
  if (output.rule === 'argmax') return ['class'];
  if (output.rule === 'sign' && signOutputPacked(output.size)) {
    // bits[a:b]: output bits a … b − 1, bit a the least significant (circuit/pack.ts).
    return Array.from({ length: packedLength(output.size, 1) }, (_, e) => `bits[${e * PACK_BITS_PER_ELEMENT}:${Math.min(output.size, (e + 1) * PACK_BITS_PER_ELEMENT)}]`);
  }
  return Array.from({ length: output.size }, (_, i) => (output.rule === 'sign' ? `bit[${i}]` : `logit[${i}]`));
}

/**
 * The layout every package of this version has: the output, one challenge signal, then one signal
 * for an input binding: the commitment Poseidon(packed codes, salt) or the signer's fingerprint
 * Poseidon(A.x, A.y) — and after it, for a signature binding with `capture`, the capture signal
 * Poseidon(CAPTURE_TAG, M) (provenance/input.ts `captureSignal`).
 */
export function standardLayout(output: Pick<OutputSpec, 'rule' | 'size'>, binding: InputBinding = NO_BINDING): SignalLayout {
  const layout: SignalSegment[] = [
    { segment: 'output', signals: outputSignalNames(output) },
    { segment: 'challenge', signals: ['challenge'] },
  ];
  if (binding.kind === 'commitment') layout.push({ segment: 'input-commitment', signals: ['commitment'] });
  if (binding.kind === 'signature') layout.push({ segment: 'signer', signals: ['signer'] });
  if (binding.kind === 'signature' && binding.capture) layout.push({ segment: 'capture', signals: ['capture'] });
  return layout;
}

export function signalCount(layout: SignalLayout): number {
  return layout.reduce((n, s) => n + s.signals.length, 0);
}

export function validateLayout(raw: unknown, output: OutputSpec, binding: InputBinding = NO_BINDING): SignalLayout {
  const bad = (why: string): never => fail('package', 'bad-manifest', `invalid manifest.json: "publicSignals" ${why}`);
  if (!Array.isArray(raw)) return bad('must be a list of segments');
  const expected = standardLayout(output, binding);
  if (JSON.stringify(raw) !== JSON.stringify(expected)) {
    return bad(`must be ${JSON.stringify(expected)} for a ${output.rule} output of ${output.size} with input binding ${binding.kind}${binding.kind === 'signature' && binding.capture ? ' and the capture signal' : ''} (this zkinfer knows the segments output, challenge, input-commitment, signer and capture)`);
  }
  return expected;
}

/** Splits signals by segment, checking count and that each is a canonical field element. */
export function splitSignals(layout: SignalLayout, publicSignals: readonly string[]): Map<SegmentKind, bigint[]> {
  const total = signalCount(layout);
  if (publicSignals.length !== total) {
    fail('verify', 'signal-count', `the bundle has ${publicSignals.length} public signals; this package's layout has ${total} (${layout.map((s) => `${s.segment} ${s.signals.length}`).join(', ')})`);
  }
  const values = publicSignals.map((s, i) => {
    const v = /^[0-9]{1,78}$/.test(s) ? BigInt(s) : -1n;
    if (v < 0n || v >= FIELD_PRIME) fail('verify', 'signal-range', `public signal ${i} is not a field element below the BN254 scalar modulus`);
    return v;
  });
  const out = new Map<SegmentKind, bigint[]>();
  let at = 0;
  for (const s of layout) {
    out.set(s.segment, values.slice(at, at + s.signals.length));
    at += s.signals.length;
  }
  return out;
}

export function decodeOutputSignals(output: OutputSpec, signals: readonly bigint[]): DecodedOutput {
  const ints = signals.map(toSigned);
  switch (output.rule) {
    case 'argmax': {
      const c = Number(ints[0]!);
      return output.labels?.[c] !== undefined ? { rule: 'argmax', class: c, label: output.labels[c] } : { rule: 'argmax', class: c };
    }
    case 'sign': {
      if (!signOutputPacked(output.size)) return { rule: 'sign', bits: ints.map(Number) };
      try {
        const bits = unpackBits(signals, output.size);
        return { rule: 'sign', bits, hex: bitsToHex(bits) };
      } catch (e) {
        return fail('verify', 'signal-range', `the output signals are not a packing of ${output.size} bits (${(e as Error).message})`);
      }
    }
    case 'logits':
      return { rule: 'logits', values: ints.map((v) => Number(v) / 2 ** output.scale) };
  }
}

/** One sentence of what an output says, the same in the CLI, the app and the history. */
export function describeOutput(o: DecodedOutput): string {
  switch (o.rule) {
    case 'argmax':
      return o.label ?? `class ${o.class}`;
    case 'sign':
      return signOutputPacked(o.bits!.length) ? `${o.bits!.length}-bit code ${bitsToHex(o.bits!)}` : `bits ${o.bits!.join('')}`;
    case 'logits':
      return `values [${o.values!.map((v) => v.toFixed(4)).join(', ')}]`;
  }
}

/**
 * A bit string as hex, four bits per digit in reading order: bits 4k … 4k + 3 make digit k, bit 4k
 * its most significant (so "1000 0001" is "81"); a short last group is padded with zeros.
 */
export function bitsToHex(bits: readonly number[]): string {
  let out = '';
  for (let k = 0; k < bits.length; k += 4) {
    let d = 0;
    for (let i = 0; i < 4; i++) d = (d << 1) | (bits[k + i] ?? 0);
    out += d.toString(16);
  }
  return out;
}

/** The inverse of `bitsToHex` for `count` bits. */
export function hexToBits(hex: string, count: number): number[] {
  if (!/^[0-9a-f]*$/i.test(hex) || hex.length !== Math.ceil(count / 4)) fail('input', 'bad-bit-string', `expected ${Math.ceil(count / 4)} hex digits for ${count} bits, got ${hex.length} characters`);
  const bits: number[] = [];
  for (let k = 0; k < count; k++) bits.push((parseInt(hex[k >> 2]!, 16) >> (3 - (k & 3))) & 1);
  return bits;
}

const CHALLENGE_TAG = 'zkinfer challenge v1\0';

/**
 * A verifier's challenge text as a field element: SHA-256 of a domain tag and the UTF-8 text, cut
 * to 253 bits (always below the modulus, so no bias and no reduction). No challenge is 0, which
 * no text maps to except with negligible probability.
 */
export async function challengeSignal(text: string | undefined): Promise<bigint> {
  if (text === undefined || text === '') return 0n;
  const bytes = new TextEncoder().encode(CHALLENGE_TAG + text);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let v = 0n;
  for (const b of digest) v = (v << 8n) | BigInt(b);
  return v >> 3n;
}
