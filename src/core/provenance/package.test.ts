/**
 * Input provenance end to end on the diagnosis demo (public/models/breast-cancer): publish with
 * each binding, prove, verify, open; and the forgeries, as proofs where a proof can be made.
 */
import { readFileSync } from 'node:fs';
import { subOrder } from '@zk-kit/baby-jubjub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSatisfied } from '../circuit/check.js';
import { writeWtns } from '../formats/wtns.js';
import { encodeInput, flattenInput, validateInputSpec } from '../model/input.js';
import type { LoadedModel } from '../model/source.js';
import { loadModelFiles } from '../model/source.js';
import { prove, releaseCurve, verify } from '../prover/snark.js';
import type { OpenedPackage } from '../package/open.js';
import { openPackage } from '../package/open.js';
import { proveWithPackage } from '../package/prove.js';
import type { PublishedPackage } from '../package/publish.js';
import { publishPackage } from '../package/publish.js';
import { verifyBundle } from '../package/verify.js';
import { validateManifest } from '../package/manifest.js';
import { compileModel } from '../compile.js';
import type { BindingWitness } from './input.js';
import { formatFingerprint, inputCommitment, signInput } from './input.js';
import { makeOpening } from './opening.js';
import { checkOpening } from '../package/verify.js';
import { derivePublicKey, sign } from './sign.js';

const dir = new URL('../../../public/models/breast-cancer/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const inputSpec = validateInputSpec(JSON.parse(readFileSync(new URL('input-spec.json', dir), 'utf8')));
const samples = JSON.parse(readFileSync(new URL('samples.json', dir), 'utf8')) as { diagnosis: string; values: number[] }[];
const malignant = samples.find((s) => s.diagnosis === 'malignant')!.values;
const benign = samples.find((s) => s.diagnosis === 'benign')!.values;
const labels = ['benign', 'malignant'];
const codesOf = (values: number[]) => encodeInput(inputSpec, flattenInput(values, inputSpec.shape), 'reject').codes;

let model: LoadedModel;
let none: PublishedPackage;
let committed: { published: PublishedPackage; pkg: OpenedPackage };
let signed: { published: PublishedPackage; pkg: OpenedPackage };

async function publishWith(inputBinding: Parameters<typeof publishPackage>[0]['inputBinding']) {
  const published = await publishPackage({ name: 'breast-cancer', model, inputSpec, labels, solidity: false, inputBinding });
  return { published, pkg: await openPackage(published.files, { needZkey: true }) };
}

beforeAll(async () => {
  const files = new Map([['model.json', read('model.json')], ['weights.bin', read('weights.bin')]]);
  model = await loadModelFiles('model.json', files.get('model.json')!, (p) => files.get(p), 'breast-cancer');
  none = await publishPackage({ name: 'breast-cancer', model, inputSpec, labels, solidity: false });
  committed = await publishWith({ kind: 'commitment' });
  signed = await publishWith({ kind: 'signature', metadata: 2 });
}, 300_000);
afterAll(releaseCurve);

/** Proves a witness as is (no satisfaction check): what a cheating prover can do with the key. */
async function forcedProof(pkg: OpenedPackage, published: PublishedPackage, codes: readonly bigint[], w: BindingWitness, challenge = 0n) {
  const witness = published.compiled.witness(codes, challenge, w);
  const satisfied = isSatisfied(published.compiled.r1cs, witness);
  const { proof, publicSignals } = await prove(pkg.zkey!, writeWtns(witness), {});
  return { satisfied, verifies: await verify(pkg.vkey, publicSignals, proof), publicSignals };
}

describe('binding none', () => {
  it('keeps the manifest without a binding field and the two-segment layout', () => {
    expect('binding' in none.manifest).toBe(false);
    expect(none.manifest.publicSignals.map((s) => s.segment)).toEqual(['output', 'challenge']);
    expect(committed.published.manifest.publicSignals.map((s) => s.segment)).toEqual(['output', 'challenge', 'input-commitment']);
    expect(signed.published.manifest.publicSignals.map((s) => s.segment)).toEqual(['output', 'challenge', 'signer']);
    expect(signed.published.manifest.binding).toEqual({ kind: 'signature', metadata: 2 });
    console.log(`constraints: none ${none.manifest.circuit.constraints}, commitment ${committed.published.manifest.circuit.constraints}, signature ${signed.published.manifest.circuit.constraints}`);
  });
});

describe('manifest', () => {
  it('refuses a binding that does not match the layout, an explicit none and a bad metadata count', () => {
    const c = committed.published.manifest;
    const s = signed.published.manifest;
    expect(() => validateManifest(c)).not.toThrow();
    expect(() => validateManifest({ ...c, binding: s.binding })).toThrow(/publicSignals/);
    expect(() => validateManifest({ ...s, binding: { kind: 'signature', metadata: 3 } })).not.toThrow(); // same layout…
    expect(() => validateManifest({ ...s, binding: { kind: 'signature', metadata: 17 } })).toThrow(/binding/);
    expect(() => validateManifest({ ...none.manifest, binding: { kind: 'none' } })).toThrow(/leaving "binding" out/);
    expect(() => validateManifest({ ...none.manifest, binding: c.binding })).toThrow(/publicSignals/);
    const { binding: _b, ...unbound } = c;
    expect(() => validateManifest(unbound)).toThrow(/publicSignals/);
  });
  it('…but the circuit pins the metadata count: another count is another circuit', () => {
    const other = compileModel(model.graph, { inputSpec, binding: { kind: 'signature', metadata: 3 } });
    expect(other.stats.constraints).not.toBe(signed.published.manifest.circuit.constraints);
  });
});

describe('commitment binding', () => {
  it('proves, verifies and opens; the bundle holds neither salt nor input', async () => {
    const { pkg } = committed;
    const r = await proveWithPackage(pkg, malignant, { compiled: committed.published.compiled, challenge: 'c1' });
    expect(r.opening).toBeDefined();
    const salt = BigInt(r.opening!.salt);
    expect(salt.toString(2).length).toBeGreaterThanOrEqual(200);
    const codes = codesOf(malignant);
    expect(r.decoded.commitment).toBe(inputCommitment(codes, inputSpec.bits, salt));
    const v = await verifyBundle(r.bundle, pkg, { challenge: 'c1' });
    expect(v.valid).toBe(true);
    if (v.valid) {
      expect(v.output.label).toBe('malignant');
      expect(v.binding).toEqual({ kind: 'commitment', commitment: r.decoded.commitment!.toString() });
    }
    // Privacy: nothing of the opening is in the bundle.
    const json = JSON.stringify(r.bundle);
    expect(json).not.toContain(r.opening!.salt);
    for (const c of new Set(r.opening!.codes)) expect(json.includes(`"${c}"`)).toBe(false);
    for (const value of malignant) expect(json.includes(`"${value}"`)).toBe(false);
    expect(Object.keys(r.bundle).sort()).toEqual(['challenge', 'format', 'packageId', 'proof', 'publicSignals', 'version']);

    expect(await checkOpening(r.bundle, r.opening, pkg)).toMatchObject({ matches: true });
    // Another salt, other data, or another package: no match.
    const otherSalt = makeOpening(pkg.id, codes, salt + 1n);
    expect(await checkOpening(r.bundle, otherSalt, pkg)).toMatchObject({ matches: false });
    const otherData = makeOpening(pkg.id, codesOf(benign), salt);
    expect(await checkOpening(r.bundle, otherData, pkg)).toMatchObject({ matches: false });
    const otherPkg = makeOpening(none.id, codes, salt);
    expect(await checkOpening(r.bundle, otherPkg, pkg)).toMatchObject({ matches: false });

    // A fixed salt gives the commitment of that salt.
    const fixed = await proveWithPackage(pkg, malignant, { compiled: committed.published.compiled, salt: 5n });
    expect(fixed.decoded.commitment).toBe(inputCommitment(codes, inputSpec.bits, 5n));
  }, 120_000);

  it('a proof cannot claim the commitment of other data or another salt', async () => {
    const { pkg, published } = committed;
    const codes = codesOf(malignant);
    const honest = await forcedProof(pkg, published, codes, { kind: 'commitment', salt: 77n });
    expect(honest.satisfied && honest.verifies).toBe(true);
    const at = honest.publicSignals.length - 1;
    for (const claimed of [inputCommitment(codesOf(benign), inputSpec.bits, 77n), inputCommitment(codes, inputSpec.bits, 78n)]) {
      const v = await verify(pkg.vkey, honest.publicSignals.map((s, i) => (i === at ? claimed.toString() : s)), (await prove(pkg.zkey!, writeWtns(published.compiled.witness(codes, 0n, { kind: 'commitment', salt: 77n })), {})).proof);
      expect(v).toBe(false);
      // And a witness that puts the claimed value on the wire is unsatisfied, its proof invalid.
      const w = published.compiled.witness(codes, 0n, { kind: 'commitment', salt: 77n });
      w[1 + published.compiled.r1cs.nOutputs + 1] = claimed;
      expect(isSatisfied(published.compiled.r1cs, w)).toBe(false);
      const forged = await prove(pkg.zkey!, writeWtns(w), {});
      expect(await verify(pkg.vkey, forged.publicSignals, forged.proof)).toBe(false);
    }
  }, 120_000);
});

describe('signature binding', () => {
  const lab = 'hospital lab key';
  const meta = [20261202n, 123456789n];
  const labFp = () => formatFingerprint(derivePublicKey(lab));

  it('proves a signed input; valid only for a trusted signer, which the result names', async () => {
    const { pkg } = signed;
    const codes = codesOf(malignant);
    const s = signInput(lab, codes, inputSpec.bits, meta);
    const r = await proveWithPackage(pkg, malignant, { compiled: signed.published.compiled, signed: { signature: s.signature, publicKey: s.publicKey, metadata: meta } });
    expect(r.opening).toBeUndefined();
    expect(r.decoded.signer?.toString()).toBe(labFp());
    const ok = await verifyBundle(r.bundle, pkg, { trustedSigners: ['1', labFp()] });
    expect(ok.valid).toBe(true);
    if (ok.valid) expect(ok.binding).toEqual({ kind: 'signature', signer: labFp() });
    // Hex form of the same fingerprint.
    expect((await verifyBundle(r.bundle, pkg, { trustedSigners: ['0x' + BigInt(labFp()).toString(16)] })).valid).toBe(true);
    for (const trustedSigners of [undefined, [], [formatFingerprint(derivePublicKey('someone else'))]]) {
      const v = await verifyBundle(r.bundle, pkg, { trustedSigners });
      expect(v).toMatchObject({ valid: false, code: 'untrusted-signer', signer: labFp() });
    }
    // Privacy: neither the signature nor the metadata nor the input is in the bundle.
    const json = JSON.stringify(r.bundle);
    for (const secret of [s.signature.S, s.signature.R8[0], s.signature.R8[1], s.publicKey[0], s.publicKey[1], s.message, ...meta]) expect(json).not.toContain(secret.toString());
    for (const c of new Set(codes)) expect(json.includes(`"${c}"`)).toBe(false);
    // Changing the signer signal breaks the proof.
    const at = r.bundle.publicSignals.length - 1;
    const other = formatFingerprint(derivePublicKey('someone else'));
    const edited = { ...r.bundle, publicSignals: r.bundle.publicSignals.map((x, i) => (i === at ? other : x)) };
    expect(await verifyBundle(edited, pkg, { trustedSigners: [other] })).toMatchObject({ valid: false, code: 'bad-proof' });
  }, 120_000);

  it('refuses, before proving, unsigned input, changed values and a bad signature', async () => {
    const { pkg } = signed;
    const s = signInput(lab, codesOf(malignant), inputSpec.bits, meta);
    const o = { compiled: signed.published.compiled };
    await expect(proveWithPackage(pkg, malignant, o)).rejects.toThrow(/signed/);
    await expect(proveWithPackage(pkg, benign, { ...o, signed: { signature: s.signature, publicKey: s.publicKey, metadata: meta } })).rejects.toThrow(/not what the data source signed/);
    await expect(proveWithPackage(pkg, malignant, { ...o, signed: { signature: sign(lab, 1n), publicKey: s.publicKey, metadata: meta } })).rejects.toThrow(/signature/);
    await expect(proveWithPackage(pkg, malignant, { ...o, signed: { signature: s.signature, publicKey: s.publicKey, metadata: [1n] } })).rejects.toThrow(/metadata/);
    await expect(proveWithPackage(committed.pkg, malignant, { ...o, compiled: committed.published.compiled, signed: { signature: s.signature, publicKey: s.publicKey, metadata: meta } })).rejects.toThrow(/commitment/);
  }, 60_000);

  it('forged witnesses (wrong signature, another key, a code changed after signing, S ≥ l) give proofs that do not verify', async () => {
    const { pkg, published } = signed;
    const codes = codesOf(malignant);
    const s = signInput(lab, codes, inputSpec.bits, meta);
    const w = (over: Partial<{ publicKey: typeof s.publicKey; signature: typeof s.signature }>): BindingWitness => ({ kind: 'signature', publicKey: s.publicKey, signature: s.signature, metadata: meta, ...over });
    const honest = await forcedProof(pkg, published, codes, w({}));
    expect(honest.satisfied && honest.verifies).toBe(true);
    const changed = codes.map((c, i) => (i === 3 ? c ^ 1n : c));
    const theirs = signInput('another key', codes, inputSpec.bits, meta);
    const cases: [string, readonly bigint[], BindingWitness][] = [
      ['wrong signature', codes, w({ signature: { ...s.signature, S: (s.signature.S + 1n) % subOrder } })],
      ['another key\'s signature claimed as the lab\'s', codes, w({ signature: theirs.signature })],
      ['a code changed after signing', changed, w({})],
      ['S + l', codes, w({ signature: { ...s.signature, S: s.signature.S + subOrder } })],
    ];
    for (const [what, c, wit] of cases) {
      const f = await forcedProof(pkg, published, c, wit);
      expect(f.satisfied, what).toBe(false);
      expect(f.verifies, what).toBe(false);
    }
  }, 240_000);
});
