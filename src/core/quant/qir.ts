/**
 * The integer IR: the float graph after quantization. Every tensor holds integers v with real
 * value v / 2^scale and a static per-element interval [lo, hi] that holds for every input inside
 * the declared input spec. Weights and biases are integers stored in Float64Arrays (they are
 * checked to stay below 2^53).
 */
import type { OutputRule, TensorId } from '../model/ir.js';
import type { SparseRows } from '../tensor/spatial.js';

export interface QTensor {
  readonly shape: readonly number[];
  readonly scale: number;
  /** True bounds: hold for every input in the spec (and, when calibrated, every satisfying witness). */
  readonly lo: readonly bigint[];
  readonly hi: readonly bigint[];
  /**
   * Calibrated mode only (docs/CALIBRATION.md), on the tensors a gadget decomposes: per-element
   * ranges from sample data, inside [lo, hi]. They size decompositions (which then enforce them),
   * never a shortcut.
   */
  readonly cal?: { readonly lo: readonly bigint[]; readonly hi: readonly bigint[] };
}

/** Element i's calibrated interval, if the tensor has one. */
export function calAt(t: QTensor, i: number): { lo: bigint; hi: bigint } | undefined {
  return t.cal ? { lo: t.cal.lo[i]!, hi: t.cal.hi[i]! } : undefined;
}

/** y[r, o] = bias[o] + Σ_j weights[j, o] · x[r, j] over the last axis (rows = size / inSize). */
export interface QLinear {
  readonly kind: 'linear';
  readonly inSize: number;
  readonly outSize: number;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly weightScale: number;
}

/** y[i] = mul[i mod n] · x[i] + add[i mod n]. */
export interface QAffine {
  readonly kind: 'affine';
  readonly mul: Float64Array;
  readonly add: Float64Array;
  readonly weightScale: number;
}

/** y = max(0, round(x / 2^shift)) when relu, else round(x / 2^shift); ties round up. */
export interface QRequant {
  readonly kind: 'requant';
  readonly shift: number;
  readonly relu: boolean;
}

/** y = min(max(0, round(x / 2^shift)), ceiling): ReLU6 with 6 on the output grid. */
export interface QRelu6 {
  readonly kind: 'relu6';
  readonly shift: number;
  /** 6 · 2^(output scale), an integer. */
  readonly ceiling: number;
}

/**
 * Leaky ReLU / PReLU: q = round(x / 2^shift), then y = a·q + (2^alphaScale − a)·max(q, 0) with
 * a = alpha[i mod n] (the slopes at scale alphaScale): y has the scale of q plus alphaScale.
 */
export interface QLeakyRelu {
  readonly kind: 'leakyRelu';
  readonly shift: number;
  readonly alpha: Float64Array;
  readonly alphaScale: number;
}

export interface QReshape {
  readonly kind: 'reshape';
}

/** Inputs are first multiplied by 2^shifts[i] so that they share the output scale. */
export interface QAdd {
  readonly kind: 'add';
  readonly shifts: readonly number[];
}

export interface QConcat {
  readonly kind: 'concat';
  readonly axis: number;
  readonly shifts: readonly number[];
}

/** Convolutions, average pooling and zero padding: each output is bias + Σ weight · tap. */
export interface QSparse {
  readonly kind: 'sparse';
  readonly rows: SparseRows;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly weightScale: number;
}

/** Max pooling: each output is the largest of its taps. */
export interface QMax {
  readonly kind: 'max';
  readonly taps: readonly (readonly number[])[];
}

export type QOp = QLinear | QAffine | QRequant | QRelu6 | QLeakyRelu | QReshape | QAdd | QConcat | QSparse | QMax;

export interface QNode {
  readonly layer: string;
  readonly className: string;
  readonly op: QOp;
  readonly inputs: readonly TensorId[];
  readonly output: TensorId;
}

export interface QModel {
  readonly name: string;
  readonly input: TensorId;
  readonly output: TensorId;
  readonly inputBits: number;
  readonly tensors: ReadonlyMap<TensorId, QTensor>;
  readonly nodes: readonly QNode[];
  readonly outputRule: OutputRule;
}

/** What the quantizer is asked for: the fixed point every op's quantization rule reads. */
export interface QuantizeOptions {
  readonly inputBits: number;
  /** Fractional bits kept after each ReLU. */
  readonly activationBits: number;
  /** Significant bits of the largest weight of each layer. */
  readonly weightBits: number;
  readonly outputRule: OutputRule;
}
