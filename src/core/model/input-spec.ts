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

/**
 * What the input is, so an app can offer the right widget and preprocessing (docs/ARCHITECTURE.md,
 * "Input kinds"). The circuit does not depend on it: it only tells the app how to turn what the
 * user has (typed values, a drawing, a picture) into the feature values.
 * - `tabular`: one value per named feature, typed or from CSV;
 * - `digit`: a handwritten digit, MNIST style (white ink on black, cropped to the ink, scaled and
 *   centred by mass);
 * - `image`: a picture used as is: resized to H×W greyscale, nothing else;
 * - `iris-strip`: a normalised (unwrapped) greyscale iris strip, H×W, used as is.
 */
export type InputKind = 'tabular' | 'digit' | 'image' | 'iris-strip';

export const INPUT_KINDS: readonly InputKind[] = ['tabular', 'digit', 'image', 'iris-strip'];

export interface InputSpec {
  /** Shape without the batch dimension. */
  readonly shape: readonly number[];
  /** One entry per element of the flattened input, in row-major order. */
  readonly features: readonly InputFeature[];
  /** Bits of the input code, 1 … 24. */
  readonly bits: number;
  /** What the input is; absent in packages made before the field (see `inputKind` in input.ts). */
  readonly kind?: InputKind;
}

export const DEFAULT_INPUT_BITS = 12;
