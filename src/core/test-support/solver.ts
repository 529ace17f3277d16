/**
 * A tiny exhaustive solver for small gadget circuits (tests only): `satisfyingOutputs` enumerates
 * every boolean wire, solves every other wire from the constraints it appears in linearly, and
 * collects every public output some satisfying witness gives for fixed inputs. A sound gadget
 * yields exactly one output, the right one; a wire no constraint pins shows up as FREE.
 */
import { FIELD_PRIME, mod, toSigned } from '../field.js';
import type { LinearTerms, R1cs } from '../formats/r1cs-types.js';
import { CircuitBuilder } from '../circuit/builder.js';
import { firstUnsatisfied } from '../circuit/check.js';
import type { LC } from '../circuit/lc.js';
import { wireLC } from '../circuit/lc.js';

function inv(a: bigint): bigint {
  let r = 1n;
  let b = mod(a);
  let e = FIELD_PRIME - 2n;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % FIELD_PRIME;
    b = (b * b) % FIELD_PRIME;
    e >>= 1n;
  }
  return r;
}

export function isBooleanity([a, b, c]: readonly [LinearTerms, LinearTerms, LinearTerms]): number | undefined {
  const single = (t: LinearTerms) => (t.wires.length === 1 && mod(t.coefs[0]!) === 1n ? t.wires[0] : undefined);
  // b · b = b
  if (single(a) !== undefined && single(a) === single(b) && single(b) === single(c)) return single(a);
  // b · (b − 1) = 0
  if (c.wires.length !== 0 || a.wires.length !== 1 || a.coefs[0] !== 1n) return undefined;
  const w = a.wires[0]!;
  if (b.wires.length === 2 && b.wires[0] === 0 && mod(b.coefs[0]!) === FIELD_PRIME - 1n && b.wires[1] === w && b.coefs[1] === 1n) return w;
  return undefined;
}

function dot(lc: LinearTerms, w: readonly (bigint | undefined)[]): bigint {
  let acc = 0n;
  for (let i = 0; i < lc.wires.length; i++) acc += lc.coefs[i]! * w[lc.wires[i]!]!;
  return mod(acc);
}

/**
 * Fills in place every unknown wire that some constraint determines linearly once its other wires
 * are known, until nothing changes. Wires no constraint pins stay undefined.
 */
export function propagate(r1cs: R1cs, w: (bigint | undefined)[]): void {
  for (let progress = true; progress; ) {
    progress = false;
    for (const [a, b, c] of r1cs.constraints) {
      const unknown = new Set([...a.wires, ...b.wires, ...c.wires].filter((x) => w[x] === undefined));
      if (unknown.size !== 1) continue;
      const u = [...unknown][0]!;
      const inA = a.wires.includes(u);
      const inB = b.wires.includes(u);
      const inC = c.wires.includes(u);
      const part = (lc: LinearTerms) => {
        let acc = 0n;
        let coef = 0n;
        lc.wires.forEach((x, i) => (x === u ? (coef = lc.coefs[i]!) : (acc += lc.coefs[i]! * w[x]!)));
        return { rest: mod(acc), coef };
      };
      if (inA && inB) continue;
      if (inC && !inA && !inB) {
        const { rest, coef } = part(c);
        w[u] = mod((dot(a, w) * dot(b, w) - rest) * inv(coef));
      } else if (inA && !inC) {
        const bv = dot(b, w);
        if (bv === 0n) continue;
        const { rest, coef } = part(a);
        w[u] = mod((dot(c, w) * inv(bv) - rest) * inv(coef));
      } else if (inB && !inC) {
        const av = dot(a, w);
        if (av === 0n) continue;
        const { rest, coef } = part(b);
        w[u] = mod((dot(c, w) * inv(av) - rest) * inv(coef));
      } else continue;
      progress = true;
    }
  }
}

/** Every tuple of public outputs of a satisfying witness with the given fixed wires (all booleans enumerated). */
export function satisfyingOutputs(r1cs: R1cs, fixed: ReadonlyMap<number, bigint>, limit = 1 << 14): Set<string> {
  const booleans = [...new Set(r1cs.constraints.map(isBooleanity).filter((w): w is number => w !== undefined))].filter((w) => !fixed.has(w));
  if (1 << booleans.length > limit) throw new Error(`too many booleans (${booleans.length}) to enumerate`);
  const outputs = new Set<string>();
  for (let mask = 0; mask < 1 << booleans.length; mask++) {
    const w: (bigint | undefined)[] = new Array(r1cs.nWires).fill(undefined);
    w[0] = 1n;
    for (const [k, v] of fixed) w[k] = mod(v);
    booleans.forEach((b, i) => (w[b] = BigInt((mask >> i) & 1)));
    propagate(r1cs, w);
    if (w.some((v) => v === undefined)) {
      // An unsolved wire is a wire no constraint pins (given the booleans): report it as free.
      const free = w.map((v, i) => (v === undefined ? i : -1)).filter((i) => i >= 0);
      outputs.add(`FREE wires ${free.join(',')}`);
      continue;
    }
    const full = w as bigint[];
    if (firstUnsatisfied(r1cs, full) !== -1) continue;
    outputs.add(full.slice(1, 1 + r1cs.nOutputs).map(toSigned).join(','));
  }
  return outputs;
}

/** A circuit whose private inputs are k free integer wires (no range check: the gadget's caller owns that). */
export function freeInputs(nOutputs: number, k: number): { cs: CircuitBuilder; xs: LC[] } {
  const cs = new CircuitBuilder(nOutputs, k);
  const xs = Array.from({ length: k }, (_, i) => wireLC(cs.privateInputWire(i)));
  cs.hint((w, input) => input.forEach((v, i) => (w[cs.privateInputWire(i)] = v)));
  return { cs, xs };
}

export function fixedInputs(cs: CircuitBuilder, values: readonly bigint[]): Map<number, bigint> {
  return new Map(values.map((v, i) => [cs.privateInputWire(i), v]));
}
