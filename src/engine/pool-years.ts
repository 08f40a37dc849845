/**
 * Cohort-years runs on a pool's workers (`KernelPool.runYears`; MODEL.md v2, capacity and
 * queues): replicates are the unit of work, folded into the total in replicate order, so the
 * result is the same to the bit with any number of workers. Where there is shared memory and
 * Atomics.waitAsync they stream through a ring (one message per worker and run); where there is
 * shared memory alone, round trips write into per-lane arrays; elsewhere tallies travel in
 * messages. Where there is shared memory the workers check an abort flag before each
 * replicate: an abort stops the run within one replicate.
 */

import type { Scenario } from '../scenario/types.js';
import { foldReplicate, newYearsTotal, REPLICATE_TALLY_SIZE } from '../model/queue-layout.js';
import { yearsParams } from '../model/queue-params.js';
import type { PoolHost, PoolWorker } from './pool.js';
import { abortError, type EngineOptions } from '../model/run-options.js';
import { followStream, newControl, raiseAbort, settleAll, waitAsync, whenAborted } from './stream-wait.js';
import { CONTROL } from './worker.js';
import { JsRing, WasmRing, type StreamRing } from './years-ring.js';

/** A cohort-years round trip carries at most this many replicates. */
const YEARS_TRIP_MAX = 16;
/** A cohort-years stream's ring holds the tallies of this many replicates that the pool has not folded yet (2.3 MB). */
export const YEARS_RING_SLOTS = 128;

/** What a cohort-years run needs of its pool. */
export interface YearsHost extends PoolHost {
  /** The cohort-years engine's compiled module (the platform's). */
  compileQueue?: () => Promise<WebAssembly.Module>;
  /** The stream's fold on the pool's thread (assembly/fold), where the platform has it; else the fold is JavaScript's. */
  compileFold?: () => Promise<WebAssembly.Module>;
}

export class YearsRuns {
  private ready?: Promise<void>;
  private replicatesBefore = 0;
  private control?: Int32Array;
  /** Round trips in shared memory: each lane's array of tallies (made on first use, grown as needed). */
  private laneArrays?: Float64Array[];
  /** Streams: the ring of replicate tallies and the total they fold into (made on first use). */
  private ring?: StreamRing;
  /** The compiled fold module (init), where the platform has one. */
  private foldModule?: WebAssembly.Module;

  /** Replicates the workers have run so far, over all runs (aborted ones too; shared memory only). */
  get replicatesComputed(): number {
    return this.replicatesBefore + (this.control ? Atomics.load(this.control, CONTROL.COMPUTED) : 0);
  }

  /**
   * A stream's ring: in a shared wasm memory, folded by the fold module, where the platform has
   * the module and the engine can make shared wasm memory; else folded by JavaScript (the same
   * bits, about five times the time).
   */
  private newRing(): StreamRing {
    if (this.foldModule) {
      try {
        return new WasmRing(this.foldModule, YEARS_RING_SLOTS);
      } catch {
        // No shared wasm memory here (an engine without wasm threads): JavaScript's fold.
      }
    }
    return new JsRing(YEARS_RING_SLOTS);
  }

  /** Every worker with the cohort-years engine (compiled and instantiated once per pool). */
  init(host: YearsHost): Promise<void> {
    return (this.ready ??= (async () => {
      if (!host.compileQueue) throw new Error('cgt-access: this platform has no cohort-years engine (compileQueue)');
      // The fold module only where streams can use it (a ring in shared memory). It only makes
      // the fold faster: where it cannot be loaded, JavaScript's fold gives the same bits.
      const fold = host.sharedMemory ? host.compileFold?.().catch(() => undefined) : undefined;
      const [module, foldModule] = await Promise.all([host.compileQueue(), fold]);
      this.foldModule = foldModule;
      for (const w of host.workers) w.ref();
      try {
        await host.answer(Promise.all(host.workers.map((w) => w.api.initYears(module))));
      } finally {
        for (const w of host.workers) w.unref();
      }
    })().catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    }));
  }

  /**
   * The total of a run of `scenario` (its run.years replicates), until done or `signal`
   * aborts. Progress counts the reported patients (replicates x eligiblePerYear).
   */
  async run(host: YearsHost, scenario: Scenario, signal: AbortSignal, onProgress?: EngineOptions['onProgress']): Promise<Float64Array> {
    const years = scenario.run.years;
    if (!years) throw new Error('cgt-access: a cohort-years run needs run.years');
    if (signal.aborted) throw abortError(signal);
    const R = years.replicates;
    const N = scenario.cohort.eligiblePerYear;
    const params = yearsParams(scenario);
    const total = newYearsTotal();
    const control = host.sharedMemory ? newControl() : undefined;
    this.control = control;
    const onAbort = () => {
      if (control) raiseAbort(control);
    };
    const stopListening = whenAborted(signal, onAbort);
    // Trips of a few replicates, guided by the work left (a quarter of a lane's share of it, at
    // most YEARS_TRIP_MAX): the first trips outweigh their messages, the last are of one
    // replicate, so that the workers finish together (with trips of a fixed size, the last
    // trip of one worker was the other's idle time: at R = 200 on two workers, a tenth of a run).
    const lanes = 2 * host.workers.length;
    const tripSize = () => Math.max(1, Math.min(YEARS_TRIP_MAX, Math.floor((R - next) / (2 * lanes))));
    // Shared memory: each lane has an array of tallies there, reused from trip to trip and run
    // to run, that its worker writes into; tallies that cannot be folded yet (an earlier
    // replicate is still out) are copied into arrays kept for reuse. A fresh array per trip, as
    // where there is no shared memory, cost its worker more than a replicate's own time in page
    // faults on its first writes (measured: 1.4 ms of the 6.0 ms of a trip of 25 replicates).
    const laneArrays = control ? (this.laneArrays ??= []) : undefined;
    const laneArray = (index: number, count: number): Float64Array => {
      const have = laneArrays![index];
      if (have && have.length >= count * REPLICATE_TALLY_SIZE) return have;
      return (laneArrays![index] = new Float64Array(new SharedArrayBuffer(count * REPLICATE_TALLY_SIZE * Float64Array.BYTES_PER_ELEMENT)));
    };
    const spare: Float64Array[] = [];
    let next = 0;
    let folded = 0;
    const waiting = new Map<number, Float64Array>();
    const foldReady = () => {
      for (let t = waiting.get(folded); t; t = waiting.get(folded)) {
        waiting.delete(folded);
        foldReplicate(total, t);
        if (laneArrays) spare.push(t);
        folded++;
        if (!signal.aborted) onProgress?.({ done: folded * N, total: R * N });
      }
    };
    let failed = false;
    const lane = async (w: PoolWorker, index: number) => {
      for (;;) {
        if (signal.aborted || failed || next >= R) return;
        const from = next;
        const count = Math.min(tripSize(), R - from);
        next += count;
        if (laneArrays && control) {
          const out = laneArray(index, count);
          const n = await host.answer(w.api.runReplicatesShared(params, from, count, out, control));
          for (let k = 0; k < n; k++) {
            const at = k * REPLICATE_TALLY_SIZE;
            if (from + k === folded) {
              // In order: folded from the lane's array (then whatever waited behind it).
              foldReplicate(total, out, at);
              folded++;
              if (!signal.aborted) onProgress?.({ done: folded * N, total: R * N });
              foldReady();
            } else {
              const copy = spare.pop() ?? new Float64Array(REPLICATE_TALLY_SIZE);
              copy.set(out.subarray(at, at + REPLICATE_TALLY_SIZE));
              waiting.set(from + k, copy);
            }
          }
          if (n < count && !signal.aborted) throw new Error(`cgt-access: a worker ran ${n} of ${count} replicates`);
          continue;
        }
        const out = await host.answer(w.api.runReplicates(params, from, count, control));
        const n = out.length / REPLICATE_TALLY_SIZE;
        for (let k = 0; k < n; k++) waiting.set(from + k, out.subarray(k * REPLICATE_TALLY_SIZE, (k + 1) * REPLICATE_TALLY_SIZE));
        if (n < count && !signal.aborted) throw new Error(`cgt-access: a worker ran ${n} of ${count} replicates`);
        foldReady();
      }
    };
    // A stream (where shared memory and Atomics.waitAsync are available), as for chunks: one
    // message per worker and run; the workers claim replicates one at a time from a counter in
    // shared memory and write their tallies into a ring that the pool folds in replicate order
    // (years-ring.ts: in wasm where it can, a fifth of JavaScript's time), waking every
    // STREAM_FOLD_MS or when a worker needs it. Round trips cost each worker about
    // a fifth of a millisecond between trips (measured on two cores), and the main thread, which
    // shares the cores with the workers, a wake-up per trip.
    const streaming = control !== undefined && host.streams && typeof waitAsync === 'function';
    const stream = async (): Promise<void> => {
      if (!control) throw new Error('cgt-access: a stream needs shared memory');
      const ring = (this.ring ??= this.newRing());
      ring.reset();
      const { ready } = ring;
      const slots = ready.length;
      const foldReady = (): boolean => {
        const from = folded;
        while (folded < R && !signal.aborted && Atomics.load(ready, folded % slots) === folded + 1) {
          ring.fold(folded % slots);
          folded++;
          if (!signal.aborted) onProgress?.({ done: folded * N, total: R * N });
        }
        if (folded > from) {
          Atomics.store(control, CONTROL.FOLDED, folded);
          Atomics.notify(control, CONTROL.FOLDED);
        }
        if (folded !== R) return false;
        ring.totalInto(total);
        return true;
      };
      const stop = () => {
        failed = true;
        onAbort();
      };
      await followStream(control, signal, host.workers.map((w) => host.answer(w.api.runReplicateStream(params, R, { tallies: ring.tallies, ready }, control))), foldReady, stop);
    };
    for (const w of host.workers) w.ref();
    try {
      if (streaming) {
        await stream();
      } else {
        await settleAll(host.workers.flatMap((w, i) => [lane(w, 2 * i), lane(w, 2 * i + 1)]), () => {
          failed = true;
          onAbort();
        });
      }
    } finally {
      if (control) this.replicatesBefore += Atomics.load(control, CONTROL.COMPUTED);
      this.control = undefined;
      stopListening();
      for (const w of host.workers) w.unref();
    }
    if (signal.aborted) throw abortError(signal);
    if (folded !== R) throw new Error(`cgt-access: ${folded} of ${R} replicates folded`);
    return total;
  }
}
