/** A proof bundle as text, with download and copy. */
import { useId, useState } from 'react';
import type { ProofBundle } from '../../core/package/bundle.js';
import { bundleFileName, copyText, downloadText } from '../services/files.js';

/** `name` (the package's) names the downloaded file; the bundle itself carries no name. */
/** `disabled`: the bundle is for input that has since changed, so it is neither downloaded nor copied. */
export function BundleView({ bundle, name, disabled }: { bundle: ProofBundle; name: string; disabled?: boolean }) {
  const id = useId();
  const [copied, setCopied] = useState<string>();
  const text = JSON.stringify(bundle, null, 2);
  return (
    <div className="bundle">
      <label htmlFor={id}>Proof bundle</label>
      <textarea id={id} readOnly rows={8} value={text} disabled={disabled} />
      <div className="row">
        <button type="button" disabled={disabled} onClick={() => downloadText(bundleFileName(name, new Date().toISOString()), text)}>
          Download bundle
        </button>
        <button type="button" disabled={disabled} onClick={() => void copyText(text).then((ok) => setCopied(ok ? 'Copied.' : 'Copy failed: select the text and copy it.'))}>
          Copy bundle
        </button>
        <span role="status">{copied}</span>
      </div>
    </div>
  );
}
