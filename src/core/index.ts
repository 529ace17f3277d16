/** The zkinfer library: everything the CLI, the workers and the app use, from one place. */
export { ZkinferError } from './errors.js';
export type { ErrorStage } from './errors.js';
export type { OnProgress, ProgressEvent, ProgressStage } from './progress.js';
export type { InputSpec, InputFeature, InputKind } from './model/input-spec.js';
export { DEFAULT_INPUT_BITS, INPUT_KINDS } from './model/input-spec.js';
export { encodeInput, decodeInput, flattenInput, nestInput, imageGrid, inputKind, inputSpecFromJson, isImageKind, uniformInputSpec, validateInputSpec } from './model/input.js';
export type { OutOfRange, EncodedInput } from './model/input.js';
export type { Graph, OutputRule } from './model/ir.js';
export type { ModelFile, ModelSource, LoadedModel } from './model/source.js';
export { loadModelFiles, loadModelFromMap, detectSource, MODEL_SOURCES } from './model/source.js';
export { loadPickedModel } from './model/picked-files.js';
export type { PickedFile, PickedModel } from './model/picked-files.js';
export { SUPPORTED_LAYERS } from './model/import.js';
// The tfjs Layers source's own helpers, for code that builds tfjs models in memory (tests, bench).
export { importModel } from './model/import.js';
export type { ModelFiles } from './model/load.js';
export { loadModel, weightFileNames } from './model/load.js';
export { tfjsLayersSource } from './model/tfjs-layers-source.js';
export { floatOutput } from './model/float-inference.js';
export { compileModel } from './compile.js';
export type { CompiledModel, CompileOptions, CircuitStats } from './compile.js';
export type { LayerCost } from './circuit/lower.js';
export { agreementReport } from './tuning/report.js';
export { estimateCircuit, estimateSentence } from './tuning/size-estimate.js';
export type { LayerEstimate, SizeEstimate } from './tuning/size-estimate.js';
export { packageFolderName, readPackageZip, writePackageZip } from './package/zip.js';
export { writeR1cs, readR1cs } from './formats/r1cs.js';
export { writeWtns, readWtns } from './formats/wtns.js';
export { type PngChannels, type PngImage, pngToGrey, readPng, writePng } from './formats/png.js';
export { sha256Hex, canonicalJson } from './hash.js';
export type { Manifest, FileRef, SetupInfo, Agreement } from './package/manifest.js';
export { validateManifest, packageId, DEVELOPMENT_KEY_WARNING, VERIFIER_BYTECODE_FILE } from './package/manifest.js';
export type { ProofBundle } from './package/bundle.js';
export { parseBundle, MAX_BUNDLE_BYTES } from './package/bundle.js';
export type { DecodedOutput, SignalLayout, SignalSegment } from './package/signals.js';
export { bitsToHex, challengeSignal, describeOutput, hexToBits, standardLayout } from './package/signals.js';
export type { DecodedSignals } from './package/output.js';
export { decodePublicSignals } from './package/output.js';
export { publishPackage, ZKINFER_VERSION } from './package/publish.js';
export type { PublishOptions, PublishedPackage } from './package/publish.js';
export { openPackage, checkFile, filesNeeded } from './package/open.js';
export type { OpenedPackage, OpenNeeds, PackageFiles } from './package/open.js';
export { proveWithPackage, compilePackage } from './package/prove.js';
export type { ProveOptions, ProveResult, Timings } from './package/prove.js';
export { compileCacheEntry, loadPackageModel, prepareCircuit, preparedFromCompiled, withoutR1cs } from './package/prepared.js';
export type { CircuitCache, PreparedCircuit } from './package/prepared.js';
export { writeCircuitCache } from './formats/circuit-cache.js';
export type { CircuitCacheEntry } from './formats/circuit-cache.js';
export { verifyBundle } from './package/verify.js';
export type { VerifyResult, VerifyFailure, VerifiedFacts, VerifyOptions, VerifierPackage } from './package/verify.js';
export { releaseCurve } from './prover/snark.js';
export type { Groth16Proof, VerificationKey } from './prover/snark-types.js';
export { auditPackage } from './package/audit.js';
export type { AuditReport, AuditCheck, CheckStatus } from './package/audit.js';
export type { PackageIndex, PackageIndexEntry } from './package/index-entry.js';
// Input provenance (docs/PROVENANCE.md): bindings, signing, openings.
export type { BindingKind, BindingWitness, InputBinding, SignedInput } from './provenance/input.js';
export {
  CAPTURE_TAG,
  MAX_METADATA,
  NO_BINDING,
  captureSignal,
  formatFingerprint,
  inputCommitment,
  inputMessage,
  parseFingerprint,
  randomSalt,
  signInput,
  validateBinding,
  verifyInputSignature,
} from './provenance/input.js';
export type { BabyJubPoint, EdDSASignature, PrivateKey } from './provenance/sign.js';
export { derivePublicKey, generatePrivateKey, publicKeyFingerprint } from './provenance/sign.js';
export type { InputOpening, OpeningResult } from './provenance/opening.js';
export { makeOpening, openCommitment, parseOpening } from './provenance/opening.js';
export { checkOpening } from './package/verify.js';
export { calibrate, provabilityReport } from './tuning/calibration.js';
export type { ProvabilityReport } from './tuning/calibration.js';
export { DEFAULT_CALIBRATION_MARGIN } from './quant/calibrate.js';
export type { CalibratedRanges } from './quant/calibrate.js';
export { readCalibration, writeCalibration } from './formats/calibration.js';
export type { ParsedSignedInput, SignedInputFile, SignedInputMetadata } from './provenance/signed-file.js';
export { SIGNED_INPUT_FORMAT, isSignedInputFile, makeSignedInputFile, parsePoint, parseSignedInputFile } from './provenance/signed-file.js';
// Iris codes (issue 14, docs/IRIS.md): the pipeline outside the proof, the model, the registry.
export * from './iris/index.js';
export * from './iris-code/index.js';
export * from './registry/index.js';
