/**
 * Version 1 runs on a pool's workers (`KernelPool.run` and `runBatch`): chunks are handed out
 * dynamically (a worker takes the next chunk as soon as it is free), in round trips or, where
 * there is shared memory and Atomics.waitAsync, streamed through a ring; their tallies are
 * added in chunk order as they become contiguous, so the result is the same to the bit with any
 * number of workers, and memory holds at most a few chunk tallies whatever the number of
 * patients. Where there is shared memory the workers check an abort flag before each chunk:
 * an abort stops the run within one chunk.
 */

import { CHUNK_PATIENTS, chunkCount, chunkSize } from '../random/stream.js';
import type { Scenario } from '../scenario/types.js';
import { KERNEL_PARAMS_SIZE, kernelParams } from './kernel.js';
import type { PoolHost, PoolRunOptions, PoolWorker } from './pool.js';
import { abortError, type EngineOptions } from '../model/run-options.js';
import { followStream, newControl, raiseAbort, settleAll, waitAsync, whenAborted } from './stream-wait.js';
import { addTally, newTally, TALLY_SIZE } from '../model/tally.js';
import { CONTROL, type StreamJob, type StreamMemory } from './worker.js';

/**
 * Runs made on demand (e.g. a PSA's draws): `count` runs of `patients` patients with `seed`,
 * run i's scenario made by `scenario(i)` only when its first chunk is handed out. With
 * keepTallies: false nothing of a run outlives its onRunDone, so a batch of a thousand
 * draws never has more than a round trip's worth alive (they die young, cheap to collect).
 */
export interface RunSource {
  count: number;
  patients: number;
  seed: number;
  scenario(index: number): Scenario;
}

/** A round trip carries at most four chunks' worth of patients, and at most 64 chunks. */
const MAX_TRIP_CHUNKS = 4;
const MAX_TRIP_TASKS = 64;
/**
 * A stream's ring holds the tallies of this many chunks that the pool has not folded yet, and
 * the parameters of as many runs from the first not yet folded.
 */
export const RING_SLOTS = 64;

export class ChunkRuns {
  private tripArrays?: Float64Array[];
  private chunksBefore = 0;
  private control?: Int32Array;

  /** Chunks the workers have run so far, over all runs (`KernelPool.chunksComputed`). */
  get chunksComputed(): number {
    return this.chunksBefore + (this.control ? Atomics.load(this.control, CONTROL.COMPUTED) : 0);
  }

  /** Round trips in shared memory: two arrays of tallies per worker (made on first use). */
  private tripTallies(workers: readonly PoolWorker[]): Float64Array[] {
    return (this.tripArrays ??= workers.flatMap(() => [0, 1].map(() => new Float64Array(new SharedArrayBuffer(MAX_TRIP_TASKS * TALLY_SIZE * Float64Array.BYTES_PER_ELEMENT)))));
  }

  private ring?: StreamMemory;

  /** The rings of a stream, RING_SLOTS tallies and parameter blocks, in shared memory (made on first use). */
  private streamMemory(): StreamMemory {
    const f64 = (n: number) => new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
    const i32 = (n: number) => new Int32Array(new SharedArrayBuffer(n * Int32Array.BYTES_PER_ELEMENT));
    return (this.ring ??= {
      tallies: f64(RING_SLOTS * TALLY_SIZE),
      ready: i32(RING_SLOTS),
      params: f64(RING_SLOTS * KERNEL_PARAMS_SIZE),
      paramsReady: i32(RING_SLOTS),
    });
  }

  /**
   * The tallies of the runs of `input` (all of them kept, or none with `keep` false: each
   * handed to `onRunDone` as it is done), until done or `signal` aborts.
   */
  async run(
    host: PoolHost, input: readonly Scenario[] | RunSource, signal: AbortSignal, onProgress?: EngineOptions['onProgress'],
    onRunDone?: PoolRunOptions['onRunDone'], keep = true,
  ): Promise<Float64Array[]> {
    if (!keep && !onRunDone) throw new Error('cgt-access: keepTallies: false needs onRunDone');
    // One task per chunk of every run, handed out in order; each run folds its chunks in order.
    // A run's parameter block is made when its first chunk is handed out (not all up front,
    // while the workers wait).
    const newRun = (seed: number, patients: number, scenario: Scenario | undefined) => ({
      scenario,
      params: undefined as Float64Array | undefined,
      seed,
      patients,
      chunks: chunkCount(patients),
      total: undefined as Float64Array | undefined, // made at the run's first tally
      waiting: undefined as Map<number, Float64Array> | undefined,
      folded: 0,
    });
    const source = 'count' in input ? input : undefined;
    const runs = source
      ? Array.from({ length: source.count }, () => newRun(source.seed, source.patients, undefined))
      : (input as readonly Scenario[]).map((s) => newRun(s.run.seed, s.run.patients, s));
    const scenarioOf = (i: number): Scenario => {
      const r = runs[i];
      if (r.scenario) return r.scenario;
      const s = (source as RunSource).scenario(i);
      if (s.run.seed !== r.seed || s.run.patients !== r.patients) {
        throw new Error(`cgt-access: run ${i} of a batch has seed ${s.run.seed} and ${s.run.patients} patients, not the batch's ${r.seed} and ${r.patients}`);
      }
      return (r.scenario = s);
    };
    // Totals of finished runs, for the next runs (keep = false).
    const freeTotals: Float64Array[] = [];
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
    // Tallies that arrive before their predecessors wait, in arrays kept for reuse.
    const spare: Float64Array[] = [];
    const fold = (i: number, c: number, tally: Float64Array) => {
      if (!control) this.chunksBefore++;
      const r = runs[i];
      const total = r.total ??= freeTotals.pop()?.fill(0) ?? newTally();
      if (c === r.folded) {
        addTally(total, tally);
        r.folded++;
      } else {
        const copy = spare.pop() ?? newTally();
        copy.set(tally);
        (r.waiting ??= new Map()).set(c, copy);
      }
      for (let next = r.waiting?.get(r.folded); next; next = r.waiting?.get(r.folded)) {
        addTally(total, next);
        r.waiting?.delete(r.folded);
        spare.push(next);
        r.folded++;
      }
      done += chunkSize(r.patients, c);
      if (r.folded === r.chunks && !signal.aborted) {
        onRunDone?.(i, total, scenarioOf(i));
        if (!keep) {
          freeTotals.push(total);
          r.total = undefined;
          r.scenario = undefined;
          r.params = undefined;
          r.waiting = undefined;
        }
      }
    };
    // Shared memory holds the run's control words (an abort flag that workers check before
    // each chunk, so that an abort stops them within one chunk; counters). There the chunks
    // are streamed (below) where the platform has Atomics.waitAsync; else they go out in round
    // trips.
    const sharedMemory = host.sharedMemory;
    const control = sharedMemory ? newControl() : undefined;
    const streaming = runs.length > 0 && sharedMemory && host.streams && typeof waitAsync === 'function';
    this.control = control;
    const onAbort = () => {
      if (!control) return;
      raiseAbort(control);
      // And a streaming worker waiting for a run's parameters.
      const paramsReady = this.ring?.paramsReady;
      if (paramsReady) for (let slot = 0; slot < paramsReady.length; slot++) Atomics.notify(paramsReady, slot);
    };
    const stopListening = whenAborted(signal, onAbort);
    // Round trips. With shared memory a worker gets up to four chunks' worth of patients per
    // round trip and writes their tallies into its own array there (nothing allocated per
    // chunk). Without, a chunk per round trip, its tally transferred. Small chunks (runs of
    // few patients, e.g. PSA draws) go together in either case.
    const shared = sharedMemory && !streaming ? this.tripTallies(host.workers) : null;
    // A trip's size is guided by the work left (a share of it per lane, up to four chunks'
    // worth), so that the last trips are small and the workers finish together.
    const laneCount = shared ? 2 * host.workers.length : host.workers.length;
    let handedOut = 0;
    const tripPatients = () => shared
      ? Math.min(MAX_TRIP_CHUNKS * CHUNK_PATIENTS, Math.max(1, Math.floor((allPatients - handedOut) / (2 * laneCount))))
      : CHUNK_PATIENTS;
    const paramsOf = (i: number) => (runs[i].params ??= kernelParams(scenarioOf(i)));
    const task = ([i, c]: [number, number]) => ({ params: paramsOf(i), seed: runs[i].seed, chunk: c, count: chunkSize(runs[i].patients, c) });
    // A lane that fails stops the others before their next round trip; the run settles only
    // when every lane has (so no work of an aborted run goes on behind the next one).
    let failed = false;
    const lane = async (w: PoolWorker, index: number) => {
      for (;;) {
        if (signal.aborted || failed) return;
        const batch: [number, number][] = [];
        let patients = 0;
        const size = tripPatients();
        while (patients < size && batch.length < MAX_TRIP_TASKS) {
          const next = peek();
          if (!next || (batch.length > 0 && patients + chunkSize(runs[next[0]].patients, next[1]) > size)) break;
          take();
          batch.push(next);
          patients += chunkSize(runs[next[0]].patients, next[1]);
        }
        handedOut += patients;
        if (batch.length === 0) return;
        const small = runs[batch[0][0]].patients < CHUNK_PATIENTS;
        if (shared && control) {
          const out = shared[index];
          const n = await host.answer(w.api.runChunksShared(batch.map(task), out, control));
          for (let k = 0; k < n; k++) {
            fold(batch[k][0], batch[k][1], out.subarray(k * TALLY_SIZE, (k + 1) * TALLY_SIZE));
            // Progress per chunk of a long run, per round trip of small runs.
            if (!signal.aborted && (!small || k === n - 1)) onProgress?.({ done, total: allPatients });
          }
        } else if (batch.length === 1) {
          const [i, c] = batch[0];
          fold(i, c, await host.answer(w.api.runChunk(paramsOf(i), runs[i].seed, c, chunkSize(runs[i].patients, c))));
          if (!signal.aborted) onProgress?.({ done, total: allPatients });
        } else {
          const tallies = await host.answer(w.api.runChunks(batch.map(task)));
          batch.forEach(([i, c], k) => fold(i, c, tallies[k]));
          if (!signal.aborted) onProgress?.({ done, total: allPatients });
        }
      }
    };
    // A stream (where shared memory and Atomics.waitAsync are available): each worker gets
    // one message per batch and claims chunks one at a time from a counter in shared memory,
    // writing their tallies into a ring that the pool folds in stream order; the pool makes
    // the runs' parameters into a second ring as the runs before them are folded. It wakes
    // every STREAM_FOLD_MS or when a worker needs it: between chunks nothing wakes this
    // thread, which on a machine with as many workers as cores would take its time from a
    // worker (a round trip costs a wake-up and a few hundred microseconds).
    const stream = async (): Promise<void> => {
      if (!control) throw new Error('cgt-access: a stream needs shared memory');
      const memory = this.streamMemory();
      const { tallies, ready, params, paramsReady } = memory;
      ready.fill(0);
      paramsReady.fill(0);
      const slots = ready.length;
      const paramSlots = paramsReady.length;
      const starts = new Float64Array(runs.length + 1);
      runs.forEach((r, i) => { starts[i + 1] = starts[i] + r.chunks; });
      const total = starts[runs.length];
      // The parameters of runs up to (not including) `end`, each into its slot.
      let made = 0;
      const makeParams = (end: number) => {
        for (end = Math.min(end, runs.length); made < end; made++) {
          const slot = made % paramSlots;
          params.set(kernelParams(scenarioOf(made)), slot * KERNEL_PARAMS_SIZE);
          Atomics.store(paramsReady, slot, made + 1);
          Atomics.notify(paramsReady, slot);
        }
      };
      makeParams(paramSlots);
      const job: StreamJob = { seeds: Float64Array.from(runs, (r) => r.seed), patients: Float64Array.from(runs, (r) => r.patients), starts };
      let folded = 0;
      let run = 0;
      const foldReady = (): boolean => {
        const from = folded;
        for (; folded < total && !signal.aborted && Atomics.load(ready, folded % slots) === folded + 1; folded++) {
          while (folded >= starts[run + 1]) run++;
          const at = (folded % slots) * TALLY_SIZE;
          fold(run, folded - starts[run], tallies.subarray(at, at + TALLY_SIZE));
          if (!signal.aborted && runs[run].chunks > 1) onProgress?.({ done, total: allPatients });
        }
        if (folded > from && !signal.aborted) {
          if (runs[run].chunks === 1) onProgress?.({ done, total: allPatients });
          // Runs before the first one not wholly folded are done with their parameter slots:
          // make the next runs' parameters, then free the tally slots.
          while (run < runs.length && folded >= starts[run + 1]) run++;
          makeParams(run + paramSlots);
          Atomics.store(control, CONTROL.FOLDED, folded);
          Atomics.notify(control, CONTROL.FOLDED);
        }
        return folded === total;
      };
      const stop = () => {
        failed = true;
        onAbort();
      };
      await followStream(control, signal, host.workers.map((w) => host.answer(w.api.runStream(job, memory, control))), foldReady, stop);
      if (folded !== total && !signal.aborted) throw new Error(`cgt-access: a stream ended with ${folded} of ${total} chunks folded`);
    };
    for (const w of host.workers) w.ref();
    try {
      if (streaming) {
        await stream();
      } else {
        // With shared memory, two lanes per worker (each with its own tally array): a worker
        // always has its next round trip queued, so it never waits for the main thread between
        // trips (which may be busy, e.g. summarising PSA draws); an abort skips the queued trip.
        const lanes = shared
          ? host.workers.flatMap((w, i) => [lane(w, 2 * i), lane(w, 2 * i + 1)])
          : host.workers.map((w, i) => lane(w, i));
        await settleAll(lanes, () => {
          failed = true;
          onAbort();
        });
      }
    } finally {
      if (control) {
        this.chunksBefore += Atomics.load(control, CONTROL.COMPUTED);
        this.control = undefined;
      }
      stopListening();
      for (const w of host.workers) w.unref();
    }
    if (signal.aborted) throw abortError(signal);
    return keep ? runs.map((r) => r.total ?? newTally()) : [];
  }
}
