/**
 * Finding and loading model packages: the bundled demos (public/packages/index.json), a package
 * URL, or a folder of files from the user's disk. Every file is checked against the manifest's
 * sha256 and cached in IndexedDB under it, so the proving key is downloaded once per device.
 */
import type { PackageIndex, PackageIndexEntry } from '../core/package/index-entry.js';
import type { FileRef, Manifest } from '../core/package/manifest.js';
import { packageId, validateManifest } from '../core/package/manifest.js';
import { checkFile } from '../core/package/open.js';
import { keepForOffline } from './offline-cache.js';
import { getFile, getJson, keysWithPrefix, putFile, setJson } from './store.js';

export type PackageSource = { readonly kind: 'demo'; readonly url: string } | { readonly kind: 'url'; readonly url: string } | { readonly kind: 'files' };

export interface Sample {
  readonly name: string;
  readonly diagnosis?: string;
  readonly label?: string;
  readonly values: readonly number[];
}

/** A package with every file in memory, ready for the prover worker. */
export interface LoadedPackage {
  /** The package id (SHA-256 of the canonical manifest): what bundles name. */
  readonly id: string;
  readonly manifest: Manifest;
  readonly files: Map<string, Uint8Array>;
  readonly source: PackageSource;
  /** The proving key came from this device's cache (no download). */
  readonly keyCached: boolean;
  readonly samples: readonly Sample[];
}

/** What the app knows about a package without loading its files. */
export interface KnownPackage {
  readonly id: string;
  readonly manifest: Manifest;
  readonly source: PackageSource;
}

export class PackageError extends Error {
  override readonly name = 'PackageError';
}

export type IndexEntry = PackageIndexEntry;

const baseUrl = () => new URL(import.meta.env.BASE_URL, location.href);

/** The package index of the demos built by scripts/prepare-demos.ts. */
export async function demoIndex(): Promise<IndexEntry[]> {
  const url = new URL('packages/index.json', baseUrl());
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw new PackageError(`the demo package index could not be downloaded from ${url.href}: ${UNREACHABLE}`);
  }
  if (!res.ok) throw new PackageError(`the demo package index could not be loaded (HTTP ${res.status}); run \`npm start\` to build it`);
  keepForOffline(url, res);
  return [...((await res.json()) as PackageIndex).packages];
}

export const demoUrl = (e: IndexEntry): string => new URL(e.path, baseUrl()).href;

function parseManifest(bytes: Uint8Array): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new PackageError(`manifest.json is not valid JSON (${(e as Error).message})`);
  }
  try {
    return validateManifest(raw);
  } catch (e) {
    throw new PackageError((e as Error).message);
  }
}

/** Why a fetch that threw failed: the browser does not tell a dead host from a CORS refusal. */
const UNREACHABLE = 'the host could not be reached or does not allow this page to read it (network or CORS)';

/** `keep`: a small file the app fetches each time (not by hash), kept for offline use. */
async function fetchBytes(url: URL, what: string, keep = false): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw new PackageError(`${what} could not be downloaded from ${url.href}: ${UNREACHABLE}`);
  }
  if (!res.ok) throw new PackageError(`${what} could not be downloaded from ${url.href} (HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''})`);
  if (keep) keepForOffline(url, res);
  return new Uint8Array(await res.arrayBuffer());
}

/** A package URL the app can fetch: absolute or relative to the page, http(s) only. */
export function packageBaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url, location.href);
  } catch {
    throw new PackageError(`"${url}" is not a URL: give the address of a package folder, e.g. https://example.org/packages/my-model/`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new PackageError(`"${url}" uses ${parsed.protocol}: only http(s) package URLs are supported`);
  }
  return new URL(parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`);
}

/** The manifest at a URL, with a web page served instead (a mistyped path on a site) named as such. */
function parseManifestAt(bytes: Uint8Array, url: URL): Manifest {
  if (/^\s*</.test(new TextDecoder().decode(bytes.subarray(0, 64)))) {
    throw new PackageError(`manifest.json is not valid JSON: ${url.href} is a web page (HTML), not a package manifest; check that the URL points at a package folder`);
  }
  return parseManifest(bytes);
}

function fileRefs(m: Manifest): FileRef[] {
  const f = m.files;
  return [...modelRefs(m), f.vkey, f.zkey];
}

/** What recompiling the circuit needs: the model's files and, for a calibrated package, its ranges. */
function modelRefs(m: Manifest): FileRef[] {
  return m.calibration ? [...m.files.model, m.calibration.file] : [...m.files.model];
}

/** Core checks the bytes against the manifest (the one place that does); a mismatch becomes a PackageError. */
async function checked(ref: FileRef, bytes: Uint8Array, where: string): Promise<void> {
  try {
    await checkFile(ref, bytes);
  } catch (e) {
    throw new PackageError(`${(e as Error).message} (from ${where})`);
  }
}

/** Keeps the manifest bytes (under their sha256, the package id) and where the package came from. */
async function remember(id: string, manifestBytes: Uint8Array, manifest: Manifest, source: PackageSource): Promise<void> {
  await putFile(id, manifestBytes);
  const known: KnownPackage = { id, manifest, source };
  await setJson(`package:${id}`, known);
}

/** Packages the user loaded on this device before (demos are listed from the index instead). */
export async function rememberedPackages(): Promise<KnownPackage[]> {
  const ks = await keysWithPrefix('package:');
  const all = await Promise.all(ks.map((k) => getJson<KnownPackage>(k)));
  return all.filter((p): p is KnownPackage => p !== undefined);
}

export interface LoadOptions {
  /** Without it only manifest and verification key are loaded (enough to verify). */
  readonly withKey?: boolean;
  /** With `withKey: false`, load the model files too (enough to compile the circuit, e.g. to describe it). */
  readonly withModel?: boolean;
  readonly onStatus?: (message: string) => void;
  /** The package id an index promised: anything else at that URL is refused. */
  readonly expectedId?: string;
  /** Also the compiled verifier contract (files.verifierBytecode), when the manifest lists one. */
  readonly withVerifier?: boolean;
}

/** The compiled verifier's ref when it is wanted and the manifest lists it (older packages do not). */
const verifierRef = (m: Manifest, o: LoadOptions): FileRef[] => (o.withVerifier && m.files.verifierBytecode ? [m.files.verifierBytecode] : []);

/** Loads a package from a base URL (ending in "/"); cached files are not downloaded again. */
export async function loadFromUrl(url: string, source: PackageSource, o: LoadOptions = {}): Promise<LoadedPackage> {
  const base = packageBaseUrl(url);
  o.onStatus?.('downloading manifest.json');
  const manifestUrl = new URL('manifest.json', base);
  const manifestBytes = await fetchBytes(manifestUrl, 'manifest.json', true);
  const manifest = parseManifestAt(manifestBytes, manifestUrl);
  const id = await packageId(manifest);
  if (o.expectedId !== undefined && id !== o.expectedId) {
    throw new PackageError(`the package at ${base.href} has id ${id.slice(0, 12)}…, not the ${o.expectedId.slice(0, 12)}… its index lists: it was replaced or rebuilt; reload the page`);
  }
  const files = new Map<string, Uint8Array>([['manifest.json', manifestBytes]]);
  let keyCached = false;
  const wanted = [...(o.withKey === false ? [...(o.withModel ? modelRefs(manifest) : []), manifest.files.vkey] : fileRefs(manifest)), ...verifierRef(manifest, o)];
  for (const ref of wanted) {
    const cached = await getFile(ref.sha256);
    if (cached) {
      if (ref === manifest.files.zkey) keyCached = true;
      files.set(ref.path, cached);
      continue;
    }
    o.onStatus?.(`downloading ${ref.path}${ref.bytes > 1e5 ? ` (${(ref.bytes / 1e6).toFixed(1)} MB)` : ''}`);
    const bytes = await fetchBytes(new URL(ref.path, base), ref.path);
    await checked(ref, bytes, base.href);
    await putFile(ref.sha256, bytes);
    files.set(ref.path, bytes);
  }
  const samples = o.withKey !== false ? await fetchSamples(base, manifest.input.features.length) : [];
  await remember(id, manifestBytes, manifest, source);
  return { id, manifest, files, source, keyCached, samples };
}

/** Optional example inputs published beside a package (samples.json); anything malformed is ignored. */
export async function fetchSamples(base: URL, size: number): Promise<Sample[]> {
  try {
    const url = new URL('samples.json', base);
    const res = await fetch(url);
    if (!res.ok) return [];
    keepForOffline(url, res);
    const raw = (await res.json()) as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (x): x is Sample =>
        typeof x === 'object' && x !== null && typeof x.name === 'string' && Array.isArray(x.values) && x.values.length === size && x.values.every(Number.isFinite),
    );
  } catch {
    return [];
  }
}

/** Loads a package from files the user picked or dropped (a package folder, any depth). */
export async function loadFromFiles(picked: readonly File[], o: LoadOptions = {}): Promise<LoadedPackage> {
  const byName = new Map<string, File>();
  // Folders arrive with relative paths ("pkg/manifest.json"); package paths are relative to the manifest.
  const manifestFile = picked.find((f) => f.name === 'manifest.json');
  if (!manifestFile) {
    const names = picked.map((f) => f.name).slice(0, 5).join(', ');
    throw new PackageError(`no manifest.json among the files you chose (${names || 'none'}): pick a zkinfer package folder, as \`zkinfer publish\` writes it`);
  }
  for (const f of picked) byName.set(f.name, f);
  const manifestBytes = new Uint8Array(await manifestFile.arrayBuffer());
  const manifest = parseManifest(manifestBytes);
  const id = await packageId(manifest);
  const files = new Map<string, Uint8Array>([['manifest.json', manifestBytes]]);
  let keyCached = false;
  const wanted = o.withKey === false ? [manifest.files.vkey] : fileRefs(manifest);
  for (const ref of wanted) {
    const file = byName.get(ref.path) ?? byName.get(ref.path.split('/').pop()!);
    const cached = file ? undefined : await getFile(ref.sha256);
    if (!file && !cached) throw new PackageError(`the package folder has no ${ref.path} (the manifest lists it)`);
    const bytes = cached ?? new Uint8Array(await file!.arrayBuffer());
    if (cached && ref === manifest.files.zkey) keyCached = true;
    if (!cached) {
      await checked(ref, bytes, 'the folder you chose');
      await putFile(ref.sha256, bytes);
    }
    files.set(ref.path, bytes);
  }
  // The compiled verifier is optional: kept (checked) when the folder has it, so Verify can run the contract later.
  const evm = manifest.files.verifierBytecode;
  const evmFile = evm && (byName.get(evm.path) ?? byName.get(evm.path.split('/').pop()!));
  if (evm && evmFile) {
    const bytes = new Uint8Array(await evmFile.arrayBuffer());
    await checked(evm, bytes, 'the folder you chose');
    await putFile(evm.sha256, bytes);
    files.set(evm.path, bytes);
  }
  await remember(id, manifestBytes, manifest, { kind: 'files' });
  return { id, manifest, files, source: { kind: 'files' }, keyCached, samples: [] };
}

/**
 * A remembered package, rebuilt from this device's file cache (for verifying without network).
 * Undefined when a file is not cached — with `withVerifier`, also the compiled verifier of a
 * package that came from a URL (the caller downloads it from there); a package from files has
 * only what its folder held.
 */
export async function loadRemembered(known: KnownPackage, o: Pick<LoadOptions, 'withVerifier'> = {}): Promise<LoadedPackage | undefined> {
  const m = known.manifest;
  const [manifestBytes, vkey] = await Promise.all([getFile(known.id), getFile(m.files.vkey.sha256)]);
  if (!manifestBytes || !vkey) return undefined;
  const files = new Map([['manifest.json', manifestBytes], [m.files.vkey.path, vkey]]);
  for (const ref of verifierRef(m, o)) {
    const cached = await getFile(ref.sha256);
    if (cached) files.set(ref.path, cached);
    else if (known.source.kind !== 'files') return undefined;
  }
  return { id: known.id, manifest: m, files, source: known.source, keyCached: false, samples: [] };
}

/** A remembered package's manifest, model files and verification key from this device's cache, or undefined if any is missing. */
export async function cachedModelFiles(known: KnownPackage): Promise<Map<string, Uint8Array> | undefined> {
  const m = known.manifest;
  const refs = [...modelRefs(m), m.files.vkey];
  const [manifestBytes, ...rest] = await Promise.all([getFile(known.id), ...refs.map((r) => getFile(r.sha256))]);
  if (!manifestBytes || rest.some((b) => !b)) return undefined;
  return new Map([['manifest.json', manifestBytes], ...refs.map((r, i): [string, Uint8Array] => [r.path, rest[i]!])]);
}
