/**
 * Signing and proving an iris code on the Biometric page (issue 14). The demo capture device (a
 * PUBLIC DEVELOPMENT KEY, labelled so wherever it shows) signs a capture: the strip's 4-bit codes
 * as the iris-code model reads them (masked pixels filled as the reference does), and the
 * occlusion mask for that capture (iris-code/mask-file.ts). The signed capture can be kept on this
 * device (stored-captures.ts) and proved again with another package — the model upgrade — without
 * the picture. The prover worker proves the package on the signed codes, the same path as the
 * Prove page's signature-bound packages. The picture, the strip and the signed capture stay in
 * this page, the prover worker and IndexedDB; the bundle carries the code bits, the capture
 * device's fingerprint and the capture signal.
 */
import { decodeInput, encodeInput } from '../../core/model/input.js';
import { captureSignal, signInput } from '../../core/provenance/input.js';
// demo-device.js and mask-file.js, not the iris-code index: the index loads tfjs, which the page's bundle does not carry.
import { demoDevicePrivateKey } from '../../core/iris-code/demo-device.js';
import { IRIS_STRIP_BITS, stripBitsMismatch } from '../../core/iris-code/strip-format.js';
import type { MaskFile, SignedMask } from '../../core/iris-code/mask-file.js';
import { makeMaskFile, readMaskFile, signMask } from '../../core/iris-code/mask-file.js';
import type { IrisCode } from '../../core/iris/index.js';
import type { Manifest } from '../../core/package/manifest.js';
import type { ProgressEvent } from '../../core/progress.js';
import type { ProofBundle } from '../../core/package/bundle.js';
import type { LoadedPackage } from '../../client/packages.js';
import { demoIndex, demoUrl, loadFromUrl, PackageError } from '../../client/packages.js';
import type { StripResult } from '../../client/workers/iris.js';
import { irisWorker } from '../../client/workers/iris.js';
import type { CircuitOrigin } from '../../client/workers/prover.js';
import { proveInWorker } from '../../client/workers/prover.js';
import { irisCodeInWorker } from '../../client/workers/verifier.js';

/** The demo iris-code packages (scripts/lib/demo-variants.ts): v1 the reference bank, v2 the upgrade. */
export const IRIS_PACKAGES = ['iris-v1', 'iris-v2'] as const;
export type IrisPackageName = (typeof IRIS_PACKAGES)[number];

/** Loads a demo iris package with its proving key (cached in IndexedDB after the first time). */
export async function loadIrisPackage(name: string, withKey: boolean, onStatus?: (m: string) => void): Promise<LoadedPackage> {
  const entry = (await demoIndex()).find((e) => e.name === name);
  if (!entry) throw new PackageError(`the demo package "${name}" is not built here (run npm start)`);
  const url = demoUrl(entry);
  // The model file is needed either way: its metadata states the filter bank and matching rule.
  return loadFromUrl(url, { kind: 'demo', url }, { withKey, withModel: true, expectedId: entry.packageId, onStatus });
}

/**
 * A capture as the capture device signed it: everything needed to prove it again with any iris
 * package reading the same strip size, and nothing else (no picture). Decimal strings for field
 * elements, so it stores in IndexedDB and reads back the same everywhere.
 */
export interface SignedCapture {
  /** The capture signal Poseidon(tag, M) of the signed message M (decimal): its identity. */
  readonly capture: string;
  /** For people: where the picture came from ("synthetic eye 3, capture 0"). */
  readonly what: string;
  readonly signedAt: string;
  readonly height: number;
  readonly width: number;
  /**
   * Bits per signed code (IRIS_STRIP_BITS = 4). Records stored before the strip went to 4 bits have
   * no such field and hold 8-bit codes: stored-captures.ts reads them as 8, and proving them is
   * refused with a named reason (they cannot be re-quantised under the device's signature).
   */
  readonly bits: number;
  /** The signed input codes, row-major. */
  readonly codes: Uint8Array;
  readonly publicKey: readonly [string, string];
  readonly signature: { readonly R8: readonly [string, string]; readonly S: string };
  /** The occlusion mask with the device's signature for this capture. */
  readonly maskFile: MaskFile;
}

export interface IrisProof {
  readonly packageName: string;
  readonly packageId: string;
  readonly bundle: ProofBundle;
  /** The code the proof's public signals carry, with usability from the strip's mask. */
  readonly code: IrisCode;
  /** The mask as the device signed it: what the registry needs beside the bundle. */
  readonly mask: SignedMask;
  readonly capture: SignedCapture;
  /** From the prover call to the decoded code (what the page shows as the prove time). */
  readonly proveMs: number;
  /** Where that time went: the prover worker's timings, and decoding the code in the verifier worker. */
  readonly phases: { readonly circuit: CircuitOrigin; readonly compileMs: number; readonly witnessMs: number; readonly groth16Ms: number; readonly decodeMs: number };
}

const pair = (p: readonly [bigint, bigint]) => [p[0].toString(), p[1].toString()] as const;

function checkIrisInput(m: Manifest): void {
  if (m.binding?.kind !== 'signature' || !m.binding.capture || m.binding.metadata !== 0) throw new PackageError(`package "${m.name}" does not prove signed iris captures (signature binding with the capture signal, no metadata)`);
  if (m.input.bits !== IRIS_STRIP_BITS) throw new PackageError(`package "${m.name}" reads ${m.input.bits}-bit inputs; the capture device signs ${IRIS_STRIP_BITS}-bit strips`);
}

/** The demo capture device signs the current strip (as `pkg` encodes it) and its mask. */
export async function signStrip(pkg: LoadedPackage, strip: StripResult, what: string, signal?: AbortSignal): Promise<SignedCapture> {
  const m = pkg.manifest;
  checkIrisInput(m);
  const values = await irisWorker().modelInput(strip, signal);
  // A capture device signs what it captured: values outside the input's range are refused, not clamped.
  const { codes } = encodeInput(m.input, values, 'reject');
  const key = demoDevicePrivateKey();
  const signed = signInput(key, codes, m.input.bits, []);
  const capture = captureSignal(signed.message);
  const device = signMask(key, strip.mask, strip.height, strip.width, capture);
  return {
    capture: capture.toString(),
    what,
    signedAt: new Date().toISOString(),
    height: strip.height,
    width: strip.width,
    bits: m.input.bits,
    codes: Uint8Array.from(codes, Number),
    publicKey: pair(signed.publicKey),
    signature: { R8: pair(signed.signature.R8), S: signed.signature.S.toString() },
    maskFile: makeMaskFile(strip.mask, strip.height, strip.width, device),
  };
}

/** Proves a signed capture with `pkg` (any iris package reading its strip size: the upgrade path). */
export async function proveCapture(pkg: LoadedPackage, c: SignedCapture, onProgress: (e: ProgressEvent) => void, signal: AbortSignal): Promise<IrisProof> {
  const m = pkg.manifest;
  checkIrisInput(m);
  if (c.bits !== m.input.bits) throw new PackageError(stripBitsMismatch(c.bits, m.input.bits, m.name));
  if (m.input.features.length !== c.codes.length) throw new PackageError(`package "${m.name}" reads ${m.input.features.length} input values; this capture holds ${c.codes.length} (${c.height}×${c.width})`);
  const values = decodeInput(m.input, Array.from(c.codes, BigInt));
  const signed = {
    signature: { R8: [BigInt(c.signature.R8[0]), BigInt(c.signature.R8[1])] as const, S: BigInt(c.signature.S) },
    publicKey: [BigInt(c.publicKey[0]), BigInt(c.publicKey[1])] as const,
    metadata: [],
  };
  const mask = readMaskFile(c.maskFile, { height: c.height, width: c.width });
  performance.mark('iris-prove-start');
  const started = performance.now();
  const outcome = await proveInWorker({ pkg, input: values, signed, onProgress, signal });
  performance.mark('iris-proved');
  const decodeStarted = performance.now();
  // The verifier worker gets the manifest, verification key and model.json, never the proving key.
  const code = await irisCodeInWorker(outcome.bundle, pkg, mask.mask);
  performance.mark('iris-decoded');
  performance.measure('iris prove (prover worker)', 'iris-prove-start', 'iris-proved');
  performance.measure('iris code decode (verifier worker)', 'iris-proved', 'iris-decoded');
  const t = outcome.timings;
  return {
    packageName: m.name,
    packageId: pkg.id,
    bundle: outcome.bundle,
    code,
    mask,
    capture: c,
    proveMs: performance.now() - started,
    phases: { circuit: outcome.circuit, compileMs: t.compile, witnessMs: t.witness, groth16Ms: t.prove, decodeMs: performance.now() - decodeStarted },
  };
}

/**
 * Share of the bits usable in both codes on which they agree (the proved code against the float
 * reference). Masked bits are left out: there the strip is filled flat, responses are near zero and
 * the circuit's fixed point may round either way — and matching ignores them anyway.
 */
export function agreement(a: IrisCode, b: IrisCode): number {
  let same = 0;
  let usable = 0;
  for (let i = 0; i < a.bits.length; i++) {
    if (!(a.valid[i]! & b.valid[i]!)) continue;
    usable++;
    same += a.bits[i] === b.bits[i] ? 1 : 0;
  }
  return usable === 0 ? NaN : same / usable;
}
