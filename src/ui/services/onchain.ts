/**
 * The on-chain check in the page: find the package the bundle names (as Verify does), load its
 * compiled verifier contract (checked against the manifest), and run verifyProof in the EVM worker.
 * Nothing leaves the page: the demo packages are served by this origin, others come from this
 * device's cache or the URL the user loaded them from.
 */
import { ZkinferError } from '../../core/errors.js';
import { parseBundle } from '../../core/package/bundle.js';
import type { OnChainCheck } from '../../evm/package-verifier.js';
import { checkOnChainInWorker } from '../../client/workers/evm.js';
import { candidates } from './verify.js';

export type OnChainOutcome = OnChainCheck | { readonly ran: 'unknown-package'; readonly packageId: string };

/** A bundle or package the check cannot use; its message names what is wrong. */
export class OnChainInputError extends Error {
  override readonly name = 'OnChainInputError';
}

export async function checkBundleOnChain(text: string, signal?: AbortSignal): Promise<OnChainOutcome> {
  let packageId: string;
  try {
    packageId = parseBundle(text).packageId;
  } catch (e) {
    if (e instanceof ZkinferError) throw new OnChainInputError(e.message);
    throw e;
  }
  const chosen = (await candidates()).find((c) => c.id === packageId);
  const pkg = chosen && (await chosen.load({ withVerifier: true }));
  if (!pkg) return { ran: 'unknown-package', packageId };
  return checkOnChainInWorker(text, pkg.files, signal);
}
