import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import { isAbortError, WorkerBridge } from './bridge.js';

/** A stand-in for a Worker: a MessageChannel with the API exposed on the far end. */
function fakeWorkerFactory() {
  const started: { terminated: boolean }[] = [];
  const create = () => {
    const state = { terminated: false };
    started.push(state);
    const { port1, port2 } = new MessageChannel();
    let calls = 0;
    expose(
      {
        echo: async (x: number) => x,
        slow: () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 50)),
        never: () => new Promise<never>(() => {}),
        boom: async () => {
          throw new Error('boom');
        },
      },
      port2,
    );
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

type Api = { echo(x: number): Promise<number>; slow(): Promise<number>; never(): Promise<never>; boom(): Promise<never> };

describe('WorkerBridge', () => {
  it('starts the worker lazily and reuses it between jobs', async () => {
    const f = fakeWorkerFactory();
    const bridge = new WorkerBridge<Api>(f.create);
    expect(f.started).toHaveLength(0);
    expect(await bridge.run((api) => api.echo(7))).toBe(7);
    expect(await bridge.run((api) => api.echo(8))).toBe(8);
    expect(f.started).toHaveLength(1);
    bridge.terminate();
  });

  it('runs one job at a time, in order', async () => {
    const bridge = new WorkerBridge<Api>(fakeWorkerFactory().create);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((i) => bridge.run(async (api) => order.push(i * 10 + (await api.slow())))));
    expect(order).toEqual([11, 22, 33]);
    bridge.terminate();
  });

  it('aborts by terminating the worker; the next job gets a fresh one', async () => {
    const f = fakeWorkerFactory();
    const bridge = new WorkerBridge<Api>(f.create);
    const ctrl = new AbortController();
    const job = bridge.run((api) => api.never(), ctrl.signal);
    setTimeout(() => ctrl.abort(), 10);
    const err = await job.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(f.started[0]!.terminated).toBe(true);
    let generation = 0;
    expect(await bridge.run((api, g) => ((generation = g), api.echo(1)))).toBe(1);
    expect(f.started).toHaveLength(2);
    expect(generation).toBe(2);
    bridge.terminate();
  });

  it('passes other errors through and keeps the worker', async () => {
    const f = fakeWorkerFactory();
    const bridge = new WorkerBridge<Api>(f.create);
    await expect(bridge.run((api) => api.boom())).rejects.toThrow('boom');
    expect(isAbortError(await bridge.run((api) => api.boom()).catch((e: unknown) => e))).toBe(false);
    expect(await bridge.run((api) => api.echo(3))).toBe(3);
    expect(f.started).toHaveLength(1);
    bridge.terminate();
  });

  it('rejects at once when the signal is already aborted', async () => {
    const f = fakeWorkerFactory();
    const bridge = new WorkerBridge<Api>(f.create);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(bridge.run((api) => api.echo(1), ctrl.signal)).rejects.toSatisfy(isAbortError);
    expect(f.started).toHaveLength(0);
  });
});
