/** The CLI's only file I/O: package directories and JSON files in and out as bytes. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { LoadedModel, PackageFiles } from '../core/index.js';
import { loadModelFiles } from '../core/index.js';

export class UsageError extends Error {}

export function readBytes(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new UsageError(`${what} not found: ${path}`);
  if (statSync(path).isDirectory()) throw new UsageError(`${what} is a directory, expected a file: ${path}`);
  return new Uint8Array(readFileSync(path));
}

export function readJson(path: string, what: string): unknown {
  const text = new TextDecoder().decode(readBytes(path, what));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} is not valid JSON: ${path} (${(e as Error).message})`);
  }
}

/**
 * Loads a model from its entry file (model.json, …) and the files beside it that it names. The
 * format is detected from the content; the package stores the files under their relative paths.
 */
export async function readModel(entryPath: string, name: string): Promise<LoadedModel> {
  const entry = readBytes(entryPath, 'model file');
  const dir = dirname(resolve(entryPath));
  const lookup = (rel: string) => {
    const path = join(dir, rel);
    return existsSync(path) && statSync(path).isFile() ? new Uint8Array(readFileSync(path)) : undefined;
  };
  return loadModelFiles(basename(entryPath), entry, lookup, name);
}

export function readPackageDir(dir: string): PackageFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`package directory not found: ${dir}`);
  if (!existsSync(join(dir, 'manifest.json'))) throw new UsageError(`${dir} is not a model package: it has no manifest.json`);
  const files = new Map<string, Uint8Array>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, new Uint8Array(readFileSync(path)));
  }
  return files;
}

export function writePackageDir(dir: string, files: ReadonlyMap<string, Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
}

export function writeText(path: string, text: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, text);
}

export function writeBinary(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, bytes);
}
