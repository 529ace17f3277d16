/** SHA-256 through WebCrypto, present in Node ≥ 20, browsers and workers alike. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  // The DOM typing wants an ArrayBuffer-backed view; our bytes always are.
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Identity of a model: the hash of its entry file followed by its other files' hashes, in order. */
export async function modelHash(modelJson: Uint8Array, weights: readonly Uint8Array[]): Promise<string> {
  const parts = [await sha256Hex(modelJson), ...(await Promise.all(weights.map((w) => sha256Hex(w))))];
  return sha256Hex(parts.join('\n'));
}

/**
 * Canonical JSON: object keys sorted, no whitespace, undefined members dropped. Two manifests that
 * differ only in formatting or key order get the same package id.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('canonical JSON has no NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
