/* eslint-disable no-var -- global declarations must be `var` */
/**
 * The few web-platform globals src/core may use: they exist in Node ≥ 20, browsers and workers
 * alike. Declared here (only for tsconfig.core.json) so that core still cannot touch the DOM,
 * Worker or Node APIs.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare var console: {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};
declare function setTimeout(handler: () => void, timeout?: number): unknown;
declare var crypto: {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
  readonly subtle: {
    digest(algorithm: 'SHA-256', data: ArrayBufferView | ArrayBuffer): Promise<ArrayBuffer>;
  };
};
declare var performance: { now(): number };
