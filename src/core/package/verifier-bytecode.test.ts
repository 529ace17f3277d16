/**
 * The compiled verifier in a package (manifest files.verifierBytecode): publishPackage takes a
 * compile function (core has no Solidity compiler; src/evm/package-verifier.test.ts uses solc-js's),
 * the manifest binds the file's hash, openPackage refuses a tampered one, and manifests without the
 * field (older packages) still validate and open.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseCurve } from '../prover/snark.js';
import { validateInputSpec } from '../model/input.js';
import type { LoadedModel } from '../model/source.js';
import { loadModelFiles } from '../model/source.js';
import { sha256Hex } from '../hash.js';
import type { Manifest } from './manifest.js';
import { packageId, validateManifest, VERIFIER_BYTECODE_FILE } from './manifest.js';
import { openPackage } from './open.js';
import type { PublishedPackage } from './publish.js';
import { publishPackage } from './publish.js';

const dir = new URL('../../../public/models/breast-cancer/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const modelFiles = new Map([['model.json', read('model.json')], ['weights.bin', read('weights.bin')]]);
const inputSpec = validateInputSpec(JSON.parse(readFileSync(new URL('input-spec.json', dir), 'utf8')));
let model: LoadedModel;
let published: PublishedPackage;
const seen: string[] = [];
/** A stand-in compiler: its output names the source's hash, as the real artifact does. */
const fakeCompile = async (source: string) => {
  seen.push(source);
  return new TextEncoder().encode(JSON.stringify({ compiledFrom: await sha256Hex(new TextEncoder().encode(source)) }));
};

beforeAll(async () => {
  model = await loadModelFiles('model.json', modelFiles.get('model.json')!, (p) => modelFiles.get(p), 'breast-cancer');
  published = await publishPackage({ name: 'breast-cancer', model, inputSpec, compileVerifier: fakeCompile });
}, 120_000);
afterAll(() => releaseCurve());

const encode = (m: unknown) => new TextEncoder().encode(JSON.stringify(m));

describe('publishPackage({ compileVerifier })', () => {
  it('compiles exactly verifier.sol and lists the result as files.verifierBytecode', async () => {
    const sol = published.files.get('verifier.sol')!;
    expect(seen).toEqual([new TextDecoder().decode(sol)]);
    const bytes = published.files.get(VERIFIER_BYTECODE_FILE)!;
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({ compiledFrom: await sha256Hex(sol) });
    expect(published.manifest.files.verifierBytecode).toEqual({ path: VERIFIER_BYTECODE_FILE, sha256: await sha256Hex(bytes), bytes: bytes.length });
    // The written manifest is the one whose hash is the package id.
    const written = validateManifest(JSON.parse(new TextDecoder().decode(published.files.get('manifest.json')!)));
    expect(await packageId(written)).toBe(published.id);
    expect((await openPackage(published.files)).id).toBe(published.id);
  });

  it('with solidity: false there is nothing to compile: no file, no field, the function is not called', async () => {
    seen.length = 0;
    const p = await publishPackage({ name: 'no-sol', model, inputSpec, solidity: false, compileVerifier: fakeCompile });
    expect(seen).toEqual([]);
    expect(p.files.has(VERIFIER_BYTECODE_FILE)).toBe(false);
    expect(p.manifest.files.verifierBytecode).toBeUndefined();
  });

  it('a compile function that returns nothing is an error, not a package without the file', async () => {
    await expect(publishPackage({ name: 'empty', model, inputSpec, compileVerifier: async () => new Uint8Array() })).rejects.toMatchObject({ code: 'bad-verifier-bytecode' });
  });
});

describe('reading a package with files.verifierBytecode', () => {
  it('openPackage refuses a tampered compiled verifier, naming it; without the file the package still opens', async () => {
    const files = new Map(published.files);
    const bytes = files.get(VERIFIER_BYTECODE_FILE)!.slice();
    bytes[5] ^= 1;
    files.set(VERIFIER_BYTECODE_FILE, bytes);
    await expect(openPackage(files)).rejects.toMatchObject({ code: 'hash-mismatch', message: expect.stringMatching(/^verifier\.evm\.json does not match the manifest/) });
    files.delete(VERIFIER_BYTECODE_FILE);
    expect((await openPackage(files)).id).toBe(published.id);
  });

  it('validateManifest: the field needs a safe path, a sha256 and verifier.sol; a manifest without it (older packages) is valid', () => {
    const m = published.manifest;
    const files = (f: Partial<Manifest['files']>) => ({ ...m, files: { ...m.files, ...f } });
    const { verifierBytecode: ref, ...withoutField } = m.files;
    expect(() => validateManifest({ ...m, files: withoutField })).not.toThrow();
    expect(() => validateManifest(files({ verifierBytecode: { ...ref!, path: '../verifier.evm.json' } }))).toThrow(/"files\.verifierBytecode" needs a plain relative path/);
    expect(() => validateManifest(files({ verifierBytecode: { ...ref!, sha256: 'abc' } }))).toThrow(/"files\.verifierBytecode"/);
    const { verifier: _sol, ...noSource } = m.files;
    expect(() => validateManifest({ ...m, files: noSource })).toThrow(/"files\.verifierBytecode" needs "files\.verifier"/);
  });

  it('an old package (no field, no file) opens with the id it always had', async () => {
    const { verifierBytecode: _ref, ...rest } = published.manifest.files;
    const old: Manifest = { ...published.manifest, files: rest };
    const files = new Map(published.files);
    files.delete(VERIFIER_BYTECODE_FILE);
    files.set('manifest.json', encode(old));
    const opened = await openPackage(files);
    expect(opened.id).toBe(await packageId(old));
    expect(opened.manifest.files.verifierBytecode).toBeUndefined();
  });
});
