/**
 * A package's verifier contract, ready to run: the compiled verifier its manifest binds
 * (`files.verifierBytecode`, checked against the manifest's SHA-256 and against verifier.sol's),
 * and `checkOnChain`, which runs a proof bundle through it in a fresh local EVM. Environment-free:
 * the app's EVM worker and the CLI use the same checks.
 */
import { fail, ZkinferError } from '../core/errors.js';
import type { ProofBundle } from '../core/package/bundle.js';
import { parseBundle } from '../core/package/bundle.js';
import type { Manifest } from '../core/package/manifest.js';
import { packageId, validateManifest } from '../core/package/manifest.js';
import { checkFile, parseJsonBytes } from '../core/package/open.js';
import type { VerifierArtifact } from './artifact.js';
import { readVerifierArtifact } from './artifact.js';
import type { VerifierArgs } from './calldata.js';
import { solidityCallArgs, verifierArgs, verifyProofSignature } from './calldata.js';
import { EvmVerifier } from './verifier.js';

export interface PackageVerifier {
  readonly artifact: VerifierArtifact;
  /** Creation bytecode. */
  readonly bytecode: Uint8Array;
  readonly path: string;
}

/**
 * The compiled verifier the manifest lists, or undefined when it lists none (packages published
 * before it existed, or without it). Throws a ZkinferError when it is listed but missing, does not
 * match the manifest's hash, or was compiled from another verifier.sol.
 */
export async function packageVerifier(manifest: Manifest, files: ReadonlyMap<string, Uint8Array>): Promise<PackageVerifier | undefined> {
  const ref = manifest.files.verifierBytecode;
  if (!ref) return undefined;
  const bytes = files.get(ref.path);
  if (!bytes) return fail('package', 'missing-file', `the package has no ${ref.path} (its manifest lists the compiled verifier)`);
  await checkFile(ref, bytes);
  try {
    const { artifact, bytecode } = readVerifierArtifact(bytes, manifest.files.verifier?.sha256);
    return { artifact, bytecode, path: ref.path };
  } catch (e) {
    return fail('package', 'bad-verifier-bytecode', (e as Error).message);
  }
}

export type OnChainCheck =
  | {
      /** The manifest lists no compiled verifier: nothing to run in a page without a compiler. */
      readonly ran: false;
      readonly packageName: string;
      /** The package has a verifier.sol (so Node can compile it: `zkinfer verify --evm`). */
      readonly hasSource: boolean;
    }
  | {
      readonly ran: true;
      /** What verifyProof returned; false also when the call reverted. */
      readonly valid: boolean;
      readonly packageName: string;
      /** Execution gas of the verifyProof call. */
      readonly gasUsed: number;
      /** The same call as a transaction: execution plus intrinsic gas for its call data. */
      readonly transactionGas: number;
      readonly deployGas: number;
      readonly calldataBytes: number;
      /** e.g. verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[3]) */
      readonly signature: string;
      /** The arguments as Solidity literals, as `zkinfer calldata` prints them. */
      readonly args: string;
      readonly contractAddress: string;
      readonly solc: string;
      readonly error?: string;
    };

/**
 * Deploys the package's compiled verifier on a fresh local chain and calls verifyProof with the
 * bundle's proof and public signals, as they are. `files` needs manifest.json and the compiled
 * verifier. Bad input (bundle, manifest, artifact) throws a ZkinferError naming it.
 */
export async function checkOnChain(bundleText: string, files: ReadonlyMap<string, Uint8Array>): Promise<OnChainCheck> {
  const bundle: ProofBundle = parseBundle(bundleText);
  const raw = files.get('manifest.json');
  if (!raw) return fail('package', 'missing-file', 'the package has no manifest.json');
  const manifest = validateManifest(parseJsonBytes(raw, 'manifest.json'));
  const id = await packageId(manifest);
  if (bundle.packageId !== id) {
    return fail('bundle', 'other-package', `the bundle names package ${bundle.packageId.slice(0, 12)}…, not "${manifest.name}" (${id.slice(0, 12)}…)`);
  }
  const verifier = await packageVerifier(manifest, files);
  if (!verifier) return { ran: false, packageName: manifest.name, hasSource: manifest.files.verifier !== undefined };
  let args: VerifierArgs;
  try {
    args = verifierArgs(bundle.proof, bundle.publicSignals);
  } catch (e) {
    return fail('bundle', 'malformed-bundle', `the bundle's proof cannot be passed to the contract: ${(e as Error).message}`);
  }
  let contract: EvmVerifier;
  try {
    contract = await EvmVerifier.deploy(verifier.bytecode);
  } catch (e) {
    if (e instanceof ZkinferError) throw e;
    return fail('package', 'bad-verifier-bytecode', `${verifier.path}: the contract could not be deployed (${(e as Error).message})`);
  }
  const r = await contract.verify(bundle.proof, bundle.publicSignals);
  return {
    ran: true,
    valid: r.valid,
    packageName: manifest.name,
    gasUsed: Number(r.gasUsed),
    transactionGas: Number(r.transactionGas),
    deployGas: Number(contract.deployment.gasUsed),
    calldataBytes: r.calldataBytes,
    signature: verifyProofSignature(args.signals.length),
    args: solidityCallArgs(args),
    contractAddress: contract.address,
    solc: verifier.artifact.compiler.solc,
    ...(r.error ? { error: r.error } : {}),
  };
}
