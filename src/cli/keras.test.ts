/**
 * Keras models through the CLI as a user types it: a CNN written here as a Keras 2 `.h5` file and
 * a Keras 3 `.keras` archive (never seen by the project); the .h5 is inspected, published, proved
 * and verified, and the .keras inspected to the same circuit.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { kerasArchive, kerasCnn, kerasH5, kerasMobileStem, referenceModel } from '../core/test-support/keras-fixtures.js';
import { seeded } from '../core/test-support/onnx-builder.js';

tf.setBackend('cpu');

const bin = new URL('../../bin/zkinfer.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'zkinfer-keras-cli-'));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: work }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const image = seeded(100, 77).map((v) => (v + 1) / 2);

beforeAll(async () => {
  writeFileSync(join(work, 'cnn.h5'), await kerasH5(kerasCnn));
  writeFileSync(join(work, 'cnn.keras'), await kerasArchive(kerasCnn));
  writeFileSync(join(work, 'mobile.keras'), await kerasArchive(kerasMobileStem));
  writeFileSync(join(work, 'input.json'), JSON.stringify({ input: Array.from({ length: 10 }, (_, y) => Array.from({ length: 10 }, (_, x) => [image[y * 10 + x]!])) }));
});

describe('zkinfer and Keras models', () => {
  it('inspects a .keras and an .h5 CNN to the same circuit, and publishes, proves and verifies the .h5', async () => {
    const h5 = await run('inspect', 'cnn.h5', '--input-range', '0:1', '--json');
    expect(h5.code, h5.stderr).toBe(0);
    const keras = await run('inspect', 'cnn.keras', '--input-range', '0:1', '--json');
    expect(keras.code, keras.stderr).toBe(0);
    const [a, b] = [JSON.parse(h5.stdout), JSON.parse(keras.stdout)];
    expect(a.parameters).toBe(4 * 9 + 4 + 16 + 6 * 36 + 6 + 24 * 8 + 8 + 8 * 3 + 3);
    expect(a.constraints).toBeGreaterThan(0);
    expect(b.constraints).toBe(a.constraints);
    expect(b.output).toBe('argmax');

    const pub = await run('publish', 'cnn.h5', '--input-range', '0:1', '--out', 'pkg', '--no-solidity', '--json');
    expect(pub.code, pub.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(work, 'pkg', 'manifest.json'), 'utf8'));
    expect(manifest.model.format).toBe('keras-h5');
    expect(manifest.input.shape).toEqual([10, 10, 1]);

    const reference = referenceModel(kerasCnn);
    const expected = tf.tidy(() => tf.argMax(reference.predict(tf.tensor(image, [1, 10, 10, 1])) as tf.Tensor, 1).dataSync()[0]!);
    reference.dispose();
    const prove = await run('prove', 'pkg', '--input', 'input.json', '--out', 'bundle.json');
    expect(prove.code, prove.stderr).toBe(0);
    expect(prove.stdout).toMatch(new RegExp(`output: class ${expected}\\b`));
    const ok = await run('verify', 'bundle.json', '--package', 'pkg');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^valid/);
  });

  it('answers inspect on a model too large to prove with an estimate, without compiling, and publish refuses it unless --force', async () => {
    const started = performance.now();
    const ins = await run('inspect', 'mobile.keras', '--input-range', '0:1', '--json');
    const elapsed = performance.now() - started;
    expect(ins.code, ins.stderr).toBe(0);
    const report = JSON.parse(ins.stdout);
    expect(report.compiled).toBe(false);
    expect(report.estimate.fitsBrowser).toBe(false);
    expect(report.estimate.constraints).toBeGreaterThan(20_000_000);
    expect(report.estimate.zkeyBytes).toBeGreaterThan(2 ** 30);
    // Compiling a stem like this at 28×28 already took 141 s (profiled); the estimate is seconds.
    expect(elapsed).toBeLessThan(60_000);
    const text = await run('inspect', 'mobile.keras', '--input-range', '0:1');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/not compiled \(too large\)/);
    expect(text.stdout).toMatch(/estimated [\d.]+M constraints .*proving key ≈ [\d.]+ GiB, browser memory ≈ [\d.]+ GiB, proof ≈ .*: will not fit a browser proof/);

    const pub = await run('publish', 'mobile.keras', '--input-range', '0:1', '--out', 'mobile-pkg');
    expect(pub.code).toBe(2);
    expect(pub.stderr).toMatch(/mobile\.keras is too large to prove: estimated [\d.]+M constraints .* will not fit a browser proof .*; publish it anyway with --force/);
    expect(existsSync(join(work, 'mobile-pkg'))).toBe(false);
  });
});
