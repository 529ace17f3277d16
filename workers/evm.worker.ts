/**
 * The EVM worker: runs a package's compiled Solidity verifier on a proof bundle in an in-page EVM
 * (@ethereumjs/evm, pure JavaScript). A worker of its own, started only when the user asks for the
 * on-chain check, so neither the app's main bundle nor the verifier worker carries the EVM.
 */
import { expose } from 'comlink';
import type { OnChainCheck } from '../src/evm/package-verifier.js';
import { checkOnChain } from '../src/evm/package-verifier.js';

const api = {
  /** `files` needs manifest.json and the compiled verifier the manifest lists (verifier.evm.json). */
  check(bundleText: string, files: Map<string, Uint8Array>): Promise<OnChainCheck> {
    return checkOnChain(bundleText, files);
  },
};

export type EvmApi = typeof api;
expose(api);
