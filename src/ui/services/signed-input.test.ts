import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../core/package/manifest.js';
import { encodeInput, uniformInputSpec } from '../../core/model/input.js';
import { signInput } from '../../core/provenance/input.js';
import { makeSignedInputFile } from '../../core/provenance/signed-file.js';
import { checkSignedFile } from './signed-input.js';

const spec = uniformInputSpec([4], 0, 10, 8);
const id = 'a'.repeat(64);
const signedPkg = { id, manifest: { name: 'lab-model', input: spec, binding: { kind: 'signature', metadata: 0 } } as unknown as Manifest };
const plainPkg = { id, manifest: { name: 'plain-model', input: spec } as unknown as Manifest };
const values = [1.5, 2, 9.25, 0];
const key = new Uint8Array(32).fill(3);

function signedText(v = values, packageId = id, edit?: (f: Record<string, unknown>) => void): string {
  const { codes } = encodeInput(spec, v);
  const f = JSON.parse(JSON.stringify(makeSignedInputFile(packageId, v, signInput(key, codes, spec.bits)))) as Record<string, unknown>;
  edit?.(f);
  return JSON.stringify(f);
}

describe('checkSignedFile', () => {
  it('accepts a file signed for this package: its values and signer', () => {
    const r = checkSignedFile('lab.json', signedText(), signedPkg);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.data.values).toEqual(values);
      expect(r.data.fingerprint).toMatch(/^[0-9]+$/);
    }
  });

  it('refuses each bad file with a named reason', () => {
    const why = (text: string, pkg = signedPkg) => {
      const r = checkSignedFile('f.json', text, pkg, new Map([['b'.repeat(64), 'other-model']]));
      return r.ok ? 'accepted' : `${r.title} ${r.message}`;
    };
    expect(why('{"input": [1, 2, 3, 4]}')).toMatch(/not a signed data file.*proves only values signed/);
    expect(why('a,b\n1,2')).toMatch(/not a signed data file/);
    expect(why(signedText(), plainPkg)).toMatch(/does not check signatures/);
    expect(why(signedText(values, 'b'.repeat(64)))).toMatch(/signed for package "other-model", not for "lab-model"/);
    // One value edited after signing.
    expect(why(signedText(values, id, (f) => (f.input = [1.5, 2, 9.25, 5])))).toMatch(/feature "x\[3\]" is not the value the source signed/);
    // The codes edited along with the values: the signature no longer checks.
    const edited = encodeInput(spec, [1.5, 2, 9.25, 5]).codes.map(String);
    expect(why(signedText(values, id, (f) => ((f.input = [1.5, 2, 9.25, 5]), (f.codes = edited))))).toMatch(/signature does not check/);
    expect(why(signedText(values, id, (f) => (f.version = 7)))).toMatch(/Malformed.*version 7/);
  });
});
