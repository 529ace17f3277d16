/**
 * Integer IR → R1CS + witness generator. Linear ops only rearrange linear combinations (zero
 * constraints); constraints come from the input range checks, requantize/ReLU and the output rule.
 */
import type { OutputRule, TensorId } from '../model/ir.js';
import type { QModel, QNode } from '../quant/qir.js';
import { concatenate } from '../quant/quantize.js';
import { CircuitBuilder } from './builder.js';
import type { LC } from './lc.js';
import { addScaled, constantLC, scaled } from './lc.js';
import { argmax, expose, inputCodes, max2, requantize, signBit } from './gadgets.js';
import type { Ranged } from './gadgets.js';

export interface LayerCost {
  readonly layer: string;
  readonly className: string;
  readonly op: string;
  readonly activations: number;
  readonly parameters: number;
  readonly constraints: number;
  readonly wires: number;
  /** Bit widths of this layer's decompositions (empty when it spent none). */
  readonly bits: readonly number[];
}

export interface Lowered {
  readonly builder: CircuitBuilder;
  readonly layers: readonly LayerCost[];
  readonly nOutputs: number;
}

/** Above this many readers per input element, an input code gets its own wire (see inputCodes). */
const MATERIALIZE_FAN_OUT = 256;

/** How many linear-combination terms each input element is copied into by the ops reading it. */
function inputFanOut(model: QModel): number {
  let fanOut = 0;
  for (const node of model.nodes) {
    if (!node.inputs.includes(model.input)) continue;
    const op = node.op;
    if (op.kind === 'linear') fanOut += op.outSize;
    else if (op.kind === 'sparse') fanOut += Math.ceil(op.rows.cols.length / Math.max(1, model.tensors.get(model.input)!.lo.length));
    else fanOut += 1;
  }
  return fanOut;
}

export function outputCount(rule: OutputRule, size: number): number {
  return rule === 'argmax' ? 1 : size;
}

export function lower(model: QModel, options: { readonly publicInputs?: number } = {}): Lowered {
  const inputT = model.tensors.get(model.input)!;
  const outputT = model.tensors.get(model.output)!;
  const inputCount = inputT.lo.length;
  const nOutputs = outputCount(model.outputRule, outputT.lo.length);
  const cs = new CircuitBuilder(nOutputs, inputCount * model.inputBits, options.publicInputs ?? 0);
  const layers: LayerCost[] = [];
  const values = new Map<TensorId, LC[]>();

  const measure = (layer: string, className: string, op: string, activations: number, parameters: number, body: () => number[]) => {
    const c0 = cs.constraints.length;
    const w0 = cs.nWires;
    const bits = body();
    layers.push({ layer, className, op, activations, parameters, constraints: cs.constraints.length - c0, wires: cs.nWires - w0, bits });
  };

  measure('input', 'Input', 'range check', inputCount, 0, () => {
    values.set(model.input, inputCodes(cs, inputCount, model.inputBits, inputFanOut(model) >= MATERIALIZE_FAN_OUT));
    return inputCount > 0 ? [model.inputBits] : [];
  });
  // Free each tensor's combinations after their last reader: big layers hold millions of terms.
  const lastUse = new Map<TensorId, number>();
  model.nodes.forEach((n, i) => n.inputs.forEach((t) => lastUse.set(t, i)));
  model.nodes.forEach((node, i) => {
    const out = model.tensors.get(node.output)!;
    measure(node.layer, node.className, node.op.kind, out.lo.length, parameterCount(node), () => lowerNode(cs, model, node, values));
    for (const t of node.inputs) if (lastUse.get(t) === i && t !== model.output) values.delete(t);
  });
  const final = values.get(model.output)!;
  measure('output', 'Output', model.outputRule, nOutputs, 0, () => {
    switch (model.outputRule) {
      case 'argmax':
        return [argmax(cs, final, outputT.lo, outputT.hi, cs.outputWire(0))];
      case 'sign':
        return final.map((lc, i) => signBit(cs, lc, outputT.lo[i]!, outputT.hi[i]!, cs.outputWire(i))).filter((b) => b > 0);
      case 'logits':
        final.forEach((lc, i) => expose(cs, lc, cs.outputWire(i)));
        return [];
      default: {
        const never: never = model.outputRule;
        return never;
      }
    }
  });
  if (cs.nPublicInputs > 0) {
    // The builder binds each public input (the challenge) with p · 1 = p: one constraint each.
    layers.push({ layer: 'challenge', className: 'Public input', op: 'public input', activations: cs.nPublicInputs, parameters: 0, constraints: cs.nPublicInputs, wires: cs.nPublicInputs, bits: [] });
  }
  return { builder: cs, layers, nOutputs };
}

function parameterCount(node: QNode): number {
  const op = node.op;
  if (op.kind === 'linear') return op.weights.length + op.bias.length;
  if (op.kind === 'affine') return op.mul.length + op.add.length;
  if (op.kind === 'sparse' && node.className.endsWith('Conv2D')) return op.weights.length + op.bias.length;
  return 0;
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

function lowerNode(cs: CircuitBuilder, model: QModel, node: QNode, values: Map<TensorId, LC[]>): number[] {
  const xs = node.inputs.map((t) => values.get(t)!);
  const x = xs[0]!;
  const op = node.op;
  let out: LC[];
  const bits: number[] = [];
  switch (op.kind) {
    case 'linear': {
      out = [];
      const rows = x.length / op.inSize;
      const wires = plainWires(x);
      if (wires) {
        // Every input is a distinct wire: the output's terms are the weights themselves, with no
        // lookup, product or merge per term (a dense layer of millions of terms is mostly this).
        for (let r = 0; r < rows; r++) {
          for (let o = 0; o < op.outSize; o++) {
            const acc: LC = op.bias[o] !== 0 ? constantLC(BigInt(op.bias[o]!)) : new Map();
            for (let j = 0; j < op.inSize; j++) {
              const w = op.weights[j * op.outSize + o]!;
              if (w !== 0) acc.set(wires[r * op.inSize + j]!, smallBigInt(w));
            }
            out.push(acc);
          }
        }
        break;
      }
      for (let r = 0; r < rows; r++) {
        for (let o = 0; o < op.outSize; o++) {
          const acc = constantLC(BigInt(op.bias[o]!));
          for (let j = 0; j < op.inSize; j++) {
            const w = op.weights[j * op.outSize + o]!;
            if (w !== 0) addScaled(acc, x[r * op.inSize + j]!, BigInt(w));
          }
          out.push(acc);
        }
      }
      break;
    }
    case 'affine':
      out = x.map((lc, i) => {
        const acc = scaled(lc, BigInt(op.mul[i % op.mul.length]!));
        addScaled(acc, constantLC(1n), BigInt(op.add[i % op.add.length]!));
        return acc;
      });
      break;
    case 'requant': {
      const t = model.tensors.get(node.inputs[0]!)!;
      out = x.map((lc, i) => {
        const r = requantize(cs, lc, t.lo[i]!, t.hi[i]!, op.shift, op.relu);
        if (r.bits > 0) bits.push(r.bits);
        return r.value;
      });
      break;
    }
    case 'reshape':
      out = x;
      break;
    case 'sparse': {
      const { rowStart, cols, weightIndex, biasIndex } = op.rows;
      out = Array.from(biasIndex, (bi, r) => {
        const acc = constantLC(bi >= 0 ? BigInt(op.bias[bi]!) : 0n);
        for (let t = rowStart[r]!; t < rowStart[r + 1]!; t++) addScaled(acc, x[cols[t]!]!, BigInt(op.weights[weightIndex[t]!]!));
        return acc;
      });
      break;
    }
    case 'max': {
      const t = model.tensors.get(node.inputs[0]!)!;
      out = op.taps.map((taps) => {
        let best: Ranged = { value: x[taps[0]!]!, lo: t.lo[taps[0]!]!, hi: t.hi[taps[0]!]! };
        for (const i of taps.slice(1)) {
          const r = max2(cs, best, { value: x[i]!, lo: t.lo[i]!, hi: t.hi[i]! });
          if (r.bits > 0) bits.push(r.bits);
          best = r;
        }
        return best.value;
      });
      break;
    }
    case 'add':
      out = x.map((_, i) => {
        const acc: LC = new Map();
        xs.forEach((t, k) => addScaled(acc, t[i]!, 1n << BigInt(op.shifts[k]!)));
        return acc;
      });
      break;
    case 'concat':
      out = concatenate(
        xs.map((t, k) => ({ shape: model.tensors.get(node.inputs[k]!)!.shape, values: t.map((lc) => scaled(lc, 1n << BigInt(op.shifts[k]!))) })),
        op.axis,
      );
      break;
    default: {
      const never: never = op;
      return never;
    }
  }
  values.set(node.output, out);
  return bits;
}
