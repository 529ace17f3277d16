/**
 * The signed input file (format "zkinfer-signed-input", version 1): what a data source hands the
 * person it measured — the values, the codes the package's input spec made of them, the metadata,
 * the source's public key and its EdDSA-Poseidon signature. One writer and one reader, shared by
 * the CLI (`source sign`, `prove`) and the app (Lab page, Prove page). It holds the private input,
 * so it stays with the user; none of it goes into a bundle.
 */
import { fail } from '../errors.js';
import { FIELD_PRIME } from '../field.js';
import type { SignedInput } from './input.js';
import { formatFingerprint } from './input.js';
import type { BabyJubPoint, EdDSASignature } from './sign.js';

export const SIGNED_INPUT_FORMAT = 'zkinfer-signed-input';

export interface SignedInputMetadata {
  /** For people; not signed. */
  readonly name: string;
  /** The signed field element (decimal). */
  readonly value: string;
  /** The text the value was hashed from, when it was not an integer. */
  readonly text?: string;
}

export interface SignedInputFile {
  readonly format: typeof SIGNED_INPUT_FORMAT;
  readonly version: 1;
  /** The package whose input spec encoded the values (informational: the signature binds codes, not a package). */
  readonly packageId: string;
  readonly input: unknown;
  readonly bits: number;
  readonly codes: readonly string[];
  /** Signed in this order; names are for people and are not signed. */
  readonly metadata: readonly SignedInputMetadata[];
  readonly publicKey: readonly [string, string];
  readonly fingerprint: string;
  readonly signature: { readonly R8: readonly [string, string]; readonly S: string };
}

/** The file for a signed input (`signed.metadata` in the order of `metadata`). */
export function makeSignedInputFile(packageId: string, input: unknown, signed: SignedInput, metadata: readonly SignedInputMetadata[] = []): SignedInputFile {
  const pair = (p: BabyJubPoint) => [p[0].toString(), p[1].toString()] as const;
  return {
    format: SIGNED_INPUT_FORMAT,
    version: 1,
    packageId,
    input,
    bits: signed.bits,
    codes: signed.codes.map(String),
    metadata: [...metadata],
    publicKey: pair(signed.publicKey),
    fingerprint: formatFingerprint(signed.publicKey),
    signature: { R8: pair(signed.signature.R8), S: signed.signature.S.toString() },
  };
}

export interface ParsedSignedInput {
  readonly packageId?: string;
  readonly input: unknown;
  readonly codes: bigint[];
  readonly bits: number;
  readonly metadata: bigint[];
  /** The metadata's names and texts as the file gives them (not signed). */
  readonly metadataNames: readonly string[];
  readonly publicKey: BabyJubPoint;
  readonly signature: EdDSASignature;
}

/** Is this parsed JSON meant to be a signed input (whatever its content)? */
export function isSignedInputFile(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === SIGNED_INPUT_FORMAT;
}

const DECIMAL = /^[0-9]{1,78}$/;
const bad = (why: string): never => fail('input', 'bad-signed-input', why);

function field(v: unknown, what: string): bigint {
  if (typeof v !== 'string' || !DECIMAL.test(v) || BigInt(v) >= FIELD_PRIME) return bad(`${what} must be a decimal field element`);
  return BigInt(v);
}

export function parsePoint(v: unknown, what: string): BabyJubPoint {
  if (!Array.isArray(v) || v.length !== 2) return bad(`${what} must be [x, y]`);
  return [field(v[0], `${what}[0]`), field(v[1], `${what}[1]`)];
}

/**
 * Reads a signed input file (format, version and shapes; the signature itself is checked by the
 * caller against the package's encoding of the values, see verifyInputSignature). The stored
 * fingerprint is never read: it is recomputed from the public key.
 */
export function parseSignedInputFile(raw: unknown): ParsedSignedInput {
  if (!isSignedInputFile(raw)) return bad(`not a signed input (expected "format": "${SIGNED_INPUT_FORMAT}")`);
  const s = raw as Partial<SignedInputFile>;
  if (s.version !== 1) return bad(`signed input version ${JSON.stringify(s.version)} is not supported (version 1 is)`);
  if (!('input' in s)) return bad('the signed input has no "input"');
  if (!Number.isInteger(s.bits)) return bad('"bits" must be an integer');
  if (!Array.isArray(s.codes)) return bad('"codes" must be a list');
  if (!Array.isArray(s.metadata)) return bad('"metadata" must be a list');
  const sig = s.signature as { R8?: unknown; S?: unknown } | undefined;
  if (!sig || typeof sig !== 'object') return bad('the signed input has no "signature"');
  return {
    ...(typeof s.packageId === 'string' ? { packageId: s.packageId } : {}),
    input: s.input,
    codes: s.codes.map((c, i) => field(c, `codes[${i}]`)),
    bits: s.bits!,
    metadata: s.metadata.map((m, i) => field((m as { value?: unknown })?.value, `metadata[${i}].value`)),
    metadataNames: s.metadata.map((m, i) => {
      const x = m as { name?: unknown; text?: unknown };
      const name = typeof x?.name === 'string' ? x.name : `metadata ${i}`;
      return typeof x?.text === 'string' ? `${name}: ${x.text}` : name;
    }),
    publicKey: parsePoint(s.publicKey, 'publicKey'),
    signature: { R8: parsePoint(sig.R8, 'signature.R8'), S: field(sig.S, 'signature.S') },
  };
}
