/**
 * The browser's side of the pool: module web workers, and the wasm kernel fetched relative
 * to this module's URL and compiled once (streaming), then posted to every worker.
 *
 * Both URLs are written as `new URL('…', import.meta.url)` literals so that a bundler
 * (Vite, Rollup, webpack 5) emits the worker and the wasm beside the bundle and rewrites the
 * paths relative to the bundle's own URL: the built module works from any static server.
 */

import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import type { Platform, PoolWorker } from './pool.js';
import type { WorkerApi } from './worker.js';

/** Most workers the browser pool starts by default (a page should leave cores to the rest). */
const MAX_DEFAULT_WORKERS = 8;

async function compileKernel(): Promise<WebAssembly.Module> {
  const url = new URL('../../build/cgt-access.wasm', import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cgt-access: cannot load the kernel ${url.href}: HTTP ${response.status}`);
  // Streaming compilation needs the server to send application/wasm; fall back to bytes otherwise.
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function compileQueue(): Promise<WebAssembly.Module> {
  const url = new URL('../../build/cgt-access-queue.wasm', import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cgt-access: cannot load the queue engine ${url.href}: HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

function createWorker(): PoolWorker {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'cgt-access kernel' });
  const api = Comlink.wrap<WorkerApi>(worker);
  return {
    api,
    terminate: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
    // A browser page does not exit while a worker runs: nothing to keep alive.
    ref: () => undefined,
    unref: () => undefined,
  };
}

export const browserPlatform: Platform = {
  compileKernel,
  compileQueue,
  createWorker,
  defaultWorkers: () => Math.max(1, Math.min(MAX_DEFAULT_WORKERS, globalThis.navigator?.hardwareConcurrency ?? 2)),
};
