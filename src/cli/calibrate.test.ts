/**
 * Calibrated mode through the CLI (docs/CALIBRATION.md): publish and inspect with --calibrate,
 * provability in the manifest and in inspect, and a clear refusal when an honest input leaves
 * the calibrated ranges.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = new URL('../../bin/zkinfer.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'zkinfer-cal-'));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: work }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let modelPath: string;
const near = (k: number) => Array.from({ length: 6 }, (_, i) => 0.05 * Math.sin(k + i));

beforeAll(async () => {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [6], kernelInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 7 }), biasInitializer: 'zeros', name: 'hidden' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 8 }), name: 'scores' }));
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      writeFileSync(join(work, 'm.json'), JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['m.bin'], weights: a.weightSpecs }] }));
      writeFileSync(join(work, 'm.bin'), new Uint8Array(a.weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  modelPath = join(work, 'm.json');
  // Calibrated on inputs near 0; held-out samples: two near 0, one far out.
  writeFileSync(join(work, 'cal.json'), JSON.stringify({ inputs: Array.from({ length: 8 }, (_, k) => near(k)) }));
  writeFileSync(join(work, 'samples.json'), JSON.stringify([near(0), near(3), [1, -1, 1, -1, 1, -1]]));
  writeFileSync(join(work, 'inside.json'), JSON.stringify({ input: near(2) }));
  writeFileSync(join(work, 'outside.json'), JSON.stringify({ input: [1, -1, 1, -1, 1, -1] }));
}, 60_000);

describe('zkinfer --calibrate', () => {
  it('publishes a calibrated package that proves inside its ranges and refuses, naming the layer, outside them', async () => {
    const exact = await run('inspect', modelPath, '--input-range', '-1:1', '--json');
    expect(exact.code, exact.stderr).toBe(0);
    const cal = await run('inspect', modelPath, '--input-range', '-1:1', '--calibrate', 'cal.json', '--margin', '0', '--samples', 'samples.json', '--json');
    expect(cal.code, cal.stderr).toBe(0);
    const report = JSON.parse(cal.stdout);
    expect(JSON.parse(exact.stdout)).toMatchObject({ mode: 'exact', calibration: null });
    expect(report).toMatchObject({ mode: 'calibrated', calibration: { margin: 0, samples: 8 }, provability: { samples: 3 } });
    expect(report.constraints).toBeLessThan(JSON.parse(exact.stdout).constraints);
    expect(report.provability.provability).toBeCloseTo(2 / 3);
    expect(report.provability.refusedBy).toHaveProperty('hidden', 1);

    const pub = await run('publish', modelPath, '--input-range', '-1:1', '--out', 'pkg', '--calibrate', 'cal.json', '--margin', '0', '--samples', 'samples.json', '--no-solidity');
    expect(pub.code, pub.stderr).toBe(0);
    expect(pub.stdout).toMatch(/calibrated ranges \(enforced\): from 8 inputs, margin 0; provability 66\.67%/);
    const manifest = JSON.parse(readFileSync(join(work, 'pkg/manifest.json'), 'utf8'));
    expect(manifest.calibration).toMatchObject({ margin: 0, samples: 8, provability: 2 / 3, file: { path: 'calibration.json' } });
    expect(manifest.circuit.constraints).toBe(report.constraints);
    expect(readFileSync(join(work, 'pkg/calibration.json'), 'utf8')).not.toContain('0.05');

    const ins = await run('inspect', 'pkg');
    expect(ins.code, ins.stderr).toBe(0);
    expect(ins.stdout).toMatch(/calibrated ranges \(enforced\): from 8 inputs, margin 0/);

    const ok = await run('prove', 'pkg', '--input', 'inside.json', '--out', 'b.json');
    expect(ok.code, ok.stderr).toBe(0);
    expect((await run('verify', 'b.json', '--package', 'pkg')).code).toBe(0);

    const refused = await run('prove', 'pkg', '--input', 'outside.json', '--out', 'b2.json');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/this input drives layer hidden outside the range the publisher calibrated/);
  }, 120_000);

  it('explains a malformed calibration file and a bad margin', async () => {
    writeFileSync(join(work, 'bad.json'), JSON.stringify({ inputs: [[1, 2]] }));
    const bad = await run('inspect', modelPath, '--input-range', '-1:1', '--calibrate', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/calibration input 0: .*shape \[6\]/);
    const margin = await run('inspect', modelPath, '--input-range', '-1:1', '--calibrate', 'cal.json', '--margin', '-1');
    expect(margin.code).toBe(2);
    expect(margin.stderr).toMatch(/--margin must be a number ≥ 0/);
  }, 60_000);
});
