/**
 * The JSON shapes snarkjs produces for Groth16 over BN254, typed exactly as snarkjs 0.7.6 emits
 * them: every number is a decimal string, points are projective with z = "1" (G2 coordinates
 * are [c0, c1] pairs).
 */
export type DecimalString = string;
export type G1Point = DecimalString[];
export type G2Point = DecimalString[][];

export interface VerificationKey {
  readonly protocol: 'groth16';
  readonly curve: 'bn128';
  readonly nPublic: number;
  readonly vk_alpha_1: G1Point;
  readonly vk_beta_2: G2Point;
  readonly vk_gamma_2: G2Point;
  readonly vk_delta_2: G2Point;
  /** e(alpha, beta) in GT: 2 × 3 × 2 decimal strings. */
  readonly vk_alphabeta_12: DecimalString[][][];
  /** One G1 point per public signal, plus IC[0] for the constant wire. */
  readonly IC: G1Point[];
}

export interface Groth16Proof {
  readonly pi_a: G1Point;
  readonly pi_b: G2Point;
  readonly pi_c: G1Point;
  readonly protocol: 'groth16';
  readonly curve: 'bn128';
}
