/**
 * The import structure of src/core, checked from the sources: no cycles, and each layer imports
 * only below itself —
 *   tensor/ (shapes, geometry, bit widths) → IR types and gadgets → ops/ (one module per op kind)
 *   → the stages (float inference, fold, quantize, reference, lower) → compile.ts → tuning/, package/
 *   → iris-code/ (the iris-code model and its bundles) → registry/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const core = path.dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !p.includes('test-support') ? [p] : [];
  });
}

/** Module (path relative to src/core, without .ts) → the src/core modules it imports or re-exports. */
const graph = new Map<string, string[]>(
  sources(core).map((file) => {
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gms)].map((m) => m[1]!);
    const deps = specs.map((s) => path.relative(core, path.resolve(path.dirname(file), s)).replace(/\.js$/, ''));
    return [path.relative(core, file).replace(/\.ts$/, ''), deps.filter((d) => !d.startsWith('..'))];
  }),
);

const STAGES = ['model/float-inference', 'model/fold', 'model/import', 'quant/quantize', 'quant/reference', 'circuit/lower'];
/** Still to move, each with its reason (see the report of the ops refactor). */
const KNOWN = new Set<string>([]);

function violations(from: (m: string) => boolean, to: (d: string) => boolean): string[] {
  return [...graph].flatMap(([m, deps]) => deps.filter((d) => from(m) && to(d)).map((d) => `${m} → ${d}`)).filter((v) => !KNOWN.has(v));
}

describe('src/core layering', () => {
  it('has no import cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (m: string, trail: string[]) => {
      if (state.get(m) === 'done') return;
      if (state.get(m) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(m)), m].join(' → '));
        return;
      }
      state.set(m, 'open');
      for (const d of graph.get(m) ?? []) visit(d, [...trail, m]);
      state.set(m, 'done');
    };
    for (const m of graph.keys()) visit(m, []);
    expect(cycles).toEqual([]);
  });

  it('tensor/ imports nothing else of core', () => {
    expect(violations((m) => m.startsWith('tensor/'), (d) => !d.startsWith('tensor/'))).toEqual([]);
  });

  it('ops/ import no stage and nothing above the stages', () => {
    const above = (d: string) => STAGES.includes(d) || d === 'compile' || /^(tuning|package|prover)\//.test(d);
    expect(violations((m) => m.startsWith('ops/'), above)).toEqual([]);
  });

  it('nothing below the compile recipe imports it or what sits above it; the recipe imports no prover', () => {
    const below = (m: string) => !/^(tuning|package|iris-code|registry)\//.test(m) && m !== 'compile' && m !== 'index';
    expect(violations(below, (d) => d === 'compile' || /^(tuning|package|iris-code|registry)\//.test(d))).toEqual([]);
    // The iris-code model's packages and the registry sit above package/ (they read bundles and verify them).
    expect(violations((m) => /^(tuning|package)\//.test(m), (d) => /^(iris-code|registry)\//.test(d))).toEqual([]);
    expect(violations((m) => m.startsWith('iris-code/'), (d) => d.startsWith('registry/'))).toEqual([]);
    expect(violations((m) => m === 'compile' || STAGES.includes(m) || m.startsWith('ops/'), (d) => d.startsWith('prover/'))).toEqual([]);
  });

  it('iris/ (the biometric pre-processing, outside any proof) imports only iris/, errors and the seeded generator', () => {
    expect(violations((m) => m.startsWith('iris/'), (d) => !d.startsWith('iris/') && d !== 'errors' && d !== 'seeded-rng')).toEqual([]);
    expect(graph.get('iris/synth')).toContain('iris/texture');
  });

  it('sees the modules it checks (a parser that finds nothing would pass everything)', () => {
    expect(graph.get('circuit/lower')).toContain('ops/registry');
    expect(graph.get('ops/registry')).toContain('ops/relu6');
    expect(graph.get('package/publish')).toContain('tuning/search');
  });
});
