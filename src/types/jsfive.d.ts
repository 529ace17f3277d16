/** The part of jsfive 0.4 (a pure-JS HDF5 reader, no published types) that zkinfer uses. */
declare module 'jsfive' {
  export class Group {
    readonly name: string;
    readonly keys: string[];
    readonly attrs: Record<string, unknown>;
    /** Throws (often a string, not an Error) when the path does not exist. */
    get(path: string): Group | Dataset | null;
  }
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }
  export class Dataset {
    readonly name: string;
    readonly shape: number[];
    /** e.g. "<f4", "<f8", "<i4", "S12". */
    readonly dtype: string | unknown[];
    readonly attrs: Record<string, unknown>;
    readonly value: ArrayLike<number> | unknown[];
  }
}
