/**
 * Progress of a long stage, reported through a callback so that the CLI can draw a bar and a
 * worker can forward it over comlink. `done`/`total` are present when the stage knows its size.
 */
export interface ProgressEvent {
  readonly stage: ProgressStage;
  readonly done?: number;
  readonly total?: number;
  readonly message?: string;
}

export type ProgressStage =
  | 'load'
  | 'compile'
  | 'witness'
  | 'setup'
  | 'prove'
  | 'verify'
  | 'export';

export type OnProgress = (event: ProgressEvent) => void;
