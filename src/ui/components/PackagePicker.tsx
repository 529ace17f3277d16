/**
 * Choosing a model package: a bundled demo, a folder or files from disk, or a package URL. A
 * load in progress or a load that failed is shown here, beside the picker, while the package in
 * use stays loaded below.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { demoIndex } from '../../client/packages.js';
import { DropZone } from './DropZone.js';

interface Props {
  readonly selectedDemo?: string;
  readonly onDemo: (name: string) => void;
  readonly onFiles: (files: File[]) => void;
  readonly onUrl: (url: string) => void;
  readonly busy?: boolean;
  /** The load in progress or the last failed load, shown under the choices. */
  readonly status?: ReactNode;
}

/** Keys that move through a closed select's options: they preview a demo, they do not load it. */
const BROWSE_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

export function PackagePicker({ selectedDemo, onDemo, onFiles, onUrl, busy, status }: Props) {
  const [demos, setDemos] = useState<string[]>([]);
  const [demoError, setDemoError] = useState<string>();
  const [url, setUrl] = useState('');
  /** A demo reached with the arrow keys (or typed letters) but not yet opened. */
  const [browsed, setBrowsed] = useState<string>();
  const keyed = useRef(false);
  const demoId = useId();
  const urlId = useId();
  useEffect(() => {
    demoIndex().then(
      (d) => setDemos(d.map((e) => e.name)),
      (e: Error) => setDemoError(e.message),
    );
  }, []);
  useEffect(() => setBrowsed(undefined), [selectedDemo]);
  const shown = browsed ?? selectedDemo ?? '';
  const open = (name: string) => {
    setBrowsed(undefined);
    if (name) onDemo(name);
  };
  return (
    <section className="card picker" aria-labelledby={`${demoId}-h`}>
      <h2 id={`${demoId}-h`}>1. Model package</h2>
      <div className="picker-grid">
        <div>
          <label htmlFor={demoId}>Bundled demo</label>
          <div className="row">
            <select
              id={demoId}
              value={shown}
              disabled={busy}
              aria-describedby={`${demoId}-hint`}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  if (browsed) open(browsed);
                } else {
                  // Arrows and type-ahead change a closed select's value at once: that only browses.
                  keyed.current = BROWSE_KEYS.has(e.key) || e.key.length === 1;
                }
              }}
              onChange={(e) => {
                const name = e.target.value;
                if (keyed.current) {
                  keyed.current = false;
                  setBrowsed(name === selectedDemo ? undefined : name);
                } else open(name);
              }}
            >
              <option value="">Choose a demo…</option>
              {demos.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
            <button type="button" disabled={busy || !browsed} onClick={() => browsed && open(browsed)}>
              Open demo
            </button>
          </div>
          <p className="hint" id={`${demoId}-hint`}>
            {browsed ? `Press Enter or “Open demo” to load ${browsed}.` : 'Choosing a demo loads it; with the keyboard, pick with the arrows and press Enter.'}
          </p>
          {demoError && <p className="hint">{demoError}</p>}
        </div>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (url.trim()) onUrl(url.trim());
          }}
        >
          <label htmlFor={urlId}>Package URL</label>
          <div className="row">
            <input id={urlId} type="url" placeholder="https://example.org/packages/my-model/" value={url} onChange={(e) => setUrl(e.target.value)} />
            <button type="submit" disabled={busy || !url.trim()}>
              Load
            </button>
          </div>
        </form>
        <DropZone label="Package files" hint="Drop a package folder here, or choose its files (manifest.json, model files, circuit.zkey, verification_key.json)." onFiles={onFiles} />
        <DropZone label="Package folder" directory onFiles={onFiles} />
      </div>
      {status}
    </section>
  );
}
