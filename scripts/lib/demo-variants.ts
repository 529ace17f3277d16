/**
 * Demo variants: extra packages of a model in public/models/<model>/, published with other
 * options (for now the input binding, docs/PROVENANCE.md). A variant gets its own package
 * directory and index entry under its own name; it reads the model's files, and it is rebuilt
 * when they change or when its options do (prepare-demos adds the options to the fingerprint).
 * Each variant is one more package for CI to build: keep the list short.
 */
import type { InputBinding } from '../../src/core/index.js';

export interface DemoVariant {
  /** The package's name (manifest, index, public/packages/<name>/). */
  readonly name: string;
  /** The model directory it is published from: public/models/<model>/. */
  readonly model: string;
  readonly inputBinding: InputBinding;
}

export const DEMO_VARIANTS: readonly DemoVariant[] = [
  // The diagnosis model, proving only values a lab signed (the app's Lab page signs demo patients).
  { name: 'breast-cancer-signed', model: 'breast-cancer', inputBinding: { kind: 'signature', metadata: 0 } },
  // A digit model whose proofs commit to the drawn image (the opening is a separate download).
  { name: 'mnist-lean-committed', model: 'mnist-lean', inputBinding: { kind: 'commitment' } },
];
