/**
 * An entry of a package index (the app's `packages/index.json`): where a package is and the id it
 * must have. The loader checks the id of what it fetched against the entry, so a swapped folder is
 * caught before anything is shown.
 */
export interface PackageIndexEntry {
  readonly name: string;
  /** Folder of the package, relative to the index (ends with "/"). */
  readonly path: string;
  readonly packageId: string;
}

export interface PackageIndex {
  readonly packages: readonly PackageIndexEntry[];
}
