import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_PRIME, mod } from '../field.js';
import { poseidonHash, poseidonHashMany } from '../provenance/hash.js';
import { CircuitBuilder } from './builder.js';
import { firstUnsatisfied, isSatisfied } from './check.js';
import { expose } from './gadgets.js';
import type { LC } from './lc.js';
import { wireLC } from './lc.js';
import { poseidon, poseidonCost, poseidonMany, poseidonParams } from './poseidon.js';
import { POSEIDON_CONSTANTS_BASE64, POSEIDON_LITE_VERSION } from './poseidon-constants.generated.js';

/** Deterministic pseudo-random field elements (xorshift over 64-bit words). */
function rng(seed: number): () => bigint {
  let s = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
  const next64 = () => {
    s ^= (s << 13n) & 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= (s << 17n) & 0xffffffffffffffffn;
    return s & 0xffffffffffffffffn;
  };
  return () => ((next64() << 192n) | (next64() << 128n) | (next64() << 64n) | next64()) % FIELD_PRIME;
}

/** A circuit with k private field inputs (set from the witness input), hash exposed on output 0. */
function hashCircuit(k: number, many = false) {
  const cs = new CircuitBuilder(1, k);
  const xs: LC[] = Array.from({ length: k }, (_, i) => wireLC(cs.privateInputWire(i)));
  cs.hint((w, input) => input.forEach((v, i) => (w[cs.privateInputWire(i)] = v)));
  const before = cs.constraints.length;
  const h = many ? poseidonMany(cs, xs) : poseidon(cs, xs);
  const cost = cs.constraints.length - before;
  expose(cs, h, cs.outputWire(0));
  return { cs, cost };
}

describe('Poseidon constants', () => {
  it('are poseidon-lite’s, as the package ships them', () => {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('poseidon-lite'));
    expect(POSEIDON_LITE_VERSION).toBe((require(join(root, 'package.json')) as { version: string }).version);
    for (let n = 1; n <= 16; n++) {
      const pkg = (require(join(root, 'constants', `${n}.js`)) as { default: unknown }).default;
      expect(POSEIDON_CONSTANTS_BASE64[n - 1]).toEqual(pkg);
    }
  });

  it('have circomlib’s partial rounds per width', () => {
    const circomlib = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];
    expect(circomlib.map((_, i) => poseidonParams(i + 1).partialRounds)).toEqual(circomlib);
    for (let n = 1; n <= 16; n++) {
      const p = poseidonParams(n);
      for (const c of [...p.C, ...p.M.flat()]) expect(c < FIELD_PRIME).toBe(true);
    }
  });
});

describe('Poseidon gadget', () => {
  it('costs what circom costs: 213 (1 input), 240 (2), 609 (16); 3·(8t + R_P − 1) for every width', () => {
    expect(poseidonCost(1)).toBe(213);
    expect(poseidonCost(2)).toBe(240);
    expect(poseidonCost(16)).toBe(609);
    for (let n = 1; n <= 16; n++) {
      const t = n + 1;
      expect(poseidonCost(n)).toBe(3 * (8 * t + poseidonParams(n).partialRounds - 1));
      expect(hashCircuit(n).cost).toBe(poseidonCost(n));
    }
  });

  it('equals poseidon-lite bit for bit for every width 1…16 on random inputs, and on 0 and r − 1', () => {
    const next = rng(1);
    for (let n = 1; n <= 16; n++) {
      const { cs } = hashCircuit(n);
      const r1cs = cs.toR1cs();
      const cases = [Array.from({ length: n }, next), Array.from({ length: n }, next), Array(n).fill(0n), Array(n).fill(FIELD_PRIME - 1n)];
      for (const xs of cases) {
        const w = cs.witness(xs);
        expect(firstUnsatisfied(r1cs, w)).toBe(-1);
        expect(mod(w[cs.outputWire(0)]!)).toBe(poseidonHash(xs));
      }
    }
  });

  it('rejects a wrong digest and any tampered internal wire', () => {
    const next = rng(2);
    for (const n of [1, 2, 5, 16]) {
      const { cs } = hashCircuit(n);
      const r1cs = cs.toR1cs();
      const w = cs.witness(Array.from({ length: n }, next));
      const bad = [...w];
      bad[cs.outputWire(0)] = mod(bad[cs.outputWire(0)]! + 1n);
      expect(isSatisfied(r1cs, bad)).toBe(false);
      const first = 2 + n;
      for (let k = 0; k < 40; k++) {
        const i = first + Number(next() % BigInt(w.length - first));
        const t = [...w];
        t[i] = mod(t[i]! + 1n + (next() % 1000n));
        expect(isSatisfied(r1cs, t), `wire ${i} of ${w.length}`).toBe(false);
      }
    }
  });

  it('keeps linear combinations short (no term blow-up in partial rounds)', () => {
    const { cs } = hashCircuit(16);
    const widest = Math.max(...cs.constraints.map(([a, b]) => Math.max(a.wires.length, b.wires.length)));
    expect(widest).toBeLessThanOrEqual(17 + 68 + 1);
  });
});

describe('Poseidon chain (many elements)', () => {
  it('equals the off-circuit chain for lengths around the chunk boundaries', () => {
    const next = rng(3);
    for (const n of [1, 15, 16, 17, 31, 32, 46, 60]) {
      const { cs } = hashCircuit(n, true);
      const r1cs = cs.toR1cs();
      const xs = Array.from({ length: n }, next);
      const w = cs.witness(xs);
      expect(firstUnsatisfied(r1cs, w)).toBe(-1);
      expect(mod(w[cs.outputWire(0)]!)).toBe(poseidonHashMany(xs));
    }
  });

  it('is the documented construction: Poseidon(16) then Poseidon(digest, next ≤ 15)', () => {
    const xs = Array.from({ length: 33 }, (_, i) => BigInt(i + 1));
    const d1 = poseidonHash(xs.slice(0, 16));
    const d2 = poseidonHash([d1, ...xs.slice(16, 31)]);
    expect(poseidonHashMany(xs)).toBe(poseidonHash([d2, ...xs.slice(31)]));
    expect(poseidonHashMany(xs.slice(0, 7))).toBe(poseidonHash(xs.slice(0, 7)));
  });

  it('refuses non-field elements off-circuit', () => {
    expect(() => poseidonHash([FIELD_PRIME])).toThrow(/field element/);
    expect(() => poseidonHash([-1n])).toThrow(/field element/);
    expect(() => poseidonHash([])).toThrow(/1 to 16/);
  });
});
