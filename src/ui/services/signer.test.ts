import { describe, expect, it } from 'vitest';
import { derivePublicKey } from '../../core/provenance/sign.js';
import { formatFingerprint } from '../../core/provenance/input.js';
import { DEMO_LAB_NAME, demoLabFingerprint } from '../lab/demo-key.js';
import { signerFingerprint, signerName } from './signer.js';

const A = derivePublicKey(new Uint8Array(32).fill(9));
const fp = formatFingerprint(A);
const key = [A[0].toString(), A[1].toString()];

describe('signer keys as people give them', () => {
  it('reads a fingerprint, a public key or a file with a publicKey, computing the fingerprint from a key', () => {
    expect(signerFingerprint(` ${fp} `)).toBe(fp);
    expect(signerFingerprint(`0x${BigInt(fp).toString(16)}`)).toBe(fp);
    expect(signerFingerprint(JSON.stringify(key))).toBe(fp);
    // The stored fingerprint of a file is not read: a lying one changes nothing.
    expect(signerFingerprint(JSON.stringify({ format: 'zkinfer-source-key', publicKey: key, fingerprint: '1' }))).toBe(fp);
  });

  it('refuses what is no key, saying what is accepted', () => {
    expect(() => signerFingerprint('')).toThrow(/fingerprint/);
    expect(() => signerFingerprint('lab key')).toThrow(/neither a key fingerprint/);
    expect(() => signerFingerprint('{"hello": 1}')).toThrow(/no "publicKey"/);
    expect(() => signerFingerprint('{"publicKey": ["1"]}')).toThrow(/not readable/);
  });

  it('names a signer by the verifier’s own name, else the demo label, else its key', () => {
    expect(signerName(fp, [{ fingerprint: fp, name: 'City lab', addedAt: '' }])).toBe('City lab');
    expect(signerName(demoLabFingerprint(), [])).toBe(DEMO_LAB_NAME);
    expect(signerName(fp, [])).toMatch(/^key \d{8}…\d{6}$/);
  });
});
