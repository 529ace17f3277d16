/**
 * The small part of ffjavascript 0.3.x (no published types) that zkinfer uses. Buffers hold field
 * elements and points in ffjavascript's internal form: Montgomery, little-endian; affine points are
 * (x, y), Jacobian points (x, y, z); G2 coordinates are pairs of base-field elements.
 */
declare module 'ffjavascript' {
  /** A field implemented in WebAssembly (Fr, F1…): elements are Montgomery buffers. */
  export interface WasmField {
    readonly n8: number;
    /** Roots of unity: w[k] generates the subgroup of order 2^k. */
    readonly w: readonly Uint8Array[];
    /** 2-adicity of r − 1. */
    readonly s: number;
    e(value: bigint | number | string): Uint8Array;
    toObject(element: Uint8Array): bigint;
  }

  /** A curve group implemented in WebAssembly (G1, G2). */
  export interface WasmCurveGroup {
    readonly F: { readonly n8: number };
    /** The generator, Jacobian. */
    readonly g: Uint8Array;
    readonly zero: Uint8Array;
    readonly zeroAffine: Uint8Array;
    timesFr(point: Uint8Array, scalar: Uint8Array): Uint8Array;
    toAffine(point: Uint8Array): Uint8Array;
    eq(a: Uint8Array, b: Uint8Array): boolean;
    /** Internal form → zkey/ptau "LEM" bytes (affine, Montgomery, little-endian). */
    toRprLEM(out: Uint8Array, offset: number, point: Uint8Array): void;
    fromRprLEM(bytes: Uint8Array, offset: number): Uint8Array;
    toObject(point: Uint8Array): bigint[] | bigint[][];
    /** Multi-threaded: point i of `points` (affine) times first·inc^i; Fr arguments Montgomery. */
    batchApplyKey(points: Uint8Array, first: Uint8Array, inc: Uint8Array): Promise<Uint8Array>;
    /** Multi-threaded inverse FFT over the group (snarkjs's Lagrange-basis computation). */
    ifft(points: Uint8Array, inType: 'affine' | 'jacobian', outType: 'affine' | 'jacobian'): Promise<Uint8Array>;
  }

  /**
   * The thread manager. `instance` is the main-thread WebAssembly instance (it exists in single-
   * and multi-threaded mode alike); its memory is a bump allocator whose free pointer is u32[0].
   */
  export interface ThreadManager {
    readonly concurrency: number;
    readonly instance: { readonly exports: Record<string, unknown> };
    readonly memory: { readonly buffer: ArrayBuffer };
    readonly u32: Uint32Array;
    alloc(length: number): number;
    /**
     * Run a task on a worker thread (in-process in single-thread mode): a list of commands
     * (ALLOCSET, ALLOC, SET, CALL of a WebAssembly export, GET), results are the GETs' buffers.
     */
    queueAction(task: Record<string, unknown>[], transfers?: ArrayBuffer[]): Promise<Uint8Array[]>;
    /** Save the allocator's free pointer; endSyncOp restores it. Not re-entrant. */
    startSyncOp(): void;
    endSyncOp(): void;
  }

  export interface BnCurve {
    readonly name: string;
    readonly r: bigint;
    readonly q: bigint;
    readonly Fr: WasmField;
    readonly G1: WasmCurveGroup;
    readonly G2: WasmCurveGroup;
    readonly tm: ThreadManager;
    terminate(): Promise<void>;
  }

  /**
   * BN254. Multi-threaded unless `singleThread`; the multi-threaded curve is cached in
   * `globalThis.curve_bn128` and shared with snarkjs.
   */
  export function buildBn128(singleThread?: boolean): Promise<BnCurve>;
}
