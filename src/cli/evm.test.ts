/**
 * `zkinfer verify --evm` and `zkinfer calldata` as a user types them, on a tiny package made here
 * (development key) and written to a temporary directory.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProofBundle } from '../core/index.js';
import { challengeSignal, releaseCurve, sha256Hex } from '../core/index.js';
import { artifactBytes, ARTIFACT_FILE, toHex } from '../evm/index.js';
import { compileVerifier, verifierArtifact } from '../evm/solc.js';
import type { Fixture } from '../evm/test-fixtures.js';
import { tinyModel, tinyPackage } from '../evm/test-fixtures.js';

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
let challenged: ProofBundle;

beforeAll(async () => {
  fixture = await tinyPackage('tiny-cli', 3);
  bundle = await fixture.prove([0.1, 0.2, -0.3, 0.9]);
  challenged = await fixture.prove([0.1, 0.2, -0.3, 0.9], 'nonce 42');
  writePackage('pkg', fixture.published.files);
  writeFileSync(join(work, 'bundle.json'), JSON.stringify(bundle));
  writeFileSync(join(work, 'challenged.json'), JSON.stringify(challenged));
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
    expect(r.stdout).toMatch(/^valid on the EVM: verifyProof returned true — a proof that package "tiny-cli" outputs values \[/);
    expect(r.stdout).toContain(`package id ${fixture.pkg.id}`);
    // Three logits and the challenge: 4 + 32 × (8 + 4) bytes.
    expect(r.stdout).toMatch(/gas \d{3},\d{3} \(a transaction: \d{3},\d{3} with 388 bytes of call data\); contract from verifier.sol \(compiled with solc-js\)/);
    const j = await run('verify', 'bundle.json', '--package', 'pkg', '--evm', '--json');
    expect(j.code).toBe(0);
    const out = JSON.parse(j.stdout);
    expect(out).toMatchObject({ valid: true, packageId: fixture.pkg.id, challenge: { kind: 'none' }, offChain: { valid: true }, evm: { valid: true, calldataBytes: 388 } });
    expect(out.evm.gasUsed).toBeGreaterThan(181_000);
  });

  it('with --challenge, checks the proof answers that challenge: another challenge, or none, is invalid (exit 1) before the contract runs', async () => {
    const r = await run('verify', 'challenged.json', '--package', 'pkg', '--evm', '--challenge', 'nonce 42');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^valid on the EVM: verifyProof returned true/);
    expect(r.stdout).toContain('answers your challenge "nonce 42"');

    const other = await run('verify', 'challenged.json', '--package', 'pkg', '--evm', '--challenge', 'nonce 43', '--json');
    expect(other.code).toBe(1);
    const out = JSON.parse(other.stdout);
    expect(out).toMatchObject({ valid: false, offChain: { valid: false, code: 'challenge-mismatch' } });
    expect(out.offChain.reason).toMatch(/another challenge \("nonce 42"\), not yours/);
    expect(out.evm).toBeUndefined();

    const none = await run('verify', 'bundle.json', '--package', 'pkg', '--evm', '--challenge', 'nonce 42');
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/^invalid: the proof answers no challenge, but you asked for one.*\(the EVM verifier was not run\)/);
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

describe('zkinfer publish and the compiled verifier', () => {
  it('compiles verifier.sol into verifier.evm.json by default, bound by the manifest; verify --evm runs it; a tampered one is refused', async () => {
    const model = await tinyModel(11);
    writePackage('tiny-model', new Map([['model.json', model.modelJson as Uint8Array], ...model.weights]));
    const pub = await run('publish', 'tiny-model/model.json', '--input-range', '-1:1', '--output', 'logits', '--out', 'published', '--json');
    expect(pub.code, pub.stderr).toBe(0);
    expect(JSON.parse(pub.stdout).files).toHaveProperty(ARTIFACT_FILE);
    const manifest = JSON.parse(readFileSync(join(work, 'published/manifest.json'), 'utf8'));
    expect(manifest.files.verifierBytecode).toMatchObject({ path: ARTIFACT_FILE, sha256: await sha256Hex(readFileSync(join(work, 'published', ARTIFACT_FILE))) });

    writeFileSync(join(work, 'tiny-input.json'), JSON.stringify({ input: [0.5, -0.5, 0.25, 0] }));
    const prove = await run('prove', 'published', '--input', 'tiny-input.json', '--out', 'published-bundle.json');
    expect(prove.code, prove.stderr).toBe(0);
    const r = await run('verify', 'published-bundle.json', '--package', 'published', '--evm');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^valid on the EVM/);
    expect(r.stdout).toMatch(/contract from verifier\.evm\.json \(listed in the manifest\)/);

    const artifact = readFileSync(join(work, 'published', ARTIFACT_FILE), 'utf8');
    writeFileSync(join(work, 'published', ARTIFACT_FILE), artifact.replace(/"bytecode": "0x(.)/, (_m, c: string) => `"bytecode": "0x${c === '6' ? '7' : '6'}`));
    const tampered = await run('verify', 'published-bundle.json', '--package', 'published', '--evm');
    expect(tampered.code).toBe(2);
    expect(tampered.stderr).toMatch(/verifier\.evm\.json does not match the manifest/);
    writeFileSync(join(work, 'published', ARTIFACT_FILE), artifact);
  });

  it('audit recompiles verifier.sol and compares: the genuine artifact holds; a swapped bytecode, even rehashed into the manifest, fails', async () => {
    const ok = await run('audit', 'published');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/✓ compiled verifier: verifier\.evm\.json is verifier\.sol compiled \(solc 0\.8\.\d+ gives the same bytecode\)/);

    // A publisher who ships other bytecode under the right source hash, with a manifest that lists it.
    const files = new Map<string, Uint8Array>(['manifest.json', 'model.json', 'weights.bin', 'circuit.zkey', 'verification_key.json', 'verifier.sol'].map((f) => [f, new Uint8Array(readFileSync(join(work, 'published', f)))]));
    const real = JSON.parse(readFileSync(join(work, 'published', ARTIFACT_FILE), 'utf8'));
    const swapped = artifactBytes({ ...real, bytecode: toHex(compileVerifier(fixture.verifierSol).bytecode) });
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!));
    manifest.files.verifierBytecode = { path: ARTIFACT_FILE, sha256: await sha256Hex(swapped), bytes: swapped.length };
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    files.set(ARTIFACT_FILE, swapped);
    writePackage('swapped', files);
    const bad = await run('audit', 'swapped');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/✗ compiled verifier: verifier\.evm\.json's bytecode is not what verifier\.sol compiles to/);
  });

  it('--no-verifier-bytecode publishes without it', async () => {
    const pub = await run('publish', 'tiny-model/model.json', '--input-range', '-1:1', '--output', 'logits', '--out', 'published-plain', '--no-verifier-bytecode', '--json');
    expect(pub.code, pub.stderr).toBe(0);
    expect(JSON.parse(pub.stdout).files).not.toHaveProperty(ARTIFACT_FILE);
    expect(JSON.parse(readFileSync(join(work, 'published-plain/manifest.json'), 'utf8')).files.verifierBytecode).toBeUndefined();
  });
});

describe('zkinfer calldata', () => {
  it('prints verifyProof’s arguments as snarkjs does, or the whole call data with --hex', async () => {
    const r = await run('calldata', 'bundle.json');
    expect(r.code, r.stderr).toBe(0);
    const theirs = await (snarkjs.groth16 as unknown as { exportSolidityCallData(p: unknown, s: unknown): Promise<string> }).exportSolidityCallData(bundle.proof, bundle.publicSignals);
    expect(r.stdout).toBe(theirs + '\n');

    const hex = await run('calldata', 'challenged.json', '--hex');
    expect(hex.stdout).toMatch(/^0x[0-9a-f]{776}\n$/); // 4 + 32 × (8 + 3 logits + 1 challenge) bytes
    const j = JSON.parse((await run('calldata', 'challenged.json', '--json')).stdout);
    expect(j.signature).toBe('verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[4])');
    expect(j.args.input).toHaveLength(4);
    expect(BigInt(j.args.input[3])).toBe(await challengeSignal('nonce 42'));
    expect(BigInt(j.args.input[3])).toBe(BigInt(challenged.publicSignals[3]!));
    expect(j.calldata).toBe(hex.stdout.trim());
    expect(j.calldata.slice(-64)).toBe(j.args.input[3].slice(2)); // the challenge is the last word
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
