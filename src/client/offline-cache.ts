/**
 * Keeping a package's small files for offline use. The service worker (vite.config.ts) caches
 * package files it sees fetched, but on a first visit the page fetches the demo index and the
 * package before the service worker controls it; those responses are put into the same cache here,
 * so a single visit is enough to use that package offline. Large files (keys, weights) are not
 * needed: they are kept in IndexedDB under their hash (store.ts).
 */
export const PACKAGE_CACHE = 'zkinfer-packages';

/** Puts a copy of a same-origin response into the package cache; failures only lose the offline copy. */
export function keepForOffline(url: URL, res: Response): void {
  if (typeof caches === 'undefined' || typeof location === 'undefined' || url.origin !== location.origin || !res.ok) return;
  const copy = res.clone();
  void caches
    .open(PACKAGE_CACHE)
    .then((c) => c.put(url.href, copy))
    .catch(() => {});
}
