/**
 * A pool worker: one wasm kernel instance, created once from the compiled module the pool
 * sends, reused for every chunk of every run. Runs in a module web worker (browser) or a
 * worker_threads worker (Node); comlink carries the calls.
 */

import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import { Kernel } from './kernel.js';
import { TALLY_SIZE } from './tally.js';

let kernel: Kernel | undefined;

/** One chunk to run: the parameter block of its run, the run's seed, the chunk and its patients. */
export interface ChunkTask {
  params: Float64Array;
  seed: number;
  chunk: number;
  count: number;
}

export const workerApi = {
  /** Instantiates the kernel from a compiled module (once per worker). */
  init(module: WebAssembly.Module): void {
    kernel = new Kernel(module);
  },
  /** The tally of one chunk; parameters travel with every call, so runs never share state. */
  runChunk(params: Float64Array, seed: number, chunk: number, count: number): Float64Array {
    if (!kernel) throw new Error('cgt-access worker: init() was not called');
    kernel.setParams(params);
    const tally = kernel.runChunk(seed, chunk, count);
    return Comlink.transfer(tally, [tally.buffer]);
  },
  /** The tallies of several chunks (of small runs, e.g. PSA draws) in one round trip. */
  runChunks(tasks: ChunkTask[]): Float64Array[] {
    if (!kernel) throw new Error('cgt-access worker: init() was not called');
    const tallies = tasks.map((t) => {
      kernel!.setParams(t.params);
      return kernel!.runChunk(t.seed, t.chunk, t.count);
    });
    return Comlink.transfer(tallies, tallies.map((t) => t.buffer));
  },
  /**
   * Several chunks in one round trip, their tallies written one after another into `out`, an
   * array in shared memory that the pool reads (nothing allocated per chunk). `control` is in
   * shared memory too: [0] a flag the pool sets on abort, checked before each chunk (so an abort
   * stops the worker within one chunk), [1] the run's count of chunks done, kept up to date
   * here. Returns the number of chunks done.
   */
  runChunksShared(tasks: ChunkTask[], out: Float64Array, control: Int32Array): number {
    if (!kernel) throw new Error('cgt-access worker: init() was not called');
    let done = 0;
    for (const t of tasks) {
      if (Atomics.load(control, 0) !== 0) break;
      kernel.setParams(t.params);
      kernel.runChunkInto(t.seed, t.chunk, t.count, out, done * TALLY_SIZE);
      Atomics.add(control, 1, 1);
      done++;
    }
    return done;
  },
};

export type WorkerApi = typeof workerApi;

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined';
if (isNode) {
  const { parentPort } = await import('node:worker_threads');
  if (parentPort) {
    const { default: nodeEndpoint } = await import('comlink/dist/esm/node-adapter.mjs');
    Comlink.expose(workerApi, nodeEndpoint(parentPort as never));
  }
} else {
  Comlink.expose(workerApi);
}
