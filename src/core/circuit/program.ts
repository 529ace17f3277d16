/**
 * The witness program: every hint of a circuit as data (an opcode and its operand wires, linear
 * combinations and constants) in one Int32Array, instead of closures over the builder's state.
 * Running it computes the same witness as the hints did, without the constraints, so a program
 * kept from an earlier compile (circuit/cache-entry.ts) proves again without recompiling, and a
 * prover that has the program can drop the compiled circuit (docs/circuit-cache.md).
 *
 * Stream layout, per op: opcode, layer index (−1: outside layers), then its operands.
 * A linear combination is n followed by n (wire, coefficient) pairs; a coefficient that does not
 * fit in an int32 is BIG followed by an index into the bigint pool. A wire list is n, then n wires.
 */
import { FIELD_PRIME, mod } from '../field.js';
import type { LinearTerms } from '../formats/r1cs-types.js';
import { bitLength } from '../tensor/bits.js';
import type { LC } from './lc.js';

export const OP = {
  /** Private-input bits from the input codes: count, bits, first private-input wire. */
  input: 1,
  /** Wires set from the aux values, in order: wire list. */
  aux: 2,
  /** w[out] = lc (exact integer): out, lc. */
  evaluate: 3,
  /** w[out] = lc mod r: out, lc. */
  evaluateMod: 4,
  /** w[out] = constant: out, coefficient. */
  constant: 5,
  /** Bits of the range-checked target + Σ 2^i·b_i: bit list, target lc. */
  decompose: 6,
  /** w[y] = w[sign] · lc: y, sign, lc. */
  product: 7,
  /** One-hot argmax: out, sel list, prod list, then n lcs. */
  argmax: 8,
  /** w[z] = a · b mod r: z, a, b. */
  mulMod: 9,
  /** w[q] = num / den mod r (0 for den = 0): q, num, den. */
  divMod: 10,
  /** w[out] = 1 / x mod r (0 for 0): out, x. */
  invMod: 11,
  /** Montgomery addition after λ: x3, y3, λ, p.x, p.y, q.x. */
  montgomeryAdd: 12,
  /** Montgomery doubling after λ: x3, y3, λ, p.x, p.y. */
  montgomeryDouble: 13,
  /** Low bits of x mod r: bit list, x. */
  fieldBits: 14,
  /** x², x⁴, x⁵ mod r: x2, x4, x5, x. */
  pow5: 15,
  /** A closure hint (tests only): index into the closure list. Not serialisable. */
  closure: 16,
} as const;

/** Baby Jubjub's Montgomery A (circuit/babyjub.ts re-exports it): the doubling and addition ops use it. */
export const MONTGOMERY_A = 168698n;

const BIG = -0x80000000;
const EMPTY_CHUNK = new Int32Array(0);
const MAX_SMALL = 0x7fffffff;

/** A hint as a closure (tests and ad-hoc gadgets); see CircuitBuilder.hint. */
export type Hint = (values: bigint[], input: readonly bigint[], aux: readonly bigint[]) => void;

/** A hint failed while running ops of `layer`. */
export class WitnessRangeError extends RangeError {
  constructor(
    readonly layer: string,
    message: string,
  ) {
    super(`layer ${layer}: ${message}`);
  }
}

export interface ProgramShape {
  readonly nWires: number;
  readonly nOutputs: number;
  readonly nPublicInputs: number;
  readonly nPrivateInputs: number;
}

/** A finished program: what runWitness needs, and what serialises. */
export interface WitnessProgram extends ProgramShape {
  readonly code: Int32Array;
  readonly pool: readonly bigint[];
  readonly layers: readonly string[];
  /** Closure hints (tests only); a program with any cannot be serialised. */
  readonly closures: readonly Hint[];
}

/**
 * Words per chunk of a program being written: the 18M-parameter row's program is 38M words, and a
 * single array doubled as it grows would hold up to 2× that, plus the copy `finish` makes.
 */
const CHUNK_WORDS = 1 << 20;

/** Collects ops while a circuit is lowered (CircuitBuilder owns one). */
export class ProgramWriter {
  /** Full chunks, then `chunk` (filled up to `at`). */
  private readonly full: Int32Array[] = [];
  private chunk = new Int32Array(1024);
  private at = 0;
  private readonly pool: bigint[] = [];
  private readonly poolIndex = new Map<bigint, number>();
  private readonly layers: string[] = [];
  private readonly layerIndex = new Map<string, number>();
  private readonly closures: Hint[] = [];
  private layer = -1;
  private released = false;

  /** Sets the layer the next ops belong to. */
  setLayer(name: string | undefined): void {
    if (name === undefined) {
      this.layer = -1;
      return;
    }
    let i = this.layerIndex.get(name);
    if (i === undefined) {
      i = this.layers.length;
      this.layers.push(name);
      this.layerIndex.set(name, i);
    }
    this.layer = i;
  }

  private int(v: number): void {
    if (this.at === this.chunk.length) {
      if (this.released) throw new Error('internal: the witness program was already finished and released');
      if (this.chunk.length < CHUNK_WORDS) {
        // Small programs (most circuits) grow one array; large ones continue in new chunks.
        const next = new Int32Array(Math.min(CHUNK_WORDS, this.chunk.length * 2));
        next.set(this.chunk);
        this.chunk = next;
      } else {
        this.full.push(this.chunk);
        this.chunk = new Int32Array(CHUNK_WORDS);
        this.at = 0;
      }
    }
    this.chunk[this.at++] = v;
  }

  private coef(c: bigint): void {
    if (c >= -MAX_SMALL && c <= MAX_SMALL) return this.int(Number(c));
    let i = this.poolIndex.get(c);
    if (i === undefined) {
      i = this.pool.length;
      this.pool.push(c);
      this.poolIndex.set(c, i);
    }
    this.int(BIG);
    this.int(i);
  }

  private op(kind: number): void {
    this.int(kind);
    this.int(this.layer);
  }

  private wires(ws: readonly number[]): void {
    this.int(ws.length);
    for (const w of ws) this.int(w);
  }

  private lc(lc: LC): void {
    this.int(lc.size);
    for (const [w, c] of lc) {
      this.int(w);
      this.coef(c);
    }
  }

  private terms(t: LinearTerms): void {
    this.int(t.wires.length);
    for (let i = 0; i < t.wires.length; i++) {
      this.int(t.wires[i]!);
      this.coef(t.coefs[i]!);
    }
  }

  input(count: number, bits: number, firstWire: number): void {
    this.op(OP.input);
    this.int(count);
    this.int(bits);
    this.int(firstWire);
  }

  aux(wires: readonly number[]): void {
    this.op(OP.aux);
    this.wires(wires);
  }

  evaluate(out: number, lc: LC, reduce = false): void {
    this.op(reduce ? OP.evaluateMod : OP.evaluate);
    this.int(out);
    this.lc(lc);
  }

  constant(out: number, v: bigint): void {
    this.op(OP.constant);
    this.int(out);
    this.coef(v);
  }

  decompose(bits: readonly number[], target: LinearTerms): void {
    this.op(OP.decompose);
    this.wires(bits);
    this.terms(target);
  }

  product(y: number, sign: number, lc: LC): void {
    this.op(OP.product);
    this.int(y);
    this.int(sign);
    this.lc(lc);
  }

  argmax(out: number, sel: readonly number[], prod: readonly number[], xs: readonly LC[]): void {
    this.op(OP.argmax);
    this.int(out);
    this.wires(sel);
    this.wires(prod);
    for (const x of xs) this.lc(x);
  }

  /** mulMod, divMod: out, then two lcs. */
  binary(kind: typeof OP.mulMod | typeof OP.divMod, out: number, a: LC, b: LC): void {
    this.op(kind);
    this.int(out);
    this.lc(a);
    this.lc(b);
  }

  invMod(out: number, x: LC): void {
    this.op(OP.invMod);
    this.int(out);
    this.lc(x);
  }

  montgomery(x3: number, y3: number, lambda: LC, px: LC, py: LC, qx?: LC): void {
    this.op(qx ? OP.montgomeryAdd : OP.montgomeryDouble);
    this.int(x3);
    this.int(y3);
    this.lc(lambda);
    this.lc(px);
    this.lc(py);
    if (qx) this.lc(qx);
  }

  fieldBits(bits: readonly number[], x: LC): void {
    this.op(OP.fieldBits);
    this.wires(bits);
    this.lc(x);
  }

  pow5(x2: number, x4: number, x5: number, x: LC): void {
    this.op(OP.pow5);
    this.int(x2);
    this.int(x4);
    this.int(x5);
    this.lc(x);
  }

  closure(h: Hint): void {
    this.op(OP.closure);
    this.int(this.closures.length);
    this.closures.push(h);
  }

  /** Words written so far. */
  get length(): number {
    return this.full.length * CHUNK_WORDS + this.at;
  }

  /**
   * The program so far, in one array of its length (a copy, so the writer may go on). `release`:
   * the writer is done, and gives each chunk up as soon as it is copied, so the program is not
   * held twice over.
   */
  finish(shape: ProgramShape, release = false): WitnessProgram {
    const code = new Int32Array(this.length);
    let pos = 0;
    for (let i = 0; i < this.full.length; i++) {
      code.set(this.full[i]!, pos);
      pos += this.full[i]!.length;
      if (release) this.full[i] = EMPTY_CHUNK;
    }
    code.set(this.chunk.subarray(0, this.at), pos);
    if (release) {
      this.full.length = 0;
      this.chunk = EMPTY_CHUNK;
      this.at = 0;
      this.released = true;
    }
    return { ...shape, code, pool: [...this.pool], layers: [...this.layers], closures: [...this.closures] };
  }
}

/** x^(r−2) mod r: the inverse, and 0 for 0 (a hint must not throw on a forged input: the constraint fails instead). */
export function invMod(x: bigint): bigint {
  let base = mod(x);
  let e = FIELD_PRIME - 2n;
  let acc = 1n;
  while (e > 0n) {
    if (e & 1n) acc = (acc * base) % FIELD_PRIME;
    base = (base * base) % FIELD_PRIME;
    e >>= 1n;
  }
  return acc;
}

/**
 * The witness (exact signed integers, wire 0 = 1) for the private input codes, the public inputs
 * and the aux values. Throws WitnessRangeError naming the layer when a value leaves its range.
 */
export function runWitness(p: WitnessProgram, input: readonly bigint[], publicInputs: readonly bigint[] = [], aux: readonly bigint[] = []): bigint[] {
  if (publicInputs.length !== p.nPublicInputs) throw new RangeError(`${publicInputs.length} public inputs given, the circuit has ${p.nPublicInputs}`);
  const w = new Array<bigint>(p.nWires).fill(0n);
  w[0] = 1n;
  publicInputs.forEach((v, i) => (w[1 + p.nOutputs + i] = v));
  const code = p.code;
  const pool = p.pool;
  let at = 0;
  const coef = (): bigint => {
    const c = code[at++]!;
    return c === BIG ? pool[code[at++]!]! : BigInt(c);
  };
  // Σ c·w over the next combination in the stream.
  const lc = (): bigint => {
    const n = code[at++]!;
    let acc = 0n;
    for (let i = 0; i < n; i++) {
      const wire = code[at++]!;
      const c = code[at++]!;
      const v = w[wire]!;
      if (v === 0n) {
        if (c === BIG) at++;
        continue;
      }
      acc += (c === BIG ? pool[code[at++]!]! : c === 1 ? 1n : BigInt(c)) * v;
    }
    return acc;
  };
  const wireList = (): number[] => {
    const n = code[at++]!;
    const out = Array.from(code.subarray(at, at + n));
    at += n;
    return out;
  };
  while (at < code.length) {
    const kind = code[at++]!;
    const layer = code[at++]!;
    try {
      switch (kind) {
        case OP.input: {
          const count = code[at++]!;
          const bits = code[at++]!;
          const first = code[at++]!;
          if (input.length !== count) throw new RangeError(`expected ${count} input codes, got ${input.length}`);
          input.forEach((c, e) => {
            if (c < 0n || c >= 1n << BigInt(bits)) throw new RangeError(`input code ${c} at ${e} is outside [0, 2^${bits})`);
            for (let i = 0; i < bits; i++) w[first + e * bits + i] = (c >> BigInt(i)) & 1n;
          });
          break;
        }
        case OP.aux: {
          const wires = wireList();
          if (aux.length !== wires.length) throw new RangeError(`the input binding takes ${wires.length} private values, got ${aux.length}`);
          wires.forEach((wire, i) => (w[wire] = aux[i]!));
          break;
        }
        case OP.evaluate:
        case OP.evaluateMod: {
          const out = code[at++]!;
          const v = lc();
          w[out] = kind === OP.evaluateMod ? mod(v) : v;
          break;
        }
        case OP.constant: {
          const out = code[at++]!;
          w[out] = coef();
          break;
        }
        case OP.decompose: {
          const bits = wireList();
          const n = bits.length;
          let v = lc();
          for (let i = 0; i < n; i++) v += w[bits[i]!]! << BigInt(i);
          if (v < 0n || v >= 1n << BigInt(n)) {
            throw new RangeError(`a value left its analysed interval (needs ${bitLength(v < 0n ? -v : v)} bits, has ${n}): the input is outside the declared ranges`);
          }
          for (let i = 0; i < n; i++) w[bits[i]!] = (v >> BigInt(i)) & 1n;
          break;
        }
        case OP.product: {
          const y = code[at++]!;
          const sign = code[at++]!;
          w[y] = w[sign]! * lc();
          break;
        }
        case OP.argmax: {
          const out = code[at++]!;
          const sel = wireList();
          const prod = wireList();
          const v = sel.map(() => lc());
          let best = 0;
          for (let j = 1; j < v.length; j++) if (v[j]! > v[best]!) best = j;
          sel.forEach((s, j) => (w[s] = j === best ? 1n : 0n));
          prod.forEach((q, j) => (w[q] = j === best ? v[j]! : 0n));
          w[out] = BigInt(best);
          break;
        }
        case OP.mulMod:
        case OP.divMod: {
          const out = code[at++]!;
          const a = mod(lc());
          const b = mod(lc());
          w[out] = (a * (kind === OP.mulMod ? b : invMod(b))) % FIELD_PRIME;
          break;
        }
        case OP.invMod: {
          const out = code[at++]!;
          w[out] = invMod(lc());
          break;
        }
        case OP.montgomeryAdd:
        case OP.montgomeryDouble: {
          const x3 = code[at++]!;
          const y3 = code[at++]!;
          const l = mod(lc());
          const px = mod(lc());
          const py = mod(lc());
          const rest = kind === OP.montgomeryAdd ? mod(lc()) : px;
          const x = mod(l * l - MONTGOMERY_A - px - rest);
          w[x3] = x;
          w[y3] = mod(l * (px - x) - py);
          break;
        }
        case OP.fieldBits: {
          const bits = wireList();
          const v = mod(lc());
          bits.forEach((b, i) => (w[b] = (v >> BigInt(i)) & 1n));
          break;
        }
        case OP.pow5: {
          const x2 = code[at++]!;
          const x4 = code[at++]!;
          const x5 = code[at++]!;
          const v = mod(lc());
          const v2 = (v * v) % FIELD_PRIME;
          const v4 = (v2 * v2) % FIELD_PRIME;
          w[x2] = v2;
          w[x4] = v4;
          w[x5] = (v4 * v) % FIELD_PRIME;
          break;
        }
        case OP.closure:
          p.closures[code[at++]!]!(w, input, aux);
          break;
        default:
          throw new Error(`witness program: unknown op ${kind} at word ${at - 2}`);
      }
    } catch (e) {
      const name = layer >= 0 ? p.layers[layer] : undefined;
      if (e instanceof RangeError && !(e instanceof WitnessRangeError) && name !== undefined) throw new WitnessRangeError(name, e.message);
      throw e;
    }
  }
  return w;
}

/** Where a program's private inputs start in the wire layout (builder.ts): after wire 0, the outputs and the public inputs. */
export function firstPrivateWire(p: ProgramShape): number {
  return 1 + p.nOutputs + p.nPublicInputs;
}

class ProgramDefect extends Error {}

/**
 * Why `p` cannot be run safely, or undefined when it can: its shape is a set of counts that fit
 * its wires, every op is one of the fifteen (no closure), every operand lies inside the stream,
 * every wire it reads is in [0, nWires) and every wire it writes in [1, nWires) (wire 0 is the
 * constant one), every pool and layer index exists, argmax's selector and product lists match,
 * and the input op writes exactly the private-input wires. A program read from the compiled-circuit
 * cache (formats/circuit-cache.ts) is checked with this before it runs, so a damaged or edited
 * entry is refused with a reason instead of failing inside runWitness with an undefined wire.
 * `visit` sees each op's kind and first word (tests use it to find ops to edit).
 */
export function programDefect(p: WitnessProgram, visit?: (kind: number, start: number) => void): string | undefined {
  const { code, nWires } = p;
  const counts = [p.nWires, p.nOutputs, p.nPublicInputs, p.nPrivateInputs];
  if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0)) return 'its shape (wires, outputs, public and private inputs) is not a set of counts';
  const firstPrivate = firstPrivateWire(p);
  if (firstPrivate + p.nPrivateInputs > nWires) return `its ${nWires} wires cannot hold its ${p.nOutputs} outputs, ${p.nPublicInputs} public and ${p.nPrivateInputs} private inputs`;
  let at = 0;
  let start = 0;
  const bad = (why: string): never => {
    throw new ProgramDefect(`${why} (op at word ${start})`);
  };
  const word = (): number => (at < code.length ? code[at++]! : bad('the program ends inside an op'));
  const count = (): number => {
    const n = word();
    return n >= 0 && n <= code.length - at ? n : bad(`count ${n} runs past the program's end`);
  };
  const wire = (lowest: number): void => {
    const w = word();
    if (w < lowest || w >= nWires) bad(`wire ${w} is outside ${lowest}…${nWires - 1}`);
  };
  const read = () => wire(0);
  const write = () => wire(1);
  const coef = (): void => {
    if (word() !== BIG) return;
    const i = word();
    if (i < 0 || i >= p.pool.length) bad(`constant ${i} is outside the pool of ${p.pool.length}`);
  };
  const lc = (): void => {
    const n = count();
    for (let i = 0; i < n; i++) {
      read();
      coef();
    }
  };
  const list = (): number => {
    const n = count();
    for (let i = 0; i < n; i++) write();
    return n;
  };
  try {
    while (at < code.length) {
      start = at;
      const kind = word();
      const layer = word();
      if (layer < -1 || layer >= p.layers.length) bad(`layer ${layer} is not one of its ${p.layers.length} layers`);
      switch (kind) {
        case OP.input: {
          const n = word();
          const bits = word();
          const first = word();
          if (n < 0 || bits < 1 || n * bits !== p.nPrivateInputs || (n > 0 && first !== firstPrivate)) {
            bad(`the input op writes ${n} codes of ${bits} bits from wire ${first}, not the ${p.nPrivateInputs} private-input wires from ${firstPrivate}`);
          }
          break;
        }
        case OP.aux:
          list();
          break;
        case OP.evaluate:
        case OP.evaluateMod:
        case OP.invMod:
          write();
          lc();
          break;
        case OP.constant:
          write();
          coef();
          break;
        case OP.decompose:
        case OP.fieldBits:
          list();
          lc();
          break;
        case OP.product:
          write();
          read();
          lc();
          break;
        case OP.argmax: {
          write();
          const n = list();
          const products = list();
          if (products !== n) bad(`argmax has ${products} products for ${n} selectors`);
          for (let i = 0; i < n; i++) lc();
          break;
        }
        case OP.mulMod:
        case OP.divMod:
          write();
          lc();
          lc();
          break;
        case OP.montgomeryAdd:
        case OP.montgomeryDouble:
          write();
          write();
          for (let i = kind === OP.montgomeryAdd ? 4 : 3; i > 0; i--) lc();
          break;
        case OP.pow5:
          write();
          write();
          write();
          lc();
          break;
        default:
          bad(`unknown op ${kind}`);
      }
      visit?.(kind, start);
    }
  } catch (e) {
    if (e instanceof ProgramDefect) return e.message;
    throw e;
  }
  return undefined;
}
