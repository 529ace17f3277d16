/**
 * An ONNX model through the CLI as a user types it: a small NCHW CNN written here as a .onnx file
 * (never seen by the project), inspected, published, proved and verified; and an unrecognised file
 * refused in one sentence.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attr, floatTensor, node, onnxBytes, seeded } from '../core/test-support/onnx-builder.js';
import { onnxRuntime } from '../core/test-support/onnx-runtime.js';

const bin = new URL('../../bin/zkinfer.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'zkinfer-onnx-cli-'));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: work }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const K = seeded(2 * 9, 5);
const Kb = seeded(2, 6);
const F = seeded(3 * 18, 7);
const Fb = seeded(3, 8);
const image = seeded(64, 9).map((v) => (v + 1) / 2);

/** The class onnxruntime gives for `image` on the model's own bytes (the float reference). */
let onnxClass = -1;

beforeAll(async () => {
  const bytes = onnxBytes({
    input: { name: 'image', dims: ['batch', 1, 8, 8] },
    output: { name: 'probs', dims: ['batch', 3] },
    initializers: [floatTensor('K', [2, 1, 3, 3], K), floatTensor('Kb', [2], Kb), floatTensor('F', [3, 18], F), floatTensor('Fb', [3], Fb)],
    nodes: [
      node('Conv', ['image', 'K', 'Kb'], ['c'], [attr.ints('kernel_shape', [3, 3])], 'conv'),
      node('Relu', ['c'], ['r']),
      node('MaxPool', ['r'], ['p'], [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2])]),
      node('Flatten', ['p'], ['f']),
      node('Gemm', ['f', 'F', 'Fb'], ['logits'], [attr.int('transB', 1)], 'head'),
      node('Softmax', ['logits'], ['probs']),
    ],
  });
  writeFileSync(join(work, 'model.onnx'), bytes);
  const ort = await onnxRuntime(bytes, { name: 'image', dims: [1, 8, 8] }, 'probs');
  const probs = Array.from(await ort.run(image)); // one channel: NCHW and the IR's HWC orders coincide
  await ort.release();
  onnxClass = probs.indexOf(Math.max(...probs));
  // Nested as the package's input shape, [H][W][C] (channels-last, docs/MODELS.md).
  writeFileSync(join(work, 'input.json'), JSON.stringify({ input: Array.from({ length: 8 }, (_, y) => Array.from({ length: 8 }, (_, x) => [image[y * 8 + x]!])) }));
  writeFileSync(join(work, 'tanh.onnx'), onnxBytes({
    input: { name: 'x', dims: [1, 3] },
    output: { name: 'y', dims: [1, 3] },
    initializers: [],
    nodes: [node('Tanh', ['x'], ['y'], [], 'squash')],
  }));
  writeFileSync(join(work, 'noise.onnx'), Uint8Array.from({ length: 200 }, (_, i) => (i * 151 + 7) % 256));
});

describe('zkinfer and ONNX models', () => {
  it('inspects, publishes, proves and verifies a .onnx CNN', async () => {
    const ins = await run('inspect', 'model.onnx', '--input-range', '0:1', '--json');
    expect(ins.code, ins.stderr).toBe(0);
    const report = JSON.parse(ins.stdout);
    expect(report.parameters).toBe(18 + 2 + 54 + 3);
    expect(report.constraints).toBeGreaterThan(0);

    const pub = await run('publish', 'model.onnx', '--input-range', '0:1', '--out', 'pkg', '--no-solidity', '--json');
    expect(pub.code, pub.stderr).toBe(0);
    expect(JSON.parse(pub.stdout)).toMatchObject({ setup: 'development', output: { rule: 'argmax' } });
    const manifest = JSON.parse(readFileSync(join(work, 'pkg', 'manifest.json'), 'utf8'));
    expect(manifest.model.format).toBe('onnx');
    expect(manifest.input.shape).toEqual([8, 8, 1]);

    const prove = await run('prove', 'pkg', '--input', 'input.json', '--out', 'bundle.json');
    expect(prove.code, prove.stderr).toBe(0);
    expect(prove.stdout).toMatch(new RegExp(`output: class ${onnxClass}\\b`));
    const ok = await run('verify', 'bundle.json', '--package', 'pkg');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^valid/);
  });

  it('names an unsupported ONNX op, and answers an unrecognised file in one sentence without raw bytes', async () => {
    const tanh = await run('publish', 'tanh.onnx', '--input-range', '0:1', '--out', 'u');
    expect(tanh.code).toBe(2);
    expect(tanh.stderr).toMatch(/node "squash" \(Tanh\) is not supported; supported ONNX ops: Gemm/);
    const noise = await run('inspect', 'noise.onnx', '--input-range', '0:1');
    expect(noise.code).toBe(2);
    expect(noise.stderr.trim().split('\n').at(-1)).toMatch(/^zkinfer inspect: noise\.onnx is a binary file of an unknown format; supported: .*an ONNX model[^\n]*$/);
    expect(noise.stderr).not.toMatch(/[\x00-\x08\x0e-\x1f\x7f-\x9f]/);
  });
});
