/**
 * Opening a package: read manifest.json, check that every file present matches its SHA-256, and
 * hand back what proving and verifying need, with the package id. This is the only place package
 * file hashes are checked. A mismatch is named (which file, which hash).
 */
import { fail } from '../errors.js';
import { sha256Hex } from '../hash.js';
import type { ModelFile } from '../model/source.js';
import type { VerificationKey } from '../prover/snark-types.js';
import type { FileRef, Manifest } from './manifest.js';
import type { CalibratedRanges } from '../quant/calibrate.js';
import { readCalibration } from '../formats/calibration.js';
import { packageId, validateManifest } from './manifest.js';

export interface OpenedPackage {
  readonly manifest: Manifest;
  /** SHA-256 of the canonical manifest: what bundles name. */
  readonly id: string;
  /** The model's files, entry first (empty when the model was not needed). */
  readonly model: readonly ModelFile[];
  readonly vkey: VerificationKey;
  /** Present when the package's proving key was provided (not needed to verify). */
  readonly zkey?: Uint8Array;
  /** A calibrated package's ranges, read with the model (they are part of the circuit). */
  readonly calibration?: CalibratedRanges;
}

export type PackageFiles = ReadonlyMap<string, Uint8Array>;

export function parseJsonBytes(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return fail('package', 'malformed-json', `${what} is not valid JSON (${(e as Error).message.slice(0, 120)})`);
  }
}

/** Throws unless the bytes are the file the manifest lists. The only package file-hash check there is. */
export async function checkFile(ref: FileRef, bytes: Uint8Array): Promise<void> {
  const hash = await sha256Hex(bytes);
  if (hash !== ref.sha256) {
    fail('package', 'hash-mismatch', `${ref.path} does not match the manifest (sha256 ${hash.slice(0, 12)}…, expected ${ref.sha256.slice(0, 12)}…): the file is corrupt or from another package`);
  }
}

async function checked(files: PackageFiles, ref: FileRef, required: boolean): Promise<Uint8Array | undefined> {
  const bytes = files.get(ref.path);
  if (!bytes) {
    if (required) fail('package', 'missing-file', `the package has no ${ref.path}`);
    return undefined;
  }
  await checkFile(ref, bytes);
  return bytes;
}

/** What a caller of openPackage needs: the model (default yes) and the proving key (default no). */
export interface OpenNeeds {
  readonly needZkey?: boolean;
  readonly needModel?: boolean;
}

/**
 * The files openPackage reads with these needs, and no others: what to send to a worker that opens
 * the package so. A structured clone copies every byte it is given; for the 18M-parameter row the
 * whole package is 192 MiB, of which a verifier needs the manifest and the verification key
 * (docs/browser-perf.md § 7.2). Files the manifest does not list are never sent.
 */
export function filesNeeded(manifest: Manifest, files: PackageFiles, needs: OpenNeeds = {}): Map<string, Uint8Array> {
  const refs: FileRef[] = [manifest.files.vkey];
  if (needs.needModel ?? true) {
    refs.push(...manifest.files.model);
    if (manifest.calibration) refs.push(manifest.calibration.file);
  }
  if (needs.needZkey) refs.push(manifest.files.zkey);
  const out = new Map<string, Uint8Array>();
  const manifestBytes = files.get('manifest.json');
  if (manifestBytes) out.set('manifest.json', manifestBytes);
  for (const ref of refs) {
    const bytes = files.get(ref.path);
    if (bytes) out.set(ref.path, bytes);
  }
  return out;
}

export async function openPackage(files: PackageFiles, options: OpenNeeds = {}): Promise<OpenedPackage> {
  const raw = files.get('manifest.json');
  if (!raw) fail('package', 'missing-file', 'the package has no manifest.json');
  const manifest = validateManifest(parseJsonBytes(raw, 'manifest.json'));
  const needModel = options.needModel ?? true;
  const model: ModelFile[] = [];
  let calibration: CalibratedRanges | undefined;
  if (needModel) {
    for (const ref of manifest.files.model) model.push({ path: ref.path, bytes: (await checked(files, ref, true))! });
    if (manifest.calibration) calibration = readCalibration((await checked(files, manifest.calibration.file, true))!);
  }
  const vkey = parseJsonBytes((await checked(files, manifest.files.vkey, true))!, 'verification_key.json') as VerificationKey;
  const zkey = await checked(files, manifest.files.zkey, options.needZkey ?? false);
  // The optional contract files are checked when present, so that nothing read from a package goes unchecked.
  for (const ref of [manifest.files.verifier, manifest.files.verifierBytecode]) if (ref) await checked(files, ref, false);
  return { manifest, id: await packageId(manifest), model, vkey, ...(zkey ? { zkey } : {}), ...(calibration ? { calibration } : {}) };
}
