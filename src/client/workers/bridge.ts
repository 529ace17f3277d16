/**
 * One worker, owned by one bridge: started lazily, one job at a time, aborted by terminating it.
 * Running WASM cannot be interrupted, so cancelling a job throws the whole worker away; the next
 * job starts a fresh one (and whoever uses the bridge must reload its state: see `generation`).
 */
import { wrap } from 'comlink';
import type { Remote } from 'comlink';

export const abortError = (): DOMException => new DOMException('The job was cancelled', 'AbortError');

export function isAbortError(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

export class WorkerBridge<Api> {
  private worker: Worker | undefined;
  private remote: Remote<Api> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private crashed: ((e: Error) => void) | undefined;
  /** Increments each time a new worker starts: state held in an older worker is gone. */
  generation = 0;

  /** `what` names the worker in messages ("the verifier could not start …"). */
  constructor(
    private readonly create: () => Worker,
    private readonly what = 'worker',
  ) {}

  get running(): boolean {
    return this.worker !== undefined;
  }

  private start(): Remote<Api> {
    if (!this.remote) {
      const worker = this.create();
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        this.crashed?.(new Error(this.startFailure(e.message)));
      });
      this.worker = worker;
      this.remote = wrap<Api>(worker);
      this.generation++;
    }
    return this.remote;
  }

  /**
   * Offline, a worker whose script this browser has not stored cannot start: say that, and how to
   * fix it, instead of the browser's bare error.
   */
  private startFailure(message: string): string {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      return `the ${this.what} could not start: this device is offline and the app's ${this.what} is not stored on it yet. Connect to the internet and open the app once; after that it works offline`;
    }
    return `the ${this.what} failed: ${message || 'it could not start'}`;
  }

  /** Runs `job` after the previous one; `signal` aborts it by terminating the worker. */
  run<T>(job: (api: Remote<Api>, generation: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const next = this.queue.then(() => this.runNow(job, signal));
    this.queue = next.catch(() => {});
    return next;
  }

  private runNow<T>(job: (api: Remote<Api>, generation: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortError());
    const remote = this.start();
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.terminate();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.crashed = (e) => {
        this.terminate();
        reject(e);
      };
      job(remote, this.generation).then(resolve, reject).finally(() => {
        signal?.removeEventListener('abort', onAbort);
        this.crashed = undefined;
      });
    });
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
  }
}
