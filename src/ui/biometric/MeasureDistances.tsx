/**
 * "Measure": codes N synthetic eyes × 4 captures in the iris worker and compares every pair, so the
 * histogram below is computed in this browser rather than copied (distances.ts). N is the user's
 * choice; the default takes a few seconds. Cancel throws the iris worker away (the picture shown
 * above is held by the page, so nothing is lost).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { isAbortError } from '../../client/workers/bridge.js';
import { Alert } from '../components/Alert.js';
import { DistanceHistogram } from './DistanceHistogram.js';
import { measureDistances } from './distances.js';

export const EYE_CHOICES = [5, 10, 20, 50] as const;
const CAPTURES = 4;

export function MeasureDistances({ threshold }: { threshold: number }) {
  const id = useId();
  const [eyes, setEyes] = useState<number>(10);
  const [running, setRunning] = useState<{ done: number; of: number }>();
  const [failure, setFailure] = useState<string>();
  const ctrl = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => ctrl.current?.abort(), []);

  const measure = async () => {
    const c = new AbortController();
    ctrl.current = c;
    setFailure(undefined);
    setRunning({ done: 0, of: eyes });
    try {
      await measureDistances(eyes, CAPTURES, threshold, (done) => !c.signal.aborted && setRunning({ done, of: eyes }), c.signal);
    } catch (e) {
      if (!isAbortError(e)) setFailure((e as Error).message);
    } finally {
      setRunning(undefined);
    }
  };

  return (
    <>
      <div className="row">
        <label htmlFor={`${id}-eyes`}>Synthetic eyes</label>
        <select id={`${id}-eyes`} value={eyes} onChange={(e) => setEyes(Number(e.target.value))} disabled={running !== undefined} style={{ width: 'auto' }}>
          {EYE_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n} × {CAPTURES} captures
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void measure()} disabled={running !== undefined}>
          Measure
        </button>
        {running && (
          <button type="button" onClick={() => ctrl.current?.abort()}>
            Cancel measuring
          </button>
        )}
      </div>
      <p className="hint">
        Generates the eyes, finds their circles, unwraps, masks and codes every capture in this browser (about 0.2 s a capture on a fast machine), then compares every pair the way the
        registry does.
      </p>
      {running && (
        <p role="status" data-testid="measure-status">
          Coding eye {running.done} of {running.of}…
        </p>
      )}
      {failure && <Alert title="Not measured:">{failure}</Alert>}
      <DistanceHistogram threshold={threshold} />
    </>
  );
}
