/**
 * Input provenance through the CLI, as a user types it, on the diagnosis demo: a commitment-bound
 * package (prove writes an owner-only opening; open matches it, exit 1 for another salt or data)
 * and a signature-bound one (source keygen and sign, prove refuses unsigned, edited and badly
 * signed inputs before proving, verify needs a trusted signer).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = new URL('../../bin/zkinfer.mjs', import.meta.url).pathname;
const demo = new URL('../../public/models/breast-cancer/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'zkinfer-provenance-'));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: work }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
const readJson = (name: string) => JSON.parse(readFileSync(join(work, name), 'utf8'));
const writeJson = (name: string, value: unknown) => writeFileSync(join(work, name), JSON.stringify(value));
const mode = (name: string) => statSync(join(work, name)).mode & 0o777;

beforeAll(() => {
  const samples = JSON.parse(readFileSync(join(demo, 'samples.json'), 'utf8')) as { diagnosis: string; values: number[] }[];
  writeJson('malignant.json', { input: samples.find((s) => s.diagnosis === 'malignant')!.values });
  writeJson('benign.json', { input: samples.find((s) => s.diagnosis === 'benign')!.values });
});

describe('zkinfer with commitment binding', () => {
  it('publish → prove (opening 0600, not in the bundle) → verify → open; exit 1 for another salt or other data', async () => {
    const pub = await run('publish', join(demo, 'model.json'), '--out', 'pkg-c', '--input-binding', 'commitment', '--no-solidity', '--json');
    expect(pub.code, pub.stderr).toBe(0);
    expect(JSON.parse(pub.stdout).binding).toEqual({ kind: 'commitment' });

    const prove = await run('prove', 'pkg-c', '--input', 'malignant.json', '--out', 'bundle.json', '--json');
    expect(prove.code, prove.stderr).toBe(0);
    const proved = JSON.parse(prove.stdout);
    expect(proved.opening).toBe('bundle.opening.json');
    expect(mode('bundle.opening.json')).toBe(0o600);
    const opening = readJson('bundle.opening.json');
    const bundleText = readFileSync(join(work, 'bundle.json'), 'utf8');
    expect(bundleText).not.toContain(opening.salt);
    expect(bundleText).toContain(proved.commitment);

    const verify = await run('verify', 'bundle.json', '--package', 'pkg-c', '--json');
    expect(verify.code, verify.stdout).toBe(0);
    expect(JSON.parse(verify.stdout).binding).toEqual({ kind: 'commitment', commitment: proved.commitment });

    const open = await run('open', 'bundle.json', '--package', 'pkg-c', '--opening', 'bundle.opening.json');
    expect(open.code, open.stderr).toBe(0);
    expect(open.stdout).toMatch(/^matches/);
    writeJson('salt.json', { ...opening, salt: (BigInt(opening.salt) + 1n).toString() });
    writeJson('data.json', { ...opening, codes: opening.codes.map((c: string, i: number) => (i === 0 ? String(Number(c) ^ 1) : c)) });
    for (const file of ['salt.json', 'data.json']) {
      const bad = await run('open', 'bundle.json', '--package', 'pkg-c', '--opening', file);
      expect(bad.code, file).toBe(1);
      expect(bad.stdout).toMatch(/does not match/);
    }
    // A chosen opening path.
    const again = await run('prove', 'pkg-c', '--input', 'benign.json', '--out', 'b2.json', '--opening', 'mine.json');
    expect(again.code, again.stderr).toBe(0);
    expect(mode('mine.json')).toBe(0o600);
    expect((await run('open', 'b2.json', '--package', 'pkg-c', '--opening', 'mine.json')).code).toBe(0);
    expect((await run('open', 'b2.json', '--package', 'pkg-c', '--opening', 'bundle.opening.json')).code).toBe(1);
  }, 600_000);
});

describe('zkinfer with signature binding', () => {
  it('source keygen/sign → prove (refusing bad inputs first) → verify with and without a trusted signer', async () => {
    const pub = await run('publish', join(demo, 'model.json'), '--out', 'pkg-s', '--input-binding', 'signature', '--metadata', '1', '--no-solidity', '--json');
    expect(pub.code, pub.stderr).toBe(0);

    const keygen = await run('source', 'keygen', '--out', 'lab.json', '--json');
    expect(keygen.code, keygen.stderr).toBe(0);
    expect(mode('lab.json')).toBe(0o600);
    const { fingerprint } = JSON.parse(keygen.stdout);
    expect((await run('source', 'keygen', '--out', 'lab.json')).code).toBe(2); // never overwritten

    const sign = await run('source', 'sign', '--key', 'lab.json', '--package', 'pkg-s', '--input', 'malignant.json', '--meta', 'date=2026-12-02', '--out', 'signed.json');
    expect(sign.code, sign.stderr).toBe(0);
    expect(mode('signed.json')).toBe(0o600);
    // Out-of-range values are refused, the feature named.
    writeJson('far.json', { input: [1000, ...readJson('malignant.json').input.slice(1)] });
    const far = await run('source', 'sign', '--key', 'lab.json', '--package', 'pkg-s', '--input', 'far.json', '--meta', 'date=x', '--out', 'x.json');
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/mean radius/);

    // Refused before proving: a plain input, changed values, a signature that does not check.
    const signed = readJson('signed.json');
    writeJson('edited.json', { ...signed, input: [signed.input[0] + 1, ...signed.input.slice(1)] });
    writeJson('forged.json', { ...signed, signature: { ...signed.signature, S: (BigInt(signed.signature.S) + 1n).toString() } });
    for (const [file, why] of [['malignant.json', /signed by a data source/], ['edited.json', /differ from what was signed/], ['forged.json', /signature does not check/]] as const) {
      const r = await run('prove', 'pkg-s', '--input', file, '--out', 'never.json');
      expect(r.code, file).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toMatch(/computing the witness/);
    }

    const prove = await run('prove', 'pkg-s', '--input', 'signed.json', '--out', 'signed-bundle.json', '--json');
    expect(prove.code, prove.stderr).toBe(0);
    expect(JSON.parse(prove.stdout).signer).toBe(fingerprint);
    const bundleText = readFileSync(join(work, 'signed-bundle.json'), 'utf8');
    expect(bundleText).not.toContain(signed.signature.S);

    const untrusted = await run('verify', 'signed-bundle.json', '--package', 'pkg-s', '--json');
    expect(untrusted.code).toBe(1);
    expect(JSON.parse(untrusted.stdout)).toMatchObject({ valid: false, code: 'untrusted-signer', signer: fingerprint });
    expect((await run('verify', 'signed-bundle.json', '--package', 'pkg-s', '--trusted-signer', '123')).code).toBe(1);
    const trusted = await run('verify', 'signed-bundle.json', '--package', 'pkg-s', '--trusted-signer', '123', '--trusted-signer', fingerprint);
    expect(trusted.code, trusted.stdout).toBe(0);
    expect(trusted.stdout).toContain(`input signed by trusted key ${fingerprint}`);
    // A key file names the signer too (its public key, not its stated fingerprint).
    expect((await run('verify', 'signed-bundle.json', '--package', 'pkg-s', '--trusted-signer', 'lab.json')).code).toBe(0);
    expect((await run('verify', 'signed-bundle.json', '--package', 'pkg-s', '--trusted-signer', 'not-a-fingerprint')).code).toBe(2);
  }, 600_000);
});
