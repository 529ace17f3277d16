/**
 * One benchmark row, stage by stage: load → compile → r1cs → setup → witness → check → prove →
 * verify → floor → naive encoding. Each stage is timed on its own; a stage that fails ends the row
 * (later stages need its output) but never the run: the row reports what it measured and the error.
 */
import * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from '../src/core/index.js';
import { compileModel, encodeInput, importModel, writeR1cs, writeWtns } from '../src/core/index.js';
import { isSatisfied } from '../src/core/circuit/check.js';
import { FIELD_PRIME } from '../src/core/field.js';
import { createDevelopmentKey } from '../src/core/prover/devSetup.js';
import { r1csDomainPower } from '../src/core/domain.js';
import { exportVerificationKey, prove, verify } from '../src/core/prover/snark.js';
import type { VerificationKey } from '../src/core/prover/snark-types.js';
import type { Floor } from './floor.js';
import { prepareFloor, summarize } from './floor.js';
import { maxRssBytes, median, RssSampler, timed } from './measure.js';
import { buildNaive, countNaive } from './naive.js';
import type { RowSpec } from './rows.js';
import type { NaiveResult, Repeated, RowResult } from './types.js';

export interface RowOptions {
  /** Proofs (and verifications, floor runs) per row, after one warm-up; the median is reported. */
  readonly repeat: number;
  /** Naive circuits above this many constraints are counted, not built or proved. */
  readonly naiveMaxConstraints: number;
  readonly floor: boolean;
  /** Rows whose circuit needs a larger domain than 2^maxProvePower are compiled and counted only. */
  readonly maxProvePower: number;
  /** True when this process runs only this row (peak RSS is then the row's own). */
  readonly isolated: boolean;
  readonly progress: (line: string) => void;
}

/** A full collection when the process runs with --expose-gc (the row's child process does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** Field-element strings for snarkjs's verify (public signals are the output wires). */
function signalStrings(witness: readonly bigint[], nPublic: number): string[] {
  return witness.slice(1, 1 + nPublic).map((v) => String(((v % FIELD_PRIME) + FIELD_PRIME) % FIELD_PRIME));
}

/**
 * One warm-up proof, then n timed ones; with a floor, each proof is followed by one floor run so
 * that both see the same load, and the ratio is the median of the per-pair ratios.
 */
async function repeatProofs(zkey: Uint8Array, wtns: Uint8Array, n: number, floor: Floor | null, progress: (i: number) => void) {
  const first = await timed(() => prove(zkey, wtns));
  if (floor) await floor.once();
  const runs: number[] = [];
  const floors: { fft: number; msm: number }[] = [];
  for (let i = 0; i < n; i++) {
    progress(i);
    runs.push((await timed(() => prove(zkey, wtns))).ms);
    if (floor) floors.push(await floor.once());
  }
  const ratio = floor ? median(runs.map((p, i) => p / (floors[i]!.fft + floors[i]!.msm))) : null;
  return {
    first: first.ms,
    result: first.value,
    prove: { median: median(runs), runs } satisfies Repeated,
    floor: floor ? summarize(floors) : null,
    ratio,
  };
}

/** A row with nothing measured yet: the stages fill it in, a crash leaves it as it is. */
export function blankRow(spec: RowSpec, isolated: boolean): Mutable<RowResult> {
  return {
    id: spec.id,
    group: spec.group,
    architecture: spec.architecture,
    status: 'ok',
    error: null,
    notes: [],
    parameters: null,
    activations: null,
    constraints: null,
    wires: null,
    publicSignals: null,
    power: null,
    terms: null,
    times: { load: null, compile: null, r1csWrite: null, setup: null, witness: null, check: null, prove: null, proveFirst: null, verify: null },
    sizes: { r1cs: null, zkey: null },
    memory: { peakRss: null, afterStage: {}, isolated },
    floor: null,
    naive: null,
    ratios: { constraints: null, prove: null, proveOverFloor: null },
  };
}

export async function runRow(spec: RowSpec, o: RowOptions): Promise<RowResult> {
  const sampler = new RssSampler();
  sampler.start();
  const row: Mutable<RowResult> = blankRow(spec, o.isolated);
  let stage = 'load';
  const step = (name: string, detail = '') => {
    stage = name;
    o.progress(`${spec.id}: ${name}${detail ? ` — ${detail}` : ''}`);
  };
  const after = (name: string) => {
    row.memory.afterStage[name] = sampler.sample();
  };

  try {
    step('load', spec.architecture);
    const loaded = await timed(() => spec.load());
    row.times.load = loaded.ms;
    const { model, inputSpec, output, input, weightBits, activationBits } = loaded.value;
    if (weightBits !== undefined || activationBits !== undefined) row.notes.push(`published bit widths (publish.json): weights ${weightBits ?? 'default'}, activations ${activationBits ?? 'default'}`);
    after('load');

    const codes = encodeInput(inputSpec, input, 'clamp').codes;
    // Everything that needs the compiled circuit happens inside this function, so that when it
    // returns the circuit (gigabytes of linear combinations and hints for the big sweep rows) is
    // garbage: proving with it still reachable measured several times slower (V8's collector
    // walks the whole live heap), which would be the harness's cost, not the prover's.
    const compiledStages = async () => {
      step('compile');
      const compiledT = await timed(() => {
        const graph = importModel(model, spec.id);
        return compileModel(graph, { inputSpec, output, weightBits, activationBits });
      });
      model.dispose();
      tf.disposeVariables();
      const compiled: CompiledModel = compiledT.value;
      row.times.compile = compiledT.ms;
      const s = compiled.stats;
      row.parameters = s.parameters;
      row.constraints = s.constraints;
      row.wires = s.wires;
      row.publicSignals = s.publicSignals;
      const power = r1csDomainPower(compiled.r1cs);
      row.power = power;
      row.terms = { ...s.terms };
      row.activations = compiled.layers.filter((l) => l.bits.length > 0 && l.layer !== 'input' && l.layer !== 'output').reduce((n, l) => n + l.activations, 0);
      after('compile');
      o.progress(`${spec.id}: ${s.parameters} parameters → ${s.constraints} constraints, ${s.wires} wires, domain 2^${power} (${compiledT.ms.toFixed(0)} ms)`);

      step('r1cs');
      const r1csT = await timed(() => writeR1cs(compiled.r1cs).length);
      row.times.r1csWrite = r1csT.ms;
      row.sizes.r1cs = r1csT.value;
      after('r1cs');

      if (power > o.maxProvePower) {
        row.notes.push(`domain 2^${power} is above --max-prove-power ${o.maxProvePower}: compiled and counted only`);
        row.status = 'partial';
        return { quantized: compiled.quantized, nPublic: s.publicSignals, keys: null };
      }
      step('setup', `development key, domain 2^${power}`);
      const setupT = await timed(async () => {
        const zkey = await createDevelopmentKey(compiled.r1cs);
        const vkey = await exportVerificationKey(zkey);
        return { zkey, vkey };
      });
      row.times.setup = setupT.ms;
      row.sizes.zkey = setupT.value.zkey.length;
      after('setup');

      step('witness');
      const witnessT = await timed(() => {
        const w = compiled.witness(codes);
        return { w, wtns: writeWtns(w) };
      });
      row.times.witness = witnessT.ms;
      after('witness');

      step('check');
      const checkT = await timed(() => isSatisfied(compiled.r1cs, witnessT.value.w));
      row.times.check = checkT.ms;
      if (!checkT.value) throw new Error('the witness does not satisfy the circuit');
      const keys = { ...setupT.value, wtns: witnessT.value.wtns, signals: signalStrings(witnessT.value.w, s.publicSignals) };
      return { quantized: compiled.quantized, nPublic: s.publicSignals, keys };
    };
    const { quantized, nPublic, keys } = await compiledStages();
    collectGarbage();

    step('naive count');
    const naiveCount = countNaive(quantized);
    const naivePower = Math.max(1, 32 - Math.clz32(naiveCount.constraints + nPublic));
    const naive: Mutable<NaiveResult> = { ...naiveCount, power: naivePower, built: null, skipped: null };
    row.naive = naive;
    row.ratios.constraints = naiveCount.constraints / Math.max(1, row.constraints ?? 1);

    if (keys) {
      const { zkey, vkey, wtns, signals } = keys;
      step('prove', `1 warm-up + ${o.repeat}${o.floor ? `, each followed by the floor (FFTs + MSMs of domain 2^${row.power}, ${row.wires} wires)` : ''}`);
      const floor = o.floor ? await prepareFloor(zkey, wtns) : null;
      const proofs = await repeatProofs(zkey, wtns, o.repeat, floor, (i) => o.progress(`${spec.id}: prove ${i + 1}/${o.repeat}`));
      row.times.prove = proofs.prove;
      row.times.proveFirst = proofs.first;
      row.floor = proofs.floor;
      row.ratios.proveOverFloor = proofs.ratio;
      after('prove');

      step('verify');
      const vRuns: number[] = [];
      for (let i = 0; i < Math.max(1, o.repeat); i++) {
        const v = await timed(() => verify(vkey as VerificationKey, signals, proofs.result.proof));
        if (!v.value) throw new Error('the proof does not verify');
        vRuns.push(v.ms);
      }
      row.times.verify = { median: median(vRuns), runs: vRuns };
    }

    if (naiveCount.constraints > o.naiveMaxConstraints) {
      naive.skipped = `${naiveCount.constraints} constraints (domain 2^${naivePower}) is above --naive-max ${o.naiveMaxConstraints}: counted, not built or proved`;
    } else if (naivePower > o.maxProvePower) {
      naive.skipped = `domain 2^${naivePower} is above --max-prove-power ${o.maxProvePower}`;
    } else {
      step('naive build', `${naiveCount.constraints} constraints`);
      const buildT = await timed(() => {
        const c = buildNaive(quantized);
        return { c, r1cs: c.builder.toR1cs() };
      });
      const { c: nc, r1cs: nr1cs } = buildT.value;
      if (nr1cs.constraints.length !== naiveCount.constraints || nr1cs.nWires !== naiveCount.wires) {
        row.notes.push(`naive: built ${nr1cs.constraints.length} constraints / ${nr1cs.nWires} wires, analytic count ${naiveCount.constraints} / ${naiveCount.wires}`);
      }
      const terms = { a: 0, b: 0, c: 0 };
      for (const [a, b, c] of nr1cs.constraints) {
        terms.a += a.wires.length;
        terms.b += b.wires.length;
        terms.c += c.wires.length;
      }
      step('naive witness');
      const nw = await timed(() => {
        const w = nc.builder.witness(nc.privateInputs(codes));
        return { w, wtns: writeWtns(w) };
      });
      if (!isSatisfied(nr1cs, nw.value.w)) throw new Error('naive encoding: the witness does not satisfy its circuit');
      step('naive setup', `domain 2^${naivePower}`);
      const nsetup = await timed(() => createDevelopmentKey(nr1cs));
      step('naive prove', `1 warm-up + ${o.repeat}`);
      const nproofs = await repeatProofs(nsetup.value, nw.value.wtns, o.repeat, null, (i) => o.progress(`${spec.id}: naive prove ${i + 1}/${o.repeat}`));
      const nvkey = await exportVerificationKey(nsetup.value);
      const verified = await verify(nvkey, signalStrings(nw.value.w, nc.nOutputs), nproofs.result.proof);
      if (!verified) row.notes.push('naive: the proof did not verify');
      naive.built = {
        constraints: nr1cs.constraints.length,
        wires: nr1cs.nWires,
        terms,
        buildMs: buildT.ms,
        witnessMs: nw.ms,
        setupMs: nsetup.ms,
        zkeyBytes: nsetup.value.length,
        prove: nproofs.prove,
        verified,
      };
      if (row.times.prove) row.ratios.prove = nproofs.prove.median / row.times.prove.median;
      after('naive');
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    row.error = { stage, message };
    row.status = 'error';
    o.progress(`${spec.id}: ERROR in ${stage}: ${message}`);
  }
  sampler.stop();
  row.memory.peakRss = o.isolated ? maxRssBytes() : sampler.stop();
  if (!o.isolated) row.notes.push('peak RSS sampled in a shared process: an approximation');
  if (row.status === 'ok' && row.naive?.skipped) row.notes.push(`naive: ${row.naive.skipped}`);
  return row;
}
