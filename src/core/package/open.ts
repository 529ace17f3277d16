/**
 * Opening a package: read manifest.json, check that every file present matches its SHA-256, and
 * hand back what proving and verifying need. A mismatch is named (which file, which hash).
 */
import { fail } from '../errors.js';
import { sha256Hex } from '../hash.js';
import type { ModelFiles } from '../model/load.js';
import type { VerificationKey } from '../prover/snark-types.js';
import type { FileRef, Manifest } from './manifest.js';
import { validateManifest } from './manifest.js';

export interface OpenedPackage {
  readonly manifest: Manifest;
  readonly model: ModelFiles;
  readonly vkey: VerificationKey;
  /** Present when the package's proving key was provided (not needed to verify). */
  readonly zkey?: Uint8Array;
}

export type PackageFiles = ReadonlyMap<string, Uint8Array>;

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return fail('package', 'malformed-json', `${what} is not valid JSON (${(e as Error).message})`);
  }
}

async function checked(files: PackageFiles, ref: FileRef, required: boolean): Promise<Uint8Array | undefined> {
  const bytes = files.get(ref.path);
  if (!bytes) {
    if (required) fail('package', 'missing-file', `the package has no ${ref.path}`);
    return undefined;
  }
  const hash = await sha256Hex(bytes);
  if (hash !== ref.sha256) {
    fail('package', 'hash-mismatch', `${ref.path} does not match the manifest (sha256 ${hash.slice(0, 12)}…, expected ${ref.sha256.slice(0, 12)}…): the file is corrupt or from another package`);
  }
  return bytes;
}

export async function openPackage(files: PackageFiles, options: { needZkey?: boolean; needModel?: boolean } = {}): Promise<OpenedPackage> {
  const raw = files.get('manifest.json');
  if (!raw) fail('package', 'missing-file', 'the package has no manifest.json');
  const manifest = validateManifest(parseJson(raw, 'manifest.json'));
  const needModel = options.needModel ?? true;
  const modelJson = await checked(files, manifest.files.model, needModel);
  const weights = new Map<string, Uint8Array>();
  for (const w of manifest.files.weights) {
    const bytes = await checked(files, w, needModel);
    if (bytes) weights.set(w.path, bytes);
  }
  const vkey = parseJson((await checked(files, manifest.files.vkey, true))!, 'verification_key.json') as VerificationKey;
  const zkey = await checked(files, manifest.files.zkey, options.needZkey ?? false);
  return { manifest, model: { modelJson: modelJson ?? new Uint8Array(), weights }, vkey, ...(zkey ? { zkey } : {}) };
}
