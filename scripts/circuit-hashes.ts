/**
 * Prints the SHA-256 of every demo model's .r1cs and of a development key made from a fixed,
 * seeded toxic waste. A refactor of the compiler that must not change behaviour keeps these
 * byte-identical: run before and after, and compare (`npm run circuit-hashes`).
 * The seeded key is for this comparison only; it is never published.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readdir, readFile } from 'node:fs/promises';
import { compileModel, loadModelFiles, releaseCurve, sha256Hex, validateInputSpec, writeR1cs } from '../src/core/index.js';
import { createDevelopmentKey } from '../src/core/prover/devSetup.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMOS = ['breast-cancer', 'mnist-lean', 'mnist-mlp', 'mnist-cnn'];

/** A deterministic byte stream (xorshift) standing in for the OS randomness. */
function seededBytes(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13; s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5; s >>>= 0;
      out[i] = s & 0xff;
    }
    return out;
  };
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  for (const name of only.length > 0 ? only : DEMOS) {
    const dir = path.join(root, 'public/models', name);
    const files = new Map<string, Uint8Array>();
    for (const f of await readdir(dir)) files.set(f, await readFile(path.join(dir, f)));
    const inputSpec = validateInputSpec(JSON.parse(await readFile(path.join(dir, 'input-spec.json'), 'utf8')));
    let bits: { weightBits?: number; activationBits?: number } = {};
    try {
      bits = JSON.parse(await readFile(path.join(dir, 'publish.json'), 'utf8'));
    } catch {
      /* no chosen bit widths: defaults */
    }
    const { graph } = await loadModelFiles('model.json', files.get('model.json')!, (p) => files.get(p), name);
    const compiled = compileModel(graph, { inputSpec, weightBits: bits.weightBits, activationBits: bits.activationBits });
    const r1cs = writeR1cs(compiled.r1cs);
    const zkey = await createDevelopmentKey(compiled.r1cs, { randomBytes: seededBytes(20261202) });
    console.log(`${name}\tr1cs ${await sha256Hex(r1cs)}\tdevkey ${await sha256Hex(zkey)}`);
  }
  await releaseCurve();
}

await main();
