/**
 * Verifying a bundle: parse it, find the package it names among the packages this device knows
 * (the demos and every package the user loaded) by its hashes, and check it in the verifier worker.
 */
import { ZkinferError } from '../../core/errors.js';
import type { ProofBundle } from '../../core/package/bundle.js';
import { parseBundle } from '../../core/package/bundle.js';
import type { VerifyFailure } from '../../core/package/verify.js';
import { verifyInWorker } from '../../client/workers/verifier.js';
import type { LoadedPackage } from '../../client/packages.js';
import { demoIndex, demoUrl, loadFromUrl, loadRemembered, rememberedPackages } from '../../client/packages.js';

export type VerifyOutcome =
  | { readonly valid: true; readonly bundle: ProofBundle; readonly packageName: string }
  | { readonly valid: false; readonly code: VerifyFailure; readonly title: string; readonly reason: string };

export const FAILURE_TITLES: Record<VerifyFailure, string> = {
  'malformed-bundle': 'Malformed bundle',
  'unknown-model': 'Unknown model',
  'key-mismatch': 'Key mismatch',
  'identity-mismatch': 'Tampered model identity',
  'output-mismatch': 'Tampered signals',
  'bad-proof': 'Tampered signals or proof',
};

const invalid = (code: VerifyFailure, reason: string): VerifyOutcome => ({ valid: false, code, title: FAILURE_TITLES[code], reason });

interface Candidate {
  readonly modelHash: string;
  readonly vkeySha256: string;
  readonly zkeySha256: string;
  readonly load: () => Promise<LoadedPackage | undefined>;
}

async function candidates(): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const known of await rememberedPackages()) {
    const f = known.manifest.files;
    const fromUrl = known.source.kind === 'files' ? undefined : known.source.url;
    out.push({
      modelHash: known.manifest.modelHash,
      vkeySha256: f.vkey.sha256,
      zkeySha256: f.zkey.sha256,
      load: async () => (await loadRemembered(known)) ?? (fromUrl ? loadFromUrl(fromUrl, known.source, { withKey: false }) : undefined),
    });
  }
  try {
    for (const e of await demoIndex()) {
      out.push({ ...e, load: () => loadFromUrl(demoUrl(e), { kind: 'demo', url: demoUrl(e) }, { withKey: false }) });
    }
  } catch {
    // Without the demo index only remembered packages are candidates.
  }
  return out;
}

export async function verifyBundleText(text: string, signal?: AbortSignal): Promise<VerifyOutcome> {
  let bundle: ProofBundle;
  try {
    bundle = parseBundle(text);
  } catch (e) {
    if (e instanceof ZkinferError) return invalid('malformed-bundle', e.message);
    throw e;
  }
  const all = await candidates();
  const sameModel = all.filter((c) => c.modelHash === bundle.model.modelHash);
  const exact = sameModel.find((c) => c.vkeySha256 === bundle.model.vkeySha256 && c.zkeySha256 === bundle.model.zkeySha256);
  const chosen = exact ?? sameModel[0];
  if (!chosen) {
    return invalid(
      'unknown-model',
      `no package on this device has the model this bundle names ("${bundle.model.name}", sha256 ${bundle.model.modelHash.slice(0, 12)}…). Load its package to verify it.`,
    );
  }
  const pkg = await chosen.load();
  if (!pkg) return invalid('unknown-model', `the package of "${bundle.model.name}" is no longer cached on this device: load it again`);
  const result = await verifyInWorker(text, pkg.files, signal);
  if (result.valid) return { valid: true, bundle: result.bundle, packageName: pkg.manifest.name };
  return invalid(result.code, result.reason);
}
