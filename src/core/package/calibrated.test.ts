/**
 * A calibrated package end to end in core (what the app's prover worker runs): the ranges travel
 * in calibration.json, prove recompiles the same circuit from them, and an honest input outside
 * them is refused with a ZkinferError naming the layer (the worker passes ZkinferErrors to the UI
 * as they are).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { validateInputSpec } from '../model/input.js';
import type { LoadedModel } from '../model/source.js';
import { loadModelFiles } from '../model/source.js';
import { releaseCurve } from '../prover/snark.js';
import { filesNeeded, openPackage } from './open.js';
import { proveWithPackage } from './prove.js';
import { publishPackage } from './publish.js';
import { verifyBundle } from './verify.js';

const dir = new URL('../../../public/models/breast-cancer/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const modelFiles = new Map([['model.json', read('model.json')], ['weights.bin', read('weights.bin')]]);
const inputSpec = validateInputSpec(JSON.parse(readFileSync(new URL('input-spec.json', dir), 'utf8')));
const samples = (JSON.parse(readFileSync(new URL('samples.json', dir), 'utf8')) as { values: number[] }[]).map((s) => s.values);
let model: LoadedModel;

beforeAll(async () => {
  model = await loadModelFiles('model.json', modelFiles.get('model.json')!, (p) => modelFiles.get(p), 'breast-cancer');
});
afterAll(releaseCurve);

describe('calibrated package', () => {
  it('proves inside its ranges, refuses outside them naming the layer, and keeps exact manifests as they were', async () => {
    // Calibrated on one patient, margin 0: the others are held out.
    const published = await publishPackage({ name: 'bc', model, inputSpec, samples, calibration: { inputs: [samples[0]!], margin: 0 }, solidity: false });
    const m = published.manifest;
    expect(m.calibration).toMatchObject({ margin: 0, samples: 1, file: { path: 'calibration.json' } });
    expect(m.calibration!.provability).toBeGreaterThan(0);
    expect(m.calibration!.provability).toBeLessThan(1);
    const exact = await publishPackage({ name: 'bc', model, inputSpec, samples, solidity: false });
    expect(exact.manifest).not.toHaveProperty('calibration');
    expect([...exact.files.keys()]).not.toContain('calibration.json');
    expect(m.circuit.constraints).toBeLessThan(exact.manifest.circuit.constraints);

    const pkg = await openPackage(published.files, { needZkey: true });
    expect(pkg.calibration?.samples).toBe(1);
    // What a worker is sent: the files openPackage reads for its job, the ranges with the model.
    const names = (needs: Parameters<typeof filesNeeded>[2]) => [...filesNeeded(m, published.files, needs).keys()].sort();
    expect(names({ needModel: false })).toEqual(['manifest.json', 'verification_key.json']);
    expect(names({})).toEqual(['calibration.json', 'manifest.json', 'model.json', 'verification_key.json', 'weights.bin']);
    expect(names({ needZkey: true })).toEqual(['calibration.json', 'circuit.zkey', 'manifest.json', 'model.json', 'verification_key.json', 'weights.bin']);
    expect((await openPackage(filesNeeded(m, published.files), {})).calibration).toEqual(pkg.calibration);
    await expect(openPackage(filesNeeded(m, published.files, { needModel: false }), { needModel: true })).rejects.toThrow(/has no model\.json/);
    const { bundle } = await proveWithPackage(pkg, samples[0]!);
    expect(await verifyBundle(bundle, pkg)).toMatchObject({ valid: true });

    const refusals: ZkinferError[] = [];
    for (const s of samples.slice(1)) {
      try {
        await proveWithPackage(pkg, s, { compiled: published.compiled });
      } catch (e) {
        refusals.push(e as ZkinferError);
      }
    }
    expect(refusals.length).toBe(Math.round((1 - m.calibration!.provability!) * samples.length));
    for (const e of refusals) {
      expect(e).toBeInstanceOf(ZkinferError);
      expect(e.code).toBe('outside-calibration');
      expect(e.message).toMatch(/^this input drives layer \S+ outside the range the publisher calibrated/);
    }

    // The ranges are part of the circuit: a package without them, or with other ones, is refused.
    const without = new Map(published.files);
    without.delete('calibration.json');
    await expect(openPackage(without)).rejects.toThrow(/has no calibration\.json/);
    const other = new Map(published.files);
    other.set('calibration.json', exact.files.get('manifest.json')!);
    await expect(openPackage(other)).rejects.toThrow(/calibration\.json does not match the manifest/);
  }, 60_000);
});
