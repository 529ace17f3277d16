/**
 * Constraints, key size and Node prove time of an iris-code demo model (docs/IRIS.md, "Demo
 * packages"): publishes public/models/<name>/ as prepare-demos does (development key, its
 * publish.json's input binding), writes the package to scratch/pkgs/<name>/ (for CLI runs), then
 * proves synthetic eyes 0 and 1 (capture 0) signed with the demo capture device's key through
 * proveWithPackage and prints its timings (prove = snarkjs groth16.prove alone).
 *
 *   npx tsx scripts/iris-prove-time.ts iris-v1 [--bits 8]
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadModelFiles, publishPackage, releaseCurve, validateBinding, validateInputSpec, openPackage, proveWithPackage, signInput, encodeInput, nestInput, irisModelInput, synthEye, segmentIris, unwrapIris, occlusionMask, demoDevicePrivateKey, IRIS_MODELS } from '../src/core/index.js';
const which = process.argv[2] ?? 'iris-v1';
const dir = path.join('public/models', which);
const files = new Map<string, Uint8Array>();
for (const f of await readdir(dir)) files.set(f, await readFile(path.join(dir, f)));
const model = await loadModelFiles('model.json', files.get('model.json')!, (p) => files.get(p), which);
const committedSpec = validateInputSpec(JSON.parse(new TextDecoder().decode(files.get('input-spec.json'))));
// --bits n: the same model at another strip width (e.g. 8, the format before 4-bit strips), to compare in one run.
const bitsArg = process.argv.indexOf('--bits');
const inputSpec = bitsArg > 0 ? validateInputSpec({ ...committedSpec, bits: Number(process.argv[bitsArg + 1]) }) : committedSpec;
const inputBinding = validateBinding(JSON.parse(new TextDecoder().decode(files.get('publish.json'))).inputBinding);
let t = performance.now();
const published = await publishPackage({ name: which, model, inputSpec, inputBinding, compileVerifier: async (source) => (await import('../src/evm/solc.js')).compileVerifierArtifact(source) });
const publishS = (performance.now() - t) / 1000;
const out = path.join('scratch/pkgs', bitsArg > 0 ? `${which}-${inputSpec.bits}bit` : which);
await mkdir(out, { recursive: true });
for (const [f, bytes] of published.files) { await mkdir(path.dirname(path.join(out, f)), { recursive: true }); await writeFile(path.join(out, f), bytes); }
const c = published.manifest.circuit;
console.log(which, 'publish s', publishS.toFixed(1), JSON.stringify(c), 'zkey MB', (published.manifest.files.zkey.bytes / 1e6).toFixed(1));
const pkg = await openPackage(published.files, { needZkey: true });
const bank = IRIS_MODELS.find((m) => m.name === which)!.bank;
for (const eye of [0, 1]) {
  const { image } = synthEye(eye, 0);
  const seg = segmentIris(image);
  const strip = unwrapIris(image, seg);
  const mask = occlusionMask(image, seg, strip);
  const values = irisModelInput(strip, mask, bank);
  const signed = signInput(demoDevicePrivateKey(), encodeInput(inputSpec, values).codes, inputSpec.bits);
  t = performance.now();
  const r = await proveWithPackage(pkg, nestInput(values, inputSpec.shape), { signed: { signature: signed.signature, publicKey: signed.publicKey, metadata: [] } });
  console.log('eye', eye, 'proveWithPackage total s', ((performance.now() - t) / 1000).toFixed(1), 'timings', JSON.stringify(r.timings));
}
await releaseCurve();
