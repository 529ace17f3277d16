/**
 * The compiled verifier a package binds (manifest files.verifierBytecode): published by
 * publishPackage with solc-js's compile function, refused when tampered or compiled from another
 * source, and run by checkOnChain (what the app's EVM worker does) on genuine and forged bundles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest, ProofBundle } from '../core/index.js';
import { canonicalJson, packageId, releaseCurve, sha256Hex, VERIFIER_BYTECODE_FILE, ZkinferError } from '../core/index.js';
import { readVerifierArtifact } from './artifact.js';
import { checkOnChain, packageVerifier } from './package-verifier.js';
import { compileVerifier, compileVerifierArtifact } from './solc.js';
import type { Fixture } from './test-fixtures.js';
import { tinyPackage } from './test-fixtures.js';

let fx: Fixture;
let plain: Fixture;
let bundle: ProofBundle;
const text = (b: unknown) => JSON.stringify(b);

/** The package's files with a replaced manifest (written as publish writes it). */
function withManifest(files: ReadonlyMap<string, Uint8Array>, m: Manifest): Map<string, Uint8Array> {
  return new Map([...files, ['manifest.json', new TextEncoder().encode(JSON.stringify(m, null, 2) + '\n')]]);
}

beforeAll(async () => {
  fx = await tinyPackage('tiny-bound', 5, 8, { compileVerifier: compileVerifierArtifact });
  plain = await tinyPackage('tiny-unbound', 5);
  bundle = await fx.prove([0.3, -0.2, 0.8, 0.1]);
}, 120_000);
afterAll(() => releaseCurve());

describe('publishing with compileVerifier', () => {
  it('ships verifier.evm.json, bound by the manifest, compiled from the package’s verifier.sol', async () => {
    const bytes = fx.published.files.get(VERIFIER_BYTECODE_FILE)!;
    const ref = fx.published.manifest.files.verifierBytecode!;
    expect(ref).toEqual({ path: VERIFIER_BYTECODE_FILE, sha256: await sha256Hex(bytes), bytes: bytes.length });
    const { artifact, bytecode } = readVerifierArtifact(bytes, fx.published.manifest.files.verifier!.sha256);
    expect(artifact.sourceSha256).toBe(await sha256Hex(fx.published.files.get('verifier.sol')!));
    // What anyone with Node can check: recompiling verifier.sol gives the same bytecode.
    expect(bytecode).toEqual(compileVerifier(fx.verifierSol).bytecode);
    const found = await packageVerifier(fx.published.manifest, fx.published.files);
    expect(found?.bytecode).toEqual(bytecode);
  });

  it('a package published without it has no such file and no manifest field', async () => {
    expect(plain.published.files.has(VERIFIER_BYTECODE_FILE)).toBe(false);
    expect(plain.published.manifest.files.verifierBytecode).toBeUndefined();
    expect(await packageVerifier(plain.published.manifest, plain.published.files)).toBeUndefined();
  });
});

describe('the bound artifact is checked', () => {
  it('a tampered verifier.evm.json (one bytecode byte changed) is refused by its hash', async () => {
    const files = new Map(fx.published.files);
    const t = new TextDecoder().decode(files.get(VERIFIER_BYTECODE_FILE)!);
    const i = t.indexOf('"bytecode": "0x') + 20;
    files.set(VERIFIER_BYTECODE_FILE, new TextEncoder().encode(t.slice(0, i) + (t[i] === 'a' ? 'b' : 'a') + t.slice(i + 1)));
    await expect(packageVerifier(fx.published.manifest, files)).rejects.toMatchObject({ code: 'hash-mismatch', message: expect.stringMatching(/verifier\.evm\.json does not match the manifest/) });
    await expect(checkOnChain(text(bundle), files)).rejects.toMatchObject({ code: 'hash-mismatch' });
  });

  it('an artifact of another verifier.sol is refused even when a manifest lists its hash', async () => {
    const other = await compileVerifierArtifact(plain.verifierSol);
    const m: Manifest = { ...fx.published.manifest, files: { ...fx.published.manifest.files, verifierBytecode: { path: VERIFIER_BYTECODE_FILE, sha256: await sha256Hex(other), bytes: other.length } } };
    const files = withManifest(fx.published.files, m);
    files.set(VERIFIER_BYTECODE_FILE, other);
    await expect(packageVerifier(m, files)).rejects.toMatchObject({ code: 'bad-verifier-bytecode', message: expect.stringMatching(/compiled from another verifier\.sol/) });
  });

  it('a listed artifact that is missing is named', async () => {
    const files = new Map(fx.published.files);
    files.delete(VERIFIER_BYTECODE_FILE);
    await expect(packageVerifier(fx.published.manifest, files)).rejects.toMatchObject({ code: 'missing-file', message: expect.stringMatching(/no verifier\.evm\.json/) });
  });
});

describe('checkOnChain (the app’s in-page check)', () => {
  it('a genuine bundle: verifyProof returns true, with its gas and the call it made', async () => {
    const r = await checkOnChain(text(bundle), fx.published.files);
    if (!r.ran) throw new Error('did not run');
    expect(r).toMatchObject({ valid: true, packageName: 'tiny-bound', calldataBytes: 388, signature: 'verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[4])' });
    expect(r.error).toBeUndefined();
    expect(r.gasUsed).toBeGreaterThan(181_000);
    expect(r.transactionGas).toBeGreaterThan(r.gasUsed + 21_000);
    expect(r.deployGas).toBeGreaterThan(100_000);
    expect(r.args).toContain(`"0x${BigInt(bundle.publicSignals[0]!).toString(16).padStart(64, '0')}"`);
  });

  it('a changed signal or a forged proof point: verifyProof returns false', async () => {
    const signals = [...bundle.publicSignals];
    signals[1] = (BigInt(signals[1]!) + 1n).toString();
    const changed = await checkOnChain(text({ ...bundle, publicSignals: signals }), fx.published.files);
    expect(changed).toMatchObject({ ran: true, valid: false });
    const forged = await checkOnChain(text({ ...bundle, proof: { ...bundle.proof, pi_c: bundle.proof.pi_a } }), fx.published.files);
    expect(forged).toMatchObject({ ran: true, valid: false });
  });

  it('a package without a compiled verifier: says so (and that it has verifier.sol) instead of running', async () => {
    const b = await plain.prove([0.3, -0.2, 0.8, 0.1]);
    expect(await checkOnChain(text(b), plain.published.files)).toEqual({ ran: false, packageName: 'tiny-unbound', hasSource: true });
  });

  it('bad input is named: a malformed bundle, a bundle of another package, a manifest that is not the package’s', async () => {
    await expect(checkOnChain('{"format": "zkinfer-proof"', fx.published.files)).rejects.toMatchObject({ code: 'malformed-bundle' });
    await expect(checkOnChain(text({ ...bundle, packageId: plain.published.id }), fx.published.files)).rejects.toMatchObject({ code: 'other-package', message: expect.stringMatching(/not "tiny-bound"/) });
    await expect(checkOnChain(text(bundle), new Map())).rejects.toBeInstanceOf(ZkinferError);
  });

  it('the artifact is part of the package id: dropping the field gives another package', async () => {
    const { verifierBytecode: _dropped, ...rest } = fx.published.manifest.files;
    const m: Manifest = { ...fx.published.manifest, files: rest };
    expect(await packageId(m)).not.toBe(fx.published.id);
    expect(canonicalJson(fx.published.manifest)).toContain('"verifierBytecode"');
  });
});
