/**
 * A package's circuit made ready to prove: compiled now (and checked against the manifest's r1cs
 * hash), or read from the compiled-circuit cache, where an entry exists only because such a
 * compile matched before (docs/circuit-cache.md). Either way the prover gets the witness program,
 * the facts the key check needs, and what it reports; only a compiled one has the R1CS, against
 * which the witness is checked before proving. A cached one's witness is checked by the proof:
 * proveWithPackage verifies every proof with the package's verification key before returning it.
 */
import type { CircuitStats, CompiledModel, WitnessContext } from '../compile.js';
import { programWitness } from '../compile.js';
import type { LayerCost } from '../circuit/lower.js';
import type { WitnessProgram } from '../circuit/program.js';
import type { R1cs } from '../formats/r1cs-types.js';
import { readCircuitCache, writeCircuitCache } from '../formats/circuit-cache.js';
import type { CircuitKeyFacts } from '../prover/key-check.js';
import { circuitKeyFacts } from '../prover/key-check.js';
import type { OnProgress } from '../progress.js';
import type { BindingWitness } from '../provenance/input.js';
import { bindingSignals } from '../provenance/input.js';
import type { OpenedPackage } from './open.js';
import { manifestBinding } from './output.js';
import { compileModel } from '../compile.js';
import { fail } from '../errors.js';
import { writeR1cs } from '../formats/r1cs.js';
import { sha256Hex } from '../hash.js';
import type { LoadedModel } from '../model/source.js';
import { loadModelFiles } from '../model/source.js';

/**
 * Where compiled circuits are kept, by r1cs hash: a directory next to the package (CLI), IndexedDB
 * (app). Every method may fail (read-only disk, quota): the prover then compiles as before.
 */
export interface CircuitCache {
  get(r1csSha256: string): Promise<Uint8Array | undefined>;
  set(r1csSha256: string, entry: Uint8Array): Promise<void>;
  delete(r1csSha256: string): Promise<void>;
}

export interface PreparedCircuit {
  /** 'compiled': compiled in this call; 'cache': read from the compiled-circuit cache. */
  readonly source: 'compiled' | 'cache';
  readonly r1csSha256: string;
  readonly stats: CircuitStats;
  readonly layers: readonly LayerCost[];
  readonly notes: readonly string[];
  readonly key: CircuitKeyFacts;
  readonly program: WitnessProgram;
  /** What the program's witness runs need besides the input (binding, calibration). */
  readonly context: WitnessContext;
  /** Present when compiled in this process: the witness is checked against it before proving. */
  readonly r1cs?: R1cs;
}

/** Full witness for input codes, the challenge signal and the binding's private values. */
export function preparedWitness(p: PreparedCircuit, codes: readonly bigint[], challenge: bigint, binding?: BindingWitness): bigint[] {
  return programWitness(p.program, p.context, codes, challenge, binding);
}

/** A package's model, checked against the manifest's model hash (the worker's float prediction needs only this). */
export async function loadPackageModel(pkg: OpenedPackage): Promise<LoadedModel> {
  const m = pkg.manifest;
  if (pkg.model.length === 0) fail('package', 'missing-file', 'the package was opened without its model files');
  const byPath = new Map(pkg.model.map((f) => [f.path, f.bytes]));
  const entry = pkg.model[0]!;
  const outputNode = m.model.outputNode;
  const loaded = await loadModelFiles(entry.path, entry.bytes, (p) => byPath.get(p), m.name, m.model.format, outputNode === undefined ? undefined : { outputNode });
  if (loaded.hash !== m.model.hash) {
    fail('package', 'model-mismatch', `the model files hash to ${loaded.hash.slice(0, 12)}…, not the manifest's ${m.model.hash.slice(0, 12)}…`);
  }
  return loaded;
}

/** Load and compile a package's model, checking it is the circuit the proving key was made for. */
export async function compilePackage(pkg: OpenedPackage): Promise<CompiledModel> {
  const m = pkg.manifest;
  if (m.calibration && !pkg.calibration) fail('package', 'missing-file', `the package is calibrated but was opened without its ${m.calibration.file.path}`);
  const loaded = await loadPackageModel(pkg);
  const compiled = compileModel(loaded.graph, {
    inputSpec: m.input,
    output: m.output.rule,
    activationBits: m.compile.activationBits,
    weightBits: m.compile.weightBits,
    ...(m.binding ? { binding: m.binding } : {}),
    ...(pkg.calibration ? { calibration: pkg.calibration } : {}),
  });
  const hash = await sha256Hex(writeR1cs(compiled.r1cs));
  if (hash !== m.circuit.r1csSha256) {
    fail('package', 'circuit-mismatch', `the model compiles to a circuit (sha256 ${hash.slice(0, 12)}…) other than the one the package's key was made for (${m.circuit.r1csSha256.slice(0, 12)}…): the package was made by another zkinfer version or is inconsistent`);
  }
  return compiled;
}

/** A compiled model as a prepared circuit (keeps its R1CS for the witness check). */
export async function preparedFromCompiled(compiled: CompiledModel, r1csSha256: string, key?: CircuitKeyFacts): Promise<PreparedCircuit> {
  return {
    source: 'compiled',
    r1csSha256,
    stats: compiled.stats,
    layers: compiled.layers,
    notes: compiled.notes,
    key: key ?? (await circuitKeyFacts(compiled.r1cs)),
    program: compiled.program,
    context: { binding: compiled.binding, bindingSignals: bindingSignals(compiled.binding), calibrationSamples: compiled.calibration?.samples },
    r1cs: compiled.r1cs,
  };
}

/** The same circuit without its R1CS (after a first witness was checked against it, to save memory). */
export function withoutR1cs(p: PreparedCircuit): PreparedCircuit {
  const { r1cs: _r1cs, ...rest } = p;
  return rest;
}

export interface PrepareOptions {
  readonly cache?: CircuitCache | undefined;
  readonly onProgress?: OnProgress | undefined;
  /** Ignore any cache entry (and replace it): used after a cached witness failed its proof. */
  readonly refresh?: boolean;
}

/**
 * The package's circuit: from the cache when it holds a sound entry for the manifest's r1cs hash,
 * else compiled (which checks the r1cs hash) and, when a cache is given, stored in it.
 */
export async function prepareCircuit(pkg: OpenedPackage, o: PrepareOptions = {}): Promise<PreparedCircuit> {
  const progress = o.onProgress ?? (() => {});
  const m = pkg.manifest;
  const r1csSha256 = m.circuit.r1csSha256;
  if (o.cache && !o.refresh) {
    const bytes = await o.cache.get(r1csSha256).catch(() => undefined);
    if (bytes) {
      const binding = manifestBinding(m);
      const read = await readCircuitCache(bytes, r1csSha256);
      const entry = 'meta' in read && read.meta.bindingSignals !== bindingSignals(binding) ? { refused: 'its input binding differs from the manifest’s' } : read;
      if ('meta' in entry) {
        progress({ stage: 'compile', message: 'using the cached circuit (no compile)' });
        const { meta, program } = entry;
        return {
          source: 'cache',
          r1csSha256,
          stats: meta.stats,
          layers: meta.layers,
          notes: meta.notes,
          key: meta.key,
          program,
          context: { binding, bindingSignals: bindingSignals(binding), calibrationSamples: meta.calibrationSamples },
        };
      }
      progress({ stage: 'compile', message: `the cached circuit is not usable (${entry.refused}): compiling again` });
    }
  }
  progress({ stage: 'compile', message: 'compiling the circuit' });
  const compiled = await compilePackage(pkg);
  const prepared = await preparedFromCompiled(compiled, r1csSha256);
  if (o.cache) await store(o.cache, prepared);
  return prepared;
}

async function store(cache: CircuitCache, p: PreparedCircuit): Promise<void> {
  const bytes = await writeCircuitCache({
    meta: {
      r1csSha256: p.r1csSha256,
      stats: p.stats,
      layers: p.layers,
      notes: p.notes,
      key: p.key,
      bindingSignals: p.context.bindingSignals,
      ...(p.context.calibrationSamples !== undefined ? { calibrationSamples: p.context.calibrationSamples } : {}),
    },
    program: p.program,
  });
  // A cache that cannot be written (read-only package directory, storage quota) costs only speed.
  await cache.set(p.r1csSha256, bytes).catch(() => undefined);
}
