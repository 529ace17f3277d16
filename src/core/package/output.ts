/** Decoding public signals into the output a person reads (class and label, bits, values). */
import { fail } from '../errors.js';
import { toSigned } from '../field.js';
import type { BundleOutput } from './bundle.js';
import type { Manifest } from './manifest.js';

export function decodeOutput(manifest: Manifest, publicSignals: readonly (string | bigint)[]): BundleOutput {
  const ints = publicSignals.map((s) => toSigned(BigInt(s)));
  const { rule, labels, scale, size } = manifest.output;
  const expected = rule === 'argmax' ? 1 : size;
  if (ints.length !== expected) {
    fail('verify', 'signal-count', `the bundle has ${ints.length} public signals; this model's ${rule} output has ${expected}`);
  }
  switch (rule) {
    case 'argmax': {
      const c = Number(ints[0]!);
      return labels?.[c] !== undefined ? { rule, class: c, label: labels[c] } : { rule, class: c };
    }
    case 'sign':
      return { rule, bits: ints.map(Number) };
    case 'logits':
      return { rule, values: ints.map((v) => Number(v) / 2 ** scale) };
  }
}

export function publicSignalNames(manifest: Pick<Manifest, 'output'>): string[] {
  const { rule, size } = manifest.output;
  if (rule === 'argmax') return ['class'];
  return Array.from({ length: size }, (_, i) => (rule === 'sign' ? `bit[${i}]` : `logit[${i}]`));
}

export function sameOutput(a: BundleOutput, b: BundleOutput): boolean {
  const same = (x?: readonly number[], y?: readonly number[]) =>
    x === undefined ? y === undefined : y !== undefined && x.length === y.length && x.every((v, i) => v === y[i]);
  return a.rule === b.rule && a.class === b.class && a.label === b.label && same(a.values, b.values) && same(a.bits, b.bits);
}
