/**
 * What a proof binds (issue "proofs that bind"): each attack that worked against bundle version 1
 * is tried here against version 2 and must fail — relabelled packages, substituted keys,
 * unauthenticated bundle fields, replays — plus the challenge and development-key rules.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../hash.js';
import { validateInputSpec } from '../model/input.js';
import { readZkeyGroth16 } from '../formats/zkey.js';
import { loadModel } from '../model/load.js';
import type { LoadedModel } from '../model/source.js';
import { loadModelFiles } from '../model/source.js';
import { releaseCurve } from '../prover/snark.js';
import { auditPackage } from './audit.js';
import type { ProofBundle } from './bundle.js';
import type { Manifest } from './manifest.js';
import { packageId } from './manifest.js';
import type { OpenedPackage } from './open.js';
import { openPackage } from './open.js';
import { proveWithPackage } from './prove.js';
import type { PublishedPackage } from './publish.js';
import { publishPackage } from './publish.js';
import { verifyBundle } from './verify.js';

tf.env().set('PROD', true);
const dir = new URL('../../../public/models/breast-cancer/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const inputSpec = validateInputSpec(JSON.parse(readFileSync(new URL('input-spec.json', dir), 'utf8')));
const samples = JSON.parse(readFileSync(new URL('samples.json', dir), 'utf8')) as { diagnosis: string; values: number[] }[];
const malignant = samples.find((s) => s.diagnosis === 'malignant')!.values;
const labels = ['benign', 'malignant'];
const encode = (x: unknown) => new TextEncoder().encode(JSON.stringify(x, null, 2));

/** The package's files with a replaced manifest. */
function withManifest(files: ReadonlyMap<string, Uint8Array>, m: Manifest): Map<string, Uint8Array> {
  return new Map([...files, ['manifest.json', encode(m)]]);
}

/** The diagnosis model with its last layer zeroed: always "benign" (class 0 wins ties). */
async function alwaysBenign(genuine: LoadedModel): Promise<LoadedModel> {
  const tfModel = await loadModel({ modelJson: genuine.files[0]!.bytes, weights: new Map([['weights.bin', genuine.files[1]!.bytes]]) });
  const last = tfModel.layers[tfModel.layers.length - 1]!;
  last.setWeights(last.getWeights().map((w) => tf.zerosLike(w)));
  let files = new Map<string, Uint8Array>();
  await tfModel.save(
    tf.io.withSaveHandler(async (a) => {
      const json = { format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs ?? [] }] };
      files = new Map([['model.json', encode(json)], ['weights.bin', new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData ?? []))]]);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return loadModelFiles('model.json', files.get('model.json')!, (p) => files.get(p), 'breast-cancer');
}

let genuineModel: LoadedModel;
let published: PublishedPackage;
let pkg: OpenedPackage;
let bundle: ProofBundle;

beforeAll(async () => {
  const files = new Map([['model.json', read('model.json')], ['weights.bin', read('weights.bin')]]);
  genuineModel = await loadModelFiles('model.json', files.get('model.json')!, (p) => files.get(p), 'breast-cancer');
  published = await publishPackage({ name: 'breast-cancer', model: genuineModel, inputSpec, labels, solidity: false });
  pkg = await openPackage(published.files, { needZkey: true });
  bundle = (await proveWithPackage(pkg, malignant, { compiled: published.compiled })).bundle;
}, 120_000);
afterAll(releaseCurve);

describe('package identity', () => {
  it('the package id is the SHA-256 of the canonical manifest, whatever its formatting', async () => {
    const m = published.manifest;
    expect(pkg.id).toBe(await sha256Hex(canonicalJson(m)));
    const { setup, ...rest } = m;
    const reordered = JSON.parse(JSON.stringify({ setup, ...rest }, null, 4)) as Manifest;
    expect(Object.keys(reordered)[0]).toBe('setup');
    expect(await packageId(reordered)).toBe(pkg.id);
    expect(bundle.packageId).toBe(pkg.id);
  });

  it('relabel: the same files under a manifest with swapped labels are another package, and the bundle says nothing of labels', async () => {
    const relabelled = { ...published.manifest, output: { ...published.manifest.output, labels: ['malignant', 'benign'] } };
    const other = await openPackage(withManifest(published.files, relabelled));
    expect(other.id).not.toBe(pkg.id);
    expect(await verifyBundle(bundle, other)).toMatchObject({ valid: false, code: 'other-package' });
    // Editing the bundle to name the relabelled package breaks nothing in the proof, but the
    // verifier now decodes with the relabelled package it chose to trust — whose id differs from the
    // genuine one, which is what verifiers pin.
    const edited = { ...bundle, packageId: other.id };
    expect(await verifyBundle(edited, pkg)).toMatchObject({ valid: false, code: 'other-package' });
    // And a label field of its own makes a bundle malformed rather than shown.
    expect(await verifyBundle({ ...bundle, output: { label: 'benign' } }, pkg)).toMatchObject({ valid: false, code: 'malformed-bundle' });
  });

  it('substituted keys: a model that always says benign, packaged with the genuine model files and called a ceremony, is caught', async () => {
    const x = await publishPackage({ name: 'breast-cancer', model: await alwaysBenign(genuineModel), inputSpec, labels, solidity: false });
    const xPkg = await openPackage(x.files, { needZkey: true });
    const xBundle = (await proveWithPackage(xPkg, malignant, { compiled: x.compiled })).bundle;
    expect(await verifyBundle(xBundle, xPkg)).toMatchObject({ valid: true, output: { label: 'benign' } });
    // The forged package: X's keys and circuit hash, the genuine model files and hash, "ceremony".
    const forgedManifest: Manifest = {
      ...x.manifest,
      model: published.manifest.model,
      files: { ...x.manifest.files, model: published.manifest.files.model },
      setup: { kind: 'ceremony', ptau: { power: 12, sha256: 'a'.repeat(64) }, beacon: 'b'.repeat(64) },
    };
    const forgedFiles = withManifest(new Map([...x.files, ...published.files].filter(([k]) => k !== 'manifest.json')), forgedManifest);
    for (const [k, v] of x.files) if (k === 'circuit.zkey' || k === 'verification_key.json') forgedFiles.set(k, v);
    const forged = await openPackage(forgedFiles, { needZkey: true });
    // 1. A verifier who pinned the genuine package id rejects the proof.
    expect(await verifyBundle({ ...xBundle, packageId: pkg.id }, pkg)).toMatchObject({ valid: false, code: 'bad-proof' });
    expect(await verifyBundle(xBundle, pkg)).toMatchObject({ valid: false, code: 'other-package' });
    // 2. Audit of the forged package: the genuine model does not compile to X's circuit.
    const report = await auditPackage(forgedFiles);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.check === 'circuit')).toMatchObject({ status: 'failed' });
    expect(report.checks.find((c) => c.check === 'setup')).toMatchObject({ status: 'not-checked' });
    // 3. With the genuine circuit hash claimed too, only the ceremony check can tell (the weights sit
    //    on C, which the A/B sections do not show): audit says the key was not checked.
    const sneaky = { ...forgedManifest, circuit: published.manifest.circuit };
    const sneakyReport = await auditPackage(withManifest(forgedFiles, sneaky));
    expect(sneakyReport.checks.find((c) => c.check === 'setup')).toMatchObject({ status: 'not-checked', detail: expect.stringMatching(/pass that file/) });
    expect(forged.id).not.toBe(pkg.id);
  }, 120_000);

  it('audit of the genuine development-key package: every check holds and the key is stated as uncheckable', async () => {
    const report = await auditPackage(published.files);
    expect(report.ok).toBe(true);
    expect(report.packageId).toBe(pkg.id);
    expect(report.checks.map((c) => [c.check, c.status])).toEqual([
      ['files', 'ok'],
      ['circuit', 'ok'],
      ['verification key', 'ok'],
      ['setup', 'not-checked'],
    ]);
    expect(report.checks[3]!.detail).toMatch(/development key.*nothing to check it against/);
  });

  it('audit notices a verification key that is not the proving key’s', async () => {
    const other = await publishPackage({ name: 'breast-cancer', model: genuineModel, inputSpec, labels, solidity: false });
    const vkey = other.files.get('verification_key.json')!;
    const m = { ...published.manifest, files: { ...published.manifest.files, vkey: { path: 'verification_key.json', sha256: await sha256Hex(vkey), bytes: vkey.length } } };
    const files = withManifest(new Map([...published.files, ['verification_key.json', vkey]]), m);
    const report = await auditPackage(files);
    expect(report.checks.find((c) => c.check === 'verification key')).toMatchObject({ status: 'failed' });
    // The prover refuses the key before proving: its embedded verification key is not the package's.
    await expect(proveWithPackage(await openPackage(files, { needZkey: true }), malignant, { compiled: published.compiled })).rejects.toMatchObject({
      code: 'key-vkey-mismatch',
    });
  }, 120_000);
});

describe('the prover distrusts the key', () => {
  it('a proving key whose δ₁ is the point at infinity (it could reveal the input) is refused before proving, naming δ', async () => {
    const zkey = published.files.get('circuit.zkey')!.slice();
    readZkeyGroth16(zkey).points.delta1.fill(0);
    const m = { ...published.manifest, files: { ...published.manifest.files, zkey: { path: 'circuit.zkey', sha256: await sha256Hex(zkey), bytes: zkey.length } } };
    const evil = await openPackage(withManifest(new Map([...published.files, ['circuit.zkey', zkey]]), m), { needZkey: true });
    const events: string[] = [];
    await expect(proveWithPackage(evil, malignant, { compiled: published.compiled, onProgress: (e) => events.push(e.stage) })).rejects.toThrow(
      /δ₁ is degenerate.*could reveal your input; nothing was written/,
    );
    // Refused before the witness was computed: the input never met the key.
    expect(events).not.toContain('witness');
  });
});

describe('bundles carry only what was proved', () => {
  it('unauthenticated fields make a bundle malformed instead of being echoed', async () => {
    for (const extra of [{ note: 'reviewed by Dr X: benign' }, { model: { certifiedBy: 'FDA' } }, { createdAt: '2020-01-01T00:00:00Z' }]) {
      const r = await verifyBundle({ ...bundle, ...extra }, pkg);
      expect(r).toMatchObject({ valid: false, code: 'malformed-bundle', reason: expect.stringMatching(/unknown field/) });
    }
    expect(await verifyBundle({ ...bundle, proof: { ...bundle.proof, note: 'x' } }, pkg)).toMatchObject({ valid: false, code: 'malformed-bundle' });
  });

  it('a valid result holds only facts from the package and the signals', async () => {
    const r = await verifyBundle(bundle, pkg);
    if (!r.valid) throw new Error(r.reason);
    const { bundle: _b, ...facts } = r;
    expect(facts).toEqual({
      valid: true,
      packageId: pkg.id,
      name: 'breast-cancer',
      output: { rule: 'argmax', class: 1, label: 'malignant' },
      challenge: { kind: 'none' },
      setup: 'development',
      warnings: [expect.stringMatching(/development key/)],
    });
  });

  it('a version-1 bundle gets a clear error', async () => {
    const v1 = { format: 'zkinfer-proof', version: 1, model: {}, output: {}, publicSignals: ['1'], proof: bundle.proof, createdAt: 'x' };
    expect(await verifyBundle(v1, pkg)).toMatchObject({ valid: false, code: 'old-bundle', reason: expect.stringMatching(/version-1 bundle/) });
  });

  it('a 50 MB file is refused at once as not a bundle', async () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x20);
    expect(await verifyBundle(big, pkg)).toMatchObject({ valid: false, code: 'malformed-bundle', reason: expect.stringMatching(/not a bundle/) });
  });
});

describe('verifier challenges', () => {
  let challenged: ProofBundle;
  beforeAll(async () => {
    challenged = (await proveWithPackage(pkg, malignant, { compiled: published.compiled, challenge: 'insurer-2026-12-02-#4711' })).bundle;
  });

  it('the proof answers exactly the challenge it was made for', async () => {
    expect(await verifyBundle(challenged, pkg, { challenge: 'insurer-2026-12-02-#4711' })).toMatchObject({ valid: true, challenge: { kind: 'checked', text: 'insurer-2026-12-02-#4711' } });
    expect(await verifyBundle(challenged, pkg, { challenge: 'insurer-2026-12-02-#4712' })).toMatchObject({ valid: false, code: 'challenge-mismatch', reason: expect.stringMatching(/not yours/) });
  });

  it('replay: a proof made without a challenge (or for another) is refused by a verifier who asked for one', async () => {
    expect(await verifyBundle(bundle, pkg, { challenge: 'fresh' })).toMatchObject({ valid: false, code: 'challenge-mismatch', reason: expect.stringMatching(/replay/) });
  });

  it('without a challenge of its own the verifier is warned, not misled', async () => {
    const r = await verifyBundle(challenged, pkg);
    expect(r).toMatchObject({ valid: true, challenge: { kind: 'unchecked', text: 'insurer-2026-12-02-#4711' } });
    expect(r.valid && r.warnings.join(' ')).toMatch(/challenge you did not give/);
  });

  it('the challenge text and the challenge signal cannot be edited', async () => {
    expect(await verifyBundle({ ...challenged, challenge: 'something else' }, pkg)).toMatchObject({ valid: false, code: 'challenge-mismatch', reason: expect.stringMatching(/edited/) });
    const { challenge: _c, ...stripped } = challenged;
    expect(await verifyBundle(stripped, pkg)).toMatchObject({ valid: false, code: 'challenge-mismatch' });
    // Moving the proof to another challenge signal (with matching text) breaks the proof itself:
    // the challenge is a public input the Groth16 verification key binds.
    const { challengeSignal } = await import('./signals.js');
    const moved = { ...challenged, challenge: 'fresh', publicSignals: [challenged.publicSignals[0]!, String(await challengeSignal('fresh'))] };
    expect(await verifyBundle(moved, pkg, { challenge: 'fresh' })).toMatchObject({ valid: false, code: 'bad-proof' });
  });
});

describe('development keys are never silent', () => {
  it('--require-ceremony turns a development-key package into an invalid result', async () => {
    expect(await verifyBundle(bundle, pkg, { requireCeremony: true })).toMatchObject({ valid: false, code: 'development-key' });
  });
});
