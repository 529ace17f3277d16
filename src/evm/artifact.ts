/**
 * The compiled verifier as a file, `verifier.evm.json`, so that a browser (which has no Solidity
 * compiler) can run a package's verifier contract: the creation bytecode, what it was compiled
 * from (verifier.sol's SHA-256) and how (solc version and settings). Environment-free; making one
 * needs solc (src/evm/solc.ts, Node).
 */
import { VERIFIER_BYTECODE_FILE } from '../core/package/manifest.js';
import { fromHex, toHex } from './abi.js';

/** The file name core's manifest lists as `files.verifierBytecode`. */
export const ARTIFACT_FILE = VERIFIER_BYTECODE_FILE;
export const ARTIFACT_FORMAT = 'zkinfer-evm-verifier';
export const ARTIFACT_VERSION = 1;

export interface VerifierArtifact {
  readonly format: typeof ARTIFACT_FORMAT;
  readonly version: typeof ARTIFACT_VERSION;
  readonly contract: string;
  /** SHA-256 of the verifier.sol it was compiled from. */
  readonly sourceSha256: string;
  readonly compiler: { readonly solc: string; readonly settings: unknown };
  /** Creation bytecode, 0x-prefixed hex. */
  readonly bytecode: string;
}

export function artifactBytes(a: VerifierArtifact): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(a, null, 1) + '\n');
}

/**
 * Reads an artifact and returns its creation bytecode. With `sourceSha256` (the manifest's hash of
 * verifier.sol), refuses an artifact compiled from another source.
 */
export function readVerifierArtifact(raw: Uint8Array | string, sourceSha256?: string): { artifact: VerifierArtifact; bytecode: Uint8Array } {
  let a: Partial<VerifierArtifact>;
  try {
    a = JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw)) as Partial<VerifierArtifact>;
  } catch (e) {
    throw new Error(`${ARTIFACT_FILE} is not valid JSON (${(e as Error).message})`);
  }
  if (a?.format !== ARTIFACT_FORMAT || a.version !== ARTIFACT_VERSION) throw new Error(`${ARTIFACT_FILE} is not a ${ARTIFACT_FORMAT} version ${ARTIFACT_VERSION} file`);
  if (typeof a.bytecode !== 'string' || !/^0x([0-9a-f]{2})+$/.test(a.bytecode)) throw new Error(`${ARTIFACT_FILE} has no bytecode`);
  if (typeof a.sourceSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(a.sourceSha256)) throw new Error(`${ARTIFACT_FILE} does not say which source it was compiled from`);
  if (sourceSha256 !== undefined && a.sourceSha256 !== sourceSha256) {
    throw new Error(`${ARTIFACT_FILE} was compiled from another verifier.sol (sha256 ${a.sourceSha256.slice(0, 12)}…, expected ${sourceSha256.slice(0, 12)}…)`);
  }
  return { artifact: a as VerifierArtifact, bytecode: fromHex(a.bytecode) };
}

export { toHex };
