/**
 * The witness check after a witness program ran (F2 in docs/circuit-cache.md): the honest witness
 * passes; a witness for another input, under another salt, signed by another key or over other
 * metadata — each one satisfying the circuit, so only this check refuses it — does not.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSatisfied } from '../circuit/check.js';
import type { CompiledModel } from '../compile.js';
import { compileModel } from '../compile.js';
import { encodeInput, validateInputSpec } from '../model/input.js';
import type { Graph } from '../model/ir.js';
import { loadModelFiles } from '../model/source.js';
import type { BindingWitness, InputBinding } from '../provenance/input.js';
import { signInput } from '../provenance/input.js';
import { standardLayout } from './signals.js';
import { assertWitnessHoldsInput } from './witness-check.js';

const dir = new URL('../../../public/models/breast-cancer/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const inputSpec = validateInputSpec(JSON.parse(readFileSync(new URL('input-spec.json', dir), 'utf8')));
const samples = JSON.parse(readFileSync(new URL('samples.json', dir), 'utf8')) as { values: number[] }[];
const [codes, other] = samples.slice(0, 2).map((s) => encodeInput(inputSpec, s.values, 'clamp').codes) as [bigint[], bigint[]];
const bits = inputSpec.bits;

let graph: Graph;
beforeAll(async () => {
  const files = new Map([['model.json', read('model.json')], ['weights.bin', read('weights.bin')]]);
  graph = (await loadModelFiles('model.json', files.get('model.json')!, (p) => files.get(p), 'breast-cancer')).graph;
});

function circuit(binding: InputBinding): { compiled: CompiledModel; manifest: Parameters<typeof assertWitnessHoldsInput>[0] } {
  const compiled = compileModel(graph, { inputSpec, binding });
  const size = compiled.quantized.tensors.get(compiled.quantized.output)!.lo.length;
  return { compiled, manifest: { input: inputSpec, publicSignals: standardLayout({ rule: compiled.options.output, size }, binding) } };
}

const signed = (key: string, c: readonly bigint[], metadata: readonly bigint[]): BindingWitness => {
  const s = signInput(key, c, bits, metadata);
  return { kind: 'signature', publicKey: s.publicKey, signature: s.signature, metadata };
};

describe('the witness holds the input and its binding signals', () => {
  it('unbound: the input codes and the challenge', () => {
    const { compiled, manifest } = circuit({ kind: 'none' });
    const honest = compiled.witness(codes, 7n);
    expect(() => assertWitnessHoldsInput(manifest, honest, { codes, challenge: 7n })).not.toThrow();
    // Another input's witness satisfies the circuit: only the check tells it is not this input.
    const swapped = compiled.witness(other, 7n);
    expect(isSatisfied(compiled.r1cs, swapped)).toBe(true);
    expect(() => assertWitnessHoldsInput(manifest, swapped, { codes, challenge: 7n })).toThrow(/does not hold the input: code \d+ differs/);
    expect(() => assertWitnessHoldsInput(manifest, compiled.witness(codes, 8n), { codes, challenge: 7n })).toThrow(/does not hold the challenge/);
    const one = honest.slice();
    one[0] = 2n;
    expect(() => assertWitnessHoldsInput(manifest, one, { codes, challenge: 7n })).toThrow(/does not hold 1 in wire 0/);
  });

  it('commitment: the input and the commitment under the user’s salt', () => {
    const { compiled, manifest } = circuit({ kind: 'commitment' });
    const mine: BindingWitness = { kind: 'commitment', salt: 123456789n };
    expect(() => assertWitnessHoldsInput(manifest, compiled.witness(codes, 0n, mine), { codes, challenge: 0n, binding: mine })).not.toThrow();
    // A guessable salt: the input wires are right, the commitment is not the user's.
    const fixedSalt = compiled.witness(codes, 0n, { kind: 'commitment', salt: 42n });
    expect(isSatisfied(compiled.r1cs, fixedSalt)).toBe(true);
    expect(() => assertWitnessHoldsInput(manifest, fixedSalt, { codes, challenge: 0n, binding: mine })).toThrow(/does not hold the input binding's commitment/);
    expect(() => assertWitnessHoldsInput(manifest, compiled.witness(other, 0n, mine), { codes, challenge: 0n, binding: mine })).toThrow(/does not hold the input: code/);
  }, 30_000);

  it('signature with the capture signal: the input, the signer and the capture', () => {
    const { compiled, manifest } = circuit({ kind: 'signature', metadata: 1, capture: true });
    const mine = signed('lab key', codes, [20261202n]);
    const e = { codes, challenge: 0n, binding: mine };
    expect(() => assertWitnessHoldsInput(manifest, compiled.witness(codes, 0n, mine), e)).not.toThrow();
    // Another key's signature over the same codes: a valid witness, another signer.
    const theirs = compiled.witness(codes, 0n, signed('other key', codes, [20261202n]));
    expect(isSatisfied(compiled.r1cs, theirs)).toBe(true);
    expect(() => assertWitnessHoldsInput(manifest, theirs, e)).toThrow(/does not hold the input binding's signer/);
    // The same key over other metadata: same signer, another capture signal.
    const otherMeta = compiled.witness(codes, 0n, signed('lab key', codes, [20261203n]));
    expect(isSatisfied(compiled.r1cs, otherMeta)).toBe(true);
    expect(() => assertWitnessHoldsInput(manifest, otherMeta, e)).toThrow(/does not hold the input binding's capture/);
    // Another input, signed too (by whoever edited the program): refused at the input wires.
    expect(() => assertWitnessHoldsInput(manifest, compiled.witness(other, 0n, signed('other key', other, [20261202n])), e)).toThrow(/does not hold the input: code/);
    // No signed input given for a signature-bound layout.
    expect(() => assertWitnessHoldsInput(manifest, compiled.witness(codes, 0n, mine), { codes, challenge: 0n })).toThrow(/does not hold a signed input for the signer/);
  }, 60_000);
});
