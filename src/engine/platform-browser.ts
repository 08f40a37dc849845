/**
 * The browser's side of the pool: module web workers, and the wasm modules fetched relative
 * to this module's URL and compiled once (streaming): the kernel and the queue engine, posted
 * to every worker, and the queue's fold, run on the page's thread.
 *
 * Every URL is written as a `new URL('…', import.meta.url)` literal so that a bundler
 * (Vite, Rollup, webpack 5) emits the worker and the wasm beside the bundle and rewrites the
 * paths relative to the bundle's own URL: the built module works from any static server.
 */

import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import type { Platform, PoolWorker } from './pool.js';
import type { WorkerApi } from './worker.js';

/** Most workers the browser pool starts by default (a page should leave cores to the rest). */
const MAX_DEFAULT_WORKERS = 8;
/** The memory assumed where the browser does not tell it (navigator.deviceMemory is Chromium's), in GiB. */
const DEFAULT_DEVICE_GIB = 4;

/** Fetches and compiles a wasm module (`what` names it in errors). */
async function compileFrom(url: URL, what: string): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cgt-access: cannot load ${what} ${url.href}: HTTP ${response.status}`);
  // Streaming compilation needs the server to send application/wasm; fall back to bytes otherwise.
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

const compileKernel = () => compileFrom(new URL('../../build/cgt-access.wasm', import.meta.url), 'the kernel');
const compileQueue = () => compileFrom(new URL('../../build/cgt-access-queue.wasm', import.meta.url), 'the queue engine');
const compileFold = () => compileFrom(new URL('../../build/cgt-access-fold.wasm', import.meta.url), 'the queue fold');

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
  compileFold,
  createWorker,
  defaultWorkers: () => Math.max(1, Math.min(MAX_DEFAULT_WORKERS, globalThis.navigator?.hardwareConcurrency ?? 2)),
  machineMemory,
};

/** The device's memory as the page may know it (GiB, rounded down and capped by the browser), else 4 GiB: a tab rarely gets more. */
function machineMemory(): number {
  const gib = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return (typeof gib === 'number' && gib > 0 ? gib : DEFAULT_DEVICE_GIB) * 2 ** 30;
}
