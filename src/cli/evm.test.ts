/**
 * `zkinfer verify --evm` and `zkinfer calldata` as a user types them, on a tiny package made here
 * (development key) and written to a temporary directory.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProofBundle } from '../core/index.js';
import { releaseCurve, sha256Hex } from '../core/index.js';
import { artifactBytes, ARTIFACT_FILE } from '../evm/index.js';
import { verifierArtifact } from '../evm/solc.js';
import type { Fixture } from '../evm/test-fixtures.js';
import { tinyPackage } from '../evm/test-fixtures.js';

const bin = new URL('../../bin/zkinfer.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'zkinfer-evm-cli-'));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: work }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function writePackage(dir: string, files: ReadonlyMap<string, Uint8Array>): void {
  mkdirSync(join(work, dir), { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(work, dir, name), bytes);
}

let fixture: Fixture;
let bundle: ProofBundle;

beforeAll(async () => {
  fixture = await tinyPackage('tiny-cli', 3);
  bundle = await fixture.prove([0.1, 0.2, -0.3, 0.9]);
  writePackage('pkg', fixture.published.files);
  writeFileSync(join(work, 'bundle.json'), JSON.stringify(bundle));
  const forged = { ...bundle, proof: { ...bundle.proof, pi_c: bundle.proof.pi_a } };
  writeFileSync(join(work, 'forged.json'), JSON.stringify(forged));
});
afterAll(async () => {
  await releaseCurve();
  rmSync(work, { recursive: true, force: true });
});

describe('zkinfer verify --evm', () => {
  it('runs the package’s verifier contract: a genuine bundle is valid (exit 0) with its gas', async () => {
    const r = await run('verify', 'bundle.json', '--package', 'pkg', '--evm');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^valid on the EVM: verifyProof returned true — a proof that model "tiny-cli" outputs \[/);
    expect(r.stdout).toMatch(/gas \d{3},\d{3} \(a transaction: \d{3},\d{3} with 356 bytes of call data\); contract from verifier.sol \(compiled with solc-js\)/);
    const j = await run('verify', 'bundle.json', '--package', 'pkg', '--evm', '--json');
    expect(j.code).toBe(0);
    const out = JSON.parse(j.stdout);
    expect(out).toMatchObject({ valid: true, offChain: { valid: true }, evm: { valid: true, calldataBytes: 356 } });
    expect(out.evm.gasUsed).toBeGreaterThan(181_000);
  });

  it('a forged proof is invalid on the EVM (exit 1), and off-chain too', async () => {
    const r = await run('verify', 'forged.json', '--package', 'pkg', '--evm', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, offChain: { valid: false, code: 'bad-proof' }, evm: { valid: false } });
    const text = await run('verify', 'forged.json', '--package', 'pkg', '--evm');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^invalid on the EVM: verifyProof returned false/);
    expect(text.stdout).not.toMatch(/disagree/);
  });

  it('uses a verifier.evm.json compiled from the package’s verifier.sol, and refuses one compiled from another', async () => {
    const sha = await sha256Hex(fixture.published.files.get('verifier.sol')!);
    const files = new Map(fixture.published.files);
    files.set(ARTIFACT_FILE, artifactBytes(verifierArtifact(fixture.verifierSol, sha)));
    writePackage('with-artifact', files);
    const r = await run('verify', 'bundle.json', '--package', 'with-artifact', '--evm');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/contract from verifier.evm.json/);

    files.set(ARTIFACT_FILE, artifactBytes(verifierArtifact(fixture.verifierSol, 'a'.repeat(64))));
    writePackage('stale-artifact', files);
    const stale = await run('verify', 'bundle.json', '--package', 'stale-artifact', '--evm');
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(/verifier.evm.json was compiled from another verifier.sol/);
  });

  it('exits 2 when the package has no verifier.sol', async () => {
    const files = new Map(fixture.published.files);
    files.delete('verifier.sol');
    writePackage('no-sol', files);
    const r = await run('verify', 'bundle.json', '--package', 'no-sol', '--evm');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the package has no verifier.sol/);
  });
});

describe('zkinfer calldata', () => {
  it('prints verifyProof’s arguments as snarkjs does, or the whole call data with --hex', async () => {
    const r = await run('calldata', 'bundle.json');
    expect(r.code, r.stderr).toBe(0);
    const theirs = await (snarkjs.groth16 as unknown as { exportSolidityCallData(p: unknown, s: unknown): Promise<string> }).exportSolidityCallData(bundle.proof, bundle.publicSignals);
    expect(r.stdout).toBe(theirs + '\n');

    const hex = await run('calldata', 'bundle.json', '--hex');
    expect(hex.stdout).toMatch(/^0x[0-9a-f]{712}\n$/);
    const j = JSON.parse((await run('calldata', 'bundle.json', '--json')).stdout);
    expect(j.signature).toBe('verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[3])');
    expect(j.calldata).toBe(hex.stdout.trim());
    expect(j.args.input).toHaveLength(3);
  });

  it('exits 2 on a malformed bundle, and calldata takes no --package', async () => {
    writeFileSync(join(work, 'bad.json'), '{"format": "zkinfer-proof"');
    const bad = await run('calldata', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not valid JSON/);
    const opt = await run('calldata', 'bundle.json', '--package', 'pkg');
    expect(opt.code).toBe(2);
    const help = await run('calldata', '--help');
    expect(help.stdout).toMatch(/usage: zkinfer calldata/);
  });
});
