/**
 * The compiler as a recipe: graph IR → (input decode, affine folding) → integer IR → R1CS with
 * its witness generator. Deterministic: the same graph and options give the same R1CS.
 */
import type { CircuitStats } from './circuit/stats.js';
import type { R1cs } from './formats/r1cs-types.js';
import { foldAffines, poolBeforeRelu, withInputDecode } from './model/fold.js';
import type { InputSpec } from './model/input-spec.js';
import type { Graph, OutputRule } from './model/ir.js';
import type { QModel } from './quant/qir.js';
import { DEFAULT_ACTIVATION_BITS, DEFAULT_WEIGHT_BITS, quantize } from './quant/quantize.js';
import { referenceInference, applyOutputRule } from './quant/reference.js';
import type { LayerCost } from './circuit/lower.js';
import { lower } from './circuit/lower.js';
import { mod, toSigned } from './field.js';
import type { CalibratedRanges } from './quant/calibrate.js';
import { applyCalibration } from './quant/calibrate.js';
import type { WitnessProgram } from './circuit/program.js';
import { runWitness, WitnessRangeError } from './circuit/program.js';
import { fail } from './errors.js';
import { domainPower } from './domain.js';
import { packCodes, signOutputPacked } from './circuit/pack.js';
import type { BindingWitness, InputBinding } from './provenance/input.js';
import { NO_BINDING, bindingAux, bindingSignals } from './provenance/input.js';

/** Every circuit has one challenge signal, right after its outputs. */
const CHALLENGE_SIGNALS = 1;

export interface CompileOptions {
  readonly inputSpec: InputSpec;
  readonly output?: OutputRule;
  readonly activationBits?: number;
  readonly weightBits?: number;
  /** Input provenance (default none: the circuit is exactly the unbound one). */
  readonly binding?: InputBinding;
  /**
   * Calibrated ranges (docs/CALIBRATION.md): narrower decompositions that enforce ranges seen on
   * sample data; honest inputs outside them cannot be proved. Default: exact intervals.
   */
  readonly calibration?: CalibratedRanges;
}

export type { CircuitStats } from './circuit/stats.js';

export interface CompiledModel {
  readonly graph: Graph;
  readonly quantized: QModel;
  readonly r1cs: R1cs;
  readonly layers: readonly LayerCost[];
  readonly stats: CircuitStats;
  readonly options: Required<Omit<CompileOptions, 'inputSpec' | 'binding' | 'calibration'>>;
  /** The calibrated ranges the circuit enforces, when compiled in calibrated mode. */
  readonly calibration?: CalibratedRanges;
  readonly binding: InputBinding;
  /** Exact rewrites made to save constraints. */
  readonly notes: readonly string[];
  /** The hints as data: what `witness` runs, and what the compiled-circuit cache keeps. */
  readonly program: WitnessProgram;
  /**
   * Full witness (signed integers, wire 0 = 1) for input codes and the verifier's challenge signal
   * (0 for none), and the binding's private values (salt or signature) when the circuit has one.
   * Throws if a code is out of range, and (calibrated mode) a ZkinferError `outside-calibration`
   * naming the layer when the input drives a value outside its calibrated range.
   */
  witness(codes: readonly bigint[], challenge?: bigint, binding?: BindingWitness): bigint[];
  /** The output signals of a witness (the public signals before the challenge), as signed integers. */
  outputSignals(witness: readonly bigint[]): bigint[];
  /** The public output the integer reference inference gives, without the circuit (a large sign output packed, as its signals are). */
  referenceOutput(codes: readonly bigint[]): bigint[];
}

export interface WitnessContext {
  readonly binding: InputBinding;
  /** Public inputs after the challenge, which the program computes (start at 0). */
  readonly bindingSignals: number;
  /** Calibrated circuit: its sample count (a range error then becomes `outside-calibration`). */
  readonly calibrationSamples?: number | undefined;
}

/** The full witness from a witness program (compiled now, or from the compiled-circuit cache). */
export function programWitness(program: WitnessProgram, c: WitnessContext, codes: readonly bigint[], challenge = 0n, w?: BindingWitness): bigint[] {
  try {
    return runWitness(program, codes, [challenge, ...new Array<bigint>(c.bindingSignals).fill(0n)], bindingAux(c.binding, w));
  } catch (e) {
    if (c.calibrationSamples !== undefined && e instanceof WitnessRangeError) {
      return fail('prove', 'outside-calibration', `this input drives layer ${e.layer} outside the range the publisher calibrated: the package enforces ranges calibrated on ${c.calibrationSamples} sample inputs, and this input cannot be proved with it`);
    }
    throw e;
  }
}

/** The front of the recipe: the graph folded and quantized, with exact intervals (no circuit). */
export function quantizeGraph(graph: Graph, options: CompileOptions) {
  const resolved = {
    output: options.output ?? graph.suggestedOutput,
    activationBits: options.activationBits ?? DEFAULT_ACTIVATION_BITS,
    weightBits: options.weightBits ?? DEFAULT_WEIGHT_BITS,
  };
  const folded = foldAffines(poolBeforeRelu(withInputDecode(graph, options.inputSpec)));
  const quantized = quantize(folded, {
    inputBits: options.inputSpec.bits,
    activationBits: resolved.activationBits,
    weightBits: resolved.weightBits,
    outputRule: resolved.output,
  });
  return { resolved, folded, quantized };
}

export function compileModel(graph: Graph, options: CompileOptions): CompiledModel {
  const { resolved, folded, quantized } = quantizeGraph(graph, options);
  const binding = options.binding ?? NO_BINDING;
  const { r1cs, program, layers, stats, nOutputs, outputSize } = circuitOf(quantized, graph.parameters, options, binding);
  return {
    graph,
    quantized,
    r1cs,
    layers,
    stats,
    options: resolved,
    binding,
    notes: folded.notes ?? [],
    program,
    ...(options.calibration ? { calibration: options.calibration } : {}),
    witness: (codes, challenge = 0n, w) => programWitness(program, { binding, bindingSignals: bindingSignals(binding), calibrationSamples: options.calibration?.samples }, codes, challenge, w),
    // Packed sign elements are bit strings of up to 253 bits, not signed values (2^252 and up would read as negative).
    outputSignals: (w) => w.slice(1, 1 + nOutputs).map(resolved.output === 'sign' && signOutputPacked(outputSize) ? mod : toSigned),
    referenceOutput: (codes) => {
      const out = applyOutputRule(resolved.output, referenceInference(quantized, codes).get(quantized.output)!);
      return resolved.output === 'sign' && signOutputPacked(out.length) ? packCodes(out, 1) : out;
    },
  };
}

/** The circuit of a quantized model: lowered, with its stats. */
function circuitOf(quantized: QModel, parameters: number, options: CompileOptions, binding: InputBinding) {
  // Public inputs after the outputs: the verifier's challenge, then the binding's public value
  // (commitment or signer fingerprint), if any (see package/signals.ts).
  const nPublicInputs = CHALLENGE_SIGNALS + bindingSignals(binding);
  // Calibrated, the circuit is lowered from the calibrated intervals; the integer reference (and so
  // every output) stays the exact model's.
  const circuitModel = options.calibration ? applyCalibration(quantized, options.calibration) : quantized;
  const { builder, layers, nOutputs } = lower(circuitModel, binding.kind === 'none' ? { publicInputs: nPublicInputs } : { publicInputs: nPublicInputs, binding });
  const outputSize = quantized.tensors.get(quantized.output)!.lo.length;
  const r1cs = builder.toR1cs();
  const program = builder.takeWitnessProgram();
  const terms = { a: 0, b: 0, c: 0 };
  for (const [a, b, c] of r1cs.constraints) {
    terms.a += a.wires.length;
    terms.b += b.wires.length;
    terms.c += c.wires.length;
  }
  const publicSignals = nOutputs + nPublicInputs;
  const stats: CircuitStats = {
    parameters,
    constraints: r1cs.constraints.length,
    wires: r1cs.nWires,
    publicSignals,
    privateInputs: r1cs.nPrivateInputs,
    terms,
    power: domainPower(r1cs.constraints.length, publicSignals),
  };
  return { r1cs, program, layers, stats, nOutputs, outputSize };
}

/** The circuit alone: what the compiled-circuit cache keeps, plus the R1CS to hash and check the key against. */
export type CompiledCircuit = Pick<CompiledModel, 'r1cs' | 'program' | 'stats' | 'layers' | 'notes' | 'binding' | 'calibration'>;

/**
 * The same circuit as compileModel, from a graph that `take` hands over and nothing else holds:
 * the graph's float weights (and the folded graph's) are let go once the model is quantized,
 * before it is lowered, and the quantized model once it is. For the 18M-parameter MLP that is
 * 143 MB of float kernels fewer while the circuit is lowered (docs/browser-perf.md § 7).
 */
export async function compileCircuit(take: () => Promise<Graph>, options: CompileOptions): Promise<CompiledCircuit> {
  const front = await quantizedFront(take, options);
  const binding = options.binding ?? NO_BINDING;
  const { r1cs, program, layers, stats } = circuitOf(front.quantized, front.parameters, options, binding);
  return { r1cs, program, layers, stats, notes: front.notes, binding, ...(options.calibration ? { calibration: options.calibration } : {}) };
}

/** The quantized model, its graph's parameter count and fold notes; the graph unreachable once this returns. */
async function quantizedFront(take: () => Promise<Graph>, options: CompileOptions) {
  const graph = await take();
  const { folded, quantized } = quantizeGraph(graph, options);
  return { quantized, parameters: graph.parameters, notes: folded.notes ?? [] };
}
