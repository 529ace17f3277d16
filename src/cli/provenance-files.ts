/**
 * The provenance files of the CLI (docs/PROVENANCE.md): a data source's key file, a signed input
 * and an opening, written with mode 0600 where they hold secrets; and reading a trusted signer
 * given as a fingerprint or a file that holds a public key.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { BabyJubPoint, EdDSASignature } from '../core/index.js';
import { formatFingerprint, parseFingerprint } from '../core/index.js';
import { readJson, UsageError } from './files.js';

const FIELD_ELEMENT = /^[0-9]{1,78}$/;

export const KEY_FORMAT = 'zkinfer-source-key';
export const SIGNED_FORMAT = 'zkinfer-signed-input';

/** Writes a file only its owner can read (a private key, an opening). */
export function writePrivate(path: string, text: string, overwrite = true): void {
  if (!overwrite && existsSync(path)) throw new UsageError(`${path} exists: refusing to overwrite it (it may be a key you need)`);
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600); // the mode applies only to a new file
}

export interface KeyFile {
  readonly format: typeof KEY_FORMAT;
  readonly version: 1;
  /** 32 bytes, hex: @zk-kit/eddsa-poseidon's private key (Blake-512 derivation). */
  readonly privateKey: string;
  readonly publicKey: readonly [string, string];
  readonly fingerprint: string;
}

export interface SignedInputFile {
  readonly format: typeof SIGNED_FORMAT;
  readonly version: 1;
  /** The package whose input spec encoded the values (informational: the signature binds codes, not a package). */
  readonly packageId: string;
  readonly input: unknown;
  readonly bits: number;
  readonly codes: readonly string[];
  /** Signed in this order; names are for people and are not signed. */
  readonly metadata: readonly { readonly name: string; readonly value: string; readonly text?: string }[];
  readonly publicKey: readonly [string, string];
  readonly fingerprint: string;
  readonly signature: { readonly R8: readonly [string, string]; readonly S: string };
}

function field(v: unknown, what: string, path: string): bigint {
  if (typeof v !== 'string' || !FIELD_ELEMENT.test(v)) throw new UsageError(`${path}: ${what} must be a decimal string`);
  return BigInt(v);
}

function point(v: unknown, what: string, path: string): BabyJubPoint {
  if (!Array.isArray(v) || v.length !== 2) throw new UsageError(`${path}: ${what} must be [x, y]`);
  return [field(v[0], `${what}[0]`, path), field(v[1], `${what}[1]`, path)];
}

export function readKeyFile(path: string): { privateKey: Uint8Array; publicKey: BabyJubPoint } {
  const raw = readJson(path, 'key file') as Partial<KeyFile>;
  if (raw?.format !== KEY_FORMAT || typeof raw.privateKey !== 'string' || !/^[0-9a-f]{64}$/.test(raw.privateKey)) {
    throw new UsageError(`${path} is not a zkinfer source key (make one with: zkinfer source keygen --out <key.json>)`);
  }
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(raw.privateKey.slice(2 * i, 2 * i + 2), 16);
  return { privateKey: bytes, publicKey: point(raw.publicKey, 'publicKey', path) };
}

export interface ParsedSigned {
  readonly input: unknown;
  readonly codes: bigint[];
  readonly bits: number;
  readonly metadata: bigint[];
  readonly publicKey: BabyJubPoint;
  readonly signature: EdDSASignature;
}

export function isSignedInput(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === SIGNED_FORMAT;
}

export function parseSignedInput(raw: unknown, path: string): ParsedSigned {
  const s = raw as Partial<SignedInputFile>;
  if (s.version !== 1) throw new UsageError(`${path}: signed input version ${JSON.stringify(s.version)} is not supported`);
  if (!('input' in s)) throw new UsageError(`${path}: the signed input has no "input"`);
  if (!Number.isInteger(s.bits)) throw new UsageError(`${path}: "bits" must be an integer`);
  if (!Array.isArray(s.codes)) throw new UsageError(`${path}: "codes" must be a list`);
  if (!Array.isArray(s.metadata)) throw new UsageError(`${path}: "metadata" must be a list`);
  const sig = s.signature as { R8?: unknown; S?: unknown } | undefined;
  if (!sig || typeof sig !== 'object') throw new UsageError(`${path}: the signed input has no "signature"`);
  return {
    input: s.input,
    codes: s.codes.map((c, i) => field(c, `codes[${i}]`, path)),
    bits: s.bits!,
    metadata: s.metadata.map((m, i) => field((m as { value?: unknown })?.value, `metadata[${i}].value`, path)),
    publicKey: point(s.publicKey, 'publicKey', path),
    signature: { R8: point(sig.R8, 'signature.R8', path), S: field(sig.S, 'signature.S', path) },
  };
}

/**
 * A trusted signer: a fingerprint (decimal or 0x-hex), or a JSON file holding a "publicKey"
 * (a key file, a signed input): its fingerprint is computed from the key, never read.
 */
export function trustedSignerFingerprint(arg: string): string {
  if (existsSync(arg)) {
    const raw = readJson(arg, 'trusted signer file') as { publicKey?: unknown };
    if (!raw || typeof raw !== 'object' || !('publicKey' in raw)) throw new UsageError(`${arg} holds no "publicKey": give a key fingerprint or a file with the signer's public key`);
    return formatFingerprint(point(raw.publicKey, 'publicKey', arg));
  }
  const v = parseFingerprint(arg);
  if (v === undefined) throw new UsageError(`--trusted-signer "${arg.slice(0, 80)}" is neither a file nor a key fingerprint (a decimal or 0x-hex field element)`);
  return v.toString();
}
