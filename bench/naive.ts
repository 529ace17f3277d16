/**
 * The naive encoding: the same integer model compiled the way circom ML libraries (circomlib-ml,
 * keras2circom) do it, so that every gain of zkinfer's compiler is measured as a ratio in the same
 * run, on the same model, with the same quantization.
 *
 * What "naive" means here, rule by rule (each rule is what those libraries' templates cost):
 * - Weights, biases and other parameters are **private signals** (inputs of the circuit), so every
 *   weight·activation product is a quadratic term: **one constraint per multiplication**
 *   (`p = x · w`), zero weights included (the circuit cannot know a private weight is zero). The
 *   sum Σ p + b is linear and costs nothing (circom folds linear constraints).
 * - Every ReLU, and every requantizing division, is a **full 254-bit decomposition** of its input
 *   (254 boolean constraints + 1 recomposition = 255; circomlib's Num2Bits(254)), the sign and the
 *   quotient read from those bits; ReLU adds one product (sign · quotient): 256.
 * - ReLU6 is that ReLU plus a comparison with 6 and a selection (below): 256 + 256.
 * - Every comparison (max pooling, argmax) is a 254-bit decomposition of a difference (255) plus
 *   one selection product per selected value: max pooling 256 per comparison, argmax 257 (value
 *   and index) per comparison, plus 1 to expose the index. Sign outputs: 255 + 1; logits: 1.
 * - Input range checks: none (circom ML templates take inputs as they come) — this favours the
 *   naive encoding, so the ratios are conservative.
 * - Also in the naive encoding's favour: circom ML's ReLU (IsPositive) follows its Num2Bits(254)
 *   with circomlib's Sign, a comparison of the 254 bits against (p−1)/2 (CompConstant) that costs
 *   more constraints again; only the decomposition and the product are counted here. The naive
 *   counts are therefore lower bounds of what those libraries produce.
 *
 * `countNaive` gives the constraint and wire counts analytically for any size (the 18M-parameter
 * sweep row included); `buildNaive` builds the actual R1CS and witness generator with the project's
 * CircuitBuilder so that small naive circuits are set up and proved in the same run. The smoke test
 * checks that both agree.
 *
 * Both functions dispatch on the integer IR's kind union with an exhaustive switch: an op added
 * to the compiler without its naive encoding here is a compile error, never a silent zero.
 */
import { CircuitBuilder } from '../src/core/circuit/builder.js';
import type { LC } from '../src/core/circuit/lc.js';
import { addScaled, evaluate, wireLC } from '../src/core/circuit/lc.js';
import type { QModel, QOp } from '../src/core/quant/qir.js';
import { concatenate } from '../src/core/tensor/shape.js';

/** Bits of the full decomposition: every value of the BN254 scalar field. */
export const NAIVE_BITS = 254;
const DECOMPOSITION = NAIVE_BITS + 1;
/** Offset making honest values (< 2^200 by the compiler's own check) non-negative; bit 252 is the sign. */
const SIGN_BIT = 252;
const OFFSET = 1n << BigInt(SIGN_BIT);

export interface NaiveCount {
  readonly constraints: number;
  readonly wires: number;
  /** Private signals: input codes plus every parameter. */
  readonly privateInputs: number;
  readonly multiplications: number;
  readonly decompositions: number;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A sparse op is a convolution (private weights, one product per tap) or pooling/padding (constants). */
function isConvolution(className: string): boolean {
  return /Conv/i.test(className);
}

function outputCount(model: QModel): number {
  const n = model.tensors.get(model.output)!.lo.length;
  return model.outputRule === 'argmax' ? 1 : n;
}

export function countNaive(model: QModel): NaiveCount {
  const nIn = model.tensors.get(model.input)!.lo.length;
  let params = 0;
  let mults = 0;
  let decomps = 0;
  let extraProducts = 0; // ReLU and selection products
  for (const node of model.nodes) {
    const op = node.op;
    const outN = sizeOf(model.tensors.get(node.output)!.shape);
    switch (op.kind) {
      case 'linear': {
        const rows = outN / op.outSize;
        params += op.weights.length + op.bias.length;
        mults += rows * op.inSize * op.outSize;
        break;
      }
      case 'affine':
        params += op.mul.length + op.add.length;
        mults += outN;
        break;
      case 'sparse':
        if (isConvolution(node.className)) {
          params += op.weights.length + op.bias.length;
          const taps = op.rows.cols.length;
          mults += taps;
        }
        break;
      case 'requant':
        if (op.relu) {
          decomps += outN;
          extraProducts += outN;
        } else if (op.shift > 0) {
          decomps += outN;
        }
        break;
      case 'relu6':
        // The ReLU's decomposition and product, then the clip: a comparison with 6 and a selection.
        decomps += 2 * outN;
        extraProducts += 2 * outN;
        break;
      case 'leakyRelu':
        // The ReLU's decomposition and product, then the private slope times the negative part.
        decomps += outN;
        extraProducts += 2 * outN;
        break;
      case 'max':
        for (const t of op.taps) {
          decomps += t.length - 1;
          extraProducts += t.length - 1;
        }
        break;
      case 'reshape':
      case 'add':
      case 'concat':
        break;
      default:
        return unknownOp(op);
    }
  }
  const nFinal = model.tensors.get(model.output)!.lo.length;
  let outputConstraints = 0;
  switch (model.outputRule) {
    case 'argmax':
      decomps += nFinal - 1;
      extraProducts += 2 * (nFinal - 1);
      outputConstraints = 1;
      break;
    case 'sign':
      decomps += nFinal;
      outputConstraints = nFinal;
      break;
    case 'logits':
      outputConstraints = nFinal;
      break;
  }
  // Decompositions' bits are wires; products are wires; public outputs sit in their own wires.
  const extraWires = decomps * NAIVE_BITS + mults + extraProducts;
  const nOutputs = outputCount(model);
  const privateInputs = nIn + params;
  return {
    constraints: mults + decomps * DECOMPOSITION + extraProducts + outputConstraints,
    wires: 1 + nOutputs + privateInputs + extraWires,
    privateInputs,
    multiplications: mults,
    decompositions: decomps,
  };
}

export interface NaiveCircuit {
  readonly builder: CircuitBuilder;
  readonly nOutputs: number;
  /** The private inputs of the naive circuit for some input codes: codes then every parameter. */
  privateInputs(codes: readonly bigint[]): bigint[];
}

/** Builds the naive R1CS of `model` (see the header for the rules). Memory grows with parameters. */
export function buildNaive(model: QModel): NaiveCircuit {
  const inT = model.tensors.get(model.input)!;
  const nIn = inT.lo.length;
  const paramValues: number[] = [];
  for (const node of model.nodes) {
    const op = node.op;
    const push = (a: ArrayLike<number>) => {
      for (let i = 0; i < a.length; i++) paramValues.push(a[i]!);
    };
    if (op.kind === 'linear' || (op.kind === 'sparse' && isConvolution(node.className))) {
      push(op.weights);
      push(op.bias);
    } else if (op.kind === 'affine') {
      push(op.mul);
      push(op.add);
    } else if (op.kind === 'leakyRelu') {
      push(op.alpha);
    }
  }
  const nOutputs = outputCount(model);
  const cs = new CircuitBuilder(nOutputs, nIn + paramValues.length);
  const one = wireLC(0);
  let nextParam = nIn;
  const paramWire = (): number => cs.privateInputWire(nextParam++);

  cs.hint((w, input) => {
    for (let i = 0; i < input.length; i++) w[cs.privateInputWire(i)] = input[i]!;
  });

  /** p = x · w as a new wire: one constraint. */
  const product = (x: LC, w: LC): LC => {
    const p = cs.wire();
    cs.hint((v) => {
      v[p] = evaluate(x, v) * evaluate(w, v);
    });
    cs.constrain(x, w, wireLC(p));
    return wireLC(p);
  };
  /** 254 boolean wires with Σ 2^i b_i = x + 2^252: 255 constraints. */
  const decompose = (x: LC): number[] => {
    const bits = Array.from({ length: NAIVE_BITS }, () => cs.wire());
    cs.hint((v) => {
      const z = evaluate(x, v) + OFFSET;
      if (z < 0n) throw new RangeError('naive encoding: value below -2^252');
      for (let i = 0; i < NAIVE_BITS; i++) v[bits[i]!] = (z >> BigInt(i)) & 1n;
    });
    for (const b of bits) cs.constrain(wireLC(b), new Map([[b, 1n], [0, -1n]]), new Map());
    const target = new Map(x);
    addScaled(target, one, OFFSET);
    cs.constrain(new Map(bits.map((b, i) => [b, 1n << BigInt(i)] as [number, bigint])), one, target);
    return bits;
  };
  /**
   * floor((x + 2^(k−1)) / 2^k) from the bits of x + 2^(k-1) (a signed value): its sign bit and
   * the quotient of its low bits (the value when the sign is 1), from one decomposition.
   */
  const quotient = (x: LC, k: number): { sign: number; low: LC; signed: LC } => {
    const half = k > 0 ? 1n << BigInt(k - 1) : 0n;
    const z = new Map(x);
    addScaled(z, one, half);
    const bits = decompose(z);
    // bits k … 251 with the offset's bit 252 as sign: z + 2^252 = sign·2^252 + low, so for z ≥ 0
    // (sign = 1) the quotient is low >> k; for z < 0 the value is negative and ReLU gives 0.
    const low: LC = new Map();
    for (let i = k; i < SIGN_BIT; i++) low.set(bits[i]!, 1n << BigInt(i - k));
    // Signed quotient: (sign − 1) · 2^(252−k) + low >> k.
    const signed = new Map(low);
    addScaled(signed, wireLC(bits[SIGN_BIT]!), 1n << BigInt(SIGN_BIT - k));
    addScaled(signed, one, -(1n << BigInt(SIGN_BIT - k)));
    return { sign: bits[SIGN_BIT]!, low, signed };
  };
  const requant = (x: LC, k: number, relu: boolean): LC => {
    const q = quotient(x, k);
    return relu ? product(wireLC(q.sign), q.low) : q.signed;
  };
  /** [x ≥ y] as a bit wire, from a decomposition of x − y. */
  const geq = (x: LC, y: LC): number => {
    const d = new Map(x);
    addScaled(d, y, -1n);
    return decompose(d)[SIGN_BIT]!;
  };
  /** s ? a : b = s·(a − b) + b: one product. */
  const select = (s: number, a: LC, b: LC): LC => {
    const diff = new Map(a);
    addScaled(diff, b, -1n);
    const out = new Map(product(wireLC(s), diff));
    addScaled(out, b, 1n);
    return out;
  };

  const values = new Map<number, LC[]>();
  values.set(model.input, Array.from({ length: nIn }, (_, i) => wireLC(cs.privateInputWire(i))));
  for (const node of model.nodes) {
    const op = node.op;
    const xs = node.inputs.map((t) => values.get(t)!);
    const x = xs[0]!;
    const outN = sizeOf(model.tensors.get(node.output)!.shape);
    let out: LC[];
    switch (op.kind) {
      case 'linear': {
        const inSize = op.inSize;
        const outSize = op.outSize;
        const weights = Array.from({ length: inSize * outSize }, () => paramWire());
        const bias = Array.from({ length: outSize }, () => paramWire());
        out = [];
        for (let r = 0; r < outN / outSize; r++) {
          for (let o = 0; o < outSize; o++) {
            const acc = wireLC(bias[o]!);
            for (let j = 0; j < inSize; j++) addScaled(acc, product(x[r * inSize + j]!, wireLC(weights[j * outSize + o]!)), 1n);
            out.push(acc);
          }
        }
        break;
      }
      case 'affine': {
        const mul = Array.from({ length: op.mul.length }, () => paramWire());
        const add = Array.from({ length: op.add.length }, () => paramWire());
        out = x.map((lc, i) => {
          const acc = new Map(product(lc, wireLC(mul[i % mul.length]!)));
          addScaled(acc, wireLC(add[i % add.length]!), 1n);
          return acc;
        });
        break;
      }
      case 'sparse': {
        const { rowStart, cols, weightIndex, biasIndex } = op.rows;
        const conv = isConvolution(node.className);
        const weights = conv ? Array.from({ length: op.weights.length }, () => paramWire()) : [];
        const bias = conv ? Array.from({ length: op.bias.length }, () => paramWire()) : [];
        out = [];
        for (let r = 0; r < biasIndex.length; r++) {
          const bi = biasIndex[r]!;
          const acc: LC = conv ? (bi >= 0 ? wireLC(bias[bi]!) : new Map()) : bi >= 0 ? new Map([[0, BigInt(op.bias[bi]!)]]) : new Map();
          for (let t = rowStart[r]!; t < rowStart[r + 1]!; t++) {
            if (conv) addScaled(acc, product(x[cols[t]!]!, wireLC(weights[weightIndex[t]!]!)), 1n);
            else addScaled(acc, x[cols[t]!]!, BigInt(op.weights[weightIndex[t]!]!));
          }
          out.push(acc);
        }
        break;
      }
      case 'requant':
        out = op.relu || op.shift > 0 ? x.map((lc) => requant(lc, op.shift, op.relu)) : x;
        break;
      case 'leakyRelu': {
        // y = 2^s·relu(q) + a·(q − relu(q)), the slope a a private signal.
        const alpha = Array.from({ length: op.alpha.length }, () => paramWire());
        out = x.map((lc, i) => {
          const q = quotient(lc, op.shift);
          const pos = product(wireLC(q.sign), q.low);
          const neg = new Map(q.signed);
          addScaled(neg, pos, -1n);
          const y = new Map(product(wireLC(alpha[i % alpha.length]!), neg));
          addScaled(y, pos, 1n << BigInt(op.alphaScale));
          return y;
        });
        break;
      }
      case 'relu6': {
        const ceiling: LC = new Map([[0, BigInt(op.ceiling)]]);
        out = x.map((lc) => {
          const q = requant(lc, op.shift, true);
          return select(geq(q, ceiling), ceiling, q);
        });
        break;
      }
      case 'max':
        out = op.taps.map((taps) => {
          let best = x[taps[0]!]!;
          for (const i of taps.slice(1)) best = select(geq(x[i]!, best), x[i]!, best);
          return best;
        });
        break;
      case 'reshape':
        out = x;
        break;
      case 'add':
        out = x.map((_, i) => {
          const acc: LC = new Map();
          xs.forEach((t, k) => addScaled(acc, t[i]!, 1n << BigInt(op.shifts[k]!)));
          return acc;
        });
        break;
      case 'concat':
        out = concatenate(node.inputs.map((t, k) => ({ shape: model.tensors.get(t)!.shape, values: xs[k]!.map((lc) => scaledLC(lc, 1n << BigInt(op.shifts[k]!))) })), op.axis);
        break;
      default:
        return unknownOp(op);
    }
    values.set(node.output, out);
  }

  const final = values.get(model.output)!;
  const expose = (lc: LC, wire: number): void => {
    cs.hint((v) => {
      v[wire] = evaluate(lc, v);
    });
    cs.constrain(wireLC(wire), one, lc);
  };
  switch (model.outputRule) {
    case 'argmax': {
      let best = final[0]!;
      let index: LC = new Map();
      for (let j = 1; j < final.length; j++) {
        const s = geq(final[j]!, best);
        best = select(s, final[j]!, best);
        index = select(s, new Map([[0, BigInt(j)]]), index);
      }
      expose(index, cs.outputWire(0));
      break;
    }
    case 'sign':
      final.forEach((lc, i) => {
        const bits = decompose(lc);
        expose(wireLC(bits[SIGN_BIT]!), cs.outputWire(i));
      });
      break;
    case 'logits':
      final.forEach((lc, i) => expose(lc, cs.outputWire(i)));
      break;
  }

  return {
    builder: cs,
    nOutputs,
    privateInputs: (codes) => [...codes, ...paramValues.map((p) => BigInt(p))],
  };
}

function unknownOp(op: never): never {
  throw new Error(`naive encoding: unknown op "${(op as QOp).kind}"`);
}

function scaledLC(lc: LC, k: bigint): LC {
  const out: LC = new Map();
  addScaled(out, lc, k);
  return out;
}

