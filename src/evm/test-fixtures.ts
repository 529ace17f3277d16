/**
 * Test fixtures (Node, tests only): tiny model packages with development keys, made in memory from
 * a tfjs model built here, and proof bundles for them.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelFiles, OpenedPackage, ProofBundle, PublishedPackage } from '../core/index.js';
import { loadModelFromMap, openPackage, proveWithPackage, publishPackage, uniformInputSpec } from '../core/index.js';

export interface Fixture {
  readonly published: PublishedPackage;
  readonly pkg: OpenedPackage;
  readonly verifierSol: string;
  /** A proof of the model on `input`, answering `challenge` (none when omitted: challenge signal 0). */
  prove(input: number[], challenge?: string): Promise<ProofBundle>;
}

/** 4 inputs in [-1, 1] → Dense(5, relu) → Dense(3): three logits and the challenge, so four public signals. */
export async function tinyModel(seed: number): Promise<ModelFiles> {
  tf.env().set('PROD', true);
  const m = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 5, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }), biasInitializer: 'ones' }),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }), biasInitializer: tf.initializers.randomNormal({ seed: seed + 2 }) }),
    ],
  });
  let files: ModelFiles | undefined;
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      const modelJson = new TextEncoder().encode(JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] }));
      files = { modelJson, weights: new Map([['weights.bin', new Uint8Array(a.weightData as ArrayBuffer)]]) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  m.dispose();
  return files!;
}

export async function tinyPackage(name: string, seed: number, inputBits = 8, o: { compileVerifier?: (source: string) => Promise<Uint8Array> } = {}): Promise<Fixture> {
  const model = await tinyModel(seed);
  const loaded = await loadModelFromMap('model.json', new Map([['model.json', model.modelJson as Uint8Array], ...model.weights]), name);
  const published = await publishPackage({ name, model: loaded, inputSpec: uniformInputSpec([4], -1, 1, inputBits), output: 'logits', ...o });
  const pkg = await openPackage(published.files, { needZkey: true });
  return {
    published,
    pkg,
    verifierSol: new TextDecoder().decode(published.files.get('verifier.sol')!),
    prove: async (input, challenge) => (await proveWithPackage(pkg, input, { compiled: published.compiled, challenge })).bundle,
  };
}
