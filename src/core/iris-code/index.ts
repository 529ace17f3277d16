/**
 * The iris-code model, its packages and bundles, and the demo capture device (issue 14; decisions
 * in docs/IRIS.md). The work outside the proof (synthetic eyes, segmentation, strip, mask,
 * matching) is src/core/iris/; the registry is src/core/registry/.
 */
export { type IrisCodeInfo, type IrisModelVersion, IRIS_METADATA_KEY, IRIS_MODELS, IRIS_V2_BANK, buildIrisModel, channelsPerColumn, irisInputSpec, irisModelInput } from './model.js';
export { type IrisPackage, irisCodeFromBundle, irisCodeInfo } from './package.js';
export { type MaskCheck, type MaskFile, type MaskSignature, type SignedMask, MASK_FORMAT, MASK_TAG, checkMaskSignature, makeMaskFile, maskMessage, parseMaskFile, readMaskFile, signMask } from './mask-file.js';
export { IRIS_STRIP_BITS, LEGACY_STRIP_BITS, stripBitsMismatch } from './strip-format.js';
export { DEMO_DEVICE_NAME, demoDeviceFingerprint, demoDevicePrivateKey } from './demo-device.js';
