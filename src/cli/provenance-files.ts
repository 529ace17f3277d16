/**
 * The provenance files of the CLI (docs/PROVENANCE.md): a data source's key file, a signed input
 * and an opening, written with mode 0600 where they hold secrets; and reading a trusted signer
 * given as a fingerprint or a file that holds a public key.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { BabyJubPoint, ParsedSignedInput } from '../core/index.js';
import { formatFingerprint, isSignedInputFile, parseFingerprint, parseSignedInputFile, SIGNED_INPUT_FORMAT, ZkinferError } from '../core/index.js';
import { readJson, UsageError } from './files.js';

const FIELD_ELEMENT = /^[0-9]{1,78}$/;

export const KEY_FORMAT = 'zkinfer-source-key';
export const SIGNED_FORMAT = SIGNED_INPUT_FORMAT;
export type { SignedInputFile } from '../core/index.js';

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

export type ParsedSigned = ParsedSignedInput;

export const isSignedInput = isSignedInputFile;

/** The core reader (one reader for the CLI and the app), its errors naming the file. */
export function parseSignedInput(raw: unknown, path: string): ParsedSigned {
  try {
    return parseSignedInputFile(raw);
  } catch (e) {
    if (e instanceof ZkinferError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
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
