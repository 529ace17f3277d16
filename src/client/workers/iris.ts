/**
 * The app's iris worker (pre-processing of eye pictures, workers/iris-api.ts): started on first
 * use, one job at a time, cancelled by terminating it. A refusal on bad input (no eye found, circles
 * that do not nest) is thrown as an IrisInputError carrying the core's code, so the page can name it.
 */
import type { IrisCode, IrisSegmentation, LabelledCode, PairDistances } from '../../core/iris/index.js';
import type { EyeImage, IrisApi, IrisOutcome, StripResult, SynthResult } from '../../../workers/iris-api.js';
import { WorkerBridge } from './bridge.js';

export type { EyeImage, StripResult, SynthResult } from '../../../workers/iris-api.js';

export class IrisInputError extends Error {
  override readonly name = 'IrisInputError';
  constructor(
    /** The core's error code: `no-eye`, `no-iris`, `iris-strip-size`, `eye-image-size`, … */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function unwrapOutcome<T>(outcome: IrisOutcome<T>): T {
  if (!outcome.ok) throw new IrisInputError(outcome.code, outcome.message);
  return outcome;
}

export interface IrisClient {
  synth(eye: number, capture: number, signal?: AbortSignal): Promise<SynthResult>;
  segment(image: EyeImage, signal?: AbortSignal): Promise<IrisSegmentation>;
  unwrap(image: EyeImage, segmentation: IrisSegmentation, signal?: AbortSignal): Promise<StripResult>;
  code(strip: StripResult, signal?: AbortSignal): Promise<IrisCode>;
  /** The iris-code model's input values for the strip (masked pixels filled). */
  modelInput(strip: StripResult, signal?: AbortSignal): Promise<number[]>;
  /**
   * Genuine and impostor distances of `eyes` synthetic eyes (0 … eyes − 1) × `captures` captures,
   * coded and compared in the worker; `onEye` after each eye (for progress).
   */
  measure(eyes: number, captures: number, onEye: (done: number) => void, signal?: AbortSignal): Promise<PairDistances & { codes: number; failures: string[] }>;
  /** Throws the worker away (a running job rejects with an AbortError); the next call starts a new one. */
  terminate(): void;
}

/** A client over any worker that serves the iris API (tests serve it over a MessageChannel). */
export function irisClient(create: () => Worker): IrisClient {
  const bridge = new WorkerBridge<IrisApi>(create, 'iris worker');
  return {
    synth: (eye, capture, signal) => bridge.run((api) => api.synth(eye, capture), signal),
    segment: (image, signal) => bridge.run(async (api) => unwrapOutcome(await api.segment(image)).segmentation, signal),
    unwrap: (image, segmentation, signal) =>
      bridge.run(async (api) => {
        const { strip, mask, height, width } = unwrapOutcome(await api.unwrap(image, segmentation));
        return { strip, mask, height, width };
      }, signal),
    code: (strip, signal) => bridge.run(async (api) => unwrapOutcome(await api.code(strip)).code, signal),
    modelInput: (strip, signal) => bridge.run((api) => api.modelInput(strip), signal),
    measure: async (eyes, captures, onEye, signal) => {
      const codes: LabelledCode[] = [];
      const failures: string[] = [];
      for (let eye = 0; eye < eyes; eye++) {
        const r = await bridge.run((api) => api.eyeCodes(eye, captures), signal);
        codes.push(...r.codes);
        failures.push(...r.failures);
        onEye(eye + 1);
      }
      const d = await bridge.run((api) => api.distances(codes), signal);
      return { ...d, codes: codes.length, failures };
    },
    terminate: () => bridge.terminate(),
  };
}

let shared: IrisClient | undefined;

/** The page's iris worker. */
export function irisWorker(): IrisClient {
  return (shared ??= irisClient(() => new Worker(new URL('../../../workers/iris.worker.ts', import.meta.url), { type: 'module', name: 'zkinfer-iris' })));
}
