/**
 * The float model's prediction for the page: its raw outputs are computed in the prover worker
 * (which holds the weights); this turns them into the text and class probabilities shown, with the
 * same wording as a proved output.
 */
import { useEffect, useState } from 'react';
import type { Manifest } from '../../core/package/manifest.js';
import type { DecodedOutput } from '../../core/package/signals.js';
import { describeOutput } from '../../core/package/signals.js';
import type { LoadedPackage } from '../../client/packages.js';
import { predictInWorker } from '../../client/workers/prover.js';

export interface Prediction {
  readonly text: string;
  /** Per class, for argmax models (softmax of the logits). */
  readonly probabilities?: readonly { readonly label: string; readonly p: number }[];
}

export function describePrediction(logits: readonly number[], manifest: Manifest): Prediction {
  const { rule, labels } = manifest.output;
  if (rule === 'sign') return { text: describeOutput({ rule, bits: logits.map((v) => (v >= 0 ? 1 : 0)) }) };
  if (rule === 'logits') return { text: describeOutput({ rule, values: logits }) };
  const max = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const probabilities = exps.map((e, i) => ({ label: labels?.[i] ?? `class ${i}`, p: e / sum }));
  let best = 0;
  probabilities.forEach((p, i) => p.p > probabilities[best]!.p && (best = i));
  const decoded: DecodedOutput = labels?.[best] !== undefined ? { rule, class: best, label: labels[best] } : { rule, class: best };
  return { text: describeOutput(decoded), probabilities };
}

/**
 * The prediction for the current values; the newest request wins when values change quickly
 * (drawing). `pending` is true while the newest values' prediction is on its way.
 */
export function usePrediction(pkg: LoadedPackage | undefined, values: readonly number[] | undefined): { prediction?: Prediction; pending: boolean } {
  const [state, setState] = useState<{ prediction?: Prediction; pending: boolean }>({ pending: false });
  useEffect(() => {
    if (!pkg || !values) {
      setState({ pending: false });
      return;
    }
    let current = true;
    setState((s) => ({ ...s, pending: true }));
    predictInWorker(pkg, values).then(
      (logits) => current && setState({ prediction: describePrediction(logits, pkg.manifest), pending: false }),
      () => current && setState({ pending: false }),
    );
    return () => {
      current = false;
    };
  }, [pkg, values]);
  return state;
}
