/**
 * What an op kind must state, in one module, for the compiler to support it. Two halves, because
 * quantization maps float ops onto integer ops many-to-one (Conv2D, average pooling and padding all
 * become one sparse multiply-accumulate):
 * - `FloatRules`, per float IR kind (`Op`): float inference, quantization to an integer op, and the
 *   optional affine-folding rewrites;
 * - `IntegerRules`, per integer IR kind (`QOp`): interval propagation, the integer reference and
 *   the lowering to constraints.
 * `registry.ts` types its tables so that a kind without its rules does not compile.
 */
import type { CircuitBuilder } from '../circuit/builder.js';
import type { LC } from '../circuit/lc.js';
import type { AffineOp, Node, Op } from '../model/ir.js';
import type { QOp, QTensor, QuantizeOptions } from '../quant/qir.js';

export type Shape = readonly number[];

export interface QuantizeContext {
  /** The node being quantized, for error messages that name its layer. */
  readonly node: Node;
  /** Scales and intervals of the node's inputs. */
  readonly inputs: readonly QTensor[];
  readonly outShape: Shape;
  readonly options: QuantizeOptions;
}

export interface FloatRules<O extends Op> {
  /** Float64 evaluation: the pre-quantization reference. */
  readonly float: (op: O, xs: readonly Float64Array[], inShapes: readonly Shape[], outShape: Shape) => Float64Array;
  /** The integer op computing this op at the inputs' scales (the output scale follows from it). */
  readonly quantize: (op: O, ctx: QuantizeContext) => QOp;
  /**
   * An element-wise affine `a` feeding this op: the op with `a` folded in (exact in real
   * arithmetic), 'commute' when `a` may move after this op instead, or undefined.
   */
  readonly absorbAffineBefore?: (a: AffineOp, op: O, inShape: Shape) => O | 'commute' | undefined;
  /** This op feeding an element-wise affine `a`: the op with `a` folded in, or undefined. */
  readonly absorbAffineAfter?: (op: O, a: AffineOp) => O | undefined;
}

export interface ReferenceContext {
  /** Scales, shapes and intervals of the node's inputs. */
  readonly inputs: readonly QTensor[];
}

export interface LowerContext {
  readonly cs: CircuitBuilder;
  /** The node's input values as linear combinations, one array per input. */
  readonly xs: readonly LC[][];
  /** Scales, shapes and intervals of the node's inputs. */
  readonly inputs: readonly QTensor[];
  /** Records the width of each decomposition the op spends (reported per layer). */
  readonly spend: (bits: number) => void;
}

export interface IntegerRules<Q extends QOp> {
  /** Output scale and exact per-element intervals, from the inputs' intervals. */
  readonly intervals: (op: Q, inputs: readonly QTensor[], shape: Shape) => QTensor;
  /** Plain integer evaluation: the specification the circuit must match bit for bit. */
  readonly reference: (op: Q, xs: readonly bigint[][], ctx: ReferenceContext) => bigint[];
  /** The op's outputs as linear combinations, constraining whatever is not linear. */
  readonly lower: (op: Q, ctx: LowerContext) => LC[];
  /**
   * Ops whose lowering is linear algebra alone (no constraint, wire or hint): their outputs
   * [from, to) on demand. An element-wise reader then lowers them a slice at a time (lower.ts), so
   * a dense layer's millions of terms are never all held at once.
   */
  readonly lowerRange?: (op: Q, ctx: LowerContext) => (from: number, to: number) => LC[];
  /** Element-wise ops (output i reads element i of the first input only): output i from that input's combination. */
  readonly lowerElement?: (op: Q, ctx: LowerContext, x: LC, i: number) => LC;
  /** Parameters of the source layer this op carries (`className` tells a convolution from pooling). */
  readonly parameters: (op: Q, className: string) => number;
  /** Linear-combination terms each element of the node's first input is copied into. */
  readonly fanOut: (op: Q, inputSize: number) => number;
  /**
   * Calibrated mode: the op decomposes its first input with widths from that tensor's calibrated
   * ranges (`QTensor.cal`). Returns the input's bounds narrowed to what the op's own constraints
   * enforce (true bounds for every satisfying witness), from which the output's intervals follow.
   */
  readonly enforce?: (op: Q, input: QTensor) => QTensor;
  /** Whether `reference` may evaluate in doubles (every partial sum provably below 2^50). */
  readonly exactInFloat?: (op: Q, input: QTensor) => boolean;
}
