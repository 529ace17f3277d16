/**
 * The trusted-signer list (client/trusted-signers.ts) as React state, shared by every component
 * that shows it (Verify, the proof result), so a change in one shows everywhere at once.
 */
import { useEffect, useState } from 'react';
import type { TrustedSigner } from '../../client/trusted-signers.js';
import { listTrustedSigners, trustSigner, untrustSigner } from '../../client/trusted-signers.js';

let cached: readonly TrustedSigner[] | undefined;
const listeners = new Set<(l: readonly TrustedSigner[]) => void>();

function publish(list: readonly TrustedSigner[]): readonly TrustedSigner[] {
  cached = list;
  for (const f of listeners) f(list);
  return list;
}

/** The list as stored now (read once per page load, then kept in step by trust/untrust). */
export async function currentTrustedSigners(): Promise<readonly TrustedSigner[]> {
  return cached ?? publish(await listTrustedSigners());
}

export const trust = async (fingerprint: string, name: string) => publish(await trustSigner(fingerprint, name));
export const untrust = async (fingerprint: string) => publish(await untrustSigner(fingerprint));

export function useTrustedSigners(): { readonly signers: readonly TrustedSigner[]; readonly loaded: boolean } {
  const [signers, setSigners] = useState<readonly TrustedSigner[] | undefined>(cached);
  useEffect(() => {
    listeners.add(setSigners);
    if (!cached) void currentTrustedSigners();
    return () => {
      listeners.delete(setSigners);
    };
  }, []);
  return { signers: signers ?? [], loaded: signers !== undefined };
}
