/**
 * Proving an iris code on the Biometric page (issue 14): the strip becomes the iris-code model's
 * input (masked pixels filled as the reference does), the demo capture device signs its 8-bit
 * codes (a PUBLIC DEVELOPMENT KEY, labelled so wherever it shows), and the prover worker proves
 * the package on them — the same path as the Prove page's signature-bound packages. The picture
 * and the strip stay in this page and the prover worker; the bundle carries the code bits, the
 * capture device's fingerprint and the capture signal.
 */
import { encodeInput } from '../../core/model/input.js';
import { signInput } from '../../core/provenance/input.js';
// demo-device.js, not the iris-code index: the index loads tfjs, which the page's bundle does not carry.
import { demoDevicePrivateKey } from '../../core/iris-code/demo-device.js';
import type { IrisCode } from '../../core/iris/index.js';
import type { ProgressEvent } from '../../core/progress.js';
import type { ProofBundle } from '../../core/package/bundle.js';
import type { LoadedPackage } from '../../client/packages.js';
import { demoIndex, demoUrl, loadFromUrl, PackageError } from '../../client/packages.js';
import type { StripResult } from '../../client/workers/iris.js';
import { irisWorker } from '../../client/workers/iris.js';
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

export interface IrisProof {
  readonly packageName: string;
  readonly packageId: string;
  readonly bundle: ProofBundle;
  /** The code the proof's public signals carry, with usability from the strip's mask. */
  readonly code: IrisCode;
  readonly mask: Uint8Array;
  readonly stripSize: { readonly height: number; readonly width: number };
  readonly proveMs: number;
}

/** Signs the strip with the demo capture device and proves it with `pkg`. */
export async function proveIris(pkg: LoadedPackage, strip: StripResult, onProgress: (e: ProgressEvent) => void, signal: AbortSignal): Promise<IrisProof> {
  const m = pkg.manifest;
  if (m.binding?.kind !== 'signature') throw new PackageError(`package "${m.name}" does not prove signed captures`);
  const values = await irisWorker().modelInput(strip, signal);
  // A capture device signs what it captured: values outside the input's range are refused, not clamped.
  const { codes } = encodeInput(m.input, values, 'reject');
  const metadata = Array.from({ length: m.binding.metadata }, () => 0n);
  const signed = signInput(demoDevicePrivateKey(), codes, m.input.bits, metadata);
  const started = performance.now();
  const outcome = await proveInWorker({ pkg, input: values, signed: { signature: signed.signature, publicKey: signed.publicKey, metadata }, onProgress, signal });
  const code = await irisCodeInWorker(outcome.bundle, pkg.files, strip.mask);
  return { packageName: m.name, packageId: pkg.id, bundle: outcome.bundle, code, mask: strip.mask, stripSize: { height: strip.height, width: strip.width }, proveMs: performance.now() - started };
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
