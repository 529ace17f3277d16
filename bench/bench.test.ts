/**
 * Smoke run of the benchmark harness on a tiny MLP: every stage runs, the results carry every
 * figure, the naive encoding's analytic count matches the circuit actually built, and the report
 * and charts render. The real benchmarks are not part of the test suite (they take too long).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileModel, importModel, releaseCurve } from '../src/core/index.js';
import { isSatisfied } from '../src/core/circuit/check.js';
import { encodeInput } from '../src/core/model/input.js';
import { buildNaive, countNaive } from './naive.js';
import { renderCharts, renderReport, writeReport } from './report.js';
import { smokeRow, shapeRows } from './rows.js';
import { formatTables, runBench, selectRows } from './run.js';
import type { BenchRun } from './types.js';

afterAll(async () => {
  await releaseCurve();
});

describe('benchmark harness', () => {
  let run: BenchRun;

  it('runs every stage of a tiny MLP and records every figure', async () => {
    const lines: string[] = [];
    run = await runBench({
      rows: [smokeRow()],
      repeat: 1,
      quick: true,
      naiveMaxConstraints: 100_000,
      maxProvePower: 20,
      floor: true,
      isolate: false,
      progress: (l) => lines.push(l),
    });
    expect(run.rows).toHaveLength(1);
    const r = run.rows[0]!;
    expect(r.error).toBeNull();
    expect(r.status).toBe('ok');
    for (const v of [r.parameters, r.activations, r.constraints, r.wires, r.power, r.sizes.r1cs, r.sizes.zkey, r.memory.peakRss]) {
      expect(v).toBeGreaterThan(0);
    }
    expect(r.terms!.a + r.terms!.b + r.terms!.c).toBeGreaterThan(0);
    for (const t of [r.times.load, r.times.compile, r.times.r1csWrite, r.times.setup, r.times.witness, r.times.check, r.times.proveFirst]) {
      expect(t).toBeGreaterThanOrEqual(0);
    }
    expect(r.times.prove!.median).toBeGreaterThan(0);
    expect(r.times.verify!.median).toBeGreaterThan(0);
    expect(r.floor!.ms).toBeGreaterThan(0);
    expect(r.ratios.proveOverFloor).toBeGreaterThan(0);
    // The naive circuit was built, proved and verified, and matches its analytic count.
    const n = r.naive!;
    expect(n.built).not.toBeNull();
    expect(n.built!.verified).toBe(true);
    expect(n.built!.constraints).toBe(n.constraints);
    expect(n.built!.wires).toBe(n.wires);
    expect(r.ratios.constraints).toBeGreaterThan(1);
    expect(r.ratios.prove).toBeGreaterThan(0);
    expect(r.notes.filter((x) => x.startsWith('naive:'))).toEqual([]);
    // A progress line per step.
    for (const stage of ['load', 'compile', 'setup', 'witness', 'prove', 'verify', 'naive build', 'naive prove']) {
      expect(lines.some((l) => l.startsWith(`${r.id}: ${stage}`))).toBe(true);
    }
    // The results file format: machine, date, commit and options.
    expect(run.machine.cpus).toBeGreaterThan(0);
    expect(Date.parse(run.date)).not.toBeNaN();
    expect(run.options.repeat).toBe(1);
    expect(JSON.parse(JSON.stringify(run))).toEqual(run);
  });

  it('renders the tables, the report and the charts', () => {
    const tables = formatTables(run);
    expect(tables).toContain('smoke-8-4-3');
    const md = renderReport(run);
    expect(md).toMatch(/^# Benchmarks/);
    expect(md).toContain('| `smoke-8-4-3` |');
    expect(md).toContain('prove / floor');
    const charts = renderCharts(run);
    expect([...charts.keys()].sort()).toEqual(['constraints-ours-vs-naive.svg', 'prove-vs-constraints.svg', 'prove-vs-parameters.svg']);
    for (const svg of charts.values()) {
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg.trim().endsWith('</svg>')).toBe(true);
      expect(svg).toMatch(/<circle|<rect x="170"/);
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zkinfer-bench-'));
    try {
      const written = writeReport(run, dir);
      expect(written).toHaveLength(4);
      expect(readFileSync(path.join(dir, 'docs/BENCHMARKS.md'), 'utf8')).toBe(md);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts the naive encoding of a CNN-free benchmark shape exactly as it builds it', async () => {
    const spec = shapeRows().find((r) => r.id === 'mlp-196-24-14-10')!;
    const { model, inputSpec, output, input } = await spec.load();
    const compiled = compileModel(importModel(model), { inputSpec, output });
    model.dispose();
    const count = countNaive(compiled.quantized);
    // 196·24 + 24·14 + 14·10 products, 38 ReLUs and 9 argmax steps.
    expect(count.multiplications).toBe(196 * 24 + 24 * 14 + 14 * 10);
    expect(count.decompositions).toBe(24 + 14 + 9);
    const naive = buildNaive(compiled.quantized);
    const r1cs = naive.builder.toR1cs();
    expect(r1cs.constraints.length).toBe(count.constraints);
    expect(r1cs.nWires).toBe(count.wires);
    const codes = encodeInput(inputSpec, input, 'clamp').codes;
    const w = naive.builder.witness(naive.privateInputs(codes));
    expect(isSatisfied(r1cs, w)).toBe(true);
    // The naive circuit computes the same argmax as ours (public output wire 1).
    expect(w[1]).toBe(compiled.witness(codes)[1]);
  });

  it('selects rows by id and group', () => {
    const all = [smokeRow(), ...shapeRows()];
    expect(selectRows(all, 'smoke', false).map((r) => r.id)).toEqual(['smoke-8-4-3']);
    expect(selectRows(all, 'shape,smoke', false)).toHaveLength(all.length);
    expect(selectRows(all, undefined, false).some((r) => r.group === 'smoke')).toBe(false);
    expect(() => selectRows(all, 'nope', false)).toThrow(/unknown row/);
  });
});
