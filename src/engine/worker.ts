/**
 * A pool worker: one wasm kernel instance, created once from the compiled module the pool
 * sends, reused for every chunk of every run. Runs in a module web worker (browser) or a
 * worker_threads worker (Node); comlink carries the calls.
 */

import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import { chunkSize } from '../random/stream.js';
import { Kernel } from './kernel.js';
import { TALLY_SIZE } from '../model/tally.js';
import { REPLICATE_TALLY_SIZE } from '../model/queue-layout.js';
import { YearsEngine } from '../queue/engine.js';
import type { PsaScenario } from '../psa/validate.js';

let kernel: Kernel | undefined;

/** One chunk to run: the parameter block of its run, the run's seed, the chunk and its patients. */
export interface ChunkTask {
  params: Float64Array;
  seed: number;
  chunk: number;
  count: number;
}

/**
 * The words of a run's control array in shared memory. The first two are shared by both ways
 * of working (round trips and streams).
 */
export const CONTROL = {
  /** Set to 1 by the pool on abort; checked before each chunk. */
  ABORT: 0,
  /** Chunks computed so far in the run (the pool's `chunksComputed`). */
  COMPUTED: 1,
  /** Stream: the next chunk to claim, counting every run's chunks one after another. */
  NEXT: 2,
  /** Stream: chunks the pool has folded, in stream order; chunk i may use its ring slot once i < FOLDED + slots. */
  FOLDED: 3,
  /** Stream: bumped (and notified) by a worker that needs the pool: a full ring, or the stream done. */
  SIGNAL: 4,
  WORDS: 5,
} as const;

/**
 * A stream of chunks: the chunks of one or more runs, one after another, claimed one at a
 * time by every worker of the pool until none is left.
 */
export interface StreamJob {
  /** Each run's seed and number of patients. */
  seeds: Float64Array;
  patients: Float64Array;
  /** starts[r]: the stream index of run r's first chunk; starts[runs]: the stream's length. */
  starts: Float64Array;
}

/**
 * A stream's memory, shared by the pool and its workers. Tallies: a ring of slots, chunk i's
 * tally in slot i mod slots, published by writing i + 1 into `ready[slot]`. Parameters: a ring
 * of parameter blocks, run r's in slot r mod paramSlots, published by writing r + 1 into
 * `paramsReady[slot]` (the pool makes them as the runs before are folded: a PSA's draws are
 * made while the workers go on).
 */
export interface StreamMemory {
  tallies: Float64Array;
  ready: Int32Array;
  params: Float64Array;
  paramsReady: Int32Array;
}

/**
 * A stream of replicates' ring, in shared memory: replicate r's tally in slot r mod slots,
 * published by writing r + 1 into `ready[slot]`.
 */
export interface ReplicateRing {
  tallies: Float64Array;
  ready: Int32Array;
}

let years: YearsEngine | undefined;

/** Cohort-years (capacity and queues): replicates, each a discrete-event simulation of its own. */
const yearsApi = {
  /** Instantiates the cohort-years engine from its compiled module (once per worker, on first use). */
  initYears(module: WebAssembly.Module): void {
    years = new YearsEngine(module);
  },
  /**
   * The tallies of replicates from .. from + count - 1 of the run whose parameter block is
   * `params` (model/queue-params.ts), one after another. With `control` (shared memory) the abort
   * flag is checked before each replicate: fewer tallies come back after an abort.
   */
  runReplicates(params: Float64Array, from: number, count: number, control?: Int32Array): Float64Array {
    if (!years) throw new Error('cgt-access worker: initYears() was not called');
    years.setParams(params);
    const out = new Float64Array(count * REPLICATE_TALLY_SIZE);
    let done = 0;
    for (; done < count; done++) {
      if (control && Atomics.load(control, CONTROL.ABORT) !== 0) break;
      years.runReplicate(from + done, out, done * REPLICATE_TALLY_SIZE);
      if (control) Atomics.add(control, CONTROL.COMPUTED, 1);
    }
    const result = done === count ? out : out.slice(0, done * REPLICATE_TALLY_SIZE);
    return Comlink.transfer(result, [result.buffer]);
  },
  /**
   * The same in shared memory: the tallies are written into `out` (the pool's array for this
   * round trip, reused from trip to trip: nothing is allocated), and the number of replicates
   * run is returned (fewer than `count` after an abort).
   */
  runReplicatesShared(params: Float64Array, from: number, count: number, out: Float64Array, control: Int32Array): number {
    if (!years) throw new Error('cgt-access worker: initYears() was not called');
    years.setParams(params);
    let done = 0;
    for (; done < count; done++) {
      if (Atomics.load(control, CONTROL.ABORT) !== 0) break;
      years.runReplicate(from + done, out, done * REPLICATE_TALLY_SIZE);
      Atomics.add(control, CONTROL.COMPUTED, 1);
    }
    return done;
  },
  /**
   * Replicates of a stream until every one is claimed (or an abort): claims the next replicate
   * (CONTROL.NEXT), waits while its slot of the ring is not yet folded by the pool, runs it and
   * publishes its tally in the slot (ready[slot] = r + 1). No message between replicates: the
   * pool folds the ring in replicate order while the workers go on. The worker wakes the pool
   * when half the ring waits to be folded, when it must wait for a slot, and after the last
   * replicate. Returns the number of replicates this worker ran.
   */
  runReplicateStream(params: Float64Array, replicates: number, ring: ReplicateRing, control: Int32Array): number {
    if (!years) throw new Error('cgt-access worker: initYears() was not called');
    years.setParams(params);
    const { tallies, ready } = ring;
    const slots = ready.length;
    const wake = () => {
      Atomics.add(control, CONTROL.SIGNAL, 1);
      Atomics.notify(control, CONTROL.SIGNAL);
    };
    let done = 0;
    for (;;) {
      if (Atomics.load(control, CONTROL.ABORT) !== 0) break;
      const r = Atomics.add(control, CONTROL.NEXT, 1);
      if (r >= replicates) break;
      // The slot is free once the pool has folded the replicate `slots` before this one.
      for (let folded = Atomics.load(control, CONTROL.FOLDED); r >= folded + slots; folded = Atomics.load(control, CONTROL.FOLDED)) {
        if (Atomics.load(control, CONTROL.ABORT) !== 0) break;
        wake();
        Atomics.wait(control, CONTROL.FOLDED, folded);
      }
      // An abort may have come while this worker waited.
      if (Atomics.load(control, CONTROL.ABORT) !== 0) break;
      const slot = r % slots;
      years.runReplicate(r, tallies, slot * REPLICATE_TALLY_SIZE);
      Atomics.store(ready, slot, r + 1);
      done++;
      const computed = Atomics.add(control, CONTROL.COMPUTED, 1) + 1;
      if (computed === replicates || r - Atomics.load(control, CONTROL.FOLDED) === slots >> 1) wake();
    }
    return done;
  },
};

/** The exact PSA (src/psa/exact-draws.ts), loaded on a worker's first block: no Monte Carlo kernel needed. */
const exactApi = {
  /**
   * Draws from .. to - 1 of the PSA `ps`, evaluated exactly, column by column (`ExactDraws`),
   * written into `out` when it is long enough (an earlier block's array, sent back to be
   * written again: fresh memory for every block cost more than the block's draws), else into
   * a new array.
   */
  async exactDraws(ps: PsaScenario, from: number, to: number, out?: Float64Array): Promise<Float64Array> {
    const { ExactDraws, EXACT_OUTPUTS } = await import('../psa/exact-draws.js');
    const size = EXACT_OUTPUTS * (to - from);
    const block = out && out.length >= size ? out.subarray(0, size) : new Float64Array(size);
    new ExactDraws(ps).block(from, to, block);
    return Comlink.transfer(block, [block.buffer]);
  },
};

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
   * shared memory too (its ABORT flag checked before each chunk, so an abort stops the worker
   * within one chunk; COMPUTED kept up to date). Returns the number of chunks done.
   */
  runChunksShared(tasks: ChunkTask[], out: Float64Array, control: Int32Array): number {
    if (!kernel) throw new Error('cgt-access worker: init() was not called');
    let done = 0;
    for (const t of tasks) {
      if (Atomics.load(control, CONTROL.ABORT) !== 0) break;
      kernel.setParams(t.params);
      kernel.runChunkInto(t.seed, t.chunk, t.count, out, done * TALLY_SIZE);
      Atomics.add(control, CONTROL.COMPUTED, 1);
      done++;
    }
    return done;
  },
  /**
   * Works on a stream until it is claimed to the end (or aborted): claims the next chunk
   * (`CONTROL.NEXT`), waits while its tally slot is not yet folded by the pool, runs it with
   * its run's parameters from the parameter ring, and publishes its tally (see StreamMemory).
   * No message between chunks: the pool folds the ring in stream order while the workers go
   * on. Returns the number of chunks this worker did.
   */
  runStream(job: StreamJob, memory: StreamMemory, control: Int32Array): number {
    if (!kernel) throw new Error('cgt-access worker: init() was not called');
    const { tallies, ready, params, paramsReady } = memory;
    const slots = ready.length;
    const paramSlots = paramsReady.length;
    const size = params.length / paramSlots;
    const total = job.starts[job.starts.length - 1];
    let run = -1;
    let done = 0;
    stream: for (;;) {
      if (Atomics.load(control, CONTROL.ABORT) !== 0) break;
      const index = Atomics.add(control, CONTROL.NEXT, 1);
      if (index >= total) break;
      // The slot is free once the pool has folded the chunk `slots` before this one.
      for (let folded = Atomics.load(control, CONTROL.FOLDED); index >= folded + slots; folded = Atomics.load(control, CONTROL.FOLDED)) {
        if (Atomics.load(control, CONTROL.ABORT) !== 0) break;
        Atomics.add(control, CONTROL.SIGNAL, 1);
        Atomics.notify(control, CONTROL.SIGNAL);
        Atomics.wait(control, CONTROL.FOLDED, folded);
      }
      // An abort may have come while this worker waited.
      if (Atomics.load(control, CONTROL.ABORT) !== 0) break;
      if (run < 0 || index >= job.starts[run + 1]) {
        // Claims only grow, so the run of this chunk is this one or a later one.
        run = Math.max(run, 0);
        while (index >= job.starts[run + 1]) run++;
        // The pool makes a run's parameters before it frees the tally slots of its chunks, so
        // this waits only in an odd case (runs of no chunks); the slot stays the run's until
        // all its chunks are folded.
        const slot = run % paramSlots;
        for (let v = Atomics.load(paramsReady, slot); v !== run + 1; v = Atomics.load(paramsReady, slot)) {
          if (Atomics.load(control, CONTROL.ABORT) !== 0) break stream;
          Atomics.add(control, CONTROL.SIGNAL, 1);
          Atomics.notify(control, CONTROL.SIGNAL);
          Atomics.wait(paramsReady, slot, v);
        }
        kernel.setParams(params.subarray(slot * size, (slot + 1) * size));
      }
      const chunk = index - job.starts[run];
      kernel.runChunkInto(job.seeds[run], chunk, chunkSize(job.patients[run], chunk), tallies, (index % slots) * TALLY_SIZE);
      Atomics.store(ready, index % slots, index + 1);
      done++;
      // The stream's last chunk in: wake the pool at once.
      if (Atomics.add(control, CONTROL.COMPUTED, 1) + 1 === total) {
        Atomics.add(control, CONTROL.SIGNAL, 1);
        Atomics.notify(control, CONTROL.SIGNAL);
      }
    }
    return done;
  },
};

export type WorkerApi = typeof workerApi & typeof yearsApi & typeof exactApi;

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined';
if (isNode) {
  const { parentPort } = await import('node:worker_threads');
  if (parentPort) {
    const { default: nodeEndpoint } = await import('comlink/dist/esm/node-adapter.mjs');
    Comlink.expose({ ...workerApi, ...yearsApi, ...exactApi }, nodeEndpoint(parentPort as never));
  }
} else {
  Comlink.expose({ ...workerApi, ...yearsApi, ...exactApi });
}
