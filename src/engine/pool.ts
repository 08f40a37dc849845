/**
 * The worker pool: N workers, each with its own wasm kernel instance, compiled once and
 * reused across runs. Chunks are handed out dynamically (a worker takes the next chunk as
 * soon as it is free); their tallies are added in chunk order as they become contiguous, so
 * the result is the same to the bit with any number of workers, and memory holds at most a
 * few chunk tallies whatever the number of patients.
 */

import type { Remote } from 'comlink';
import { CHUNK_PATIENTS, chunkCount, chunkSize } from '../random/stream.js';
import type { Scenario } from '../scenario/types.js';
import { abortError, type EngineOptions } from './run-options.js';
import { kernelParams } from './kernel.js';
import { addTally, newTally } from './tally.js';
import type { WorkerApi } from './worker.js';

/** One worker as the pool sees it: its comlink proxy, and how to keep the process alive while it works. */
export interface PoolWorker {
  api: Remote<WorkerApi>;
  terminate(): void;
  /** Node: keep the process alive while a run is in progress (no-op in browsers). */
  ref(): void;
  unref(): void;
}

/** Where the pool gets its workers and its compiled module (Node or browser). */
export interface Platform {
  compileKernel(): Promise<WebAssembly.Module>;
  createWorker(): PoolWorker;
  defaultWorkers(): number;
}

export interface PoolRunOptions extends EngineOptions {
  /** Abort whatever run this pool is doing and start this one. */
  supersede?: boolean;
}

export class KernelPool {
  private current?: { controller: AbortController; done: Promise<unknown> };
  private closed = false;

  private constructor(private readonly workers: PoolWorker[]) {}

  /** A pool of `size` workers, each initialised with the compiled kernel. */
  static async create(platform: Platform, size = platform.defaultWorkers()): Promise<KernelPool> {
    if (!Number.isInteger(size) || size < 1 || size > 256) {
      throw new RangeError(`workers: must be an integer in [1, 256]; got ${size}`);
    }
    const module = await platform.compileKernel();
    const workers = Array.from({ length: size }, () => platform.createWorker());
    try {
      for (const w of workers) w.ref();
      await Promise.all(workers.map((w) => w.api.init(module)));
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    } finally {
      for (const w of workers) w.unref();
    }
    return new KernelPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** The tally of a whole run. Rejects with AbortError within one chunk of an abort. */
  async run(scenario: Scenario, options: PoolRunOptions = {}): Promise<Float64Array> {
    const [tally] = await this.runBatch([scenario], options);
    return tally;
  }

  /**
   * The tallies of several runs (e.g. the parameter draws of a probabilistic sensitivity
   * analysis), their chunks spread over all workers together, each run's tallies added in
   * its own chunk order: the same bits as running them one by one. Progress counts the
   * patients of all runs.
   */
  async runBatch(scenarios: readonly Scenario[], options: PoolRunOptions = {}): Promise<Float64Array[]> {
    if (this.closed) throw new Error('cgt-access: the worker pool is closed');
    if (options.supersede && this.current) {
      this.current.controller.abort(new DOMException('superseded by a newer run', 'AbortError'));
    }
    // Runs on one pool take turns (a superseded one stops within a chunk).
    while (this.current) await this.current.done.catch(() => undefined);
    const controller = new AbortController();
    const outer = options.signal;
    const onOuterAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) throw abortError(outer);
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    const done = this.runChunks(scenarios, controller.signal, options.onProgress);
    this.current = { controller, done };
    try {
      return await done;
    } finally {
      outer?.removeEventListener('abort', onOuterAbort);
      this.current = undefined;
    }
  }

  private async runChunks(scenarios: readonly Scenario[], signal: AbortSignal, onProgress?: EngineOptions['onProgress']): Promise<Float64Array[]> {
    // One task per chunk of every run, handed out in order; each run folds its chunks in order.
    const runs = scenarios.map((s) => ({
      params: kernelParams(s),
      seed: s.run.seed,
      patients: s.run.patients,
      chunks: chunkCount(s.run.patients),
      total: newTally(),
      waiting: new Map<number, Float64Array>(),
      folded: 0,
    }));
    const allPatients = runs.reduce((n, r) => n + r.patients, 0);
    // The next task, made on demand (no list of tasks: memory does not grow with patients).
    let nextRun = 0;
    let nextChunk = 0;
    const peek = (): [number, number] | undefined => {
      while (nextRun < runs.length && nextChunk >= runs[nextRun].chunks) {
        nextRun++;
        nextChunk = 0;
      }
      return nextRun < runs.length ? [nextRun, nextChunk] : undefined;
    };
    const take = () => {
      nextChunk++;
    };
    let done = 0;
    const fold = (i: number, c: number, tally: Float64Array) => {
      const r = runs[i];
      r.waiting.set(c, tally);
      while (r.waiting.has(r.folded)) {
        addTally(r.total, r.waiting.get(r.folded) as Float64Array);
        r.waiting.delete(r.folded);
        r.folded++;
      }
      done += chunkSize(r.patients, c);
    };
    const lane = async (w: PoolWorker) => {
      for (;;) {
        if (signal.aborted) throw abortError(signal);
        // Small chunks (runs of few patients) go together, up to a chunk's worth of patients
        // per round trip; a full chunk goes alone.
        const batch: [number, number][] = [];
        let patients = 0;
        while (patients < CHUNK_PATIENTS) {
          const task = peek();
          if (!task || (batch.length > 0 && patients + chunkSize(runs[task[0]].patients, task[1]) > CHUNK_PATIENTS)) break;
          take();
          batch.push(task);
          patients += chunkSize(runs[task[0]].patients, task[1]);
        }
        if (batch.length === 0) return;
        if (batch.length === 1) {
          const [i, c] = batch[0];
          fold(i, c, await w.api.runChunk(runs[i].params, runs[i].seed, c, chunkSize(runs[i].patients, c)));
        } else {
          const tallies = await w.api.runChunks(batch.map(([i, c]) => ({
            params: runs[i].params, seed: runs[i].seed, chunk: c, count: chunkSize(runs[i].patients, c),
          })));
          batch.forEach(([i, c], k) => fold(i, c, tallies[k]));
        }
        if (!signal.aborted) onProgress?.({ done, total: allPatients });
      }
    };
    for (const w of this.workers) w.ref();
    try {
      await Promise.all(this.workers.map(lane));
    } finally {
      for (const w of this.workers) w.unref();
    }
    if (signal.aborted) throw abortError(signal);
    return runs.map((r) => r.total);
  }

  /** Stops the workers (again: nothing). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) w.terminate();
  }
}
