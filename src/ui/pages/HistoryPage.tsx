/** History: proofs made on this device (model, label, time, bundle), kept across reloads. */
import { useEffect, useState } from 'react';
import { bundleFileName, downloadText } from '../services/files.js';
import type { HistoryEntry } from '../services/history.js';
import { clearHistory, deleteHistory, listHistory } from '../services/history.js';
import { href, navigate } from '../router.js';

export function HistoryPage() {
  const [entries, setEntries] = useState<HistoryEntry[]>();
  const refresh = () => void listHistory().then(setEntries);
  useEffect(refresh, []);
  return (
    <>
      <h1>Proof history</h1>
      <p className="hint">Stored in this browser only. It holds each proof bundle, never your data.</p>
      {entries === undefined && <p role="status">Loading…</p>}
      {entries?.length === 0 && <p>No proofs yet.</p>}
      {entries && entries.length > 0 && (
        <>
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
                      <button type="button" className="danger" aria-label={`Delete the proof of ${e.label} made ${new Date(e.createdAt).toLocaleString()}`} onClick={() => void deleteHistory(e.id).then(refresh)}>
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="danger" onClick={() => void clearHistory().then(refresh)}>
            Delete all
          </button>
        </>
      )}
    </>
  );
}
