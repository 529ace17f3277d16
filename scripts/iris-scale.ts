/**
 * The iris-code model at other strip sizes (docs/IRIS.md, "Scale"): iris-v1's filters, probe rows
 * every 8 rows and every 4th column (World's 128×1024 strip gives 16,384 bits), signature binding
 * with the capture signal. Compiles and prints the circuit's size; with --prove also publishes it
 * (development key) and proves synthetic eye 0, capture 0, signed with the demo device key.
 *
 *   NODE_OPTIONS=--max-old-space-size=12000 npx tsx scripts/iris-scale.ts 128 1024
 *   NODE_OPTIONS=--max-old-space-size=12000 npx tsx scripts/iris-scale.ts 64 512 --prove
 */
import * as tf from '@tensorflow/tfjs';
import { compileModel } from '../src/core/compile.js';
import { DEFAULT_BANK, codeLength, demoDevicePrivateKey, encodeInput, importModel, loadModelFromMap, nestInput, occlusionMask, openPackage, proveWithPackage, publishPackage, releaseCurve, segmentIris, signInput, synthEye, unwrapIris } from '../src/core/index.js';
import { buildIrisModel, irisInputSpec, irisModelInput } from '../src/core/iris-code/model.js';

const H = Number(process.argv[2] ?? 128);
const W = Number(process.argv[3] ?? 1024);
const binding = { kind: 'signature', metadata: 0, capture: true } as const;
const bank = { ...DEFAULT_BANK, stripHeight: H, stripWidth: W, probeRows: Array.from({ length: H / 8 }, (_, i) => 8 * i + 4), columnStep: 4 };
const model = buildIrisModel(bank, `iris-${H}x${W}`, { threshold: 0.32, maxShift: 8, minBits: 400 });
console.log(`strip ${H}×${W}, ${codeLength(bank)} bits`);

if (!process.argv.includes('--prove')) {
  const t = performance.now();
  const c = compileModel(importModel(model, `iris-${H}x${W}`), { inputSpec: irisInputSpec(bank), binding });
  console.log(JSON.stringify({ compileS: ((performance.now() - t) / 1000).toFixed(1), heapMB: Math.round(process.memoryUsage().heapUsed / 1e6), rssMB: Math.round(process.memoryUsage().rss / 1e6), ...c.stats }));
} else {
  const files = new Map<string, Uint8Array>();
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      files.set('model.json', new TextEncoder().encode(JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, userDefinedMetadata: a.userDefinedMetadata, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] })));
      files.set('weights.bin', new Uint8Array(a.weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  let t = performance.now();
  const published = await publishPackage({ name: `iris-${H}x${W}`, model: await loadModelFromMap('model.json', files, 'iris'), inputSpec: irisInputSpec(bank), solidity: false, inputBinding: binding });
  console.log('publish s', ((performance.now() - t) / 1000).toFixed(1), JSON.stringify(published.manifest.circuit), 'zkey bytes', published.manifest.files.zkey.bytes);
  const pkg = await openPackage(published.files, { needZkey: true });
  const { image } = synthEye(0, 0);
  const seg = segmentIris(image);
  const strip = unwrapIris(image, seg, { height: H, width: W });
  const values = irisModelInput(strip, occlusionMask(image, seg, strip), bank);
  const signed = signInput(demoDevicePrivateKey(), encodeInput(pkg.manifest.input, values).codes, pkg.manifest.input.bits);
  t = performance.now();
  const r = await proveWithPackage(pkg, nestInput(values, pkg.manifest.input.shape), { signed: { signature: signed.signature, publicKey: signed.publicKey, metadata: [] } });
  console.log('prove total s', ((performance.now() - t) / 1000).toFixed(1), JSON.stringify(r.timings), 'rss MB', Math.round(process.memoryUsage().rss / 1e6));
  await releaseCurve();
}
