/**
 * The declared input of a model: its shape and, per feature, the range the publisher accepts.
 *
 * Inputs are encoded on a uniform grid: feature j takes the value
 *   min_j + code_j * (max_j - min_j) / (2^bits - 1),   code_j an integer in [0, 2^bits - 1].
 * The circuit range-checks each code with exactly `bits` boolean wires (no wasted headroom), and the
 * affine decode folds into the first linear layer for free. For images in [0, 1] with bits = 8 the
 * grid is exactly the 256 grey levels of the source data.
 */
export interface InputFeature {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly unit?: string;
}

export interface InputSpec {
  /** Shape without the batch dimension. */
  readonly shape: readonly number[];
  /** One entry per element of the flattened input, in row-major order. */
  readonly features: readonly InputFeature[];
  /** Bits of the input code, 1 … 24. */
  readonly bits: number;
}

export const DEFAULT_INPUT_BITS = 12;
