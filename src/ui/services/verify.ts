/**
 * Verifying a bundle: parse it, find the package it names (by package id) among the packages this
 * device knows — the demos and every package the user loaded — and check it in the verifier worker.
 * A bundle for a package this device does not know is "can't check yet", not "invalid".
 * A signature-bound proof is valid only when its signer is in this device's trusted-signer list
 * (client/trusted-signers.ts), read at each check.
 */
import { ZkinferError } from '../../core/errors.js';
import type { ProofBundle } from '../../core/package/bundle.js';
import { MAX_BUNDLE_BYTES, parseBundle } from '../../core/package/bundle.js';
import type { VerifiedFacts, VerifyFailure } from '../../core/package/verify.js';
import { verifyInWorker } from '../../client/workers/verifier.js';
import { listTrustedSigners } from '../../client/trusted-signers.js';
import type { LoadedPackage, PackageSource } from '../../client/packages.js';
import { demoIndex, demoUrl, loadFromUrl, loadRemembered, rememberedPackages } from '../../client/packages.js';

export type VerifyOutcome =
  | (VerifiedFacts & { readonly source: PackageSource })
  /** `signer`: with untrusted-signer, the fingerprint of the key that signed the input (the proof itself checks). */
  | { readonly valid: false; readonly code: VerifyFailure; readonly title: string; readonly reason: string; readonly signer?: string }
  /** The bundle is well-formed but names a package this device has not loaded. */
  | { readonly valid: 'unknown-package'; readonly packageId: string };

export const FAILURE_TITLES: Record<VerifyFailure, string> = {
  'malformed-bundle': 'Malformed bundle',
  'old-bundle': 'Bundle of an older version',
  'other-package': 'Another package',
  'bad-signals': 'Tampered signals',
  'challenge-mismatch': 'Not your challenge',
  'bad-proof': 'Tampered signals or proof',
  'development-key': 'Development key refused',
  'untrusted-signer': 'Untrusted data source',
};

const invalid = (code: VerifyFailure, reason: string, signer?: string): VerifyOutcome => ({
  valid: false,
  code,
  title: FAILURE_TITLES[code],
  reason,
  ...(signer !== undefined ? { signer } : {}),
});

export interface Candidate {
  readonly id: string;
  readonly source: PackageSource;
  /** Manifest and verification key; `withVerifier`: the compiled verifier contract too, if the package has one. */
  readonly load: (o?: { withVerifier?: boolean }) => Promise<LoadedPackage | undefined>;
}

/** The packages this device can verify against: remembered ones, then the demos. */
export async function candidates(): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const known of await rememberedPackages()) {
    const fromUrl = known.source.kind === 'files' ? undefined : known.source.url;
    out.push({
      id: known.id,
      source: known.source,
      load: async (o = {}) => (await loadRemembered(known, o)) ?? (fromUrl ? loadFromUrl(fromUrl, known.source, { ...o, withKey: false, expectedId: known.id }) : undefined),
    });
  }
  try {
    for (const e of await demoIndex()) {
      const source: PackageSource = { kind: 'demo', url: demoUrl(e) };
      out.push({ id: e.packageId, source, load: (o = {}) => loadFromUrl(demoUrl(e), source, { ...o, withKey: false, expectedId: e.packageId }) });
    }
  } catch {
    // Without the demo index only remembered packages are candidates.
  }
  return out;
}

/**
 * A file too large to be a bundle is judged by its size, before a byte of it is read: reading 50 MB
 * into the page (and its text box) froze the tab for minutes (issue 15, item 3).
 */
export function oversizedFile(file: { readonly name: string; readonly size: number }): VerifyOutcome | undefined {
  if (file.size <= MAX_BUNDLE_BYTES) return undefined;
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
  return invalid('malformed-bundle', `${file.name} is ${mib(file.size)} MiB; a proof bundle is a few kilobytes (at most ${mib(MAX_BUNDLE_BYTES)} MiB), so it is not a bundle. It was not read.`);
}

export async function verifyBundleText(text: string, challenge?: string, signal?: AbortSignal): Promise<VerifyOutcome> {
  let bundle: ProofBundle;
  try {
    bundle = parseBundle(text);
  } catch (e) {
    if (e instanceof ZkinferError) return invalid(e.code === 'old-bundle' ? 'old-bundle' : 'malformed-bundle', e.message);
    throw e;
  }
  const chosen = (await candidates()).find((c) => c.id === bundle.packageId);
  if (!chosen) return { valid: 'unknown-package', packageId: bundle.packageId };
  const pkg = await chosen.load();
  if (!pkg) return { valid: 'unknown-package', packageId: bundle.packageId };
  const trustedSigners = (await listTrustedSigners()).map((s) => s.fingerprint);
  const result = await verifyInWorker(text, pkg, { ...(challenge ? { challenge } : {}), trustedSigners }, signal);
  if (result.valid) return { ...result, source: chosen.source };
  return invalid(result.code, result.reason, result.signer);
}
