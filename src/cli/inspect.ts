import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CompiledModel } from '../core/index.js';
import { agreementReport, calibrate, compileModel, compilePackage, estimateCircuit, estimateSentence, openPackage, provabilityReport } from '../core/index.js';
import type { SizeEstimate } from '../core/index.js';
import type { InputSpec } from '../core/index.js';
import { readCalibrationInputs } from './calibration-args.js';
import { calibrationLine, publishDefaults, readSamples } from './publish.js';
import { estimateZkeySize } from '../core/prover/devSetup.js';
import { readModel, readPackageDir, UsageError } from './files.js';
import { parseIntOption, parseOutputRule, resolveInputSpec } from './spec-args.js';
import type { Terminal } from './terminal.js';
import { bytesText } from './terminal.js';

export interface InspectArgs {
  target: string;
  inputRange?: string;
  inputSpec?: string;
  inputBits?: string;
  output?: string;
  outputNode?: string;
  scale?: string;
  weightBits?: string;
  calibrate?: string;
  margin?: string;
  samples?: string;
  /** Compile even when the estimate says the circuit will not fit a browser proof. */
  force?: boolean;
}

/** inspect's answer for a model too large to prove: the estimate, without compiling. */
function reportEstimate(source: string, e: SizeEstimate, term: Terminal): number {
  term.done();
  if (term.json) {
    process.stdout.write(JSON.stringify({ source, compiled: false, estimate: e }) + '\n');
    return 0;
  }
  term.say(`${source}: not compiled (too large)`);
  const rows = [['layer', 'op', 'activations', 'constraints (est.)'], ...e.layers.filter((l) => l.constraints > 0).map((l) => [l.layer, l.op, String(l.activations), String(Math.round(l.constraints))])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) term.say(r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  term.say('');
  term.say(estimateSentence(e));
  term.say('(an estimate from the graph and its intervals, without building the circuit; --force compiles it anyway)');
  return 0;
}

export async function inspect(a: InspectArgs, term: Terminal): Promise<number> {
  let compiled: CompiledModel;
  let source: string;
  let spec: InputSpec;
  if (existsSync(a.target) && statSync(a.target).isDirectory()) {
    if (a.calibrate !== undefined) throw new UsageError('--calibrate is for a model.json; a package keeps the ranges it was published with');
    if (a.outputNode !== undefined) throw new UsageError('--output-node is for a model file; a package keeps the output it was published with');
    const pkg = await openPackage(readPackageDir(a.target));
    spec = pkg.manifest.input;
    term.progress({ stage: 'compile', message: 'compiling the circuit' });
    compiled = await compilePackage(pkg);
    source = `package ${pkg.manifest.name}`;
  } else {
    const modelPath = a.target;
    term.progress({ stage: 'load', message: 'loading the model' });
    const { graph } = await readModel(modelPath, basename(dirname(resolve(modelPath))), a.outputNode);
    spec = resolveInputSpec(
      { inputRange: a.inputRange, inputSpec: a.inputSpec, inputBits: parseIntOption(a.inputBits, 'input-bits', 1, 24) },
      modelPath,
      graph.shapes.get(graph.input)!,
    );
    // The widths publish would use (flags, else publish.json beside the model): what inspect
    // reports is then the circuit publish builds.
    const defaults = publishDefaults(modelPath);
    const options = {
      inputSpec: spec,
      output: parseOutputRule(a.output),
      activationBits: parseIntOption(a.scale, 'scale', 0, 32) ?? defaults.activationBits,
      weightBits: parseIntOption(a.weightBits, 'weight-bits', 2, 32) ?? defaults.weightBits,
    };
    term.progress({ stage: 'compile', message: 'estimating the circuit size' });
    const estimate = estimateCircuit(graph, options);
    if (!estimate.fitsBrowser && !a.force) return reportEstimate(join(a.target), estimate, term);
    const cal = readCalibrationInputs(a, graph.shapes.get(graph.input)!);
    if (cal) term.progress({ stage: 'compile', message: `calibrating ranges on ${cal.inputs.length} inputs` });
    const calibration = cal ? calibrate(graph, options, cal.inputs, cal.margin) : undefined;
    term.progress({ stage: 'compile', message: 'compiling the circuit' });
    compiled = compileModel(graph, { ...options, ...(calibration ? { calibration } : {}) });
    source = join(a.target);
  }
  const samples = readSamples(a.samples);
  if (samples) term.progress({ stage: 'compile', message: `running ${samples.length} samples` });
  const agreement = samples ? agreementReport(compiled, spec, samples) : undefined;
  const provability = samples ? provabilityReport(compiled, spec, samples) : undefined;
  term.done();
  const calibration = compiled.calibration ? { margin: compiled.calibration.margin, samples: compiled.calibration.samples, ...(provability ? { provability: provability.provability } : {}) } : undefined;
  const s = compiled.stats;
  const layers = compiled.layers.map((l) => ({
    layer: l.layer,
    class: l.className,
    op: l.op,
    activations: l.activations,
    parameters: l.parameters,
    constraints: l.constraints,
    wires: l.wires,
    bits: l.bits.length ? { min: Math.min(...l.bits), max: Math.max(...l.bits), mean: l.bits.reduce((x, y) => x + y, 0) / l.bits.length } : null,
  }));
  const zkeyBytes = estimateZkeySize(compiled.r1cs);
  if (term.json) {
    process.stdout.write(
      JSON.stringify({
        source,
        output: compiled.options.output,
        parameters: s.parameters,
        constraints: s.constraints,
        wires: s.wires,
        publicSignals: s.publicSignals,
        terms: s.terms,
        power: s.power,
        estimatedZkeyBytes: zkeyBytes,
        rewrites: compiled.notes,
        layers,
        mode: calibration ? 'calibrated' : 'exact',
        calibration: calibration ?? null,
        agreement: agreement ?? null,
        provability: provability ?? null,
      }) + '\n',
    );
    return 0;
  }
  const rows = [['layer', 'op', 'activations', 'params', 'constraints', 'wires', 'bits (min–max, mean)']];
  for (const l of layers) {
    const bits = l.bits ? `${l.bits.min}–${l.bits.max}, ${l.bits.mean.toFixed(1)}` : '';
    rows.push([`${l.layer} (${l.class})`, l.op, String(l.activations), String(l.parameters), String(l.constraints), String(l.wires), bits]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  term.say(`${source}: ${compiled.options.output} output`);
  for (const r of rows) term.say(r.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  term.say('');
  term.say(`parameters ${s.parameters} · constraints ${s.constraints} · wires ${s.wires} · public signals ${s.publicSignals}`);
  for (const note of compiled.notes) term.say(`rewrite: ${note}`);
  term.say(`non-zero terms A ${s.terms.a} · B ${s.terms.b} · C ${s.terms.c} · domain 2^${s.power} · proving key ≈ ${bytesText(zkeyBytes)}`);
  term.say(calibration ? calibrationLine(calibration, provability?.samples) : 'ranges: exact (every input in the declared ranges can be proved)');
  if (provability && Object.keys(provability.refusedBy).length) term.say(`  refused by: ${Object.entries(provability.refusedBy).map(([l, n]) => `${l} ${n}`).join(', ')}`);
  if (agreement) term.say(`float vs circuit: ${(100 * agreement.top1).toFixed(2)}% top-1 agreement on ${agreement.samples} samples; provability ${(100 * provability!.provability).toFixed(2)}%`);
  return 0;
}
