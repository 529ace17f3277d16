/**
 * The iris CLI as a user types it, on a small iris-code model (16×128 strip, 256 bits; the same
 * structure as iris-v1): synthetic eyes → strip + mask → signed by the demo capture device →
 * proof → registry (enrolled, already enrolled, a mask the device did not sign, exit codes), a photo
 * with no eye, and --capture-signal refused for an input that is not an iris strip.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BANK, type GaborBank } from '../core/iris/gabor.js';
import { buildIrisModel, irisInputSpec } from '../core/iris-code/model.js';
import { writePng } from '../core/formats/png.js';

const bin = new URL('../../bin/zkinfer.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'zkinfer-iris-'));
const SMALL: GaborBank = { ...DEFAULT_BANK, stripHeight: 16, stripWidth: 128, probeRows: [4, 12], filters: [DEFAULT_BANK.filters[0]!] };

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: work, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  const model = buildIrisModel(SMALL, 'iris-small', { threshold: 0.32, maxShift: 8, minBits: 60 });
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      writeFileSync(join(work, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, userDefinedMetadata: a.userDefinedMetadata, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] }));
      writeFileSync(join(work, 'weights.bin'), new Uint8Array(a.weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  writeFileSync(join(work, 'spec.json'), JSON.stringify(irisInputSpec(SMALL)));
  const pub = await run('publish', 'model.json', '--input-spec', 'spec.json', '--input-binding', 'signature', '--capture-signal', '--no-solidity', '--name', 'iris-small', '--out', 'pkg');
  expect(pub.code, pub.stderr).toBe(0);
  expect(pub.stdout).toMatch(/capture signal/);
  // The capture signal is only for iris strips: the same model published as a plain image is refused, before anything slow.
  const image = await run('publish', 'model.json', '--input-spec', 'spec.json', '--input-kind', 'image', '--input-binding', 'signature', '--capture-signal', '--no-solidity', '--out', 'pkg-image');
  expect(image.code).toBe(2);
  expect(image.stderr).toMatch(/--capture-signal is for iris strips \(input kind iris-strip\), not for input kind image/);
  expect(existsSync(join(work, 'pkg-image'))).toBe(false);
}, 600_000);

describe('zkinfer iris and registry', () => {
  it('draws eyes, strips them, signs with the demo device, proves, and enrols / refuses', async () => {
    for (const [name, eye, capture] of [['a', 0, 0], ['b', 0, 1]] as const) {
      expect((await run('iris', 'synth', '--eye', String(eye), '--capture', String(capture), '--out', `${name}.png`)).code).toBe(0);
      const strip = await run('iris', 'strip', `${name}.png`, '--package', 'pkg', '--out', `${name}.json`);
      expect(strip.code, strip.stderr).toBe(0);
      expect(existsSync(join(work, `${name}.json.mask.json`))).toBe(true);
    }
    const key = await run('iris', 'demo-key', '--out', 'device.json', '--json');
    expect(key.code, key.stderr).toBe(0);
    expect(JSON.parse(key.stdout)).toMatchObject({ development: true });
    for (const name of ['a', 'b']) {
      const signed = await run('source', 'sign', '--key', 'device.json', '--package', 'pkg', '--input', `${name}.json`, '--mask', `${name}.json.mask.json`, '--out', `${name}.signed.json`);
      expect(signed.code, signed.stderr).toBe(0);
      expect(signed.stdout).toMatch(/occlusion mask signed for this capture, written to .*\.signed\.json\.mask\.json/);
      const p = await run('prove', 'pkg', '--input', `${name}.signed.json`, '--out', `${name}.bundle.json`);
      expect(p.code, p.stderr).toBe(0);
      expect(p.stdout).toMatch(/256-bit code [0-9a-f]{64}/);
    }
    const add = (name: string, ...more: string[]) => run('registry', 'add', `${name}.bundle.json`, '--package', 'pkg', '--registry', 'reg.json', '--mask', `${name}.signed.json.mask.json`, ...more);
    const untrusted = await add('a', '--json');
    expect(untrusted.code).toBe(1);
    expect(JSON.parse(untrusted.stdout)).toMatchObject({ status: 'refused', reason: 'untrusted-signer' });
    expect(existsSync(join(work, 'reg.json'))).toBe(false);
    // The mask must be the one the device signed for this capture: iris strip's unsigned mask, or b's signed mask beside a's bundle, are refused.
    for (const [mask, why] of [['a.json.mask.json', /carries no signature/], ['b.signed.json.mask.json', /signed for another capture/]] as const) {
      const r = await run('registry', 'add', 'a.bundle.json', '--package', 'pkg', '--registry', 'reg.json', '--mask', mask, '--trusted-signer', 'device.json', '--json');
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'refused', reason: 'mask-not-signed', message: expect.stringMatching(why) });
    }
    expect(existsSync(join(work, 'reg.json'))).toBe(false);
    const first = await add('a', '--trusted-signer', 'device.json');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/enrolled as entry 1/);
    const again = await add('b', '--trusted-signer', 'device.json', '--json');
    expect(again.code).toBe(1);
    const verdict = JSON.parse(again.stdout);
    expect(verdict).toMatchObject({ status: 'refused', reason: 'already-enrolled', entry: 1 });
    expect(verdict.distance).toBeLessThanOrEqual(0.32);
    expect(JSON.parse(readFileSync(join(work, 'reg.json'), 'utf8')).entries).toHaveLength(1);
  }, 600_000);

  it('names a photo with no eye (exit 2) and usage errors (exit 2)', async () => {
    writeFileSync(join(work, 'flat.png'), writePng({ width: 64, height: 48, channels: 1, data: new Uint8Array(64 * 48).fill(128) }));
    const flat = await run('iris', 'strip', 'flat.png', '--package', 'pkg', '--out', 'flat.json', '--json');
    expect(flat.code).toBe(2);
    expect(JSON.parse(flat.stdout)).toMatchObject({ code: 'no-eye' });
    writeFileSync(join(work, 'notpng.png'), 'hello');
    expect(JSON.parse((await run('iris', 'strip', 'notpng.png', '--package', 'pkg', '--out', 'x.json', '--json')).stdout)).toMatchObject({ code: 'bad-png' });
    expect((await run('iris', 'synth', '--eye', 'x', '--capture', '0', '--out', 'e.png')).code).toBe(2);
    expect((await run('registry', 'add', 'a.bundle.json', '--package', 'pkg')).code).toBe(2);
    expect((await run('registry', 'remove')).code).toBe(2);
  }, 120_000);
});
