/**
 * A package as one .zip (the app's "Download package"): the files exactly as `zkinfer publish`
 * writes them into its --out folder, under one top folder named after the package, so unzipping
 * gives a package folder that `zkinfer verify/prove` and the app's "Package folder" picker open.
 * The proving key is stored uncompressed: its curve points are random bytes that deflate cannot
 * shrink, and storing them keeps zipping a 100 MB key to a copy and a CRC.
 */
import { unzipSync, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { fail } from '../errors.js';

/** A folder name from a package name: letters, digits, dot, dash and underscore only. */
export function packageFolderName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'package';
}

export function writePackageZip(name: string, files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const folder = packageFolderName(name);
  const entries: Zippable = {};
  for (const [path, bytes] of files) entries[`${folder}/${path}`] = [bytes, { level: path.endsWith('.zkey') ? 0 : 6 }];
  // A fixed date: the same package gives the same zip.
  return zipSync(entries, { mtime: new Date('2026-01-01T00:00:00Z') });
}

/** The files of a package zip by their path inside the package folder (the top folder dropped). */
export function readPackageZip(zip: Uint8Array): Map<string, Uint8Array> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (e) {
    return fail('package', 'bad-zip', `the package zip cannot be read (${(e as Error).message})`);
  }
  const paths = Object.keys(entries).filter((p) => !p.endsWith('/'));
  // One top folder for every file (as writePackageZip makes it) is dropped; files at the root stay.
  const top = paths[0]?.includes('/') ? paths[0].slice(0, paths[0].indexOf('/') + 1) : undefined;
  const strip = top !== undefined && paths.every((p) => p.startsWith(top)) ? top.length : 0;
  return new Map(paths.map((p) => [p.slice(strip), entries[p]!]));
}
