/**
 * The Biometric page's pipeline state: the picture, its circles, and the strip, mask and code
 * computed from them in the iris worker. Loading a picture finds its circles first and replaces
 * the current state only when an eye was found (bad input loses nothing). Every change of the
 * circles re-unwraps; while the worker is busy only the latest circles wait (a drag sends dozens
 * of changes, the worker does the last one).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IrisCode, IrisSegmentation } from '../../core/iris/index.js';
import type { EyeImage, StripResult } from '../../client/workers/iris.js';
import { IrisInputError, irisWorker } from '../../client/workers/iris.js';
import { isAbortError } from '../../client/workers/bridge.js';

export type EyeSource = { readonly kind: 'synthetic'; readonly eye: number; readonly capture: number } | { readonly kind: 'upload'; readonly name: string } | { readonly kind: 'camera' };

export interface Picture {
  readonly image: EyeImage;
  readonly source: EyeSource;
  /** The generator's circles, for a synthetic eye. */
  readonly truth?: IrisSegmentation;
  /** The circles were found automatically (false: placed for marking by hand). */
  readonly found: boolean;
}

export interface Analysis {
  /** The circles this strip and code were computed from. */
  readonly circles: IrisSegmentation;
  readonly strip: StripResult;
  readonly code: IrisCode;
}

/** A picture refused for having no eye in it, kept aside so the user can mark its circles by hand. */
export interface Refused {
  readonly picture: Omit<Picture, 'found'>;
  readonly code: string;
  readonly message: string;
}

export interface EyeAnalysis {
  readonly picture?: Picture;
  readonly circles?: IrisSegmentation;
  readonly analysis?: Analysis;
  /** What the worker is doing, for the status line. */
  readonly busy?: string;
  /** The last refusal of the circles (`no-iris` while they cross), cleared by the next good strip. */
  readonly circleProblem?: IrisInputError;
  readonly refused?: Refused;
  /** Anything else that failed (the worker crashed, a synthetic eye number out of range). */
  readonly failure?: string;
  /** Finds the circles of a picture and, when an eye is there, makes it the current one. */
  load(picture: Omit<Picture, 'found'>): Promise<void>;
  /** Takes the refused picture anyway, with circles to place by hand. */
  markByHand(circles: IrisSegmentation): void;
  setCircles(next: IrisSegmentation): void;
  setBusy(what: string | undefined): void;
  setFailure(message: string | undefined): void;
}

export function useEyeAnalysis(): EyeAnalysis {
  const [picture, setPicture] = useState<Picture>();
  const [circles, setCirclesState] = useState<IrisSegmentation>();
  const [analysis, setAnalysis] = useState<Analysis>();
  const [busy, setBusy] = useState<string>();
  const [circleProblem, setCircleProblem] = useState<IrisInputError>();
  const [refused, setRefused] = useState<Refused>();
  const [failure, setFailure] = useState<string>();
  const live = useRef(true);
  const loading = useRef<AbortController | undefined>(undefined);
  const queued = useRef<{ image: EyeImage; circles: IrisSegmentation } | undefined>(undefined);
  const draining = useRef(false);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
      // A job still running belongs to a page that is gone: throw the worker away.
      if (draining.current || loading.current) irisWorker().terminate();
    };
  }, []);

  const drain = useCallback(async () => {
    if (draining.current) return;
    draining.current = true;
    try {
      while (queued.current) {
        const job = queued.current;
        queued.current = undefined;
        try {
          const strip = await irisWorker().unwrap(job.image, job.circles);
          const code = await irisWorker().code(strip);
          if (!live.current) return;
          // A newer change is waiting: this result is already out of date.
          if (queued.current) continue;
          setAnalysis({ circles: job.circles, strip, code });
          setCircleProblem(undefined);
        } catch (e) {
          if (!live.current || isAbortError(e)) return;
          if (e instanceof IrisInputError) setCircleProblem(e);
          else setFailure((e as Error).message);
        }
      }
    } finally {
      draining.current = false;
    }
  }, []);

  const analyse = useCallback(
    (image: EyeImage, next: IrisSegmentation) => {
      queued.current = { image, circles: next };
      void drain();
    },
    [drain],
  );

  const load = useCallback(
    async (next: Omit<Picture, 'found'>) => {
      loading.current?.abort();
      const ctrl = new AbortController();
      loading.current = ctrl;
      setFailure(undefined);
      setBusy('Finding the pupil and iris…');
      try {
        const found = await irisWorker().segment(next.image, ctrl.signal);
        if (!live.current || ctrl.signal.aborted) return;
        setRefused(undefined);
        setPicture({ ...next, found: true });
        setCirclesState(found);
        setAnalysis(undefined);
        analyse(next.image, found);
      } catch (e) {
        if (!live.current || isAbortError(e)) return;
        // The current picture, circles and code stay: only the new picture was refused.
        if (e instanceof IrisInputError) setRefused({ picture: next, code: e.code, message: e.message });
        else setFailure((e as Error).message);
      } finally {
        if (loading.current === ctrl) {
          loading.current = undefined;
          if (live.current) setBusy(undefined);
        }
      }
    },
    [analyse],
  );

  const markByHand = useCallback(
    (start: IrisSegmentation) => {
      if (!refused) return;
      setPicture({ ...refused.picture, found: false });
      setRefused(undefined);
      setCirclesState(start);
      setAnalysis(undefined);
      analyse(refused.picture.image, start);
    },
    [refused, analyse],
  );

  const setCircles = useCallback(
    (next: IrisSegmentation) => {
      if (!picture) return;
      setCirclesState(next);
      analyse(picture.image, next);
    },
    [picture, analyse],
  );

  return { picture, circles, analysis, busy, circleProblem, refused, failure, load, markByHand, setCircles, setBusy, setFailure };
}
