/**
 * The biometric iris pipeline outside the proof (issue 14): synthetic eyes, segmentation,
 * rubber-sheet strip, occlusion mask, matching, and the float reference code. See docs/IRIS.md.
 */
export type { Circle } from './geometry.js';
export { type GreyImage, createImage, toFloatImage } from './image.js';
export { type SynthOptions, type EyeTruth, type SyntheticEye, synthEye } from './synth.js';
export { type IrisSegmentation, type SegmentOptions, segmentIris } from './segment.js';
export { type StripSize, DEFAULT_STRIP, stripPoint, unwrapIris } from './unwrap.js';
export { occlusionMask } from './mask.js';
export { type GaborBank, type GaborFilter, DEFAULT_BANK, codeLength, codeValidity, gaborKernel, irisCode } from './gabor.js';
export { type IrisCode, type MatchOptions, type MatchResult, DEFAULT_MAX_SHIFT, DEFAULT_MIN_BITS, hammingDistance } from './match.js';
export { type DistanceBin, type DistanceSummary, type LabelledCode, type PairDistances, type SetStats, distanceBins, distanceSummary, pairDistances } from './stats.js';
