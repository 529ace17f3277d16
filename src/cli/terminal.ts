/** Progress bars and human output on stderr; stdout carries results (one JSON object with --json). */
import type { OnProgress, ProgressEvent } from '../core/index.js';

export interface Terminal {
  readonly json: boolean;
  readonly verbose: boolean;
  progress: OnProgress;
  /** A line for people (suppressed with --json). */
  say(line: string): void;
  done(): void;
}

export function terminal(json: boolean, verbose: boolean): Terminal {
  const tty = process.stderr.isTTY === true && !json;
  let lastStage = '';
  let lastDraw = 0;
  let open = false;
  const clear = () => {
    if (open) process.stderr.write('\r\x1b[K');
    open = false;
  };
  return {
    json,
    verbose,
    progress(e: ProgressEvent) {
      const label = e.message ?? e.stage;
      if (!tty) {
        if (!json && e.stage + label !== lastStage && e.done === undefined) process.stderr.write(`… ${label}\n`);
        lastStage = e.stage + label;
        return;
      }
      const now = Date.now();
      if (e.done !== undefined && e.total && now - lastDraw < 50 && e.done < e.total) return;
      lastDraw = now;
      const width = 24;
      const bar =
        e.done !== undefined && e.total
          ? `[${'#'.repeat(Math.round((width * e.done) / e.total)).padEnd(width, '.')}] ${Math.round((100 * e.done) / e.total)}%`
          : '';
      process.stderr.write(`\r\x1b[K${e.stage.padEnd(8)} ${bar} ${label}`.slice(0, (process.stderr.columns ?? 100) - 1));
      open = true;
    },
    say(line: string) {
      if (json) return;
      clear();
      process.stdout.write(line + '\n');
    },
    done() {
      clear();
    },
  };
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function bytesText(n: number): string {
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;
}
