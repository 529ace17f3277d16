/**
 * The Node side of the browser bench's browser / Node ratio: the same package, input and core
 * code (openPackage, compilePackage, proveWithPackage) proved in this process with snarkjs's
 * worker threads, so both figures come from the same run on the same machine. A warm-up proof,
 * then `repeat` timed proofs; the caller takes half right before the browser's proofs and half
 * right after, so that a load change during the row shifts both sides alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CompiledModel, OpenedPackage } from '../../src/core/index.js';
import { compilePackage, openPackage, proveWithPackage, releaseCurve } from '../../src/core/index.js';

/** A flat feature list nested as the input shape (what the app's prover worker does). */
function nest(values: readonly number[], shape: readonly number[]): unknown {
  if (shape.length <= 1) return [...values];
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[0]! }, (_, i) => nest(values.slice(i * inner, (i + 1) * inner), shape.slice(1)));
}

export interface NodeProver {
  /** `n` timed proofs (groth16 prove, ms), after one warm-up on the first call. */
  prove(n: number): Promise<number[]>;
  /** Frees snarkjs's worker threads. */
  close(): Promise<void>;
}

export async function nodeProver(dir: string, input: readonly number[]): Promise<NodeProver> {
  const files = new Map<string, Uint8Array>();
  for (const f of readdirSync(dir)) files.set(f, new Uint8Array(readFileSync(path.join(dir, f))));
  const pkg: OpenedPackage = await openPackage(files, { needZkey: true });
  let compiled: CompiledModel | undefined = await compilePackage(pkg);
  // Witness programs are closures over the compiled circuit: keep it, as the app's worker does.
  const nested = nest(input, pkg.manifest.input.shape);
  const once = async () => (await proveWithPackage(pkg, nested, { compiled })).timings.prove;
  let warm = false;
  return {
    async prove(n) {
      if (!warm) {
        await once();
        warm = true;
      }
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push(await once());
      return out;
    },
    async close() {
      compiled = undefined;
      await releaseCurve();
    },
  };
}
