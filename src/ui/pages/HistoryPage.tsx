/** History: proofs made on this device (model, label, time, bundle), kept across reloads. */
import { useEffect, useState } from 'react';
import { bundleFileName, downloadText } from '../services/files.js';
import type { HistoryEntry } from '../services/history.js';
import { clearHistory, deleteHistory, listHistory, restoreHistory } from '../services/history.js';
import { href, navigate } from '../router.js';

export function HistoryPage() {
  const [entries, setEntries] = useState<HistoryEntry[]>();
  /** "Delete all" asks first. */
  const [confirming, setConfirming] = useState(false);
  /** What the last delete removed, for Undo. */
  const [removed, setRemoved] = useState<HistoryEntry[]>();
  const refresh = () => void listHistory().then(setEntries);
  useEffect(refresh, []);
  const remove = async (gone: HistoryEntry[], op: () => Promise<void>) => {
    await op();
    setRemoved(gone);
    setConfirming(false);
    refresh();
  };
  return (
    <>
      <h1>Proof history</h1>
      <p className="hint">Stored in this browser only. It holds each proof bundle, never your data.</p>
      {entries === undefined && <p role="status">Loading…</p>}
      {removed && removed.length > 0 && (
        <p className="card undo" role="status" data-testid="undo-note">
          Deleted {removed.length === 1 ? '1 proof' : `${removed.length} proofs`}.{' '}
          <button type="button" onClick={() => void restoreHistory(removed).then(() => (setRemoved(undefined), refresh()))}>
            Undo
          </button>
        </p>
      )}
      {entries?.length === 0 && <p>No proofs yet.</p>}
      {entries && entries.length > 0 && (
        <>
          <div className="table-scroll">
            <table className="history">
              <caption className="visually-hidden">Proofs made on this device</caption>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Output</th>
                  <th scope="col">Time</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td>{e.model}</td>
                    <td>{e.label}</td>
                    <td>
                      <time dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time>
                    </td>
                    <td>
                      <div className="row">
                        <a className="button" href={href('verify', { history: e.id })} onClick={(ev) => (ev.preventDefault(), navigate(href('verify', { history: e.id })))}>
                          Verify
                        </a>
                        <button type="button" onClick={() => downloadText(bundleFileName(e.model, e.createdAt), JSON.stringify(e.bundle, null, 2))}>
                          Download
                        </button>
                        <button type="button" className="danger" aria-label={`Delete the proof of ${e.label} made ${new Date(e.createdAt).toLocaleString()}`} onClick={() => void remove([e], () => deleteHistory(e.id))}>
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {confirming ? (
            <div className="confirm" role="group" aria-labelledby="confirm-h">
              <p id="confirm-h">
                Delete all {entries.length === 1 ? '1 proof' : `${entries.length} proofs`} from this device? The bundles are not kept anywhere else.
              </p>
              <div className="row">
                <button type="button" className="danger" onClick={() => void remove(entries, clearHistory)}>
                  Yes, delete all
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Keep them
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Delete all
            </button>
          )}
        </>
      )}
    </>
  );
}
