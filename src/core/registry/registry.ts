/**
 * The iris-code registry (issue 14): enrolled codes with the proofs that they were derived, with a
 * published iris-code model, from a capture signed by a trusted capture device. Pure: a registry
 * is a JSON value (the CLI keeps it in a file, the app in IndexedDB); `registryAdd` returns a new
 * one and never changes the one it was given.
 *
 * Public API:
 * - `emptyRegistry()`, `parseRegistry(raw)` (format `zkinfer-iris-registry`, version 1).
 * - `registryAdd(registry, { bundle, pkg, trustedSigners, mask, now? })` → `RegistryVerdict`:
 *   - `enrolled`: the bundle verifies against `pkg` (an iris-code package: sign output, signature
 *     binding with the capture signal), its signer is trusted, the mask is the one the capture
 *     device signed for this capture, and the code is farther than the package's threshold from
 *     every enrolled code of the same package;
 *   - `upgraded`: an entry enrolled from the same signed capture (equal capture signal) under
 *     another package gets this package's code and bundle, the old package recorded in `upgrades`
 *     — a model upgrade without a new capture — provided the new code is farther than the
 *     threshold from every other entry already under this package;
 *   - `refused` with a `reason`: `invalid-proof` (malformed, tampered, or any other failed check),
 *     `other-package`, `untrusted-signer`, `not-iris-package`, `mask-not-signed` (no mask, or one
 *     the capture device did not sign for this capture: iris-code/mask-file.ts), `too-occluded`
 *     (fewer usable bits than the package's minimum), `already-enrolled` (with the distance and
 *     the entry; also the same capture proved again under the same package, distance 0).
 * Matching: masked fractional Hamming distance with rotation search (iris/match.ts), only between
 * codes of the same package (codes of different filter banks are not comparable). Entries that
 * could not be compared — under another package, or too occluded — are listed in the verdict's
 * `unchecked` (`notCompared` is their number): the enrolment stands, flagged (docs/IRIS.md,
 * "Deduplication across package versions").
 */
import { ZkinferError, fail } from '../errors.js';
import type { IrisCode } from '../iris/match.js';
import { hammingDistance } from '../iris/match.js';
import type { SignedMask } from '../iris-code/mask-file.js';
import { checkMaskSignature } from '../iris-code/mask-file.js';
import type { IrisPackage } from '../iris-code/package.js';
import { irisCodeFromBundle, irisCodeInfo } from '../iris-code/package.js';
import type { ProofBundle } from '../package/bundle.js';
import { parseBundle } from '../package/bundle.js';
import { bitsToHex, hexToBits } from '../package/signals.js';
import type { VerifierPackage } from '../package/verify.js';
import { verifyBundle } from '../package/verify.js';
import type { UncheckedEntry } from './unchecked.js';

export { type UncheckedEntry, uncheckedSentence } from './unchecked.js';

export const REGISTRY_FORMAT = 'zkinfer-iris-registry';

export interface RegistryUpgrade {
  readonly fromPackageId: string;
  readonly fromPackageName: string;
  readonly at: string;
}

export interface RegistryEntry {
  /** 1, 2, … in enrolment order. */
  readonly id: number;
  readonly packageId: string;
  readonly packageName: string;
  /** The trusted capture device's key fingerprint (decimal). */
  readonly signer: string;
  /** The capture signal Poseidon(tag, signed message) (decimal): links proofs of one capture. */
  readonly capture: string;
  /** The code bits and their usability, as hex (iris-code/package.ts order: bit 0 first). */
  readonly code: string;
  readonly valid: string;
  readonly bits: number;
  readonly bitsPerColumn: number;
  readonly enrolledAt: string;
  readonly bundle: ProofBundle;
  readonly upgrades: readonly RegistryUpgrade[];
}

export interface Registry {
  readonly format: typeof REGISTRY_FORMAT;
  readonly version: 1;
  readonly entries: readonly RegistryEntry[];
}

export type RefusalReason = 'invalid-proof' | 'other-package' | 'untrusted-signer' | 'not-iris-package' | 'mask-not-signed' | 'too-occluded' | 'already-enrolled';

/** What enrolled and upgraded verdicts say about the entries the code was not compared with. */
interface Unchecked {
  /** How many entries were not compared (`unchecked.length`). */
  readonly notCompared: number;
  readonly unchecked: readonly UncheckedEntry[];
}

export type RegistryVerdict =
  | ({ readonly status: 'enrolled'; readonly registry: Registry; readonly entry: RegistryEntry } & Unchecked)
  | ({ readonly status: 'upgraded'; readonly registry: Registry; readonly entry: RegistryEntry; readonly previous: { readonly packageId: string; readonly packageName: string } } & Unchecked)
  | {
      readonly status: 'refused';
      readonly reason: RefusalReason;
      readonly message: string;
      /** already-enrolled: the distance to the enrolled code and its entry id. */
      readonly distance?: number;
      readonly entryId?: number;
      /** untrusted-signer: the fingerprint of the key that signed the capture. */
      readonly signer?: string;
    };

export interface RegistryRequest {
  readonly bundle: unknown;
  readonly pkg: VerifierPackage & IrisPackage;
  /** Fingerprints of the capture-device keys this registry trusts. */
  readonly trustedSigners: readonly string[];
  /**
   * The strip's occlusion mask (1 = masked) with the capture device's signature over it for this
   * capture (iris-code/mask-file.ts). Required: without it, or with a mask the device did not sign,
   * the bundle is refused (`mask-not-signed`). Optional in the type so that a caller that has none
   * gets that named refusal rather than a type error.
   */
  readonly mask?: SignedMask;
  /** Enrolment time (default now). */
  readonly now?: Date;
}

export function emptyRegistry(): Registry {
  return { format: REGISTRY_FORMAT, version: 1, entries: [] };
}

export function parseRegistry(raw: unknown): Registry {
  const bad = (why: string): never => fail('input', 'bad-registry', `not an iris registry file: ${why}`);
  const r = raw as Partial<Registry> | null;
  if (typeof r !== 'object' || r === null || r.format !== REGISTRY_FORMAT) return bad(`expected "format": "${REGISTRY_FORMAT}"`);
  if (r.version !== 1) return bad(`version ${JSON.stringify(r.version)} is not supported (version 1 is)`);
  if (!Array.isArray(r.entries)) return bad('"entries" must be a list');
  r.entries.forEach((e, i) => {
    const x = e as Partial<RegistryEntry> | null;
    const ok = typeof x === 'object' && x !== null && Number.isInteger(x.id) && Number.isInteger(x.bits) && Number.isInteger(x.bitsPerColumn) &&
      [x.packageId, x.packageName, x.signer, x.capture, x.code, x.valid, x.enrolledAt].every((v) => typeof v === 'string') && Array.isArray(x.upgrades);
    if (!ok) bad(`entry ${i} is incomplete`);
    parseBundle(x!.bundle);
  });
  return r as Registry;
}

/** An entry's stored code as an IrisCode. */
export function entryCode(e: RegistryEntry): IrisCode {
  return { bits: Uint8Array.from(hexToBits(e.code, e.bits)), valid: Uint8Array.from(hexToBits(e.valid, e.bits)), bitsPerColumn: e.bitsPerColumn };
}

const refuse = (reason: RefusalReason, message: string, extra: { distance?: number; entryId?: number; signer?: string } = {}): RegistryVerdict => ({ status: 'refused', reason, message, ...extra });

export async function registryAdd(registry: Registry, request: RegistryRequest): Promise<RegistryVerdict> {
  const { pkg } = request;
  const m = pkg.manifest;
  let info;
  try {
    info = irisCodeInfo(pkg);
    if (m.binding?.kind !== 'signature' || !m.binding.capture) fail('package', 'not-iris-package', `package "${m.name}" does not prove a signed capture with the capture signal (publish it with --input-binding signature --capture-signal)`);
  } catch (e) {
    if (e instanceof ZkinferError) return refuse('not-iris-package', e.message);
    throw e;
  }
  const verified = await verifyBundle(request.bundle, pkg, { trustedSigners: [...request.trustedSigners] });
  if (!verified.valid) {
    if (verified.code === 'other-package') return refuse('other-package', `the bundle is not a proof of package "${m.name}": ${verified.reason}`);
    if (verified.code === 'untrusted-signer') return refuse('untrusted-signer', `the capture was signed by a device this registry does not trust (key ${verified.signer}): ${verified.reason}`, { signer: verified.signer! });
    return refuse('invalid-proof', `the bundle does not verify: ${verified.reason}`);
  }
  const binding = verified.binding;
  if (binding?.kind !== 'signature' || binding.capture === undefined) return refuse('invalid-proof', 'the verified proof carries no capture signal');
  const mask = request.mask;
  if (!mask) return refuse('mask-not-signed', 'mask not signed by the device: no occlusion mask was given (the registry needs the mask file the capture device signed with this capture)');
  if (mask.height !== info.bank.stripHeight || mask.width !== info.bank.stripWidth) {
    fail('input', 'iris-mask-size', `the mask is ${mask.height}×${mask.width}; package "${m.name}"'s strips are ${info.bank.stripHeight}×${info.bank.stripWidth}`);
  }
  const signedMask = checkMaskSignature(mask, { capture: binding.capture, signer: binding.signer });
  if (!signedMask.ok) return refuse('mask-not-signed', `mask not signed by the device: ${signedMask.why}`);
  const code = irisCodeFromBundle(pkg, verified.bundle, mask.mask);
  const usable = code.valid.reduce((n, v) => n + v, 0);
  if (usable < info.minBits) {
    return refuse('too-occluded', `too little iris is visible: ${usable} usable bits of ${code.bits.length}, package "${m.name}" needs at least ${info.minBits} to compare codes`);
  }
  const now = (request.now ?? new Date()).toISOString();
  const stored = { code: bitsToHex(Array.from(code.bits)), valid: bitsToHex(Array.from(code.valid)), bits: code.bits.length, bitsPerColumn: code.bitsPerColumn };

  // The same signed capture: a re-proof under the same package, or an upgrade to this one.
  const same = registry.entries.find((e) => e.capture === binding.capture);
  if (same && same.packageId === verified.packageId) {
    return refuse('already-enrolled', `already enrolled: entry ${same.id} was enrolled from this very capture with package "${m.name}" (distance 0)`, { distance: 0, entryId: same.id });
  }
  // Deduplication, for an upgrade as for a new enrolment: every other entry under this package.
  const others = registry.entries.filter((e) => e !== same);
  const unchecked: UncheckedEntry[] = [];
  for (const e of others) {
    if (e.packageId !== verified.packageId) {
      unchecked.push({ entryId: e.id, packageName: e.packageName, why: 'other-package' });
      continue;
    }
    let distance: number;
    try {
      distance = hammingDistance(code, entryCode(e), { maxShift: info.maxShift, minBits: info.minBits }).distance;
    } catch (err) {
      if (err instanceof ZkinferError && err.code === 'iris-too-occluded') {
        unchecked.push({ entryId: e.id, packageName: e.packageName, why: 'too-occluded' });
        continue;
      }
      throw err;
    }
    if (distance <= info.threshold) {
      const upgrade = same ? ` (the upgrade of entry ${same.id} from "${same.packageName}" was not made; it keeps its "${same.packageName}" code)` : '';
      return refuse('already-enrolled', `already enrolled: this code is ${distance.toFixed(3)} from entry ${e.id} (threshold ${info.threshold})${upgrade}`, { distance, entryId: e.id });
    }
  }
  const flags = { notCompared: unchecked.length, unchecked };

  if (same) {
    const entry: RegistryEntry = {
      ...same,
      ...stored,
      packageId: verified.packageId,
      packageName: m.name,
      signer: binding.signer,
      bundle: verified.bundle,
      upgrades: [...same.upgrades, { fromPackageId: same.packageId, fromPackageName: same.packageName, at: now }],
    };
    return {
      status: 'upgraded',
      registry: { ...registry, entries: registry.entries.map((e) => (e === same ? entry : e)) },
      entry,
      previous: { packageId: same.packageId, packageName: same.packageName },
      ...flags,
    };
  }
  const entry: RegistryEntry = {
    id: registry.entries.reduce((n, e) => Math.max(n, e.id), 0) + 1,
    packageId: verified.packageId,
    packageName: m.name,
    signer: binding.signer,
    capture: binding.capture,
    ...stored,
    enrolledAt: now,
    bundle: verified.bundle,
    upgrades: [],
  };
  return { status: 'enrolled', registry: { ...registry, entries: [...registry.entries, entry] }, entry, ...flags };
}
