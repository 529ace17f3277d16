/**
 * The Node side of the browser bench's browser / Node ratio: the same package and input, the
 * witness computed once with core (openPackage, compilePackage, proveWithPackage), then core's
 * `prove` (snarkjs groth16 with worker threads) timed in this process, so both figures come from
 * the same run on the same machine. As in the Node bench (bench/stages.ts), the compiled circuit
 * is unreachable while timing: with 18M parameters its heap makes every major GC of snarkjs's
 * allocations mark ~2 GB (docs/perf-findings.md item 3; measured here: 67 s a proof with it
 * reachable, against 6.2 s in the Node bench). A warm-up proof, then the timed ones; the caller
 * takes half right before the browser's proofs and half right after, so that a load change
 * during the row shifts both sides alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { OpenedPackage } from '../../src/core/index.js';
import { encodeInput, flattenInput, compilePackage, openPackage, releaseCurve, writeWtns } from '../../src/core/index.js';
import { prove } from '../../src/core/prover/snark.js';

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
  // Files only: a package directory may hold the CLI's .zkinfer-cache/ (docs/circuit-cache.md).
  for (const f of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)) files.set(f, new Uint8Array(readFileSync(path.join(dir, f))));
  const pkg: OpenedPackage = await openPackage(files, { needZkey: true });
  const zkey = pkg.zkey!;
  const wtns = await (async () => {
    const compiled = await compilePackage(pkg);
    const m = pkg.manifest;
    const { codes } = encodeInput(m.input, flattenInput(nest(input, m.input.shape), m.input.shape), 'reject');
    return writeWtns(compiled.witness(codes));
  })();
  (globalThis as { gc?: () => void }).gc?.();
  const once = async () => {
    const t = performance.now();
    await prove(zkey, wtns);
    return performance.now() - t;
  };
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
      await releaseCurve();
    },
  };
}
