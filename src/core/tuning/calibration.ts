/**
 * Calibrated mode, above the compiler (docs/CALIBRATION.md): ranges from sample inputs, and how
 * complete the resulting circuit is on held-out inputs (provability).
 */
import type { CompileOptions, CompiledModel } from '../compile.js';
import { quantizeGraph } from '../compile.js';
import { ZkinferError, fail } from '../errors.js';
import type { InputSpec } from '../model/input-spec.js';
import { encodeInput } from '../model/input.js';
import type { Graph } from '../model/ir.js';
import type { CalibratedRanges } from '../quant/calibrate.js';
import { DEFAULT_CALIBRATION_MARGIN, observeRanges, widenRanges } from '../quant/calibrate.js';

/**
 * The calibrated ranges of `graph` compiled with `options`, from calibration inputs (raw feature
 * vectors, flattened; values outside the spec are clamped, as the grid is) widened by `margin`.
 */
export function calibrate(graph: Graph, options: CompileOptions, inputs: readonly (readonly number[])[], margin = DEFAULT_CALIBRATION_MARGIN): CalibratedRanges {
  if (inputs.length === 0) fail('input', 'no-calibration-inputs', 'calibration needs at least one input');
  const { quantized } = quantizeGraph(graph, options);
  const codes = inputs.map((x) => encodeInput(options.inputSpec, x, 'clamp').codes);
  return widenRanges(quantized, observeRanges(quantized, codes), margin, inputs.length);
}

export interface ProvabilityReport {
  readonly samples: number;
  /** Share of the samples whose witness satisfies the circuit (1 for an exact-mode circuit). */
  readonly provability: number;
  /** The layers that refused samples, with how many each refused first. */
  readonly refusedBy: Readonly<Record<string, number>>;
}

/** Runs the witness generator on each sample: in calibrated mode it refuses inputs outside the ranges. */
export function provabilityReport(compiled: CompiledModel, spec: InputSpec, samples: readonly (readonly number[])[]): ProvabilityReport {
  let ok = 0;
  const refusedBy: Record<string, number> = {};
  for (const x of samples) {
    try {
      compiled.witness(encodeInput(spec, x, 'clamp').codes);
      ok++;
    } catch (e) {
      if (!(e instanceof ZkinferError) || e.code !== 'outside-calibration') throw e;
      const layer = /layer (\S+)/.exec(e.message)?.[1] ?? '?';
      refusedBy[layer] = (refusedBy[layer] ?? 0) + 1;
    }
  }
  return { samples: samples.length, provability: samples.length ? ok / samples.length : 1, refusedBy };
}
