/**
 * A package's circuit made ready to prove: compiled now (and checked against the manifest's r1cs
 * hash), or read from the compiled-circuit cache, where an entry exists only because such a
 * compile matched before (docs/circuit-cache.md). Either way the prover gets the witness program,
 * the facts the key check needs, and what it reports; only a compiled one has the R1CS, against
 * which the witness is checked before proving. A cached one's entry is checked when read (format,
 * program ops and wires, layout against the manifest), its witness is checked to hold the user's
 * input and binding signals (witness-check.ts), and its proof must verify with the package's
 * verification key; any failure drops the entry and compiles again (prove.ts).
 */
import type { CircuitStats, CompiledModel, WitnessContext } from '../compile.js';
import { programWitness } from '../compile.js';
import type { LayerCost } from '../circuit/lower.js';
import type { WitnessProgram } from '../circuit/program.js';
import type { R1cs } from '../formats/r1cs-types.js';
import type { CircuitCacheEntry, RefusedEntry } from '../formats/circuit-cache.js';
import { readCircuitCache, writeCircuitCache } from '../formats/circuit-cache.js';
import type { CircuitKeyFacts } from '../prover/key-check.js';
import { circuitKeyFacts } from '../prover/key-check.js';
import type { OnProgress } from '../progress.js';
import type { BindingWitness } from '../provenance/input.js';
import { bindingSignals } from '../provenance/input.js';
import type { OpenedPackage } from './open.js';
import { manifestBinding } from './output.js';
import { signalCount } from './signals.js';
import { sizeOf } from '../tensor/shape.js';
import { compileCircuit, compileModel } from '../compile.js';
import type { CompileOptions } from '../compile.js';
import { fail } from '../errors.js';
import { r1csSha256 as r1csSha256Of } from '../formats/r1cs.js';
import type { LoadedModel } from '../model/source.js';
import { loadModelFiles } from '../model/source.js';

/**
 * Where compiled circuits are kept, by r1cs hash: a per-user directory (CLI), IndexedDB
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

/** R1CS hashes of compiled models, so that a compile checked here is not hashed again when it is prepared. */
const r1csHashes = new WeakMap<CompiledModel, string>();

async function r1csHashOf(compiled: CompiledModel): Promise<string> {
  let hash = r1csHashes.get(compiled);
  if (hash === undefined) {
    // Hashed as it is written, never materialised (the 18M row's file is 660 MiB).
    hash = r1csSha256Of(compiled.r1cs);
    r1csHashes.set(compiled, hash);
  }
  return hash;
}

function circuitMismatch(hash: string, want: string): never {
  return fail('package', 'circuit-mismatch', `the model compiles to a circuit (sha256 ${hash.slice(0, 12)}…) other than the one the package's key was made for (${want.slice(0, 12)}…): the package was made by another zkinfer version or is inconsistent`);
}

/** Load and compile a package's model, checking it is the circuit the proving key was made for. */
export async function compilePackage(pkg: OpenedPackage): Promise<CompiledModel> {
  const compiled = await compileUnchecked(pkg);
  const hash = await r1csHashOf(compiled);
  if (hash !== pkg.manifest.circuit.r1csSha256) circuitMismatch(hash, pkg.manifest.circuit.r1csSha256);
  return compiled;
}

/** The package's model compiled with the manifest's options; its r1cs hash not yet checked. */
async function compileUnchecked(pkg: OpenedPackage): Promise<CompiledModel> {
  const loaded = await loadPackageModel(pkg);
  return compileModel(loaded.graph, compileOptions(pkg));
}

/** The manifest's compile options (and the package's calibration). */
function compileOptions(pkg: OpenedPackage): CompileOptions {
  const m = pkg.manifest;
  if (m.calibration && !pkg.calibration) fail('package', 'missing-file', `the package is calibrated but was opened without its ${m.calibration.file.path}`);
  return {
    inputSpec: m.input,
    output: m.output.rule,
    activationBits: m.compile.activationBits,
    weightBits: m.compile.weightBits,
    ...(m.binding ? { binding: m.binding } : {}),
    ...(pkg.calibration ? { calibration: pkg.calibration } : {}),
  };
}

/**
 * A compiled model as a prepared circuit (keeps its R1CS for the witness check), checked to be the
 * circuit with r1cs hash `r1csSha256` (the manifest's): a compile handed in by a caller (`compiled`
 * of ProveOptions) is not labelled with a hash it does not have.
 */
export async function preparedFromCompiled(compiled: CompiledModel, r1csSha256: string, key?: CircuitKeyFacts): Promise<PreparedCircuit> {
  const hash = await r1csHashOf(compiled);
  if (hash !== r1csSha256) circuitMismatch(hash, r1csSha256);
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
      if (m.calibration && !pkg.calibration) fail('package', 'missing-file', `the package is calibrated but was opened without its ${m.calibration.file.path}`);
      const binding = manifestBinding(m);
      const read = await readCircuitCache(bytes, r1csSha256).catch((e: unknown): RefusedEntry => ({ refused: `it cannot be read (${e instanceof Error ? e.message : String(e)})` }));
      const entry = 'meta' in read ? (entryDefect(pkg, read) ?? read) : read;
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
          // The calibration's sample count comes from the package (hash-checked), never from the
          // entry: it decides whether a range error is the input's fault (outside-calibration).
          context: { binding, bindingSignals: bindingSignals(binding), calibrationSamples: pkg.calibration?.samples },
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

/**
 * Why an entry that read well is not this package's circuit, or undefined: its program's layout
 * must be the manifest's (its public signals, then the input codes' bits as private inputs), which
 * is where the prover looks for the input after the witness (witness-check.ts).
 */
function entryDefect(pkg: OpenedPackage, entry: CircuitCacheEntry): RefusedEntry | undefined {
  const m = pkg.manifest;
  const { program } = entry;
  if (entry.meta.bindingSignals !== bindingSignals(manifestBinding(m))) return { refused: 'its input binding differs from the manifest’s' };
  const nPublic = signalCount(m.publicSignals);
  if (program.nOutputs + program.nPublicInputs !== nPublic) return { refused: `its program has ${program.nOutputs + program.nPublicInputs} public signals, the manifest's layout ${nPublic}` };
  const outputs = m.publicSignals.find((s) => s.segment === 'output')?.signals.length ?? 0;
  if (program.nOutputs !== outputs) return { refused: `its program has ${program.nOutputs} outputs, the manifest's layout ${outputs}` };
  const privateInputs = sizeOf(m.input.shape) * m.input.bits;
  if (program.nPrivateInputs !== privateInputs) return { refused: `its program reads ${program.nPrivateInputs} private-input bits, the manifest's input ${privateInputs}` };
  return undefined;
}

/**
 * Compiles the package's circuit, checked against the manifest's r1cs hash as prepareCircuit does,
 * and returns what its compiled-circuit cache entry holds (writeCircuitCache makes the bytes). For
 * a worker that only compiles (the app's compile worker): the graph, the quantized model and the
 * R1CS are let go before this returns, and the entry's bytes can be made elsewhere, once that
 * worker is gone, so that they are not held beside its heap (docs/browser-perf.md § 7).
 */
export async function compileCacheEntry(pkg: OpenedPackage, onProgress?: OnProgress): Promise<CircuitCacheEntry> {
  onProgress?.({ stage: 'compile', message: 'compiling the circuit' });
  return entryOf(await compiledProgram(pkg));
}

/**
 * The compiled circuit without its R1CS. The graph is let go before the circuit is lowered, the
 * quantized model before the R1CS is hashed (compileCircuit), the R1CS once this returns.
 */
async function compiledProgram(pkg: OpenedPackage): Promise<PreparedCircuit> {
  const options = compileOptions(pkg);
  const parts = await compileCircuit(async () => (await loadPackageModel(pkg)).graph, options);
  const r1csSha256 = r1csSha256Of(parts.r1cs);
  if (r1csSha256 !== pkg.manifest.circuit.r1csSha256) circuitMismatch(r1csSha256, pkg.manifest.circuit.r1csSha256);
  return {
    source: 'compiled',
    r1csSha256,
    stats: parts.stats,
    layers: parts.layers,
    notes: parts.notes,
    key: await circuitKeyFacts(parts.r1cs),
    program: parts.program,
    context: { binding: parts.binding, bindingSignals: bindingSignals(parts.binding), calibrationSamples: parts.calibration?.samples },
  };
}

async function store(cache: CircuitCache, p: PreparedCircuit): Promise<void> {
  const bytes = await writeCircuitCache(entryOf(p));
  // A cache that cannot be written (read-only package directory, storage quota) costs only speed.
  await cache.set(p.r1csSha256, bytes).catch(() => undefined);
}

function entryOf(p: PreparedCircuit): CircuitCacheEntry {
  return {
    meta: {
      r1csSha256: p.r1csSha256,
      stats: p.stats,
      layers: p.layers,
      notes: p.notes,
      key: p.key,
      bindingSignals: p.context.bindingSignals,
    },
    program: p.program,
  };
}
