/** Node's side of the pool: worker_threads workers and the wasm file read from disk. */

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { Platform, PoolWorker } from './pool.js';
import type { WorkerApi } from './worker.js';

/** The first of these files that exists (the modules run from src/ under tests, from dist/src/ when built). */
function locate(candidates: string[]): URL {
  for (const c of candidates) {
    const url = new URL(c, import.meta.url);
    if (existsSync(url)) return url;
  }
  throw new Error(`cgt-access: cannot find ${candidates[0].split('/').pop()}; run \`npm run build\` first`);
}

export const nodePlatform: Platform = {
  async compileKernel() {
    const url = locate(['../../build/cgt-access.wasm', '../../../build/cgt-access.wasm']);
    return WebAssembly.compile(await readFile(url));
  },
  async compileQueue() {
    const url = locate(['../../build/cgt-access-queue.wasm', '../../../build/cgt-access-queue.wasm']);
    return WebAssembly.compile(await readFile(url));
  },
  async compileFold() {
    const url = locate(['../../build/cgt-access-fold.wasm', '../../../build/cgt-access-fold.wasm']);
    return WebAssembly.compile(await readFile(url));
  },
  createWorker(): PoolWorker {
    // Workers run the compiled JavaScript (worker_threads cannot run TypeScript).
    const script = import.meta.url.endsWith('.ts')
      ? locate(['../../dist/src/engine/worker.js'])
      : locate(['./worker.js']);
    // A fresh execArgv: the parent's flags (e.g. --input-type) are not for a worker.
    const worker = new Worker(script, { execArgv: [] });
    worker.unref();
    const api = Comlink.wrap<WorkerApi>(nodeEndpoint(worker as never));
    return {
      api,
      terminate: () => {
        api[Comlink.releaseProxy]();
        void worker.terminate();
      },
      ref: () => worker.ref(),
      unref: () => worker.unref(),
    };
  },
  defaultWorkers: () => availableParallelism(),
  machineMemory,
};

/** The machine's memory, or the process's cgroup limit where it is lower (process.constrainedMemory: 0, undefined or 2^64 when there is none). */
function machineMemory(): number {
  const total = totalmem();
  const limit = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  return typeof limit === 'number' && limit > 0 && limit < total ? limit : total;
}
