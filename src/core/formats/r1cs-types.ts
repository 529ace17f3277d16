/**
 * The R1CS as the compiler hands it to the serializers and to the key generators.
 *
 * Wire numbering follows the iden3 convention: 0 is the constant one, then the public outputs,
 * then public inputs, then private inputs, then internal wires. Public signals are wires
 * 1 … nOutputs + nPublicInputs.
 *
 * A linear combination is a list of terms with strictly increasing wire ids and non-zero
 * coefficients in (−r, r): a negative coefficient c stands for the field element r + c. The
 * serializers write every coefficient reduced into [1, r), the form the .r1cs spec asks for;
 * unique, sorted wires keep snarkjs's reader and its key generator in agreement (docs/SNARKJS-NOTES.md,
 * trap 3). Signed in memory because a compiled layer holds millions of terms and most weights are
 * small: a reduced negative weight would be a 254-bit integer per term.
 */
export interface LinearTerms {
  readonly wires: readonly number[];
  readonly coefs: readonly bigint[];
}

export type Constraint = readonly [a: LinearTerms, b: LinearTerms, c: LinearTerms];

export interface R1cs {
  /** The scalar field modulus r of BN254. */
  readonly prime: bigint;
  /** Number of wires including wire 0 (the constant one). */
  readonly nWires: number;
  readonly nOutputs: number;
  readonly nPublicInputs: number;
  readonly nPrivateInputs: number;
  readonly constraints: readonly Constraint[];
}
