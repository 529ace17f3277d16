/**
 * `npm run onnx-example`: writes examples/breast-cancer-onnx/model.onnx, the diagnosis demo model
 * (public/models/breast-cancer) as an ONNX graph — BatchNormalization, three Gemm layers with ReLU,
 * Softmax — so the README's quick start can take an ONNX file through the CLI with a model whose
 * inputs mean something. The input spec and labels beside it are copies of the demo's.
 * Deterministic: scripts/onnx-example.test.ts checks the committed file is exactly what this writes.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeOnnxModel, onnxAttr, onnxFloatTensor, onnxNode, onnxValueInfo } from '../src/core/formats/onnx.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_DIR = path.join(ROOT, 'public/models/breast-cancer');
export const EXAMPLE_DIR = path.join(ROOT, 'examples/breast-cancer-onnx');

interface WeightSpec { name: string; shape: number[]; dtype: string }

/** The demo's float32 weights by name, read as tfjs's weights manifest lays them out. */
function demoWeights(): Map<string, { shape: number[]; values: Float32Array }> {
  const json = JSON.parse(readFileSync(path.join(DEMO_DIR, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[]; weights: WeightSpec[] }[] };
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const group of json.weightsManifest) {
    const bytes = Buffer.concat(group.paths.map((p) => readFileSync(path.join(DEMO_DIR, p))));
    let offset = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32') throw new Error(`${w.name}: ${w.dtype} weights (the demo has float32 only)`);
      const n = w.shape.reduce((a, b) => a * b, 1);
      out.set(w.name, { shape: w.shape, values: new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + n * 4)) });
      offset += n * 4;
    }
  }
  return out;
}

/** The ONNX bytes of the diagnosis model (input "features" [N, 30], output "probabilities" [N, 2]). */
export function diagnosisOnnx(): Uint8Array {
  const w = demoWeights();
  const t = (onnxName: string, tfjsName: string) => {
    const v = w.get(tfjsName);
    if (!v) throw new Error(`the demo model has no weight ${tfjsName}`);
    return onnxFloatTensor(onnxName, v.shape, v.values);
  };
  const gemm = (x: string, layer: string, out: string) => onnxNode('Gemm', [x, `${layer}.W`, `${layer}.b`], [out], [], layer);
  const nodes = [
    // Epsilon as in the Keras layer's config (1e-8), so the two models compute the same function.
    onnxNode('BatchNormalization', ['features', 'std.gamma', 'std.beta', 'std.mean', 'std.var'], ['standardised'], [onnxAttr.float('epsilon', 1e-8)], 'standardise'),
    gemm('standardised', 'hidden_1', 'h1'),
    onnxNode('Relu', ['h1'], ['r1']),
    gemm('r1', 'hidden_2', 'h2'),
    onnxNode('Relu', ['h2'], ['r2']),
    gemm('r2', 'diagnosis', 'logits'),
    onnxNode('Softmax', ['logits'], ['probabilities'], [onnxAttr.int('axis', 1)]),
  ];
  const initializers = [
    t('std.gamma', 'standardise/gamma'), t('std.beta', 'standardise/beta'),
    t('std.mean', 'standardise/moving_mean'), t('std.var', 'standardise/moving_variance'),
    t('hidden_1.W', 'hidden_1/kernel'), t('hidden_1.b', 'hidden_1/bias'),
    t('hidden_2.W', 'hidden_2/kernel'), t('hidden_2.b', 'hidden_2/bias'),
    t('diagnosis.W', 'diagnosis/kernel'), t('diagnosis.b', 'diagnosis/bias'),
  ];
  return encodeOnnxModel({
    producerName: 'zkinfer onnx-example',
    graphName: 'breast_cancer_diagnosis',
    nodes,
    initializers,
    inputs: [onnxValueInfo('features', ['N', 30])],
    outputs: [onnxValueInfo('probabilities', ['N', 2])],
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(EXAMPLE_DIR, { recursive: true });
  writeFileSync(path.join(EXAMPLE_DIR, 'model.onnx'), diagnosisOnnx());
  for (const f of ['input-spec.json', 'labels.json']) copyFileSync(path.join(DEMO_DIR, f), path.join(EXAMPLE_DIR, f));
  console.log(`wrote ${path.relative(ROOT, EXAMPLE_DIR)}/model.onnx, input-spec.json, labels.json`);
}
