/**
 * A local, in-process EVM (ethereumjs, pure JavaScript: the BN254 precompiles are @noble/curves)
 * to deploy compiled contracts and call them. No network, no node, no Node APIs: runs in Node,
 * browsers and workers alike.
 *
 * Gas: `gasUsed` is what the call itself executes (EVM execution, as `eth_estimateGas` reports it
 * minus the transaction's intrinsic part). `transactionGas` adds the intrinsic cost a real
 * transaction carrying this call data would pay (21,000 + calldata, with the EIP-7623 floor).
 */
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import type { EVM } from '@ethereumjs/evm';
import { createEVM } from '@ethereumjs/evm';
import { Address, createAddressFromString } from '@ethereumjs/util';
import { toHex } from './abi.js';

/** The hardfork the local chain runs (gas schedule included); the Solidity compiler targets the same. */
export const HARDFORK = Hardfork.Prague;
export const EVM_VERSION = 'prague';

const DEFAULT_GAS_LIMIT = 30_000_000n;
/** runCall's default caller and origin. */
const ZERO_ADDRESS = '0x' + '0'.repeat(40);

export interface CallResult {
  readonly ok: boolean;
  /** Return data, or revert data when !ok. */
  readonly returnData: Uint8Array;
  /** Execution gas of the call. */
  readonly gasUsed: bigint;
  /** gasUsed + the intrinsic gas of a transaction with this call data. */
  readonly transactionGas: bigint;
  /** Why it failed (revert, out of gas, invalid opcode…). */
  readonly error?: string;
  readonly logs: readonly EvmLog[];
}

export interface EvmLog {
  readonly address: string;
  readonly topics: readonly Uint8Array[];
  readonly data: Uint8Array;
}

export interface Deployed {
  readonly address: string;
  readonly gasUsed: bigint;
  readonly transactionGas: bigint;
  /** Size of the deployed (runtime) code in bytes. */
  readonly codeSize: number;
}

/**
 * Intrinsic gas of a transaction (no access list, not a creation): 21,000 + 4 per zero and 16 per
 * non-zero call-data byte, or the EIP-7623 floor (10 per token, a non-zero byte being 4 tokens)
 * when that is larger.
 */
export function transactionGas(data: Uint8Array, executionGas: bigint, create = false): bigint {
  let zero = 0n;
  for (const b of data) if (b === 0) zero++;
  const tokens = zero + 4n * (BigInt(data.length) - zero);
  let standard = 21_000n + 4n * tokens + executionGas;
  if (create) standard += 32_000n + 2n * BigInt(Math.ceil(data.length / 32)); // EIP-3860 initcode words
  const floor = 21_000n + 10n * tokens;
  return standard > floor ? standard : floor;
}

export class LocalChain {
  private constructor(private readonly evm: EVM) {}

  /**
   * What a transaction starts with (EIP-2929): an empty access journal, then the precompiles, the
   * sender and the called contract warm. `runCall` alone does neither, so without this a first call
   * would pay 2,500 gas more per precompile it touches, and later calls would inherit warm accounts
   * from earlier ones.
   */
  private async startTransaction(warm: readonly string[]): Promise<void> {
    await this.evm.journal.cleanup();
    for (const address of this.evm.precompiles.keys()) this.evm.journal.addAlwaysWarmAddress(address);
    for (const address of warm) this.evm.journal.addAlwaysWarmAddress(address);
  }

  static async create(): Promise<LocalChain> {
    return new LocalChain(await createEVM({ common: new Common({ chain: Mainnet, hardfork: HARDFORK }) }));
  }

  /** Deploys creation bytecode (constructor arguments already appended); throws if it reverts. */
  async deploy(creationCode: Uint8Array, from?: string): Promise<Deployed> {
    await this.startTransaction([from ?? ZERO_ADDRESS]);
    const r = await this.evm.runCall({ data: creationCode, gasLimit: DEFAULT_GAS_LIMIT, ...(from ? { caller: createAddressFromString(from) } : {}) });
    const err = r.execResult.exceptionError;
    if (err || !r.createdAddress) throw new Error(`deployment failed: ${err?.error ?? 'no contract created'}`);
    const code = await this.evm.stateManager.getCode(r.createdAddress);
    if (code.length === 0) throw new Error('deployment failed: empty runtime code');
    const gasUsed = r.execResult.executionGasUsed;
    return { address: r.createdAddress.toString(), gasUsed, transactionGas: transactionGas(creationCode, gasUsed, true), codeSize: code.length };
  }

  /**
   * Runs a call as a transaction from `from` (state changes are kept, as in a mined transaction;
   * a reverted call changes nothing).
   */
  async call(to: string, data: Uint8Array, opts: { from?: string; gasLimit?: bigint } = {}): Promise<CallResult> {
    await this.startTransaction([opts.from ?? ZERO_ADDRESS, to]);
    const r = await this.evm.runCall({
      to: createAddressFromString(to),
      data,
      gasLimit: opts.gasLimit ?? DEFAULT_GAS_LIMIT,
      ...(opts.from ? { caller: createAddressFromString(opts.from), origin: createAddressFromString(opts.from) } : {}),
    });
    const ex = r.execResult;
    const gasUsed = ex.executionGasUsed;
    return {
      ok: !ex.exceptionError,
      returnData: ex.returnValue,
      gasUsed,
      transactionGas: transactionGas(data, gasUsed),
      ...(ex.exceptionError ? { error: ex.exceptionError.error } : {}),
      logs: (ex.logs ?? []).map(([address, topics, logData]) => ({ address: toHex(address), topics, data: logData })),
    };
  }

  async codeAt(address: string): Promise<Uint8Array> {
    return this.evm.stateManager.getCode(createAddressFromString(address));
  }
}

/** A deterministic account address for tests and examples (20 bytes, the byte `n` at the end). */
export function testAccount(n: number): string {
  const bytes = new Uint8Array(20);
  bytes[19] = n;
  bytes[0] = 0xa0;
  return new Address(bytes).toString();
}
