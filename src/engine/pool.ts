/**
 * The worker pool: N workers, each with its own wasm kernel instance, compiled once and
 * reused across runs, which take turns on it: version 1 runs (chunks of patients,
 * `pool-chunks.ts`), cohort-years (`pool-years.ts`) and the exact PSA's draws
 * (`pool-exact.ts`), each the same to the bit with any number of workers.
 */

import type { Remote } from 'comlink';
import type { Scenario } from '../scenario/types.js';
import { abortError, type EngineOptions } from '../model/run-options.js';
import type { WorkerApi } from './worker.js';
import { ChunkRuns, type RunSource } from './pool-chunks.js';
import { YearsRuns, type YearsHost } from './pool-years.js';
import type { PsaScenario } from '../psa/validate.js';
import { ExactBlocks, type ExactDrawsOptions } from './pool-exact.js';
import { planYears, type Machine } from '../queue/limits.js';

/** One worker as the pool sees it: its comlink proxy, and how to keep the process alive while it works. */
export interface PoolWorker {
  api: Remote<WorkerApi>;
  terminate(): void;
  /** Node: keep the process alive while a run is in progress (no-op in browsers). */
  ref(): void;
  unref(): void;
}

/** What a pool lends the work of other modules (pool-chunks.ts, pool-years.ts, pool-exact.ts): its workers, and their answers raced against its closing. */
export interface LentWorkers {
  readonly workers: readonly PoolWorker[];
  answer<T>(call: Promise<T>): Promise<T>;
}

/** The workers lent, and how the pool may work with them (`PoolOptions`, and what the platform allows). */
export interface PoolHost extends LentWorkers {
  /** Shared memory is there and not turned off (`PoolOptions.sharedMemory`). */
  sharedMemory: boolean;
  /** Streams are not turned off (`PoolOptions.streams`). */
  streams: boolean;
}

/** Where the pool gets its workers and its compiled module (Node or browser). */
export interface Platform {
  compileKernel(): Promise<WebAssembly.Module>;
  /** The cohort-years engine (capacity and queues), compiled on a pool's first such run. */
  compileQueue?(): Promise<WebAssembly.Module>;
  /** The fold of cohort-years streams on the pool's thread (assembly/fold), compiled with the cohort-years engine. */
  compileFold?(): Promise<WebAssembly.Module>;
  createWorker(): PoolWorker;
  defaultWorkers(): number;
  /** Bytes of memory of the machine that runs may use the BUDGET_SHARE of (queue/limits.ts); absent: no memory limit. */
  machineMemory?(): number;
}

export interface PoolRunOptions extends EngineOptions {
  /** Abort whatever run this pool is doing and start this one. */
  supersede?: boolean;
  /**
   * Called with each run's index, tally and scenario as soon as all its chunks are in (in
   * whatever order the runs complete), e.g. to summarise PSA draws while the workers go on
   * with the others.
   */
  onRunDone?: (index: number, tally: Float64Array, scenario: Scenario) => void;
  /**
   * false (with onRunDone): runBatch resolves to no tallies, and the pool keeps none of a run's
   * data once onRunDone has had it (the tally passed is then valid only during the call). A
   * PSA batch's thousand draws then leave nothing to survive until the batch ends, which made
   * the garbage collector copy them out of the young generation.
   */
  keepTallies?: boolean;
}

export { RING_SLOTS, type RunSource } from './pool-chunks.js';

/** How a pool may work; both default to what the platform allows (options for tests and measurements). */
export interface PoolOptions {
  /** false: tallies travel in messages even where shared memory is available. */
  sharedMemory?: boolean;
  /** false: chunks go out in round trips even where they could be streamed. */
  streams?: boolean;
}

/** The error of a run on a pool closed before or during it. */
function poolClosed(): DOMException {
  return new DOMException('the worker pool was closed', 'AbortError');
}

export class KernelPool {
  private current?: { controller: AbortController; done: Promise<unknown> };
  private closed = false;
  /**
   * Rejects when the pool is closed. A terminated worker never answers, so every call to a
   * worker races this: a run in progress then rejects instead of waiting forever.
   */
  private readonly closing: Promise<never>;
  private rejectClosing!: (e: Error) => void;

  private constructor(private readonly workers: PoolWorker[], private readonly options: PoolOptions, private readonly platform?: Platform) {
    this.closing = new Promise<never>((_, reject) => { this.rejectClosing = reject; });
    this.closing.catch(() => undefined); // only ever awaited in a race
  }

  /** A worker's answer, or the pool's closing, whichever comes first. */
  private answer<T>(call: Promise<T>): Promise<T> {
    return Promise.race([call, this.closing]);
  }

  /** The workers and their answers, lent to the work of other modules (`LentWorkers`). */
  private get lent(): LentWorkers {
    return { workers: this.workers, answer: (call) => this.answer(call) };
  }

  /**
   * A pool of `size` workers, each initialised with the compiled kernel. `sharedMemory: false`
   * makes it carry tallies in messages even where shared memory is available (as it does where
   * there is none); `streams: false` makes it hand chunks out in round trips.
   */
  static async create(platform: Platform, size = platform.defaultWorkers(), options: PoolOptions = {}): Promise<KernelPool> {
    if (!Number.isInteger(size) || size < 1 || size > 256) {
      throw new RangeError(`workers: must be an integer in [1, 256]; got ${size}`);
    }
    // The workers start (their script fetched and evaluated) while the kernel compiles, not
    // after it: in a browser both are fetched, and the page's main thread may be busy drawing
    // when the compiled module comes back.
    const workers = Array.from({ length: size }, () => platform.createWorker());
    try {
      for (const w of workers) w.ref();
      const module = await platform.compileKernel();
      await Promise.all(workers.map((w) => w.api.init(module)));
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    } finally {
      for (const w of workers) w.unref();
    }
    return new KernelPool(workers, options, platform);
  }

  /** Whether this pool works in shared memory: there is some (Node; a cross-origin isolated page), and it was not turned off. */
  private get sharedMemory(): boolean {
    return this.options.sharedMemory !== false && typeof SharedArrayBuffer === 'function'
      && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  }

  /** The workers lent, with how this pool may work (`PoolHost`). */
  private get host(): PoolHost {
    return { ...this.lent, sharedMemory: this.sharedMemory, streams: this.options.streams !== false };
  }

  get size(): number {
    return this.workers.length;
  }

  /** Version 1 runs on this pool's workers, and what they keep from run to run (`ChunkRuns`). */
  private readonly chunks = new ChunkRuns();

  /**
   * Chunks the workers have run so far, over all runs (aborted ones too), up to date while a
   * run goes on where shared memory is available (else counted as their tallies arrive).
   */
  get chunksComputed(): number {
    return this.chunks.chunksComputed;
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
  async runBatch(scenarios: readonly Scenario[] | RunSource, options: PoolRunOptions = {}): Promise<Float64Array[]> {
    return this.turn(options, (signal) => this.chunks.run(this.host, scenarios, signal, options.onProgress, options.onRunDone, options.keepTallies ?? true));
  }

  /**
   * Runs `work` in this pool's turn: runs on one pool take turns (`supersede` aborts the one in
   * progress, which stops within its unit of work); `work`'s signal aborts with
   * `options.signal` and when the pool is closed.
   */
  private async turn<T>(options: { supersede?: boolean; signal?: AbortSignal }, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.closed) throw poolClosed();
    if (options.supersede && this.current) {
      this.current.controller.abort(new DOMException('superseded by a newer run', 'AbortError'));
    }
    while (this.current) await this.current.done.catch(() => undefined);
    if (this.closed) throw poolClosed();
    const controller = new AbortController();
    const outer = options.signal;
    const onOuterAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) throw abortError(outer);
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    const done = work(controller.signal);
    this.current = { controller, done };
    try {
      return await done;
    } finally {
      outer?.removeEventListener('abort', onOuterAbort);
      this.current = undefined;
    }
  }

  /** The cohort-years engine on this pool's workers, and what it keeps from run to run (`YearsRuns`). */
  private readonly years = new YearsRuns();

  /**
   * The total of a cohort-years run (MODEL.md v2, capacity and queues; `YearsRuns.run`): the
   * same to the bit with any number of workers; an abort stops it within one replicate.
   * Progress counts the reported patients (replicates x eligiblePerYear). In this pool's turn.
   */
  async runYears(scenario: Scenario, options: PoolRunOptions = {}): Promise<Float64Array> {
    // The limits first (queue/limits.ts): a run that cannot finish is refused before a worker
    // allocates its arrays; one whose workers do not all fit in memory runs on those that do.
    const plan = planYears(scenario, 'wasm', this.size, this.machine);
    const host = this.yearsHost;
    const running = { ...host, workers: host.workers.slice(0, plan.workers) };
    return this.turn(options, (signal) => this.years.init(host).then(() => this.years.run(running, scenario, signal, options.onProgress)));
  }

  /** The machine's memory and cores as its platform tells them (no platform: no memory limit, a core per worker). */
  get machine(): Machine {
    return { memoryBytes: this.platform?.machineMemory?.() ?? Infinity, cores: this.platform?.defaultWorkers() ?? this.size };
  }

  /** Replicates of cohort-years the workers have run so far, over all runs (aborted ones too; shared memory only). */
  get replicatesComputed(): number {
    return this.years.replicatesComputed;
  }

  /** What the cohort-years runs need of the pool. */
  private get yearsHost(): YearsHost {
    const platform = this.platform;
    return {
      ...this.host,
      compileQueue: platform?.compileQueue ? () => platform.compileQueue!() : undefined,
      compileFold: platform?.compileFold ? () => platform.compileFold!() : undefined,
    };
  }

  /** The arrays of the exact PSA's blocks, kept from run to run (`ExactBlocks`). */
  private readonly exact = new ExactBlocks();

  /**
   * An exact PSA's draws 0 .. draws - 1 in blocks over the workers, each block handed to
   * `options.onBlock` in draw order (`ExactBlocks.run`); in this pool's turn.
   */
  async runExactDraws(ps: PsaScenario, draws: number, options: ExactDrawsOptions): Promise<void> {
    return this.turn(options, (signal) => this.exact.run(this.lent, ps, draws, signal, options));
  }

  /**
   * Stops the workers (again: nothing). A run in progress, and any waiting for its turn,
   * rejects with an AbortError saying the pool was closed.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const e = poolClosed();
    this.current?.controller.abort(e);
    this.rejectClosing(e);
    for (const w of this.workers) w.terminate();
  }
}
