#!/usr/bin/env node
/**
 * A plain static file server on 127.0.0.1 (no build step, no rewriting): what an embedder's
 * server does. Used by the browser tests and the browser benchmark; run it by hand with
 * `node scripts/static-server.mjs [DIR] [PORT]` (defaults: dist/web, a free port).
 */

import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves `dir`, with `headers` added to every response; resolves to { url, close }. */
export function serveStatic(dir, port = 0, headers = {}) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    let path;
    try {
      // (As a path, not a URL: "//x" would read as a host, and a bad escape would throw.)
      path = decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      done({ url: `http://127.0.0.1:${p}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('../dist/web', import.meta.url));
  const { url } = await serveStatic(dir, Number(process.argv[3] ?? 0));
  console.log(`serving ${dir} at ${url}`);
}
