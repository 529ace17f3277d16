/**
 * The witness program's validator (programDefect): a program using every op passes and runs, and
 * each way an edited or damaged program could make runWitness read or write outside its wires (or
 * fail inside it) is refused with a reason that names it. Compiled circuits' programs pass it in
 * formats/circuit-cache.test.ts (every entry read is validated).
 */
import { describe, expect, it } from 'vitest';
import { wireLC } from './lc.js';
import type { WitnessProgram } from './program.js';
import { OP, ProgramWriter, programDefect, runWitness } from './program.js';

const SHAPE = { nWires: 32, nOutputs: 1, nPublicInputs: 1, nPrivateInputs: 4 };

/** Two 2-bit input codes (wires 3…6), one aux value, and one of each op. */
function everyOp(write: (w: ProgramWriter) => void = () => {}): WitnessProgram {
  const w = new ProgramWriter();
  w.setLayer('input');
  w.input(2, 2, 3);
  w.setLayer('body');
  w.aux([7]);
  w.evaluate(8, new Map([[3, 1n], [4, 2n]]));
  w.evaluate(9, new Map([[7, 1n], [2, 3n]]), true);
  w.constant(10, 1n << 40n);
  w.decompose([11, 12, 13], { wires: [8], coefs: [1n] });
  w.product(14, 3, wireLC(8));
  w.argmax(15, [16, 17], [18, 19], [wireLC(8), wireLC(9)]);
  w.binary(OP.mulMod, 20, wireLC(8), wireLC(9));
  w.binary(OP.divMod, 21, wireLC(8), wireLC(10));
  w.invMod(22, wireLC(10));
  w.montgomery(23, 24, wireLC(8), wireLC(9), wireLC(10), wireLC(20));
  w.montgomery(25, 26, wireLC(8), wireLC(9), wireLC(10));
  w.fieldBits([27, 28], wireLC(9));
  w.pow5(29, 30, 31, wireLC(9));
  write(w);
  w.setLayer(undefined);
  w.evaluate(1, wireLC(8));
  return w.finish(SHAPE);
}

/** First word of the first op of each kind. */
function opStarts(p: WitnessProgram): Map<number, number> {
  const starts = new Map<number, number>();
  programDefect(p, (kind, start) => void (starts.has(kind) || starts.set(kind, start)));
  return starts;
}

function edited(p: WitnessProgram, edit: (code: Int32Array, at: Map<number, number>) => Int32Array | void): WitnessProgram {
  const code = p.code.slice();
  return { ...p, code: edit(code, opStarts(p)) ?? code };
}

describe('witness program validation', () => {
  it('passes a program with every op, which runs', () => {
    const p = everyOp();
    expect(programDefect(p)).toBeUndefined();
    expect([...opStarts(p).keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const w = runWitness(p, [2n, 3n], [5n], [9n]);
    expect(w.slice(3, 7)).toEqual([0n, 1n, 1n, 1n]);
    expect(w[1]).toBe(2n);
  });

  it('refuses unknown ops, closures and a cut-off program', () => {
    const p = everyOp();
    expect(programDefect(edited(p, (c, at) => void (c[at.get(OP.aux)!] = 99)))).toMatch(/unknown op 99/);
    expect(programDefect(edited(p, (c, at) => void (c[at.get(OP.pow5)!] = OP.closure)))).toMatch(/unknown op 16/);
    expect(programDefect(edited(p, (c) => c.slice(0, c.length - 1)))).toMatch(/ends inside an op/);
    expect(programDefect(edited(p, (c) => c.slice(0, c.length - 2)))).toMatch(/count 1 runs past the program's end/);
    expect(programDefect(edited(p, (c, at) => void (c[at.get(OP.aux)! + 2] = 1000)))).toMatch(/count 1000 runs past the program's end/);
  });

  it('refuses wires, constants and layers out of range', () => {
    const p = everyOp();
    // evaluate: op, layer, out, n, wire, coefficient…
    const evaluate = opStarts(p).get(OP.evaluate)!;
    expect(programDefect(edited(p, (c) => void (c[evaluate + 4] = 32)))).toMatch(/wire 32 is outside 0…31/);
    expect(programDefect(edited(p, (c) => void (c[evaluate + 4] = -5)))).toMatch(/wire -5 is outside 0…31/);
    // Wire 0 holds the constant 1: no op may write it.
    expect(programDefect(edited(p, (c) => void (c[evaluate + 2] = 0)))).toMatch(/wire 0 is outside 1…31/);
    expect(programDefect(edited(p, (c, at) => void (c[at.get(OP.montgomeryAdd)! + 3] = 40)))).toMatch(/wire 40 is outside 1…31/);
    // constant: op, layer, out, BIG, pool index.
    expect(programDefect(edited(p, (c, at) => void (c[at.get(OP.constant)! + 4] = 7)))).toMatch(/constant 7 is outside the pool of 1/);
    expect(programDefect(edited(p, (c, at) => void (c[at.get(OP.pow5)! + 1] = 5)))).toMatch(/layer 5 is not one of its 2 layers/);
  });

  it('refuses an input op off the private-input wires, a lopsided argmax and a shape its wires cannot hold', () => {
    const p = everyOp();
    expect(programDefect(edited(p, (c) => void (c[4] = 4)))).toMatch(/the input op writes 2 codes of 2 bits from wire 4, not the 4 private-input wires from 3/);
    expect(programDefect(edited(p, (c) => void (c[3] = 3)))).toMatch(/the input op writes 2 codes of 3 bits/);
    expect(programDefect(everyOp((w) => w.argmax(15, [16, 17], [18], [wireLC(8), wireLC(9)])))).toMatch(/argmax has 1 products for 2 selectors/);
    expect(programDefect({ ...p, nWires: 5 })).toMatch(/its 5 wires cannot hold its 1 outputs, 1 public and 4 private inputs/);
    expect(programDefect({ ...p, nOutputs: -1 })).toMatch(/not a set of counts/);
  });
});

describe('witness program writer', () => {
  it('writes a program of several chunks word for word, and a released writer takes no more ops', () => {
    const w = new ProgramWriter();
    const n = 700_000; // 4 words each: past the 2^20-word chunk, into a third chunk
    for (let i = 0; i < n; i++) w.constant(1 + (i % 31), BigInt(i % 1000));
    const copy = w.finish(SHAPE);
    const taken = w.finish(SHAPE, true);
    expect(copy.code.length).toBe(4 * n);
    expect(taken.code).toEqual(copy.code);
    expect(programDefect(taken)).toBeUndefined();
    for (const i of [0, 262_143, 262_144, 524_288, n - 1]) expect([...taken.code.subarray(4 * i, 4 * i + 4)]).toEqual([OP.constant, -1, 1 + (i % 31), i % 1000]);
    expect(runWitness(taken, [], [0n])[1 + ((n - 1) % 31)]).toBe(BigInt((n - 1) % 1000));
    expect(() => w.constant(1, 1n)).toThrow(/released/);
  });
});

