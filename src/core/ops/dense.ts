/**
 * Dense (float `dense`, integer `linear`): y[r, o] = bias[o] + Σ_j kernel[j, o] · x[r, j] over the
 * last axis. Free in the circuit: its outputs are linear combinations of its inputs.
 */
import type { LC } from '../circuit/lc.js';
import { addScaled, constantLC } from '../circuit/lc.js';
import type { AffineOp, DenseOp } from '../model/ir.js';
import type { QLinear } from '../quant/qir.js';
import { sizeOf } from '../tensor/shape.js';
import { quantizeValues, weightScale } from './fixed-point.js';
import { exactInFloatCached, macInFloat } from './mac.js';
import type { FloatRules, IntegerRules } from './types.js';

export const dense: FloatRules<DenseOp> = {
  float(op, [x]) {
    const rows = x!.length / op.inSize;
    const out = new Float64Array(rows * op.outSize);
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < op.outSize; o++) {
        let acc = op.bias[o]!;
        for (let j = 0; j < op.inSize; j++) acc += op.kernel[j * op.outSize + o]! * x![r * op.inSize + j]!;
        out[r * op.outSize + o] = acc;
      }
    }
    return out;
  },

  // Output scale = input + weight scale: no rounding inside a linear layer.
  quantize(op, { node, inputs, options }) {
    const s = weightScale(op.kernel, options.weightBits);
    return {
      kind: 'linear',
      inSize: op.inSize,
      outSize: op.outSize,
      weights: quantizeValues(op.kernel, s, node, 'kernel'),
      bias: quantizeValues(op.bias, s + inputs[0]!.scale, node, 'bias'),
      weightScale: s,
    };
  },

  absorbAffineBefore: (a, d) => (d.inSize % a.scale.length === 0 ? affineThenDense(a, d) : undefined),
  absorbAffineAfter: (d, a) => (d.outSize % a.scale.length === 0 ? denseThenAffine(d, a) : undefined),
};

function affineThenDense(a: AffineOp, d: DenseOp): DenseOp {
  const L = a.scale.length;
  const kernel = new Float64Array(d.kernel.length);
  const bias = Float64Array.from(d.bias);
  for (let j = 0; j < d.inSize; j++) {
    for (let o = 0; o < d.outSize; o++) {
      const k = d.kernel[j * d.outSize + o]!;
      kernel[j * d.outSize + o] = a.scale[j % L]! * k;
      bias[o] = bias[o]! + a.shift[j % L]! * k;
    }
  }
  return { ...d, kernel, bias };
}

function denseThenAffine(d: DenseOp, a: AffineOp): DenseOp {
  const L = a.scale.length;
  const kernel = d.kernel.map((k, idx) => k * a.scale[(idx % d.outSize) % L]!);
  const bias = d.bias.map((b, o) => b * a.scale[o % L]! + a.shift[o % L]!);
  return { ...d, kernel, bias };
}

export const linear: IntegerRules<QLinear> = {
  intervals(op, [x], shape) {
    const n = sizeOf(shape);
    const lo = new Array<bigint>(n);
    const hi = new Array<bigint>(n);
    const rows = n / op.outSize;
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < op.outSize; o++) {
        let l = BigInt(op.bias[o]!);
        let h = l;
        for (let j = 0; j < op.inSize; j++) {
          const w = op.weights[j * op.outSize + o]!;
          if (w === 0) continue;
          const W = BigInt(w);
          const a = W * x!.lo[r * op.inSize + j]!;
          const b = W * x!.hi[r * op.inSize + j]!;
          l += a < b ? a : b;
          h += a < b ? b : a;
        }
        lo[r * op.outSize + o] = l;
        hi[r * op.outSize + o] = h;
      }
    }
    return { shape, scale: x!.scale + op.weightScale, lo, hi };
  },

  reference(op, [x], { inputs }) {
    if (linear.exactInFloat!(op, inputs[0]!)) {
      return macInFloat(
        x!,
        (x!.length / op.inSize) * op.outSize,
        (r, visit) => {
          const row = Math.floor(r / op.outSize);
          const o = r % op.outSize;
          for (let j = 0; j < op.inSize; j++) visit(op.weights[j * op.outSize + o]!, row * op.inSize + j);
        },
        (r) => op.bias[r % op.outSize]!,
      );
    }
    const rows = x!.length / op.inSize;
    const out: bigint[] = [];
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < op.outSize; o++) {
        let acc = BigInt(op.bias[o]!);
        for (let j = 0; j < op.inSize; j++) acc += BigInt(op.weights[j * op.outSize + o]!) * x![r * op.inSize + j]!;
        out.push(acc);
      }
    }
    return out;
  },

  lower: (op, { xs: [x] }) => linearRange(op, x!)(0, (x!.length / op.inSize) * op.outSize),
  lowerRange: (op, { xs: [x] }) => linearRange(op, x!),

  parameters: (op) => op.weights.length + op.bias.length,
  fanOut: (op) => op.outSize,

  exactInFloat: (op, input) =>
    exactInFloatCached(op, input, (mag) => {
      let worst = 0;
      const rows = mag.length / op.inSize;
      for (let r = 0; r < rows; r++) {
        for (let o = 0; o < op.outSize; o++) {
          let acc = Math.abs(op.bias[o]!);
          for (let j = 0; j < op.inSize; j++) acc += Math.abs(op.weights[j * op.outSize + o]!) * mag[r * op.inSize + j]!;
          worst = Math.max(worst, acc);
        }
      }
      return worst;
    }),
};

/** Output elements [from, to) of a linear op over input combinations x (element e = row · outSize + o). */
function linearRange(op: QLinear, x: readonly LC[]): (from: number, to: number) => LC[] {
  const wires = plainWires(x);
  return (from, to) => {
    const out: LC[] = [];
    for (let e = from; e < to; e++) {
      const r = Math.floor(e / op.outSize);
      const o = e - r * op.outSize;
      if (wires) {
        // Every input is a distinct wire: the output's terms are the weights themselves, with no
        // lookup, product or merge per term (a dense layer of millions of terms is mostly this).
        const acc: LC = op.bias[o] !== 0 ? constantLC(BigInt(op.bias[o]!)) : new Map();
        for (let j = 0; j < op.inSize; j++) {
          const w = op.weights[j * op.outSize + o]!;
          if (w !== 0) acc.set(wires[r * op.inSize + j]!, smallBigInt(w));
        }
        out.push(acc);
      } else {
        const acc = constantLC(BigInt(op.bias[o]!));
        for (let j = 0; j < op.inSize; j++) {
          const w = op.weights[j * op.outSize + o]!;
          if (w !== 0) addScaled(acc, x[r * op.inSize + j]!, BigInt(w));
        }
        out.push(acc);
      }
    }
    return out;
  };
}

/**
 * The wires of `lcs` when each is exactly one non-constant wire with coefficient 1 and no wire
 * repeats (true after a ReLU and for materialised input codes), else undefined.
 */
function plainWires(lcs: readonly LC[]): Int32Array | undefined {
  const wires = new Int32Array(lcs.length);
  const seen = new Set<number>();
  for (let i = 0; i < lcs.length; i++) {
    const lc = lcs[i]!;
    if (lc.size !== 1) return undefined;
    const [w, c] = lc.entries().next().value as [number, bigint];
    if (w === 0 || c !== 1n || seen.has(w)) return undefined;
    seen.add(w);
    wires[i] = w;
  }
  return wires;
}

/** Shared BigInts for the small integers weights are: no allocation per term. */
const SMALL = 1 << 16;
const smallBigInts: bigint[] = [];
function smallBigInt(n: number): bigint {
  if (n <= -SMALL || n >= SMALL) return BigInt(n);
  return (smallBigInts[n + SMALL] ??= BigInt(n));
}
