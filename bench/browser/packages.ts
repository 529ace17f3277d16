/**
 * The model packages the browser bench proves: one per row, built with the core's publishPackage
 * (development key) into the git-ignored bench/.packages/<row>/, beside a bench.json with the row's
 * input and circuit figures. Demo rows publish their shipped files with the bit widths of their
 * publish.json, as scripts/prepare-demos.ts does; synthetic rows publish the seeded tfjs model.
 *
 * Publishing runs in a child process (this file with --publish <row>): the big rows take gigabytes
 * in Node, which must be given back before Chromium needs them.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { ModelFiles } from '../../src/core/index.js';
import { loadModelFiles, publishPackage, releaseCurve } from '../../src/core/index.js';
import type { RowSpec } from '../rows.js';
import { allRows, ROOT } from '../rows.js';
import { fingerprint } from './fingerprint.js';

export const PACKAGES_DIR = path.join(ROOT, 'bench/.packages');
const INFO = 'bench.json';

/** What the driver needs beside the package files. */
export interface PublishedRow {
  readonly id: string;
  readonly fingerprint: string;
  readonly input: readonly number[];
  readonly publishMs: number;
  readonly parameters: number;
  readonly constraints: number;
  readonly power: number;
  readonly zkeyBytes: number;
  readonly bits: { readonly weight: number; readonly activation: number };
}

const rowFingerprint = (spec: RowSpec): string =>
  fingerprint(ROOT, ['src/core', 'bench/rows.ts', 'bench/browser/packages.ts', ...(spec.group === 'demo' ? [`public/models/${spec.id}`] : [])], [spec.id]);

/** A tfjs model as model.json + weights.bin bytes, the layout publishPackage takes. */
async function modelFiles(model: tf.LayersModel): Promise<ModelFiles> {
  let files: ModelFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData ?? []));
      const json = { format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs ?? [] }] };
      files = { modelJson: new TextEncoder().encode(JSON.stringify(json)), weights: new Map([['weights.bin', weights]]) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files!;
}

/** Publishes the row's package into <outRoot>/<row>/ (in this process). */
export async function publishRow(spec: RowSpec, progress: (line: string) => void, outRoot = PACKAGES_DIR): Promise<PublishedRow> {
  const started = performance.now();
  const row = await spec.load();
  const files = row.files ?? (await modelFiles(row.model));
  row.model.dispose();
  tf.disposeVariables();
  let last = '';
  const entry = typeof files.modelJson === 'string' ? new TextEncoder().encode(files.modelJson) : files.modelJson;
  const model = await loadModelFiles('model.json', entry, (p) => files.weights.get(p), spec.id);
  const published = await publishPackage({
    name: spec.id,
    model,
    inputSpec: row.inputSpec,
    output: row.output,
    weightBits: row.weightBits,
    activationBits: row.activationBits,
    solidity: false,
    onProgress: (e) => {
      // Sized stages report thousands of times: one line per stage and message.
      const line = `${e.stage}${e.message ? ` — ${e.message}` : ''}`;
      if (line !== last) progress(`${spec.id}: publish: ${line}`);
      last = line;
    },
  });
  const dir = path.join(outRoot, spec.id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of published.files) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
  }
  const m = published.manifest;
  const info: PublishedRow = {
    id: spec.id,
    fingerprint: rowFingerprint(spec),
    input: [...row.input],
    publishMs: performance.now() - started,
    parameters: m.circuit.parameters,
    constraints: m.circuit.constraints,
    power: m.circuit.power,
    zkeyBytes: m.files.zkey.bytes,
    bits: { weight: m.compile.weightBits, activation: m.compile.activationBits },
  };
  // The app's loader asks for optional samples beside a package; an empty list spares a 404 in the log.
  writeFileSync(path.join(dir, 'samples.json'), '[]\n');
  writeFileSync(path.join(dir, INFO), JSON.stringify(info) + '\n');
  return info;
}

function cached(spec: RowSpec): PublishedRow | null {
  const p = path.join(PACKAGES_DIR, spec.id, INFO);
  if (!existsSync(p)) return null;
  try {
    const info = JSON.parse(readFileSync(p, 'utf8')) as PublishedRow;
    return info.fingerprint === rowFingerprint(spec) ? info : null;
  } catch {
    return null;
  }
}

/** The row's package, from the cache when its inputs did not change, else published in a child process. */
export async function ensurePackage(spec: RowSpec, progress: (line: string) => void): Promise<{ info: PublishedRow; dir: string; cached: boolean }> {
  const dir = path.join(PACKAGES_DIR, spec.id);
  const hit = cached(spec);
  if (hit) {
    progress(`${spec.id}: package up to date (bench/.packages/${spec.id}/)`);
    return { info: hit, dir, cached: true };
  }
  progress(`${spec.id}: publishing the package (development key) in a child process…`);
  const script = fileURLToPath(import.meta.url);
  await new Promise<void>((resolve, reject) => {
    // Same loader (tsx) as this process; big rows need more than V8's default heap. Its stdout
    // (tfjs prints a banner there) goes to stderr: --json keeps stdout to one object.
    const child = fork(script, ['--publish', spec.id], { stdio: ['ignore', 2, 'inherit', 'ipc'], execArgv: [...process.execArgv, '--max-old-space-size=20480'] });
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`publishing ${spec.id} failed (${signal ? `killed by ${signal}` : `exit code ${code}`}; its error is printed above)`))));
  });
  const info = cached(spec);
  if (!info) throw new Error(`publishing ${spec.id} wrote no up-to-date ${INFO}`);
  return { info, dir, cached: false };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const id = process.argv[process.argv.indexOf('--publish') + 1];
  const spec = allRows().find((r) => r.id === id);
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  (async () => {
    if (!spec) throw new Error(`unknown row ${id}`);
    const info = await publishRow(spec, log);
    log(`${spec.id}: published in ${(info.publishMs / 1000).toFixed(1)} s — ${info.constraints} constraints, 2^${info.power}, key ${(info.zkeyBytes / 1e6).toFixed(1)} MB`);
    await releaseCurve();
  })().then(
    () => process.exit(0),
    (e: unknown) => {
      log(`publish: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
