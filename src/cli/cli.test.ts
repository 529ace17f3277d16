/**
 * The CLI as a user types it, on a functional tfjs model made here (never seen by the project):
 * publish → inspect → prove → verify, exit codes, and one-sentence errors.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = new URL('../../bin/zkinfer.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'zkinfer-cli-'));
// The compiled-circuit cache of the CLI processes below (inherited environment): this test's own.
process.env.ZKINFER_CACHE_DIR = join(work, 'circuit-cache');

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: work }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function save(model: tf.LayersModel, dir: string): Promise<string> {
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      writeFileSync(join(work, `${dir}.json`), JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: [`${dir}.bin`], weights: a.weightSpecs }] }));
      writeFileSync(join(work, `${dir}.bin`), new Uint8Array(a.weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return join(work, `${dir}.json`);
}

let modelPath: string;

beforeAll(async () => {
  const x = tf.input({ shape: [6] });
  const h = tf.layers.dense({ units: 8, activation: 'relu' }).apply(tf.layers.batchNormalization().apply(x)) as tf.SymbolicTensor;
  const r = tf.layers.add().apply([h, tf.layers.dense({ units: 8, activation: 'relu' }).apply(h) as tf.SymbolicTensor]) as tf.SymbolicTensor;
  const y = tf.layers.dense({ units: 3, activation: 'sigmoid' }).apply(tf.layers.concatenate().apply([r, x]) as tf.SymbolicTensor) as tf.SymbolicTensor;
  modelPath = await save(tf.model({ inputs: x, outputs: y }), 'fresh');
  writeFileSync(join(work, 'input.json'), JSON.stringify({ input: [0.1, -0.5, 0.9, 0, -1, 1] }));
}, 60_000);

describe('zkinfer CLI', () => {
  it('inspects a model at the widths publish uses: the flags, else publish.json beside it', async () => {
    mkdirSync(join(work, 'widths'), { recursive: true });
    for (const f of ['fresh.json', 'fresh.bin']) copyFileSync(join(work, f), join(work, 'widths', f));
    writeFileSync(join(work, 'widths', 'publish.json'), JSON.stringify({ weightBits: 5, activationBits: 3 }));
    const model = join(work, 'widths', 'fresh.json');
    const constraints = async (...flags: string[]) => {
      const r = await run('inspect', model, '--input-range', '-1:1', '--json', ...flags);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).constraints as number;
    };
    const fromFile = await constraints();
    expect(fromFile).toBe(await constraints('--weight-bits', '5', '--scale', '3'));
    expect(fromFile).toBeLessThan(await constraints('--weight-bits', '12', '--scale', '10'));
    const pub = await run('publish', model, '--input-range', '-1:1', '--out', 'pkg-widths', '--no-solidity', '--json');
    expect(pub.code, pub.stderr).toBe(0);
    expect(JSON.parse(pub.stdout).circuit.constraints).toBe(fromFile);
  }, 120_000);

  it('publishes, inspects, proves and verifies a model it has never seen', async () => {
    const pub = await run('publish', modelPath, '--input-range', '-1:1', '--out', 'pkg', '--json');
    expect(pub.code, pub.stderr).toBe(0);
    const published = JSON.parse(pub.stdout);
    expect(published).toMatchObject({ setup: 'development', output: { rule: 'sign', size: 3 } });

    const ins = await run('inspect', 'pkg', '--json');
    expect(ins.code, ins.stderr).toBe(0);
    const report = JSON.parse(ins.stdout);
    expect(report.constraints).toBe(published.circuit.constraints);
    expect(report).toHaveProperty('parameters', 6 * 4 + 6 * 8 + 8 + 8 * 8 + 8 + 14 * 3 + 3);
    expect(report).toHaveProperty('wires');
    for (const layer of report.layers.filter((l: { op: string }) => l.op === 'linear')) expect(layer.constraints).toBe(0);

    const prove = await run('prove', 'pkg', '--input', 'input.json', '--out', 'bundle.json');
    expect(prove.code, prove.stderr).toBe(0);
    expect(prove.stdout).toMatch(/output: bits [01]{3}/);
    expect(prove.stdout).toMatch(/times: load .* compile .* witness .* prove /);
    expect(prove.stdout).toMatch(/DEVELOPMENT KEY/);

    const ok = await run('verify', 'bundle.json', '--package', 'pkg');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^valid/);

    const bundle = JSON.parse(readFileSync(join(work, 'bundle.json'), 'utf8'));
    // Flip an output bit (the last signal is the challenge).
    bundle.publicSignals[0] = bundle.publicSignals[0] === '0' ? '1' : '0';
    writeFileSync(join(work, 'tampered.json'), JSON.stringify(bundle));
    const bad = await run('verify', 'tampered.json', '--package', 'pkg', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, code: 'bad-proof' });
  });

  it('proves again in a fresh process without compiling: the circuit comes from the user cache, never from the package', async () => {
    // The first test's prove compiled the circuit and stored it in the user's cache, not in the package.
    expect(readdirSync(join(work, 'circuit-cache'))).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.zkcc$/)]);
    expect(readdirSync(join(work, 'pkg')).filter((f) => f.startsWith('.'))).toEqual([]);
    const cached = await run('prove', 'pkg', '--input', 'input.json', '--out', 'again.json', '--json');
    expect(cached.code, cached.stderr).toBe(0);
    expect(JSON.parse(cached.stdout)).toMatchObject({ circuit: 'cache' });
    const text = await run('prove', 'pkg', '--input', 'input.json', '--out', 'again.json');
    expect(text.stdout).toMatch(/times: load .* circuit from cache .* witness .* prove /);
    expect((await run('verify', 'again.json', '--package', 'pkg')).code).toBe(0);
    const fresh = await run('prove', 'pkg', '--input', 'input.json', '--out', 'again.json', '--json', '--no-cache');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ circuit: 'compiled' });
  });

  it('binds a verifier challenge, warns about development keys, and audits a package', async () => {
    const prove = await run('prove', 'pkg', '--input', 'input.json', '--out', 'challenged.json', '--challenge', 'nonce 42');
    expect(prove.code, prove.stderr).toBe(0);
    const mine = await run('verify', 'challenged.json', '--package', 'pkg', '--challenge', 'nonce 42', '--json');
    expect(mine.code, mine.stderr).toBe(0);
    const facts = JSON.parse(mine.stdout);
    expect(facts).toMatchObject({ valid: true, challenge: { kind: 'checked', text: 'nonce 42' }, setup: 'development', warnings: [expect.stringMatching(/development key/)] });
    expect(facts.packageId).toMatch(/^[0-9a-f]{64}$/);
    expect(facts).not.toHaveProperty('bundle');
    const replay = await run('verify', 'bundle.json', '--package', 'pkg', '--challenge', 'nonce 43');
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/invalid: .*replay/);
    const human = await run('verify', 'challenged.json', '--package', 'pkg');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/⚠ development key/);
    const strict = await run('verify', 'challenged.json', '--package', 'pkg', '--challenge', 'nonce 42', '--require-ceremony');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/ceremony key is required/);

    const audit = await run('audit', 'pkg');
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toMatch(/✓ circuit/);
    expect(audit.stdout).toMatch(/– setup: development key/);
    const manifest = JSON.parse(readFileSync(join(work, 'pkg', 'manifest.json'), 'utf8'));
    manifest.circuit.r1csSha256 = 'f'.repeat(64);
    mkdirSync(join(work, 'broken'), { recursive: true });
    for (const f of readdirSync(join(work, 'pkg')).filter((f) => !f.startsWith('.'))) copyFileSync(join(work, 'pkg', f), join(work, 'broken', f));
    writeFileSync(join(work, 'broken', 'manifest.json'), JSON.stringify(manifest));
    const failed = await run('audit', 'broken', '--json');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, checks: expect.arrayContaining([expect.objectContaining({ check: 'circuit', status: 'failed' })]) });
  });

  it('exits 2 with one clear sentence (no stack trace) on usage and input errors', async () => {
    const cases: [string[], RegExp][] = [
      [['verify', 'input.json', '--package', 'nowhere'], /package directory not found: nowhere/],
      [['verify', 'missing.json', '--package', 'nowhere'], /bundle not found: missing.json/],
      [['publish', modelPath, '--out', 'x'], /input ranges are needed: pass --input-range/],
      [['publish', modelPath, '--input-range', '1:0', '--out', 'x'], /lo < hi/],
      [['publish', modelPath, '--input-range', '0:1', '--input-kind', 'audio', '--out', 'x'], /--input-kind must be tabular, digit, image, iris-strip, got "audio"/],
      [['publish', modelPath, '--input-range', '0:1', '--input-kind', 'image', '--out', 'x'], /"kind" image needs an image-shaped input .* not shape \[6\]/],
      [['frobnicate', 'x'], /unknown command "frobnicate"/],
      [['prove', 'pkg', '--input', 'missing.json', '--out', 'b.json'], /input file not found/],
      [['publish', modelPath, '--input-range', '0:1', '--out', 'x', '--samples', 'objects.json'], /objects.json: sample 1 is not a list of numbers/],
    ];
    writeFileSync(join(work, 'objects.json'), JSON.stringify([[1, 2, 3, 4, 5, 6], { 0: 1, 1: 2 }]));
    for (const [args, message] of cases) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    writeFileSync(join(work, 'short.json'), JSON.stringify({ input: [1, 2, 3] }));
    const shape = await run('prove', 'pkg', '--input', 'short.json', '--out', 'b.json');
    expect(shape.code).toBe(2);
    expect(shape.stderr).toMatch(/wrong shape.*array of 6/);
  });

  it('names an unsupported layer when publishing', async () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 3 }), tf.layers.elu({ name: 'elu' })] });
    const path = await save(m, 'unsupported');
    const r = await run('publish', path, '--input-range', '0:1', '--out', 'u');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/layer "elu" has class ELU, which is not supported; supported layers:/);
  });

  it('prints help for every command', async () => {
    for (const c of ['publish', 'prove', 'verify', 'inspect']) {
      const r = await run(c, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`usage: zkinfer ${c}`));
    }
  });
});
