/**
 * Every error the library raises on bad input is a ZkinferError: one clear sentence that names the
 * culprit (layer, feature, file), tagged with the pipeline stage, so the CLI and UI can show it as
 * is and tests can match on `code`.
 */
export type ErrorStage =
  | 'model'
  | 'input'
  | 'quantize'
  | 'circuit'
  | 'format'
  | 'setup'
  | 'prove'
  | 'verify'
  | 'package'
  | 'bundle';

export class ZkinferError extends Error {
  override readonly name = 'ZkinferError';
  constructor(
    readonly stage: ErrorStage,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function fail(stage: ErrorStage, code: string, message: string): never {
  throw new ZkinferError(stage, code, message);
}
