import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import { irisApi } from '../../../workers/iris-api.js';
import type { EyeImage } from '../../../workers/iris-api.js';
import { isAbortError } from './bridge.js';
import { IrisInputError, irisClient } from './iris.js';

/** The real iris API served over a MessageChannel, standing in for the worker. */
function fakeIrisWorker() {
  const started: { terminated: boolean }[] = [];
  const create = () => {
    const state = { terminated: false };
    started.push(state);
    const { port1, port2 } = new MessageChannel();
    expose(irisApi, port2);
    return Object.assign(port1, {
      terminate() {
        state.terminated = true;
        port1.close();
        port2.close();
      },
    }) as unknown as Worker;
  };
  return { create, started };
}

describe('iris worker client', () => {
  it('generates, segments, unwraps and codes an eye through the worker API', async () => {
    const client = irisClient(fakeIrisWorker().create);
    const { image, truth } = await client.synth(5, 1);
    expect(image.data).toBeInstanceOf(Uint8Array);
    expect(image.data.length).toBe(image.width * image.height);
    const seg = await client.segment(image);
    for (const which of ['pupil', 'iris'] as const) {
      expect(Math.abs(seg[which].x - truth[which].x)).toBeLessThan(3);
      expect(Math.abs(seg[which].y - truth[which].y)).toBeLessThan(3);
      expect(Math.abs(seg[which].r - truth[which].r)).toBeLessThan(3);
    }
    const strip = await client.unwrap(image, seg);
    expect([strip.height, strip.width]).toEqual([32, 256]);
    expect(strip.strip).toBeInstanceOf(Float32Array);
    const maskedCount = strip.mask.reduce((a, b) => a + b, 0);
    expect(maskedCount).toBeGreaterThan(0);
    expect(maskedCount).toBeLessThan(strip.mask.length / 2);
    const code = await client.code(strip);
    expect(code.bits.length).toBe(2048);
    expect(code.bitsPerColumn).toBe(16);
    // The model's input: every pixel a value in [0, 1]; masked and off-picture pixels the mean of the usable ones.
    const input = await client.modelInput(strip);
    expect(input).toHaveLength(32 * 256);
    let sum = 0;
    let n = 0;
    strip.mask.forEach((m, i) => {
      if (!m && strip.strip[i]! === strip.strip[i]!) {
        sum += strip.strip[i]!;
        n++;
        expect(input[i]).toBeCloseTo(strip.strip[i]!, 6);
      }
    });
    const masked = strip.mask.findIndex((m) => m === 1);
    expect(input[masked]).toBeCloseTo(sum / n, 6);
    expect(input.every((v) => v >= 0 && v <= 1)).toBe(true);
    // The same capture again gives the same code: the page can redo any step.
    const again = await client.code(await client.unwrap((await client.synth(5, 1)).image, seg));
    expect(Array.from(again.bits)).toEqual(Array.from(code.bits));
    client.terminate();
  });

  it('names a picture without an eye (no-eye) and keeps the worker', async () => {
    const f = fakeIrisWorker();
    const client = irisClient(f.create);
    const flat: EyeImage = { width: 200, height: 150, data: new Uint8Array(200 * 150).fill(128) };
    const err = await client.segment(flat).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IrisInputError);
    expect((err as IrisInputError).code).toBe('no-eye');
    expect((err as IrisInputError).message).toMatch(/No eye found/);
    expect(f.started).toHaveLength(1);
    expect(f.started[0]!.terminated).toBe(false);
    client.terminate();
  });

  it('refuses circles that do not nest and pictures of the wrong size, by name', async () => {
    const client = irisClient(fakeIrisWorker().create);
    const { image } = await client.synth(0, 0);
    const crossed = { pupil: { x: 100, y: 100, r: 40 }, iris: { x: 160, y: 100, r: 50 } };
    expect(await client.unwrap(image, crossed).catch((e: IrisInputError) => e.code)).toBe('no-iris');
    const tiny: EyeImage = { width: 8, height: 8, data: new Uint8Array(64) };
    expect(await client.segment(tiny).catch((e: IrisInputError) => e.code)).toBe('eye-image-size');
    const short: EyeImage = { width: 100, height: 100, data: new Uint8Array(99) };
    expect(await client.segment(short).catch((e: IrisInputError) => e.code)).toBe('eye-image-size');
    client.terminate();
  });

  it('cancels by terminating the worker; the next call starts a fresh one', async () => {
    const f = fakeIrisWorker();
    const client = irisClient(f.create);
    const ctrl = new AbortController();
    const job = client.synth(1, 0, ctrl.signal);
    // Abort once the job has reached the worker (the bridge starts it a few microtasks later).
    while (f.started.length === 0) await Promise.resolve();
    ctrl.abort();
    expect(isAbortError(await job.catch((e: unknown) => e))).toBe(true);
    expect(f.started[0]!.terminated).toBe(true);
    const { image } = await client.synth(1, 0);
    expect(image.width).toBeGreaterThan(0);
    expect(f.started).toHaveLength(2);
    client.terminate();
  });

  it('measures genuine and impostor distances of synthetic eyes in the worker, one eye per call', async () => {
    const client = irisClient(fakeIrisWorker().create);
    const seen: number[] = [];
    const r = await client.measure(3, 2, (done) => seen.push(done));
    expect(seen).toEqual([1, 2, 3]);
    expect(r.codes + r.failures.length).toBe(6);
    // 3 eyes × 2 captures: 3 genuine pairs, 12 impostor pairs (when all segment and compare).
    expect(r.genuine.length + r.impostor.length + r.incomparable).toBe((r.codes * (r.codes - 1)) / 2);
    expect(r.genuine.length).toBe(3);
    expect(Math.max(...r.genuine)).toBeLessThan(0.32);
    expect(Math.min(...r.impostor)).toBeGreaterThan(0.32);
    client.terminate();
  }, 60_000);
});
