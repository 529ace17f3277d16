/**
 * The float graph IR: what a tfjs model computes, as a small list of typed ops in topological
 * order. Shapes exclude the batch dimension. Weights are row-major Float64Arrays.
 */
import type { ConvGeometry, Window2D } from '../tensor/spatial.js';

export { sizeOf } from '../tensor/shape.js';

export type TensorId = number;

export interface DenseOp {
  readonly kind: 'dense';
  readonly inSize: number;
  readonly outSize: number;
  /** [inSize][outSize] as tfjs stores a kernel. */
  readonly kernel: Float64Array;
  readonly bias: Float64Array;
}

/** Element-wise y = scale * x + shift, broadcast along the last axis (folded BatchNorm, input decode). */
export interface AffineOp {
  readonly kind: 'affine';
  readonly scale: Float64Array;
  readonly shift: Float64Array;
}

export interface ReluOp {
  readonly kind: 'relu';
}

/** min(max(0, x), 6): Keras' ReLU layer with max_value 6, or activation 'relu6'. */
export interface Relu6Op {
  readonly kind: 'relu6';
}

/**
 * x where x > 0, else alpha·x, alpha broadcast along the flat index (element i reads
 * alpha[i mod n]): LeakyReLU (one alpha), PReLU (one per channel or per element).
 */
export interface LeakyReluOp {
  readonly kind: 'leakyRelu';
  readonly alpha: Float64Array;
}

export interface ReshapeOp {
  readonly kind: 'reshape';
}

export interface AddOp {
  readonly kind: 'add';
}

export interface ConcatOp {
  readonly kind: 'concat';
  /** Non-negative axis in the shape without batch dimension. */
  readonly axis: number;
}

/** Conv2D and DepthwiseConv2D: kernel [kh, kw, inC, outC] (depthwise: [kh, kw, inC, multiplier]). */
export interface Conv2DOp {
  readonly kind: 'conv2d';
  readonly geometry: ConvGeometry;
  readonly kernel: Float64Array;
  readonly bias: Float64Array;
}

/** Max or average over windows of a [H, W, C] tensor; average divides by the valid taps, as tfjs does. */
export interface Pool2DOp {
  readonly kind: 'pool2d';
  readonly mode: 'avg' | 'max';
  readonly window: Window2D;
}

export interface Pad2DOp {
  readonly kind: 'pad2d';
  readonly top: number;
  readonly left: number;
}

export type Op = DenseOp | AffineOp | ReluOp | Relu6Op | LeakyReluOp | ReshapeOp | AddOp | ConcatOp | Conv2DOp | Pool2DOp | Pad2DOp;

export interface Node {
  /** The tfjs layer this node came from (several nodes may share one layer name, e.g. Dense + its ReLU). */
  readonly layer: string;
  readonly className: string;
  readonly op: Op;
  readonly inputs: readonly TensorId[];
  readonly output: TensorId;
}

/** How the final values become the public output. */
export type OutputRule = 'argmax' | 'logits' | 'sign';

export interface Graph {
  readonly name: string;
  readonly input: TensorId;
  readonly output: TensorId;
  readonly shapes: ReadonlyMap<TensorId, readonly number[]>;
  readonly nodes: readonly Node[];
  /** What the final activation suggests (softmax → argmax, sigmoid → sign, none → logits). */
  readonly suggestedOutput: OutputRule;
  /** Parameters of the source model, as tfjs counts them (before any folding). */
  readonly parameters: number;
  /** Exact rewrites the compiler made to save constraints, for `inspect`. */
  readonly notes?: readonly string[];
}
