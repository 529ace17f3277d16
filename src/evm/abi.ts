/**
 * The little of the Solidity ABI that zkinfer's contracts need: static arguments only (uint256,
 * bytes32, address, bool and fixed-size arrays of them), each one 32-byte word, in order.
 * Environment-free (Node, browsers, workers).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';

export const WORD = 32;

export function keccak256(bytes: Uint8Array): Uint8Array {
  return keccak_256(bytes);
}

/** The 4-byte function selector of a canonical signature such as "verifyProof(uint256[2],…)". */
export function selector(signature: string): Uint8Array {
  return keccak256(new TextEncoder().encode(signature)).slice(0, 4);
}

/** One 32-byte big-endian word; refuses negative values and values of 2^256 or more. */
export function word(value: bigint | number | boolean): Uint8Array {
  let v = typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value);
  if (v < 0n || v >= 1n << 256n) throw new RangeError(`${v} does not fit in a uint256`);
  const out = new Uint8Array(WORD);
  for (let i = WORD - 1; i >= 0 && v > 0n; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** A 20-byte address as a word (left-padded). */
export function addressWord(address: Uint8Array): Uint8Array {
  if (address.length !== 20) throw new RangeError(`an address has 20 bytes, not ${address.length}`);
  const out = new Uint8Array(WORD);
  out.set(address, 12);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Call data: selector then the static arguments, each a word. */
export function encodeCall(signature: string, args: readonly (bigint | number | boolean | Uint8Array)[]): Uint8Array {
  return concat(selector(signature), ...args.map((a) => (a instanceof Uint8Array ? (a.length === 20 ? addressWord(a) : a) : word(a))));
}

/** The i-th 32-byte word of return data (or log data) as an unsigned integer. */
export function readWord(data: Uint8Array, i: number): bigint {
  if (data.length < (i + 1) * WORD) throw new RangeError(`return data has ${data.length} bytes, no word ${i}`);
  let v = 0n;
  for (const b of data.subarray(i * WORD, (i + 1) * WORD)) v = (v << 8n) | BigInt(b);
  return v;
}

/** A single ABI-encoded bool: exactly one word holding 0 or 1 (anything else is not a bool). */
export function decodeBool(data: Uint8Array): boolean {
  if (data.length !== WORD) throw new RangeError(`expected one word, got ${data.length} bytes`);
  const v = readWord(data, 0);
  if (v > 1n) throw new RangeError(`${v} is not an ABI bool`);
  return v === 1n;
}

export function toHex(bytes: Uint8Array): string {
  return '0x' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(hex: string): Uint8Array {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (h.length % 2 || !/^[0-9a-fA-F]*$/.test(h)) throw new RangeError('not a hex string');
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}
