/** The app's EVM worker (the on-chain verifier run in the page); started on first use. */
import type { OnChainCheck } from '../../evm/package-verifier.js';
import type { EvmApi } from '../../../workers/evm.worker.js';
import { WorkerBridge } from './bridge.js';

const bridge = new WorkerBridge<EvmApi>(() => new Worker(new URL('../../../workers/evm.worker.ts', import.meta.url), { type: 'module', name: 'zkinfer-evm' }));

export function checkOnChainInWorker(bundleText: string, files: Map<string, Uint8Array>, signal?: AbortSignal): Promise<OnChainCheck> {
  // comlink's Remote<> does not keep a union's variants apart; the worker returns an OnChainCheck.
  return bridge.run(async (api) => (await api.check(bundleText, files)) as OnChainCheck, signal);
}
