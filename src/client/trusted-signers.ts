/**
 * The verifier's trusted data sources (docs/PROVENANCE.md "Verifying"), kept on this device in
 * IndexedDB under `signers:trusted`: a signature-bound proof is accepted only when its signer's
 * fingerprint is in this list. Names are this device's own labels; the fingerprint is what counts.
 */
import { getJson, setJson } from './store.js';

export interface TrustedSigner {
  /** Poseidon(A.x, A.y) in decimal: the proof's `signer` signal. */
  readonly fingerprint: string;
  readonly name: string;
  readonly addedAt: string;
}

const KEY = 'signers:trusted';

export async function listTrustedSigners(): Promise<TrustedSigner[]> {
  return (await getJson<TrustedSigner[]>(KEY)) ?? [];
}

/** Adds a signer, or renames it when its fingerprint is already trusted. */
export async function trustSigner(fingerprint: string, name: string): Promise<TrustedSigner[]> {
  const now = await listTrustedSigners();
  const have = now.find((s) => s.fingerprint === fingerprint);
  const next = have
    ? now.map((s) => (s.fingerprint === fingerprint ? { ...s, name } : s))
    : [...now, { fingerprint, name, addedAt: new Date().toISOString() }];
  await setJson(KEY, next);
  return next;
}

export async function untrustSigner(fingerprint: string): Promise<TrustedSigner[]> {
  const next = (await listTrustedSigners()).filter((s) => s.fingerprint !== fingerprint);
  await setJson(KEY, next);
  return next;
}
