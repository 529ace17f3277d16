/**
 * A tiny static server for the browser bench: the built bench page under "/" and the row packages
 * under "/packages/". It sends COOP/COEP so the page is cross-origin isolated, which is what
 * `performance.measureUserAgentSpecificMemory()` needs; everything it serves is same-origin, so
 * isolation blocks nothing (snarkjs's blob: workers inherit the page's policy).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** URL prefix (starting and ending with "/") → directory on disk. */
export type Roots = Readonly<Record<string, string>>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The file a request path maps to, or null when it maps to none: unknown prefix, malformed
 * escapes, NUL bytes, or a path that would leave its root ("..", encoded or not). The longest
 * matching prefix wins, and "/" alone means index.html.
 */
export function resolvePath(roots: Roots, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null;
  const prefix = Object.keys(roots)
    .filter((p) => decoded.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix === undefined) return null;
  const root = path.resolve(roots[prefix]!);
  const rest = decoded.slice(prefix.length) || 'index.html';
  const file = path.resolve(root, rest);
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `roots` on 127.0.0.1 (a free port unless given). */
export async function serveStatic(roots: Roots, port = 0): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    const file = req.method === 'GET' || req.method === 'HEAD' ? resolvePath(roots, req.url ?? '/') : null;
    let size = -1;
    try {
      if (file) {
        const st = statSync(file);
        if (st.isFile()) size = st.size;
      }
    } catch {
      // Missing: answered 404 below.
    }
    if (!file || size < 0) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
