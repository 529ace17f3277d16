/**
 * The iris registry end to end with real proofs, on a small bank (16×128 strip, 256 bits: the same
 * model structure as iris-v1/v2 at a fraction of the proving time): enrol, a second capture of the
 * same eye (already enrolled, with the distance), another eye, an untrusted device, a bundle of
 * another package, a tampered bundle, a package that is no iris-code package, masks the device did
 * not sign (none, unsigned, swapped, edited, another capture's, another key's), a v2 enrolment
 * flagged for the v1 entries it could not be compared with, an upgrade refused because its v2 code
 * matches another v2 entry, and the upgrade to a second model from the same signed capture.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GaborBank } from '../iris/gabor.js';
import { DEFAULT_BANK } from '../iris/gabor.js';
import { occlusionMask } from '../iris/mask.js';
import { segmentIris } from '../iris/segment.js';
import { synthEye } from '../iris/synth.js';
import { unwrapIris } from '../iris/unwrap.js';
import { buildIrisModel, irisInputSpec, irisModelInput } from '../iris-code/model.js';
import { irisCodeFromBundle } from '../iris-code/package.js';
import type { SignedMask } from '../iris-code/mask-file.js';
import { makeMaskFile, parseMaskFile, readMaskFile, signMask } from '../iris-code/mask-file.js';
import { encodeInput, nestInput } from '../model/input.js';
import { loadModelFromMap } from '../model/source.js';
import type { OpenedPackage } from '../package/open.js';
import { openPackage } from '../package/open.js';
import { proveWithPackage } from '../package/prove.js';
import { publishPackage } from '../package/publish.js';
import { captureSignal, formatFingerprint, signInput } from '../provenance/input.js';
import { derivePublicKey } from '../provenance/sign.js';
import { releaseCurve } from '../prover/snark.js';
import type { ProofBundle } from '../package/bundle.js';
import type { Registry } from './registry.js';
import { emptyRegistry, parseRegistry, registryAdd, uncheckedSentence } from './registry.js';

const SMALL: GaborBank = { ...DEFAULT_BANK, stripHeight: 16, stripWidth: 128, probeRows: [4, 12], filters: [DEFAULT_BANK.filters[0]!] };
const SMALL_V2: GaborBank = { ...SMALL, filters: [{ wavelength: 12, sigmaAngular: 5, sigmaRadial: 3 }] };
const RULE = { threshold: 0.32, maxShift: 8, minBits: 60 };
const device = 'capture device test key';
const trusted = [formatFingerprint(derivePublicKey(device))];

async function publish(bank: GaborBank, name: string): Promise<OpenedPackage> {
  const model = buildIrisModel(bank, name, RULE);
  const files = new Map<string, Uint8Array>();
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const json = { format: 'layers-model', modelTopology: a.modelTopology, userDefinedMetadata: a.userDefinedMetadata, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] };
      files.set('model.json', new TextEncoder().encode(JSON.stringify(json)));
      files.set('weights.bin', new Uint8Array(a.weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  const published = await publishPackage({
    name,
    model: await loadModelFromMap('model.json', files, name),
    inputSpec: irisInputSpec(bank),
    solidity: false,
    inputBinding: { kind: 'signature', metadata: 0, capture: true },
  });
  return openPackage(published.files, { needZkey: true });
}

/** A capture's strip and mask at the small bank's size. */
function capture(eye: number, n: number) {
  const { image } = synthEye(eye, n);
  const seg = segmentIris(image);
  const strip = unwrapIris(image, seg, { height: SMALL.stripHeight, width: SMALL.stripWidth });
  return { strip, mask: occlusionMask(image, seg, strip) };
}

/** What the capture device signs: the model's input codes, and the mask for that capture. */
function deviceSigns(c: ReturnType<typeof capture>, key = device) {
  const values = irisModelInput(c.strip, c.mask, SMALL);
  const spec = irisInputSpec(SMALL);
  const signed = signInput(key, encodeInput(spec, values).codes, spec.bits);
  const mask: SignedMask = { mask: c.mask, height: SMALL.stripHeight, width: SMALL.stripWidth, device: signMask(key, c.mask, SMALL.stripHeight, SMALL.stripWidth, captureSignal(signed.message)) };
  return { values, signed, mask };
}

/** What the phone proves from a signed capture. */
async function proveCapture(pkg: OpenedPackage, c: ReturnType<typeof capture>, key = device): Promise<ProofBundle> {
  const { values, signed } = deviceSigns(c, key);
  const result = await proveWithPackage(pkg, nestInput(values, pkg.manifest.input.shape), { signed: { signature: signed.signature, publicKey: signed.publicKey, metadata: [] } });
  return result.bundle;
}

/** The signed mask of a capture, as the registry receives it (through its file, as the CLI and the app pass it). */
const signedMask = (c: ReturnType<typeof capture>, key = device): SignedMask => {
  const m = deviceSigns(c, key).mask;
  return readMaskFile(JSON.parse(JSON.stringify(makeMaskFile(m.mask, m.height, m.width, m.device))));
};

let v1: OpenedPackage;
let v2: OpenedPackage;
const a = capture(0, 0);
const b = capture(0, 1);
const c = capture(1, 0);
let bundleA: ProofBundle;
let registry: Registry = emptyRegistry();
let v2BundleA: ProofBundle | undefined;
const v2A = async () => (v2BundleA ??= await proveCapture(v2, a));

beforeAll(async () => {
  v1 = await publish(SMALL, 'iris-test-v1');
  v2 = await publish(SMALL_V2, 'iris-test-v2');
  bundleA = await proveCapture(v1, a);
}, 600_000);
afterAll(releaseCurve);

describe('iris registry', () => {
  it('enrols a verified code from a trusted device and stores code, bundle and capture signal', async () => {
    const v = await registryAdd(registry, { bundle: bundleA, pkg: v1, trustedSigners: trusted, mask: signedMask(a), now: new Date(0) });
    expect(v.status).toBe('enrolled');
    if (v.status !== 'enrolled') return;
    expect(v.entry).toMatchObject({ id: 1, packageId: v1.id, packageName: 'iris-test-v1', signer: trusted[0], bits: 256, enrolledAt: '1970-01-01T00:00:00.000Z' });
    expect(v.entry.bundle).toEqual(bundleA);
    expect(irisCodeFromBundle(v1, bundleA).bits.length).toBe(256);
    registry = parseRegistry(JSON.parse(JSON.stringify(v.registry)));
    expect(registry.entries).toHaveLength(1);
  });

  it('refuses a second capture of the same eye as already enrolled, with the distance', async () => {
    const v = await registryAdd(registry, { bundle: await proveCapture(v1, b), pkg: v1, trustedSigners: trusted, mask: signedMask(b) });
    expect(v).toMatchObject({ status: 'refused', reason: 'already-enrolled', entryId: 1 });
    if (v.status === 'refused') {
      expect(v.distance).toBeLessThanOrEqual(RULE.threshold);
      expect(v.message).toMatch(/already enrolled: this code is 0\.\d{3} from entry 1/);
    }
    // And the same capture proved again under the same package: distance 0.
    expect(await registryAdd(registry, { bundle: bundleA, pkg: v1, trustedSigners: trusted, mask: signedMask(a) })).toMatchObject({ status: 'refused', reason: 'already-enrolled', distance: 0 });
  }, 120_000);

  it('enrols another eye', async () => {
    const v = await registryAdd(registry, { bundle: await proveCapture(v1, c), pkg: v1, trustedSigners: trusted, mask: signedMask(c) });
    expect(v.status).toBe('enrolled');
    if (v.status === 'enrolled') registry = v.registry;
    expect(registry.entries.map((e) => e.id)).toEqual([1, 2]);
  }, 120_000);

  it('refuses a capture signed by an untrusted device, naming its key', async () => {
    const v = await registryAdd(registry, { bundle: await proveCapture(v1, capture(2, 0), 'someone else'), pkg: v1, trustedSigners: trusted });
    expect(v).toMatchObject({ status: 'refused', reason: 'untrusted-signer', signer: formatFingerprint(derivePublicKey('someone else')) });
  }, 120_000);

  it('refuses a bundle of another package and a tampered bundle', async () => {
    expect(await registryAdd(registry, { bundle: bundleA, pkg: v2, trustedSigners: trusted })).toMatchObject({ status: 'refused', reason: 'other-package' });
    const signals = [...bundleA.publicSignals];
    signals[0] = (BigInt(signals[0]!) ^ 1n).toString(); // one code bit flipped
    expect(await registryAdd(emptyRegistry(), { bundle: { ...bundleA, publicSignals: signals }, pkg: v1, trustedSigners: trusted })).toMatchObject({ status: 'refused', reason: 'invalid-proof' });
    const capture = [...bundleA.publicSignals];
    capture[capture.length - 1] = '12345'; // another capture signal
    expect(await registryAdd(emptyRegistry(), { bundle: { ...bundleA, publicSignals: capture }, pkg: v1, trustedSigners: trusted })).toMatchObject({ status: 'refused', reason: 'invalid-proof' });
  });

  it('refuses a mask the capture device did not sign for this capture: none, unsigned, swapped, edited, another capture\'s, another key\'s', async () => {
    // Refused on an empty registry too: the mask is checked before any matching.
    const add = (mask?: SignedMask) => registryAdd(emptyRegistry(), { bundle: bundleA, pkg: v1, trustedSigners: trusted, ...(mask ? { mask } : {}) });
    const good = signedMask(a);
    expect((await add(good)).status).toBe('enrolled');
    const refusedFor = async (mask: SignedMask | undefined, why: RegExp) => {
      const v = await add(mask);
      expect(v).toMatchObject({ status: 'refused', reason: 'mask-not-signed' });
      if (v.status === 'refused') expect(v.message).toMatch(why);
    };
    await refusedFor(undefined, /^mask not signed by the device: no occlusion mask was given/);
    await refusedFor({ mask: a.mask, height: 16, width: 128 }, /carries no signature/);
    // The swap F7 is about: the mask of another capture (here: one that masks half the strip) with this capture's signature.
    const half = Uint8Array.from(a.mask, (m, i) => (i % 128 < 64 ? 1 : m));
    await refusedFor({ ...good, mask: half }, /not the one the device signed/);
    const oneBit = Uint8Array.from(a.mask);
    oneBit[oneBit.indexOf(0)] = 1;
    await refusedFor({ ...good, mask: oneBit }, /not the one the device signed/);
    await refusedFor(signedMask(c), /signed for another capture/);
    // The right capture signal and mask, signed by another key.
    const other = signMask('someone else', a.mask, 16, 128, good.device!.capture);
    await refusedFor({ ...good, device: other }, /signed by another key/);
  });

  it('flags a v2 enrolment for the v1 entries it could not be compared with', async () => {
    // Eye 0 again (capture 1) under v2 while eye 0's entry 1 is still under v1: the registry cannot see the duplicate yet, and says so.
    const v = await registryAdd(registry, { bundle: await proveCapture(v2, b), pkg: v2, trustedSigners: trusted, mask: signedMask(b) });
    expect(v).toMatchObject({ status: 'enrolled', notCompared: 2 });
    if (v.status !== 'enrolled') return;
    expect(v.unchecked).toEqual([
      { entryId: 1, packageName: 'iris-test-v1', why: 'other-package' },
      { entryId: 2, packageName: 'iris-test-v1', why: 'other-package' },
    ]);
    expect(uncheckedSentence(v.unchecked)).toMatch(/^not compared with entries 1, 2 under "iris-test-v1"/);
    // …which the upgrade of entry 1 then meets: its v2 code is compared with the v2 entries, and refused.
    const up = await registryAdd(v.registry, { bundle: await v2A(), pkg: v2, trustedSigners: trusted, mask: signedMask(a) });
    expect(up).toMatchObject({ status: 'refused', reason: 'already-enrolled', entryId: 3 });
    if (up.status === 'refused') {
      expect(up.distance).toBeLessThanOrEqual(0.32);
      expect(up.message).toMatch(/from entry 3 .*upgrade of entry 1 from "iris-test-v1" was not made/);
    }
  }, 240_000);

  it('upgrades the v1 entry of a signed capture to the v2 code proved from the same capture, without a new capture', async () => {
    const before = registry.entries[0]!;
    const v = await registryAdd(registry, { bundle: await v2A(), pkg: v2, trustedSigners: trusted, mask: signedMask(a), now: new Date(1000) });
    expect(v.status).toBe('upgraded');
    if (v.status !== 'upgraded') return;
    expect(v.previous).toEqual({ packageId: v1.id, packageName: 'iris-test-v1' });
    // Entry 2 is still under v1: not compared, and said so.
    expect(v).toMatchObject({ notCompared: 1, unchecked: [{ entryId: 2, packageName: 'iris-test-v1', why: 'other-package' }] });
    expect(v.entry).toMatchObject({ id: 1, packageId: v2.id, packageName: 'iris-test-v2', capture: before.capture, upgrades: [{ fromPackageId: v1.id, fromPackageName: 'iris-test-v1', at: '1970-01-01T00:00:01.000Z' }] });
    expect(v.entry.code).not.toBe(before.code);
    expect(v.registry.entries).toHaveLength(2);
    expect(registry.entries[0]).toBe(before); // the registry given is not changed
  }, 120_000);

  it('refuses a package that is no iris-code package (no bank in its model, or no capture signal)', async () => {
    // Refused before any proof is read, so edited copies of the opened package stand for such packages.
    const json = JSON.parse(new TextDecoder().decode(v1.model[0]!.bytes)) as Record<string, unknown>;
    delete json.userDefinedMetadata;
    const plain = { ...v1, model: [{ path: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) }, ...v1.model.slice(1)] };
    expect(await registryAdd(registry, { bundle: bundleA, pkg: plain, trustedSigners: trusted })).toMatchObject({ status: 'refused', reason: 'not-iris-package' });
    const noCapture = { ...v1, manifest: { ...v1.manifest, binding: { kind: 'signature' as const, metadata: 0 } } };
    const v = await registryAdd(registry, { bundle: bundleA, pkg: noCapture, trustedSigners: trusted });
    expect(v).toMatchObject({ status: 'refused', reason: 'not-iris-package' });
    if (v.status === 'refused') expect(v.message).toMatch(/capture signal/);
  });

  it('reads back the mask side file it writes, signed or not, and refuses one of another size', () => {
    const file = JSON.parse(JSON.stringify(makeMaskFile(a.mask, 16, 128)));
    expect(parseMaskFile(file, { height: 16, width: 128 })).toEqual(a.mask);
    expect(() => parseMaskFile(file, { height: 32, width: 256 })).toThrow(/16×128/);
    const signed = deviceSigns(a).mask;
    expect(readMaskFile(JSON.parse(JSON.stringify(makeMaskFile(a.mask, 16, 128, signed.device))))).toEqual(signed);
    expect(() => readMaskFile({ ...file, device: { publicKey: ['1'], signature: {}, capture: '1' } })).toThrow(/device\.publicKey/);
  });
});
