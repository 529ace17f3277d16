/**
 * The README's ONNX quick start: the committed examples/breast-cancer-onnx/model.onnx is what
 * scripts/onnx-example.ts writes, onnxruntime running it agrees with tfjs running the demo model it
 * was exported from, and the CLI takes it through publish → prove → verify with the class both
 * runtimes give.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onnxRuntime } from '../src/core/test-support/onnx-runtime.js';
import { DEMO_DIR, diagnosisOnnx, EXAMPLE_DIR } from './onnx-example.js';

tf.setBackend('cpu');

const bin = new URL('../bin/zkinfer.mjs', import.meta.url).pathname;
const samples = JSON.parse(readFileSync(join(DEMO_DIR, 'samples.json'), 'utf8')) as { values: number[] }[];
const argmax = (v: ArrayLike<number>) => Array.from(v).indexOf(Math.max(...Array.from(v)));

async function tfjsDemo(): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(join(DEMO_DIR, 'model.json'), 'utf8'));
  const weightData = new Uint8Array(readFileSync(join(DEMO_DIR, json.weightsManifest[0].paths[0]))).buffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
}

describe('the ONNX example of the README', () => {
  it('is exactly what scripts/onnx-example.ts writes (npm run onnx-example)', () => {
    expect(Buffer.from(readFileSync(join(EXAMPLE_DIR, 'model.onnx'))).equals(Buffer.from(diagnosisOnnx()))).toBe(true);
  });

  it('computes in onnxruntime what the tfjs demo model computes', async () => {
    const model = await tfjsDemo();
    const ort = await onnxRuntime(readFileSync(join(EXAMPLE_DIR, 'model.onnx')), { name: 'features', dims: [30] }, 'probabilities');
    const classes = new Set<number>();
    for (const s of samples) {
      const want = (model.predict(tf.tensor2d([s.values])) as tf.Tensor).dataSync();
      const got = await ort.run(s.values);
      for (let k = 0; k < 2; k++) expect(got[k]).toBeCloseTo(want[k]!, 4);
      classes.add(argmax(got));
    }
    await ort.release();
    expect(classes.size).toBe(2); // the samples reach both classes, so agreement is not a constant answer
  });

  it('goes through zkinfer publish, prove and verify with the class onnxruntime gives', async () => {
    const work = mkdtempSync(join(tmpdir(), 'zkinfer-onnx-example-'));
    const run = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [bin, ...args], { cwd: work }, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
        );
      });
    const patient = samples[1]!.values;
    const ort = await onnxRuntime(readFileSync(join(EXAMPLE_DIR, 'model.onnx')), { name: 'features', dims: [30] }, 'probabilities');
    const label = (JSON.parse(readFileSync(join(EXAMPLE_DIR, 'labels.json'), 'utf8')) as string[])[argmax(await ort.run(patient))]!;
    await ort.release();
    writeFileSync(join(work, 'patient.json'), JSON.stringify({ input: patient }));
    const pub = await run('publish', join(EXAMPLE_DIR, 'model.onnx'), '--out', 'onnx-pkg', '--no-solidity');
    expect(pub.code, pub.stderr).toBe(0);
    const prove = await run('prove', 'onnx-pkg', '--input', 'patient.json', '--out', 'proof.json');
    expect(prove.code, prove.stderr).toBe(0);
    expect(prove.stdout).toContain(label);
    const ok = await run('verify', 'proof.json', '--package', 'onnx-pkg');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^valid/);
    expect(ok.stdout).toContain(label);
  });
});
