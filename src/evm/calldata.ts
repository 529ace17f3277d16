/**
 * The arguments of the Groth16 verifier contract's
 * `verifyProof(uint[2] _pA, uint[2][2] _pB, uint[2] _pC, uint[n] _pubSignals)`, from a snarkjs
 * proof and its public signals (the bundle's `publicSignals`: circuit wires 1…n, in order).
 *
 * The only non-obvious step is G2: snarkjs writes a coordinate of Fq2 as [c0, c1], the EIP-197
 * precompile (and so the contract) reads it as (c1, c0). Environment-free.
 */
import type { Groth16Proof } from '../core/index.js';
import { encodeCall, toHex } from './abi.js';

export interface VerifierArgs {
  readonly a: readonly [bigint, bigint];
  readonly b: readonly [readonly [bigint, bigint], readonly [bigint, bigint]];
  readonly c: readonly [bigint, bigint];
  readonly signals: readonly bigint[];
}

const DECIMAL = /^[0-9]{1,78}$/;

function int(s: string, what: string): bigint {
  if (typeof s !== 'string' || !DECIMAL.test(s)) throw new RangeError(`${what} is not a decimal string`);
  const v = BigInt(s);
  if (v >= 1n << 256n) throw new RangeError(`${what} does not fit in a uint256`);
  return v;
}

/** The contract's arguments; values are passed as they are (no reduction mod r or q). */
export function verifierArgs(proof: Groth16Proof, publicSignals: readonly string[]): VerifierArgs {
  const { pi_a: a, pi_b: b, pi_c: c } = proof;
  if (a.length < 2 || c.length < 2 || b.length < 2 || b[0]!.length !== 2 || b[1]!.length !== 2) throw new RangeError('the proof is not a Groth16 proof over BN254');
  // snarkjs proofs are affine (z = 1); a projective point would need normalising first.
  for (const [p, name] of [[a, 'pi_a'], [c, 'pi_c']] as const) if (p[2] !== undefined && p[2] !== '1') throw new RangeError(`${name} is not affine (z ≠ 1)`);
  if (b[2] !== undefined && (b[2][0] !== '1' || b[2][1] !== '0')) throw new RangeError('pi_b is not affine (z ≠ 1)');
  return {
    a: [int(a[0]!, 'pi_a.x'), int(a[1]!, 'pi_a.y')],
    b: [
      [int(b[0]![1]!, 'pi_b.x.c1'), int(b[0]![0]!, 'pi_b.x.c0')],
      [int(b[1]![1]!, 'pi_b.y.c1'), int(b[1]![0]!, 'pi_b.y.c0')],
    ],
    c: [int(c[0]!, 'pi_c.x'), int(c[1]!, 'pi_c.y')],
    signals: publicSignals.map((s, i) => int(s, `public signal ${i}`)),
  };
}

/** The canonical signature, whose selector depends on the number of public signals. */
export function verifyProofSignature(nPublic: number): string {
  return `verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[${nPublic}])`;
}

export function flatArgs(v: VerifierArgs): bigint[] {
  return [...v.a, ...v.b[0], ...v.b[1], ...v.c, ...v.signals];
}

/** ABI-encoded call data for verifyProof (selector + 8 + n words). */
export function encodeVerifyProof(v: VerifierArgs): Uint8Array {
  return encodeCall(verifyProofSignature(v.signals.length), flatArgs(v));
}

/**
 * The arguments as text, in the format of `snarkjs zkey export soliditycalldata`
 * (`["0x…", "0x…"],[["0x…", …],[…]],["0x…", "0x…"],["0x…",…]`): paste into a contract call.
 */
export function solidityCallArgs(v: VerifierArgs): string {
  const h = (x: bigint) => `"${toHex32(x)}"`;
  return (
    `[${h(v.a[0])}, ${h(v.a[1])}],` +
    `[[${h(v.b[0][0])}, ${h(v.b[0][1])}],[${h(v.b[1][0])}, ${h(v.b[1][1])}]],` +
    `[${h(v.c[0])}, ${h(v.c[1])}],` +
    `[${v.signals.map(h).join(',')}]`
  );
}

function toHex32(x: bigint): string {
  return '0x' + x.toString(16).padStart(64, '0');
}

export { toHex };
