/**
 * The R1CS as the compiler hands it to the serializers and to the key generators.
 *
 * Wire numbering follows the iden3 convention: 0 is the constant one, then the public outputs,
 * then public inputs, then private inputs, then internal wires. Public signals are wires
 * 1 … nOutputs + nPublicInputs.
 *
 * A linear combination is a list of terms with strictly increasing wire ids, every coefficient
 * reduced into [1, r) (zero terms dropped): the form the .r1cs spec asks for, and the one that
 * keeps snarkjs's reader and its key generator in agreement (SNARKJS-NOTES, trap 3).
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
