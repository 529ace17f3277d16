/** SHA-256 through WebCrypto, present in Node ≥ 20, browsers and workers alike. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  // The DOM typing wants an ArrayBuffer-backed view; our bytes always are.
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Identity of a tfjs model: the hash of model.json followed by its weight files' hashes, in order. */
export async function modelHash(modelJson: Uint8Array, weights: readonly Uint8Array[]): Promise<string> {
  const parts = [await sha256Hex(modelJson), ...(await Promise.all(weights.map((w) => sha256Hex(w))))];
  return sha256Hex(parts.join('\n'));
}
