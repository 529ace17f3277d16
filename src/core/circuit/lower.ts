/**
 * Integer IR → R1CS + witness generator: the input range checks, each node by its op's lowering
 * rule (src/core/ops), then the output rule. Linear ops only rearrange linear combinations (zero
 * constraints); constraints come from the input range checks, requantize/ReLU, max and the output.
 */
import type { OutputRule, TensorId } from '../model/ir.js';
import type { QModel, QNode } from '../quant/qir.js';
import { calAt } from '../quant/qir.js';
import { integerRules } from '../ops/registry.js';
import type { LowerContext } from '../ops/types.js';
import { CircuitBuilder } from './builder.js';
import type { LC } from './lc.js';
import { argmax, expose, inputCodes, signBit } from './gadgets.js';
import type { InputBinding } from '../provenance/input.js';
import { bindingSignals } from '../provenance/input.js';
import { bindInput } from './binding.js';
import { packCodesLC, packedLength, signOutputPacked } from './pack.js';

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

/**
 * Ops whose output element is a copy of one input element (times a constant): their readers read
 * the input's terms too, so the input's fan-out is counted through them.
 */
const COPY_OPS: ReadonlySet<string> = new Set(['affine', 'reshape', 'concat']);

/**
 * How many linear-combination terms each input element is copied into by the ops reading it —
 * through copies (an unfolded input decode feeding a concatenation, as the iris-code model's
 * column wrap does), so that a large fan-out behind a copy still materializes the codes.
 */
function inputFanOut(model: QModel, tensor: TensorId = model.input): number {
  const size = model.tensors.get(tensor)!.lo.length;
  let fanOut = 0;
  for (const node of model.nodes) {
    if (!node.inputs.includes(tensor)) continue;
    fanOut += COPY_OPS.has(node.op.kind) && node.output !== model.output ? inputFanOut(model, node.output) : integerRules(node.op).fanOut(node.op, size);
  }
  return fanOut;
}

/** Public output signals of an output rule: one class, one value per logit, one bit per sign or packed bits (pack.ts). */
export function outputCount(rule: OutputRule, size: number): number {
  if (rule === 'argmax') return 1;
  if (rule === 'sign' && signOutputPacked(size)) return packedLength(size, 1);
  return size;
}

export interface LowerOptions {
  /** Public inputs after the outputs: the challenge, then (with a binding) its public value. */
  readonly publicInputs?: number;
  /** Input provenance (circuit/binding.ts); its public value is the last public input. */
  readonly binding?: InputBinding;
}

export function lower(model: QModel, options: LowerOptions = {}): Lowered {
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
    cs.layer = layer;
    const bits = body();
    cs.layer = undefined;
    layers.push({ layer, className, op, activations, parameters, constraints: cs.constraints.length - c0, wires: cs.nWires - w0, bits });
  };

  measure('input', 'Input', 'range check', inputCount, 0, () => {
    values.set(model.input, inputCodes(cs, inputCount, model.inputBits, inputFanOut(model) >= MATERIALIZE_FAN_OUT));
    return inputCount > 0 ? [model.inputBits] : [];
  });
  // Free each tensor's combinations after their last reader: big layers hold millions of terms.
  const lastUse = new Map<TensorId, number>();
  model.nodes.forEach((n, i) => n.inputs.forEach((t) => lastUse.set(t, i)));
  const free = (node: QNode, i: number) => {
    for (const t of node.inputs) if (lastUse.get(t) === i && t !== model.output) values.delete(t);
  };
  const cost = (node: QNode, body: () => number[]) => {
    measure(node.layer, node.className, node.op.kind, model.tensors.get(node.output)!.lo.length, integerRules(node.op).parameters(node.op, node.className), body);
  };
  for (let i = 0; i < model.nodes.length; i++) {
    const node = model.nodes[i]!;
    const next = model.nodes[i + 1];
    if (next && fusable(model, node, next, lastUse.get(node.output) === i + 1)) {
      // Same constraints, wires and hints in the same order as lowering the two one after the
      // other (the producer adds none), but only a slice of the producer's combinations is alive.
      let range: (from: number, to: number) => LC[] = () => [];
      cost(node, () => {
        range = integerRules(node.op).lowerRange!(node.op, context(cs, model, node, inputsOf(node, values), () => {}));
        return [];
      });
      cost(next, () => {
        const bits: number[] = [];
        // Its input's combinations come from `range`, a slice at a time, never from `values`.
        const ctx = context(cs, model, next, [], (b) => bits.push(b));
        const element = integerRules(next.op).lowerElement!;
        const n = model.tensors.get(node.output)!.lo.length;
        const out = new Array<LC>(n);
        for (let from = 0; from < n; from += FUSED_SLICE) {
          const xs = range(from, Math.min(n, from + FUSED_SLICE));
          for (let k = 0; k < xs.length; k++) out[from + k] = element(next.op, ctx, xs[k]!, from + k);
        }
        values.set(next.output, out);
        return bits;
      });
      free(node, i);
      i++;
      continue;
    }
    cost(node, () => lowerNode(cs, model, node, values));
    free(node, i);
  }
  const final = values.get(model.output)!;
  measure('output', 'Output', model.outputRule, nOutputs, 0, () => {
    switch (model.outputRule) {
      case 'argmax':
        // Any width is sound for argmax's d_j ≥ 0 checks, so calibrated bounds may size them.
        return [argmax(cs, final, outputT.cal?.lo ?? outputT.lo, outputT.cal?.hi ?? outputT.hi, cs.outputWire(0))];
      case 'sign': {
        if (!signOutputPacked(final.length)) {
          return final.map((lc, i) => signBit(cs, lc, outputT.lo[i]!, outputT.hi[i]!, cs.outputWire(i), calAt(outputT, i))).filter((b) => b > 0);
        }
        // Each bit on its own wire (the top bit of its sign decomposition: boolean-constrained),
        // then 253 bits per public signal: a free combination pinned by one linear constraint.
        const bitWires = final.map(() => cs.wire());
        const widths = final.map((lc, i) => signBit(cs, lc, outputT.lo[i]!, outputT.hi[i]!, bitWires[i]!, calAt(outputT, i)));
        packCodesLC(bitWires.map((w) => [w]), 1).forEach((lc, e) => expose(cs, lc, cs.outputWire(e)));
        return widths.filter((b) => b > 0);
      }
      case 'logits':
        final.forEach((lc, i) => expose(cs, lc, cs.outputWire(i)));
        return [];
      default: {
        const never: never = model.outputRule;
        return never;
      }
    }
  });
  const binding = options.binding ?? { kind: 'none' };
  if (binding.kind !== 'none') {
    const nBinding = bindingSignals(binding);
    if (cs.nPublicInputs < 1 + nBinding) throw new RangeError('an input binding needs its public inputs after the challenge');
    const codeBits = Array.from({ length: inputCount }, (_, e) => Array.from({ length: model.inputBits }, (_, i) => cs.privateInputWire(e * model.inputBits + i)));
    measure('binding', 'Input binding', binding.kind, 1, 0, () => {
      bindInput(cs, codeBits, model.inputBits, binding, Array.from({ length: nBinding }, (_, i) => cs.publicInputWire(cs.nPublicInputs - nBinding + i)));
      return [];
    });
  }
  if (cs.nPublicInputs > 0) {
    // The builder binds each public input (the challenge) with p · 1 = p: one constraint each.
    layers.push({ layer: 'challenge', className: 'Public input', op: 'public input', activations: cs.nPublicInputs, parameters: 0, constraints: cs.nPublicInputs, wires: cs.nPublicInputs, bits: [] });
  }
  return { builder: cs, layers, nOutputs };
}

/** Outputs of a fused producer (a dense layer feeding its ReLU) alive at once: 64 neurons of 4,096 terms at most here. */
const FUSED_SLICE = 64;

/**
 * `next` may lower `node`'s output a slice at a time: node's op only rearranges combinations
 * (lowerRange), next is element-wise on it (lowerElement) and is its only reader.
 */
function fusable(model: QModel, node: QNode, next: QNode, nextIsLastReader: boolean): boolean {
  return (
    nextIsLastReader &&
    node.output !== model.output &&
    next.inputs.length === 1 &&
    next.inputs[0] === node.output &&
    integerRules(node.op).lowerRange !== undefined &&
    integerRules(next.op).lowerElement !== undefined
  );
}

function context(cs: CircuitBuilder, model: QModel, node: QNode, xs: LC[][], spend: (bits: number) => void): LowerContext {
  return { cs, xs, inputs: node.inputs.map((t) => model.tensors.get(t)!), spend };
}

const inputsOf = (node: QNode, values: Map<TensorId, LC[]>): LC[][] => node.inputs.map((t) => values.get(t)!);

/** Lowers one node by its op's rule; returns the widths of the decompositions it spent. */
function lowerNode(cs: CircuitBuilder, model: QModel, node: QNode, values: Map<TensorId, LC[]>): number[] {
  const bits: number[] = [];
  values.set(node.output, integerRules(node.op).lower(node.op, context(cs, model, node, inputsOf(node, values), (b) => bits.push(b))));
  return bits;
}
