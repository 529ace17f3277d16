/**
 * Gas of on-chain verification for the demo packages (`npm run prepare-demos` builds them into
 * public/packages/): each package's verifier.sol compiled with solc-js (pinned settings), deployed
 * in the local EVM (ethereumjs, Prague gas schedule), verifyProof called with a genuine proof of the
 * package's first sample answering a challenge, and the same proof submitted through
 * contracts/ZkinferRegistry.sol (signal count and challenge index from the manifest's layout).
 * Public signals are the outputs and the challenge.
 * Two extra rows publish demo models with `logits` output (development key, in memory) to show the
 * cost per public signal. Prints a Markdown table for docs/BENCHMARKS.md.
 *
 *   npm run bench:evm-gas [-- --no-extra]
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenedPackage, OutputRule } from '../src/core/index.js';
import { loadModelFromMap, openPackage, proveWithPackage, publishPackage, releaseCurve, validateInputSpec, verifyBundle } from '../src/core/index.js';
import { concat, encodeSubmit, EvmVerifier, LocalChain, registryConstructorArgs, registryLayout, testAccount, verifierArgs } from '../src/evm/index.js';
import { compileSolidity, compileVerifier, solcVersion } from '../src/evm/solc.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = path.join(root, 'public/packages');

function readDir(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const name of readdirSync(dir)) if (statSync(path.join(dir, name)).isFile()) files.set(name, new Uint8Array(readFileSync(path.join(dir, name))));
  return files;
}

/** The first sample of a demo (a flat list of values), nested in the model's input shape. */
function firstSample(dir: string, shape: readonly number[]): unknown {
  const samples = JSON.parse(readFileSync(path.join(dir, 'samples.json'), 'utf8')) as { values: number[] }[];
  const flat = samples[0]!.values;
  const nest = (at: number, depth: number): unknown => {
    if (depth === shape.length) return flat[at];
    const stride = shape.slice(depth + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: shape[depth]! }, (_, i) => nest(at + i * stride, depth + 1));
  };
  return nest(0, 0);
}

interface Row {
  name: string;
  signals: number;
  constraints: number;
  verifyGas: bigint;
  verifyTx: bigint;
  calldata: number;
  deployGas: bigint;
  codeSize: number;
  registryGas: bigint;
}

const registry = compileSolidity({ 'ZkinferRegistry.sol': readFileSync(path.join(root, 'contracts/ZkinferRegistry.sol'), 'utf8') }, 'ZkinferRegistry');

async function measure(name: string, pkg: OpenedPackage, verifierSol: string, input: unknown): Promise<Row> {
  // A real challenge: the registry refuses challenge 0, and its 32 non-zero-ish bytes are what a
  // relying party's call data carries.
  const challenge = `gas bench ${name}`;
  const { bundle } = await proveWithPackage(pkg, input, { challenge });
  const off = await verifyBundle(bundle, pkg, { challenge });
  if (!off.valid) throw new Error(`${name}: the proof does not verify off-chain: ${off.reason}`);
  const chain = await LocalChain.create();
  const verifier = await EvmVerifier.deploy(compileVerifier(verifierSol).bytecode, chain);
  const r = await verifier.verify(bundle.proof, bundle.publicSignals);
  if (!r.valid) throw new Error(`${name}: verifyProof returned false (${r.error ?? ''})`);
  const reg = await chain.deploy(concat(registry.bytecode, registryConstructorArgs(verifier.address, registryLayout(pkg.manifest.publicSignals))));
  const sub = await chain.call(reg.address, encodeSubmit(verifierArgs(bundle.proof, bundle.publicSignals)), { from: testAccount(1) });
  if (!sub.ok) throw new Error(`${name}: registry submit failed (${sub.error})`);
  return {
    name,
    signals: bundle.publicSignals.length,
    constraints: pkg.manifest.circuit.constraints,
    verifyGas: r.gasUsed,
    verifyTx: r.transactionGas,
    calldata: r.calldataBytes,
    deployGas: verifier.deployment.transactionGas,
    codeSize: verifier.deployment.codeSize,
    registryGas: sub.transactionGas,
  };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(packagesDir, 'index.json'))) throw new Error('no demo packages: run `npm run prepare-demos` first');
  const index = JSON.parse(readFileSync(path.join(packagesDir, 'index.json'), 'utf8')) as { packages: { name: string; path: string }[] };
  const rows: Row[] = [];
  for (const entry of index.packages) {
    const dir = path.join(root, 'public', entry.path);
    const files = readDir(dir);
    const pkg = await openPackage(files, { needZkey: true });
    rows.push(await measure(`\`${entry.name}\``, pkg, new TextDecoder().decode(files.get('verifier.sol')!), firstSample(dir, pkg.manifest.input.shape)));
    process.stderr.write(`${entry.name} done\n`);
  }
  if (!process.argv.includes('--no-extra')) {
    for (const [model, output] of [['breast-cancer', 'logits'], ['mnist-mlp', 'logits']] as [string, OutputRule][]) {
      const dir = path.join(root, 'public/models', model);
      const modelJson = new Uint8Array(readFileSync(path.join(dir, 'model.json')));
      const published = await publishPackage({
        name: model,
        model: await loadModelFromMap('model.json', new Map([['model.json', modelJson], ['weights.bin', new Uint8Array(readFileSync(path.join(dir, 'weights.bin')))]]), model),
        inputSpec: validateInputSpec(JSON.parse(readFileSync(path.join(dir, 'input-spec.json'), 'utf8'))),
        output,
      });
      const pkg = await openPackage(published.files, { needZkey: true });
      rows.push(await measure(`\`${model}\`, ${output} output`, pkg, new TextDecoder().decode(published.files.get('verifier.sol')!), firstSample(dir, pkg.manifest.input.shape)));
      process.stderr.write(`${model} ${output} done\n`);
    }
  }
  const n = (x: bigint | number) => x.toLocaleString('en-US');
  console.log(`solc ${solcVersion()}, optimizer on (200 runs), evmVersion prague; ethereumjs EVM, Prague gas schedule\n`);
  console.log('| package | public signals | constraints | verifyProof (execution) | verifyProof (transaction) | call data | verifier deployment | verifier code | registry submit (transaction) |');
  console.log('| :-- | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const r of rows) console.log(`| ${r.name} | ${r.signals} | ${n(r.constraints)} | ${n(r.verifyGas)} | ${n(r.verifyTx)} | ${r.calldata} B | ${n(r.deployGas)} | ${n(r.codeSize)} B | ${n(r.registryGas)} |`);
  await releaseCurve();
}

await main();
