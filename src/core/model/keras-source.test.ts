import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileModel } from '../compile.js';
import { ZkinferError } from '../errors.js';
import { applyOutputRule, referenceInference } from '../quant/reference.js';
import { encodeInput } from './input.js';
import { kerasArchive, kerasBranches, kerasCnn, kerasH5, kerasResidual, keras2Config, keras3Config, referenceModel, type KerasModelSpec } from '../test-support/keras-fixtures.js';
import { expectCircuitIsReference } from '../test-support/circuit-check.js';
import { kerasArchiveBytes, kerasH5Bytes } from '../test-support/keras-writer.js';
import { seeded } from '../test-support/onnx-builder.js';
import { floatOutput } from './float-inference.js';
import { kerasSnakeCase } from './keras-config.js';
import { detectSource, loadModelFromMap } from './source.js';
import type { InputSpec } from './input-spec.js';

tf.setBackend('cpu');

const load = (file: string, bytes: Uint8Array) => loadModelFromMap(file, new Map([[file, bytes]]), 'm');

function refusal(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'accepted',
    (e: unknown) => {
      expect(e).toBeInstanceOf(ZkinferError);
      return (e as Error).message;
    },
  );
}

const files = new Map<string, Uint8Array>();
beforeAll(async () => {
  files.set('cnn.h5', await kerasH5(kerasCnn));
  files.set('cnn.keras', await kerasArchive(kerasCnn));
  files.set('res.h5', await kerasH5(kerasResidual));
  files.set('res.keras', await kerasArchive(kerasResidual));
  files.set('branches.h5', await kerasH5(kerasBranches));
  files.set('branches.keras', await kerasArchive(kerasBranches));
});

/** Seeded images on the 8-bit grid the circuit encodes (k/255, as the MNIST demos' grey levels). */
function samples(spec: KerasModelSpec, n: number, seed: number): number[][] {
  const size = spec.input.shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => seeded(size, seed + i).map((v) => Math.round(((v + 1) / 2) * 255) / 255));
}

describe('Keras model sources', () => {
  it('detects .h5 and .keras from the content, whatever the file is called', async () => {
    expect(detectSource(files.get('cnn.h5')!).format).toBe('keras-h5');
    expect(detectSource(files.get('cnn.keras')!).format).toBe('keras');
    expect((await load('model.json', files.get('cnn.keras')!)).format).toBe('keras');
  });

  for (const [file, spec] of [
    ['cnn.h5', kerasCnn],
    ['cnn.keras', kerasCnn],
    ['res.h5', kerasResidual],
    ['res.keras', kerasResidual],
    ['branches.h5', kerasBranches],
    ['branches.keras', kerasBranches],
  ] as const) {
    it(`${file}: the float graph computes what tfjs computes on the same weights`, async () => {
      const m = await load(file, files.get(file)!);
      expect(m.graph.suggestedOutput).toBe('argmax');
      const reference = referenceModel(spec);
      expect(m.graph.parameters).toBe(reference.countParams());
      for (const x of samples(spec, 5, 100)) {
        const expected = tf.tidy(() => tf.log(reference.predict(tf.tensor(x, [1, ...spec.input.shape])) as tf.Tensor).dataSync());
        const logits = floatOutput(m.graph, x);
        // Softmax is the output rule; compare log-probabilities (logits up to a constant).
        const lse = Math.log(Array.from(logits).reduce((s, v) => s + Math.exp(v), 0));
        logits.forEach((v, i) => expect(v - lse).toBeCloseTo(expected[i]!, 4));
      }
      reference.dispose();
    });
  }

  it('the circuit agrees with tfjs on ≥ 99.5 % of 200 seeded inputs, for the .h5 and the .keras CNN', async () => {
    const spec: InputSpec = { shape: [...kerasCnn.input.shape], features: Array.from({ length: 100 }, (_, i) => ({ name: `p${i}`, min: 0, max: 1 })), bits: 8 };
    const reference = referenceModel(kerasCnn);
    const xs = samples(kerasCnn, 200, 1000);
    const expected = xs.map((x) => tf.tidy(() => (tf.argMax(reference.predict(tf.tensor(x, [1, 10, 10, 1])) as tf.Tensor, 1).dataSync()[0]!)));
    reference.dispose();
    // The inputs reach every class, so agreement is not one constant answer matched 200 times.
    expect(new Set(expected).size).toBe(3);
    for (const file of ['cnn.h5', 'cnn.keras']) {
      const m = await load(file, files.get(file)!);
      const c = compileModel(m.graph, { inputSpec: spec, output: 'argmax' });
      let agree = 0;
      xs.forEach((x, i) => {
        const { codes } = encodeInput(spec, x, 'clamp');
        const q = c.quantized;
        if (Number(applyOutputRule('argmax', referenceInference(q, codes).get(q.output)!)[0]) === expected[i]) agree++;
      });
      expect(agree / xs.length).toBeGreaterThanOrEqual(0.995);
      // The circuit is the integer reference, and a forged output fails it.
      expectCircuitIsReference(c, encodeInput(spec, xs[0]!, 'clamp').codes);
    }
  });

  for (const file of ['res.keras', 'branches.h5']) {
    it(`${file}: the circuit equals the integer reference, and a forged output fails`, async () => {
      const m = await load(file, files.get(file)!);
      const shape = [...m.graph.shapes.get(m.graph.input)!];
      const spec: InputSpec = { shape, features: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ({ name: `x${i}`, min: 0, max: 1 })), bits: 6 };
      const c = compileModel(m.graph, { inputSpec: spec, output: 'argmax', activationBits: 8, weightBits: 10 });
      for (const x of samples({ ...kerasResidual, input: { name: 'x', shape } }, 3, 300)) {
        expectCircuitIsReference(c, encodeInput(spec, x, 'clamp').codes);
      }
    });
  }

  it('reads a Keras 3 config in an .h5 (legacy HDF5 save) and serialized activation objects', async () => {
    // Keras 3's model.save("m.h5") writes its own config form into model_config.
    const legacy = await kerasH5Bytes(keras3Config(kerasResidual), kerasResidual.layers.map((l) => ({
      name: l.name,
      weights: (l.weights ?? []).map((array, i) => ({ name: ['kernel', 'bias'][i]!, array })),
    })));
    const expected = floatOutput((await load('res.h5', files.get('res.h5')!)).graph, samples(kerasResidual, 1, 5)[0]!);
    const got = floatOutput((await load('legacy.h5', legacy)).graph, samples(kerasResidual, 1, 5)[0]!);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    // An activation serialized as an object, as some Keras versions write it.
    const config = keras3Config(kerasResidual) as { config: { layers: { config: { activation?: unknown } }[] } };
    config.config.layers[1]!.config.activation = { module: 'keras.activations', class_name: 'function', config: 'relu', registered_name: 'function' };
    const groups = new Map([['layers/conv2d', kerasResidual.layers[0]!.weights!], ['layers/conv2d_1', kerasResidual.layers[1]!.weights!], ['layers/dense', kerasResidual.layers[4]!.weights!]]);
    const m = await load('obj.keras', await kerasArchiveBytes(config, groups));
    expect(m.graph.nodes.filter((n) => n.op.kind === 'relu').map((n) => n.layer)).toEqual(['wide']);
    expect(floatOutput(m.graph, samples(kerasResidual, 1, 5)[0]!)).toEqual(expected);
  });

  it('names Keras 3 weight groups as Keras does', () => {
    expect(['Dense', 'Conv2D', 'MaxPooling2D', 'BatchNormalization', 'ReLU', 'DepthwiseConv2D', 'GlobalAveragePooling2D'].map(kerasSnakeCase)).toEqual([
      'dense',
      'conv2d',
      'max_pooling2d',
      'batch_normalization',
      're_lu',
      'depthwise_conv2d',
      'global_average_pooling2d',
    ]);
  });
});

describe('Keras model sources: refusals', () => {
  it('refuses an unsupported layer by name, class and the supported list', async () => {
    const gelu = { ...kerasCnn, layers: [...kerasCnn.layers.slice(0, -1), { cls: 'UnitNormalization', name: 'unit', config: {} }] };
    expect(await refusal(load('x.keras', await kerasArchive(gelu)))).toMatch(/^layer "unit" has class UnitNormalization, which is not supported; supported layers: InputLayer, Dense, /);
  });

  it('refuses weights of the wrong shape or count, and a weights-only HDF5 file, naming each', async () => {
    const cfg = keras2Config(kerasCnn);
    const short = await kerasH5Bytes(cfg, [{ name: 'conv2d', weights: [{ name: 'conv2d/kernel:0', array: { shape: [3, 3, 1, 4], values: new Float32Array(36) } }] }]);
    expect(await refusal(load('x.h5', short))).toMatch(/the \.h5 file holds 1 weights for layer "conv2d" \(Conv2D\), which has 2/);
    const wrong = await kerasArchiveBytes(keras3Config(kerasCnn), new Map([['layers/conv2d', [{ shape: [3, 3, 1, 5], values: new Float32Array(45) }, { shape: [4], values: new Float32Array(4) }]]]));
    expect(await refusal(load('x.keras', wrong))).toMatch(/weight 0 of layer "conv2d" \(Conv2D\) has shape \[3, 3, 1, 5\], the layer needs \[3, 3, 1, 4\]/);
    const missing = await kerasArchiveBytes(keras3Config(kerasCnn), new Map());
    expect(await refusal(load('x.keras', missing))).toMatch(/the \.keras archive holds no weights for layer "conv2d" \(Conv2D\)/);
    const h5 = files.get('cnn.h5')!;
    // The same bytes with the attribute name changed: an HDF5 file without a model_config.
    const weightsOnly = Uint8Array.from(h5);
    const needle = new TextEncoder().encode('model_config');
    const at = weightsOnly.findIndex((_, i) => needle.every((b, j) => weightsOnly[i + j] === b));
    weightsOnly.set(new TextEncoder().encode('xodel_config'), at);
    expect(await refusal(load('w.h5', weightsOnly))).toMatch(/^w\.h5 is an HDF5 file with no Keras "model_config" .*; supported: .*a Keras HDF5 model/);
  });

  it('refuses a subclassed model and a Sequential model with no input shape', async () => {
    const sub = await kerasArchiveBytes({ module: 'my', class_name: 'MyModel', config: {}, registered_name: 'MyModel' }, new Map());
    expect(await refusal(load('x.keras', sub))).toMatch(/the Keras model is a MyModel; only Sequential and Functional models are supported/);
    const noShape = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 2 } }] } };
    expect(await refusal(load('x.keras', await kerasArchiveBytes(noShape, new Map())))).toMatch(/declares no input shape/);
  });
});
