/** A compiled circuit's size, apart from compile.ts so that the circuit-cache format (below the compile recipe) can store it. */
export interface CircuitStats {
  readonly parameters: number;
  readonly constraints: number;
  readonly wires: number;
  readonly publicSignals: number;
  readonly privateInputs: number;
  readonly terms: { readonly a: number; readonly b: number; readonly c: number };
  /** log2 of the Groth16 evaluation domain snarkjs will use. */
  readonly power: number;
}
