/**
 * Node end-to-end: publish the diagnosis demo with a development key, prove, verify, and check
 * that every kind of tampering or mix-up is refused with its reason.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseCurve } from '../prover/snark.js';
import { validateInputSpec } from '../model/input.js';
import type { LoadedModel } from '../model/source.js';
import { loadModelFiles } from '../model/source.js';
import type { ProofBundle } from './bundle.js';
import { openPackage } from './open.js';
import type { OpenedPackage } from './open.js';
import { proveWithPackage } from './prove.js';
import type { PublishedPackage } from './publish.js';
import { publishPackage } from './publish.js';
import { verifyBundle } from './verify.js';

const dir = new URL('../../../public/models/breast-cancer/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const modelFiles = new Map([['model.json', read('model.json')], ['weights.bin', read('weights.bin')]]);
let model: LoadedModel;
const inputSpec = validateInputSpec(JSON.parse(readFileSync(new URL('input-spec.json', dir), 'utf8')));
const samples = JSON.parse(readFileSync(new URL('samples.json', dir), 'utf8')) as { diagnosis: string; values: number[] }[];

let published: PublishedPackage;
let pkg: OpenedPackage;
let bundle: ProofBundle;

beforeAll(async () => {
  model = await loadModelFiles('model.json', modelFiles.get('model.json')!, (p) => modelFiles.get(p), 'breast-cancer');
  published = await publishPackage({ name: 'breast-cancer', model, inputSpec, labels: ['benign', 'malignant'], samples: samples.map((s) => s.values) });
  pkg = await openPackage(published.files, { needZkey: true });
  bundle = (await proveWithPackage(pkg, samples[1]!.values)).bundle;
});
afterAll(releaseCurve);

describe('publish → prove → verify (diagnosis demo)', () => {
  it('publishes a labelled development-key package with its circuit statistics', () => {
    const m = published.manifest;
    expect(m.setup.kind).toBe('development');
    expect([...published.files.keys()].sort()).toEqual(['circuit.zkey', 'manifest.json', 'model.json', 'verification_key.json', 'verifier.sol', 'weights.bin']);
    expect(m.output).toMatchObject({ rule: 'argmax', size: 2, labels: ['benign', 'malignant'] });
    expect(m.publicSignals).toEqual([
      { segment: 'output', signals: ['class'] },
      { segment: 'challenge', signals: ['challenge'] },
    ]);
    expect(m.model).toEqual({ format: 'tfjs-layers', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(published.id).toBe(pkg.id);
    expect(m.circuit.constraints).toBe(published.compiled.stats.constraints);
    expect(m.agreement?.top1).toBe(1);
    expect(new TextDecoder().decode(published.files.get('verifier.sol')!)).toMatch(/contract Groth16Verifier/);
  });

  it('proves each sample patient’s diagnosis and the proof verifies', async () => {
    for (const s of samples.slice(0, 3)) {
      const { bundle: b, decoded } = await proveWithPackage(pkg, s.values, { compiled: published.compiled });
      expect(decoded.output.label).toBe(s.diagnosis);
      expect(await verifyBundle(b, pkg)).toMatchObject({ valid: true, output: { label: s.diagnosis } });
    }
    expect(await verifyBundle(bundle, pkg)).toMatchObject({ valid: true, output: { rule: 'argmax', class: 1, label: 'malignant' } });
  });

  it('the bundle holds no input value', () => {
    // Compare whole JSON values: a measurement's digits may occur by chance inside a 77-digit proof element.
    const leaves: unknown[] = [];
    const walk = (x: unknown): void => {
      if (x !== null && typeof x === 'object') Object.values(x).forEach(walk);
      else leaves.push(x);
    };
    walk(JSON.parse(JSON.stringify(bundle)));
    for (const v of samples[1]!.values) {
      expect(leaves).not.toContain(v);
      expect(leaves).not.toContain(String(v));
    }
    expect(Object.keys(bundle).sort()).toEqual(['format', 'packageId', 'proof', 'publicSignals', 'version']);
  });

  it('rejects a changed public signal as a bad proof', async () => {
    const forged = { ...bundle, publicSignals: ['0', ...bundle.publicSignals.slice(1)] };
    expect(await verifyBundle(forged, pkg)).toMatchObject({ valid: false, code: 'bad-proof' });
  });

  it('rejects a bundle checked against another package, saying so', async () => {
    const other = await publishPackage({ name: 'other', model, inputSpec: { ...inputSpec, bits: 10 }, solidity: false });
    const otherPkg = await openPackage(other.files);
    const r = await verifyBundle(bundle, otherPkg);
    expect(r).toMatchObject({ valid: false, code: 'other-package' });
    expect(!r.valid && r.reason).toMatch(/not for this package "other"/);
  });

  it('rejects a truncated or malformed bundle with a reason', async () => {
    const text = JSON.stringify(bundle);
    expect(await verifyBundle(text.slice(0, text.length / 2), pkg)).toMatchObject({ valid: false, code: 'malformed-bundle', reason: expect.stringMatching(/not valid JSON.*truncated/) });
    expect(await verifyBundle({ ...bundle, proof: { pi_a: ['x'] } }, pkg)).toMatchObject({ valid: false, code: 'malformed-bundle' });
    expect(await verifyBundle({ ...bundle, publicSignals: ['1', '0', '0'] }, pkg)).toMatchObject({ valid: false, reason: expect.stringMatching(/3 public signals/) });
  });

  it('refuses input of the wrong shape or out of range, naming the feature', async () => {
    await expect(proveWithPackage(pkg, samples[0]!.values.slice(1))).rejects.toThrow(/input has the wrong shape.*array of 30/);
    const tooBig = [...samples[0]!.values];
    tooBig[3] = 1e6;
    await expect(proveWithPackage(pkg, tooBig)).rejects.toThrow(/feature "mean area" \(index 3\) is 1000000, outside its allowed range/);
    const clamped = await proveWithPackage(pkg, tooBig, { inputPolicy: 'clamp', compiled: published.compiled });
    expect(clamped.outOfRange).toEqual([expect.objectContaining({ feature: 'mean area', value: 1e6 })]);
  });

  it('detects a corrupt or swapped proving key when the package is opened', async () => {
    const files = new Map(published.files);
    const zkey = new Uint8Array(files.get('circuit.zkey')!);
    zkey[zkey.length - 5]! ^= 1;
    files.set('circuit.zkey', zkey);
    await expect(openPackage(files, { needZkey: true })).rejects.toThrow(/circuit.zkey does not match the manifest/);
  });

  it('refuses a model that does not compile to the circuit the key was made for', async () => {
    const weights = new Uint8Array(read('weights.bin'));
    weights[100]! ^= 0x40;
    const tampered = { ...pkg, model: pkg.model.map((f) => (f.path === 'weights.bin' ? { path: f.path, bytes: weights } : f)) };
    await expect(proveWithPackage(tampered, samples[0]!.values)).rejects.toThrow(/model files hash to/);
  });
});
