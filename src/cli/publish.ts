import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { estimateCircuit, estimateSentence, MAX_METADATA, NO_BINDING, publishPackage } from '../core/index.js';
import type { InputBinding } from '../core/index.js';
import { readBytes, readJson, readModel, UsageError, writePackageDir } from './files.js';
import { parseInputKind, parseIntOption, parseOutputRule, resolveInputSpec, resolveLabels } from './spec-args.js';
import type { Terminal } from './terminal.js';
import { bytesText, seconds } from './terminal.js';
import { readCalibrationInputs } from './calibration-args.js';

export interface PublishArgs {
  model: string;
  outputNode?: string;
  out?: string;
  inputRange?: string;
  inputSpec?: string;
  inputBits?: string;
  inputKind?: string;
  output?: string;
  labels?: string;
  ptau?: string;
  entropy?: string;
  scale?: string;
  weightBits?: string;
  name?: string;
  packageVersion?: string;
  samples?: string;
  targetAgreement?: string;
  solidity?: boolean;
  /** Compile verifier.sol with solc-js into verifier.evm.json (default: yes, when there is a verifier.sol). */
  verifierBytecode?: boolean;
  inputBinding?: string;
  metadata?: string;
  captureSignal?: boolean;
  calibrate?: string;
  margin?: string;
  /** Publish even when the estimate says the circuit will not fit a browser proof. */
  force?: boolean;
}

function parseBinding(kind: string | undefined, metadata: string | undefined, capture = false): InputBinding {
  const count = parseIntOption(metadata, 'metadata', 0, MAX_METADATA);
  if (count !== undefined && kind !== 'signature') throw new UsageError('--metadata goes with --input-binding signature');
  if (capture && kind !== 'signature') throw new UsageError('--capture-signal goes with --input-binding signature');
  switch (kind ?? 'none') {
    case 'none':
      return NO_BINDING;
    case 'commitment':
      return { kind: 'commitment' };
    case 'signature':
      return capture ? { kind: 'signature', metadata: count ?? 0, capture: true } : { kind: 'signature', metadata: count ?? 0 };
    default:
      throw new UsageError(`--input-binding must be none, commitment or signature, not "${kind}"`);
  }
}

/**
 * The capture signal is Poseidon(tag, M), M = Poseidon(header, packed codes, metadata): unsalted,
 * so whoever can guess the signed input can recompute it and recognise the proofs of that input.
 * Fine for an iris strip (8,192 codes of 8 bits from a picture: not guessable), not for a small
 * tabular input or a digit. So --capture-signal is refused for any input kind but iris-strip
 * (docs/PROVENANCE.md, "Capture signal: which inputs").
 */
export function checkCaptureSignalKind(capture: boolean, kind: string | undefined): void {
  if (!capture || kind === 'iris-strip') return;
  throw new UsageError(
    `--capture-signal is for iris strips (input kind iris-strip), not for input kind ${kind ?? 'unset (tabular)'}: the capture signal is an unsalted Poseidon hash of the signed input, so anyone who can guess a small input can recompute it and find its proofs. Publish without --capture-signal (docs/PROVENANCE.md)`,
  );
}

/** One line on a calibrated package: what it enforces and how complete it is. */
export function calibrationLine(c: { margin: number; samples: number; provability?: number }, samples?: number): string {
  const p = c.provability === undefined ? 'provability not measured (no --samples)' : `provability ${(100 * c.provability).toFixed(2)}%${samples ? ` on ${samples} samples` : ''}`;
  return `calibrated ranges (enforced): from ${c.samples} inputs, margin ${c.margin}; ${p}`;
}

export function readSamples(path: string | undefined): number[][] | undefined {
  if (!path) return undefined;
  const raw = readJson(path, 'samples file');
  const rows = Array.isArray(raw) ? raw : (raw as { samples?: unknown }).samples;
  if (!Array.isArray(rows)) throw new UsageError(`${path} must be a JSON list of input vectors (or {"samples": [...]})`);
  return rows.map((r: unknown, i) => {
    const v = r !== null && typeof r === 'object' && !Array.isArray(r) ? (r as { values?: unknown; input?: unknown }).values ?? (r as { input?: unknown }).input : r;
    const flat = Array.isArray(v) ? (v.flat(Infinity as 1) as unknown[]) : undefined;
    if (!flat || !flat.every((x) => typeof x === 'number')) {
      throw new UsageError(`${path}: sample ${i} is not a list of numbers (each sample is a nested list of numbers, or {"values": [...]} or {"input": [...]})`);
    }
    return flat as number[];
  });
}

/** Bit widths the publisher chose earlier, from publish.json next to model.json (flags win). */
export function publishDefaults(modelPath: string): { weightBits?: number; activationBits?: number } {
  const path = join(dirname(resolve(modelPath)), 'publish.json');
  if (!existsSync(path)) return {};
  const raw = readJson(path, 'publish settings') as { weightBits?: unknown; activationBits?: unknown };
  const int = (v: unknown, name: string) => {
    if (v === undefined) return undefined;
    if (!Number.isInteger(v)) throw new UsageError(`${path}: "${name}" must be an integer`);
    return v as number;
  };
  return { weightBits: int(raw.weightBits, 'weightBits'), activationBits: int(raw.activationBits, 'activationBits') };
}

function parseFraction(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const f = Number(text);
  if (!(f > 0 && f <= 1)) throw new UsageError(`--target-agreement must be a fraction in (0, 1], e.g. 0.995, got "${text}"`);
  return f;
}

export async function publish(a: PublishArgs, term: Terminal): Promise<number> {
  if (!a.out) throw new UsageError('publish needs --out <dir>');
  const started = performance.now();
  const name = a.name ?? basename(dirname(resolve(a.model)));
  term.progress({ stage: 'load', message: 'loading the model' });
  const model = await readModel(a.model, name, a.outputNode);
  const inShape = model.graph.shapes.get(model.graph.input)!;
  const inputSpec = resolveInputSpec({ inputRange: a.inputRange, inputSpec: a.inputSpec, inputBits: parseIntOption(a.inputBits, 'input-bits', 1, 24), inputKind: parseInputKind(a.inputKind) }, a.model, inShape);
  checkCaptureSignalKind(a.captureSignal === true, inputSpec.kind);
  const defaults = publishDefaults(a.model);
  const output = parseOutputRule(a.output);
  const activationBits = parseIntOption(a.scale, 'scale', 0, 32) ?? defaults.activationBits;
  const weightBits = parseIntOption(a.weightBits, 'weight-bits', 2, 32) ?? defaults.weightBits;
  // Before anything slow: a model far too large to prove is refused in seconds, not after a
  // compile and a key setup that would take hours and more memory than a browser has.
  const estimate = estimateCircuit(model.graph, { inputSpec, output, activationBits, weightBits });
  if (!estimate.fitsBrowser && !a.force) {
    throw new UsageError(`${a.model} is too large to prove: ${estimateSentence(estimate)}; publish it anyway with --force`);
  }
  const calibration = readCalibrationInputs(a, inShape);
  const pkg = await publishPackage({
    name,
    packageVersion: a.packageVersion,
    model,
    inputSpec,
    output,
    labels: resolveLabels(a.labels, a.model),
    activationBits,
    weightBits,
    ptau: a.ptau ? readBytes(a.ptau, 'powers-of-tau file') : undefined,
    entropy: a.entropy,
    samples: readSamples(a.samples),
    targetAgreement: parseFraction(a.targetAgreement),
    solidity: a.solidity !== false,
    // solc-js (9 MB) is imported only when it is needed.
    ...(a.solidity !== false && a.verifierBytecode !== false ? { compileVerifier: async (source: string) => (await import('../evm/solc.js')).compileVerifierArtifact(source) } : {}),
    inputBinding: parseBinding(a.inputBinding, a.metadata, a.captureSignal),
    ...(calibration ? { calibration } : {}),
    onProgress: term.progress,
  });
  writePackageDir(a.out, pkg.files);
  term.done();
  const m = pkg.manifest;
  const elapsed = performance.now() - started;
  if (term.json) {
    process.stdout.write(
      JSON.stringify({
        package: resolve(a.out),
        packageId: pkg.id,
        name: m.name,
        setup: m.setup.kind,
        output: m.output,
        binding: m.binding ?? { kind: 'none' },
        circuit: m.circuit,
        files: Object.fromEntries([...pkg.files].map(([k, v]) => [k, v.length])),
        agreement: m.agreement ?? null,
        calibration: m.calibration ?? null,
        seconds: elapsed / 1000,
      }) + '\n',
    );
    return 0;
  }
  term.say(`published "${m.name}" to ${a.out} in ${seconds(elapsed)}`);
  term.say(`  package id ${pkg.id}`);
  term.say(`  fixed point: weights ${m.compile.weightBits} bits, activations ${m.compile.activationBits} fractional bits`);
  term.say(`  circuit: ${m.circuit.constraints} constraints, ${m.circuit.wires} wires, ${m.circuit.parameters} parameters, output ${m.output.rule}${m.output.labels ? ` (${m.output.labels.join(', ')})` : ''}`);
  for (const [name, bytes] of pkg.files) term.say(`  ${name.padEnd(24)} ${bytesText(bytes.length)}`);
  if (m.binding?.kind === 'commitment') term.say('  input binding: commitment (each proof publishes Poseidon(input codes, salt); the prover keeps the opening)');
  if (m.binding?.kind === 'signature') term.say(`  input binding: signature (proofs need input signed by a data source, ${m.binding.metadata} metadata value(s); verifiers name trusted signers${m.binding.capture ? '; each proof also publishes the capture signal, equal for every proof of one signed input' : ''})`);
  if (m.agreement) term.say(`  float vs circuit: ${(100 * m.agreement.top1).toFixed(2)}% top-1 agreement on ${m.agreement.samples} samples, max |error| ${m.agreement.maxAbsError.toFixed(4)}`);
  if (m.calibration) term.say(`  ${calibrationLine(m.calibration)}`);
  if (m.setup.kind === 'development') term.say(`  ⚠ ${m.setup.warning}`);
  else term.say(`  setup: phase 2 on a powers-of-tau file of power ${m.setup.ptau.power}, one contribution and a beacon`);
  return 0;
}
