/** Choosing a model package: a bundled demo, a folder or files from disk, or a package URL. */
import { useEffect, useId, useState } from 'react';
import { demoIndex } from '../../client/packages.js';
import { DropZone } from './DropZone.js';

interface Props {
  readonly selectedDemo?: string;
  readonly onDemo: (name: string) => void;
  readonly onFiles: (files: File[]) => void;
  readonly onUrl: (url: string) => void;
  readonly busy?: boolean;
}

export function PackagePicker({ selectedDemo, onDemo, onFiles, onUrl, busy }: Props) {
  const [demos, setDemos] = useState<string[]>([]);
  const [demoError, setDemoError] = useState<string>();
  const [url, setUrl] = useState('');
  const demoId = useId();
  const urlId = useId();
  useEffect(() => {
    demoIndex().then(
      (d) => setDemos(d.map((e) => e.name)),
      (e: Error) => setDemoError(e.message),
    );
  }, []);
  return (
    <section className="card picker" aria-labelledby={`${demoId}-h`}>
      <h2 id={`${demoId}-h`}>1. Model package</h2>
      <div className="picker-grid">
        <div>
          <label htmlFor={demoId}>Bundled demo</label>
          <select id={demoId} value={selectedDemo ?? ''} disabled={busy} onChange={(e) => e.target.value && onDemo(e.target.value)}>
            <option value="">Choose a demo…</option>
            {demos.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
          {demoError && <p className="hint">{demoError}</p>}
        </div>
        <form
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
    </section>
  );
}
