/**
 * zkinfer's on-chain side, without a chain: ABI call data for a package's Groth16 verifier
 * contract, a local in-process EVM to run it, and the compiled-verifier artifact. Environment-free
 * (Node, browsers, workers); Solidity compilation is Node-only and lives in ./solc.ts.
 */
export { keccak256, selector, word, encodeCall, readWord, decodeBool, toHex, fromHex, concat } from './abi.js';
export { verifierArgs, encodeVerifyProof, solidityCallArgs, verifyProofSignature, flatArgs } from './calldata.js';
export type { VerifierArgs } from './calldata.js';
export { LocalChain, transactionGas, testAccount, HARDFORK, EVM_VERSION } from './chain.js';
export type { CallResult, Deployed, EvmLog } from './chain.js';
export { EvmVerifier } from './verifier.js';
export type { EvmVerification } from './verifier.js';
export { ARTIFACT_FILE, ARTIFACT_FORMAT, ARTIFACT_VERSION, artifactBytes, readVerifierArtifact } from './artifact.js';
export type { VerifierArtifact } from './artifact.js';
export { packageVerifier, checkOnChain } from './package-verifier.js';
export type { PackageVerifier, OnChainCheck } from './package-verifier.js';
export { SUBMIT_SIGNATURE, RECORDED_EVENT, registryLayout, registryConstructorArgs, encodeSubmit, proofHash, outputCommitment, encodeChallengeOf, recordedEvents, errorSelector } from './registry.js';
export type { InferenceRecorded, RegistryLayout } from './registry.js';
