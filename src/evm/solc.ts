/**
 * Solidity compilation with solc-js (the `solc` npm package: the compiler is soljson.js, an
 * Emscripten build shipped inside the package: nothing is downloaded). NODE ONLY: solc's wrapper
 * uses Node modules. Browsers get bytecode compiled ahead of time (see src/evm/README.md).
 *
 * Settings are pinned so that the same source gives the same bytecode on every machine.
 */
import solc from 'solc';
import { fromHex, toHex } from './abi.js';
import { sha256Hex } from '../core/hash.js';
import type { VerifierArtifact } from './artifact.js';
import { ARTIFACT_FORMAT, ARTIFACT_VERSION, artifactBytes } from './artifact.js';
import { EVM_VERSION } from './chain.js';

export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: EVM_VERSION,
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'] } },
} as const;

export interface CompiledContract {
  readonly contract: string;
  /** Creation code (constructor arguments go after it). */
  readonly bytecode: Uint8Array;
  readonly deployedBytecode: Uint8Array;
  readonly abi: unknown[];
  /** Canonical signature → 4-byte selector (hex, no 0x), as solc computes them. */
  readonly methodIdentifiers: Record<string, string>;
  /** e.g. "0.8.37+commit.….Emscripten.clang" */
  readonly solcVersion: string;
}

export class SolidityError extends Error {}

export function solcVersion(): string {
  return (solc as { version(): string }).version();
}

/**
 * Compiles Solidity sources (file name → text) and returns one contract. Throws a SolidityError
 * with the compiler's messages when there are errors.
 */
export function compileSolidity(sources: Record<string, string>, contract: string): CompiledContract {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: SOLC_SETTINGS,
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string }; methodIdentifiers: Record<string, string> } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new SolidityError(`solc: ${errors.map((e) => e.formattedMessage).join('\n')}`);
  for (const file of Object.values(output.contracts ?? {})) {
    const c = file[contract];
    if (c) {
      return {
        contract,
        bytecode: fromHex(c.evm.bytecode.object),
        deployedBytecode: fromHex(c.evm.deployedBytecode.object),
        abi: c.abi,
        methodIdentifiers: c.evm.methodIdentifiers,
        solcVersion: solcVersion(),
      };
    }
  }
  throw new SolidityError(`solc: no contract named ${contract} in ${Object.keys(sources).join(', ')}`);
}

/** A package's verifier.sol (snarkjs's Groth16Verifier template). */
export function compileVerifier(source: string): CompiledContract {
  return compileSolidity({ 'verifier.sol': source }, 'Groth16Verifier');
}

/** verifier.evm.json for a verifier.sol whose SHA-256 is `sourceSha256`. */
export function verifierArtifact(source: string, sourceSha256: string): VerifierArtifact {
  const c = compileVerifier(source);
  return {
    format: ARTIFACT_FORMAT,
    version: ARTIFACT_VERSION,
    contract: c.contract,
    sourceSha256,
    compiler: { solc: c.solcVersion, settings: { optimizer: SOLC_SETTINGS.optimizer, evmVersion: SOLC_SETTINGS.evmVersion } },
    bytecode: toHex(c.bytecode),
  };
}

/**
 * The compile function `publishPackage({compileVerifier})` takes: verifier.sol's text → the bytes of
 * verifier.evm.json, naming the SHA-256 of exactly those source bytes (publish encodes the text as
 * UTF-8, as here).
 */
export async function compileVerifierArtifact(source: string): Promise<Uint8Array> {
  return artifactBytes(verifierArtifact(source, await sha256Hex(new TextEncoder().encode(source))));
}
