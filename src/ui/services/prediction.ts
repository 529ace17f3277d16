/** The float model's prediction on the main thread: a few hundred multiply-adds, instant. */
import { floatOutput } from '../../core/model/float-inference.js';
import type { Graph } from '../../core/model/ir.js';
import type { Manifest } from '../../core/package/manifest.js';

export interface Prediction {
  readonly text: string;
  /** Per class, for argmax models (softmax of the logits). */
  readonly probabilities?: readonly { readonly label: string; readonly p: number }[];
}

export function predict(graph: Graph, manifest: Manifest, values: readonly number[]): Prediction {
  const logits = Array.from(floatOutput(graph, values));
  const { rule, labels } = manifest.output;
  if (rule === 'sign') return { text: `bits ${logits.map((v) => (v >= 0 ? 1 : 0)).join('')}` };
  if (rule === 'logits') return { text: `values [${logits.map((v) => v.toFixed(3)).join(', ')}]` };
  const max = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const probabilities = exps.map((e, i) => ({ label: labels?.[i] ?? `class ${i}`, p: e / sum }));
  const best = probabilities.reduce((a, b) => (b.p > a.p ? b : a));
  return { text: best.label, probabilities };
}
