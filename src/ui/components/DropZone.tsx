/** A drop target that is also a labelled file picker, so it works from the keyboard too. */
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { filesFromDrop } from '../services/files.js';

interface Props {
  readonly label: string;
  readonly hint?: ReactNode;
  readonly accept?: string;
  readonly directory?: boolean;
  readonly onFiles: (files: File[]) => void;
}

export function DropZone({ label, hint, accept, directory, onFiles }: Props) {
  const id = useId();
  const [over, setOver] = useState(false);
  const dirProps = directory ? ({ webkitdirectory: '', directory: '' } as Record<string, string>) : {};
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void filesFromDrop(e.dataTransfer).then((f) => f.length > 0 && onFiles(f));
      }}
    >
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        multiple
        accept={accept}
        {...dirProps}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}
