/**
 * Builds the demo model packages the app serves: for every `public/models/<name>/` with an
 * `input-spec.json`, publish a package (development key) into `public/packages/<name>/` and list it
 * in `public/packages/index.json`. Both are git-ignored build products.
 *
 * A package is rebuilt only when its inputs change: the model files, spec, labels and samples, the
 * zkinfer version, the sources of `src/core` (a compiler change changes the circuit) and what makes
 * the compiled verifier (verifier.evm.json: solc-js's version and src/evm's artifact code). The
 * fingerprint of those inputs is stored beside the package as `.inputs-sha256`.
 *
 * Variants (scripts/lib/demo-variants.ts) are further packages of a model with other publish
 * options; their fingerprint is the model's plus the options.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageValues, loadMnistDigits, stratifiedSplit } from './lib/mnist.js';
import { canonicalJson, loadModelFiles, packageId, publishPackage, releaseCurve, sha256Hex, validateBinding, validateInputSpec, validateManifest, ZKINFER_VERSION } from '../src/core/index.js';
import type { PackageIndexEntry, ProgressEvent } from '../src/core/index.js';
import { parseLabelledCsv } from './lib/csv.js';
import type { DemoVariant } from './lib/demo-variants.js';
import { DEMO_VARIANTS } from './lib/demo-variants.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = path.join(root, 'public/models');
const packagesDir = path.join(root, 'public/packages');
const FINGERPRINT = '.inputs-sha256';

/** Extra per-demo data: the full data set behind a model, for the agreement report. */
const DATASETS: Record<string, { csv: string; labelColumn: string }> = {
  'breast-cancer': { csv: 'data/breast-cancer-wisconsin.csv', labelColumn: 'diagnosis' },
};

const log = (line: string) => process.stdout.write(`[demos] ${line}\n`);

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** Hash of the compiler's sources: any change to src/core may change the circuit. */
async function coreSourcesHash(): Promise<string> {
  const files = (await listFiles(path.join(root, 'src/core'))).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const parts = await Promise.all(files.map(async (f) => `${path.relative(root, f)}:${await sha256Hex(await readFile(f))}`));
  return sha256Hex(parts.join('\n'));
}

/** What the compiled verifier depends on besides verifier.sol: the solc-js release and the code writing the artifact. */
async function verifierCompilerHash(): Promise<string> {
  const solc = JSON.parse(await readFile(path.join(root, 'node_modules/solc/package.json'), 'utf8')) as { version: string };
  const code = await Promise.all(['src/evm/solc.ts', 'src/evm/artifact.ts'].map(async (f) => sha256Hex(await readFile(path.join(root, f)))));
  return `solc ${solc.version} ${code.join(' ')}`;
}

async function readSamples(name: string, dir: string): Promise<number[][]> {
  const ds = DATASETS[name];
  if (ds) return parseLabelledCsv(await readFile(path.join(root, ds.csv), 'utf8'), ds.labelColumn).rows;
  const training = path.join(dir, 'training.json');
  if (name.startsWith('mnist-') && existsSync(training)) {
    // The digit models' agreement is measured on their own held-out test digits.
    const split = (JSON.parse(await readFile(training, 'utf8')) as { split?: { seed?: number; test?: number } }).split;
    if (split?.seed !== undefined) {
      const digits = loadMnistDigits();
      return stratifiedSplit(digits.labels, split.test ?? 2000, split.seed).test.map((i) => imageValues(digits, i));
    }
  }
  const samplesPath = path.join(dir, 'samples.json');
  if (!existsSync(samplesPath)) return [];
  const samples = JSON.parse(await readFile(samplesPath, 'utf8')) as { values: number[] }[];
  return samples.map((s) => s.values);
}

async function fingerprint(name: string, dir: string, coreHash: string, verifierHash: string): Promise<string> {
  const files = await listFiles(dir);
  const parts = await Promise.all(files.map(async (f) => `${path.relative(dir, f)}:${await sha256Hex(await readFile(f))}`));
  const ds = DATASETS[name];
  if (ds) parts.push(`dataset:${await sha256Hex(await readFile(path.join(root, ds.csv)))}`);
  return sha256Hex([`zkinfer ${ZKINFER_VERSION}`, `core ${coreHash}`, `verifier ${verifierHash}`, ...parts].join('\n'));
}

function progressPrinter(name: string): (e: ProgressEvent) => void {
  // Sized stages report often: print each message once and then every quarter of the way.
  let last = '';
  let quarter = -1;
  return (e) => {
    const head = `${name}: ${e.stage}${e.message ? ` — ${e.message}` : ''}`;
    const q = e.total ? Math.floor((4 * (e.done ?? 0)) / e.total) : -1;
    if (head === last && q === quarter) return;
    log(e.total ? `${head} (${Math.round((100 * (e.done ?? 0)) / e.total)}%)` : head);
    last = head;
    quarter = q;
  };
}

/** One package to build: a model directory as is, or one of its variants. */
interface DemoBuild {
  readonly name: string;
  readonly model: string;
  readonly variant?: DemoVariant;
}

async function buildPackage({ name, model: modelName, variant }: DemoBuild, dir: string, outDir: string): Promise<void> {
  const modelJson = await readFile(path.join(dir, 'model.json'));
  const companions = new Map<string, Uint8Array>();
  for (const f of await readdir(dir)) companions.set(f, await readFile(path.join(dir, f)));
  const model = await loadModelFiles('model.json', modelJson, (p) => companions.get(p), modelName);
  const inputSpec = validateInputSpec(JSON.parse(await readFile(path.join(dir, 'input-spec.json'), 'utf8')));
  const labelsPath = path.join(dir, 'labels.json');
  const labels = existsSync(labelsPath) ? (JSON.parse(await readFile(labelsPath, 'utf8')) as string[]) : undefined;
  const samples = await readSamples(modelName, dir);
  const publishPath = path.join(dir, 'publish.json');
  // publish.json: the model's own publish options (bit widths; an input binding for models that are
  // only ever published bound, such as the iris-code models). A variant's binding wins.
  const bits = existsSync(publishPath) ? (JSON.parse(await readFile(publishPath, 'utf8')) as { weightBits?: number; activationBits?: number; inputBinding?: unknown }) : {};
  const inputBinding = variant ? variant.inputBinding : bits.inputBinding !== undefined ? validateBinding(bits.inputBinding) : undefined;
  const started = performance.now();
  const published = await publishPackage({
    name,
    model,
    inputSpec,
    labels,
    samples,
    weightBits: bits.weightBits,
    activationBits: bits.activationBits,
    // Every demo ships its compiled verifier, so the app's Verify page can run the contract (solc-js loads only here).
    compileVerifier: async (source) => (await import('../src/evm/solc.js')).compileVerifierArtifact(source),
    ...(inputBinding ? { inputBinding } : {}),
    onProgress: progressPrinter(name),
  });
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  for (const [file, bytes] of published.files) {
    await mkdir(path.dirname(path.join(outDir, file)), { recursive: true });
    await writeFile(path.join(outDir, file), bytes);
  }
  // Demo extras the app shows next to the package (never part of the package's identity).
  for (const extra of ['samples.json', 'training.json']) {
    if (existsSync(path.join(dir, extra))) await writeFile(path.join(outDir, extra), await readFile(path.join(dir, extra)));
  }
  const c = published.manifest.circuit;
  log(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s — ${c.constraints} constraints, 2^${c.power}, key ${(published.manifest.files.zkey.bytes / 1e6).toFixed(1)} MB`);
}

async function indexEntry(name: string, outDir: string): Promise<PackageIndexEntry> {
  const m = validateManifest(JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')));
  return { name: m.name, path: `packages/${name}/`, packageId: await packageId(m) };
}

async function main(): Promise<void> {
  const coreHash = await coreSourcesHash();
  const verifierHash = await verifierCompilerHash();
  const names = (await readdir(modelsDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && existsSync(path.join(modelsDir, e.name, 'input-spec.json')))
    .map((e) => e.name)
    .sort();
  for (const v of DEMO_VARIANTS) if (names.includes(v.name)) throw new Error(`demo variant "${v.name}" has the name of a model directory`);
  const builds: DemoBuild[] = [
    ...names.map((name) => ({ name, model: name })),
    ...DEMO_VARIANTS.filter((v) => names.includes(v.model)).map((v) => ({ name: v.name, model: v.model, variant: v })),
  ].sort((a, b) => a.name.localeCompare(b.name)); // a variant is listed next to its model
  const entries: PackageIndexEntry[] = [];
  for (const build of builds) {
    const { name } = build;
    const dir = path.join(modelsDir, build.model);
    const outDir = path.join(packagesDir, name);
    // A variant: the model's inputs plus its options (a plain model's fingerprint is unchanged).
    const modelFp = await fingerprint(build.model, dir, coreHash, verifierHash);
    const fp = build.variant ? await sha256Hex(`${modelFp}\nvariant ${canonicalJson({ name, inputBinding: build.variant.inputBinding })}`) : modelFp;
    const stamp = path.join(outDir, FINGERPRINT);
    if (existsSync(stamp) && (await readFile(stamp, 'utf8')).trim() === fp) {
      log(`${name}: up to date (cached in public/packages/${name}/)`);
    } else {
      log(`${name}: building the package (development key)…`);
      await buildPackage(build, dir, outDir);
      await writeFile(stamp, fp + '\n');
    }
    entries.push(await indexEntry(name, outDir));
  }
  await mkdir(packagesDir, { recursive: true });
  await writeFile(path.join(packagesDir, 'index.json'), JSON.stringify({ packages: entries }, null, 2) + '\n');
  log(`${entries.length} demo package(s) listed in public/packages/index.json`);
}

try {
  await main();
} finally {
  await releaseCurve();
}
