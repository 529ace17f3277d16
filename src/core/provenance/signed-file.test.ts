import { describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { signInput, verifyInputSignature } from './input.js';
import { isSignedInputFile, makeSignedInputFile, parseSignedInputFile } from './signed-file.js';

const key = new Uint8Array(32).fill(7);
const codes = [1n, 4095n, 0n, 17n];

describe('signed input file', () => {
  it('round-trips through JSON: the parsed codes, metadata, key and signature check', () => {
    const signed = signInput(key, codes, 12, [20261202n]);
    const file = makeSignedInputFile('ab'.repeat(32), [1, 2, 3, 4], signed, [{ name: 'date', value: '20261202' }]);
    const parsed = parseSignedInputFile(JSON.parse(JSON.stringify(file)));
    expect(isSignedInputFile(file)).toBe(true);
    expect(parsed.codes).toEqual(codes);
    expect(parsed.metadata).toEqual([20261202n]);
    expect(parsed.metadataNames).toEqual(['date']);
    expect(parsed.packageId).toBe('ab'.repeat(32));
    expect(verifyInputSignature(parsed.codes, parsed.bits, parsed.metadata, parsed.publicKey, parsed.signature)).toBe(true);
    // An edited code no longer checks.
    expect(verifyInputSignature([2n, ...codes.slice(1)], parsed.bits, parsed.metadata, parsed.publicKey, parsed.signature)).toBe(false);
  });

  it('refuses other files and malformed fields with a named error', () => {
    const file = makeSignedInputFile('ab'.repeat(32), [1], signInput(key, [1n], 8));
    expect(isSignedInputFile({ input: [1] })).toBe(false);
    expect(() => parseSignedInputFile({ input: [1] })).toThrow(/not a signed input/);
    expect(() => parseSignedInputFile({ ...file, version: 2 })).toThrow(/version 2 is not supported/);
    expect(() => parseSignedInputFile({ ...file, signature: { ...file.signature, S: '-1' } })).toThrow(/signature\.S must be a decimal field element/);
    expect(() => parseSignedInputFile({ ...file, publicKey: ['1'] })).toThrow(ZkinferError);
  });
});
