/**
 * Running a package's Groth16 verifier contract on the local EVM: deploy its bytecode once, then
 * call `verifyProof` with a bundle's proof and public signals. Environment-free.
 */
import type { Groth16Proof } from '../core/index.js';
import { decodeBool } from './abi.js';
import { encodeVerifyProof, verifierArgs } from './calldata.js';
import type { Deployed } from './chain.js';
import { LocalChain } from './chain.js';

export interface EvmVerification {
  /** What verifyProof returned; false also when the call reverted or returned no bool. */
  readonly valid: boolean;
  readonly gasUsed: bigint;
  readonly transactionGas: bigint;
  readonly calldataBytes: number;
  /** Set when the call did not return a bool (revert, out of gas, wrong function). */
  readonly error?: string;
}

export class EvmVerifier {
  private constructor(
    readonly chain: LocalChain,
    readonly deployment: Deployed,
  ) {}

  /** Deploys the verifier's creation bytecode on a fresh local chain (or the one given). */
  static async deploy(bytecode: Uint8Array, chain?: LocalChain): Promise<EvmVerifier> {
    const c = chain ?? (await LocalChain.create());
    return new EvmVerifier(c, await c.deploy(bytecode));
  }

  get address(): string {
    return this.deployment.address;
  }

  async verify(proof: Groth16Proof, publicSignals: readonly string[]): Promise<EvmVerification> {
    const data = encodeVerifyProof(verifierArgs(proof, publicSignals));
    const r = await this.chain.call(this.address, data);
    const base = { gasUsed: r.gasUsed, transactionGas: r.transactionGas, calldataBytes: data.length };
    if (!r.ok) return { valid: false, ...base, error: r.error ?? 'reverted' };
    try {
      return { valid: decodeBool(r.returnData), ...base };
    } catch (e) {
      return { valid: false, ...base, error: `verifyProof did not return a bool (${(e as Error).message}): the contract is for another number of public signals?` };
    }
  }
}
