/**
 * The ring of a cohort-years stream (`YearsRuns`, pool-years.ts): the tallies that
 * the workers write, a replicate a slot, and the flags that say which replicate a slot holds,
 * in shared memory; the pool folds them into the run's total in replicate order.
 *
 * `JsRing` folds with `foldReplicate` (src/model/queue-layout.ts). `WasmRing` keeps the ring and the total in
 * a shared wasm memory and folds with assembly/fold: the same additions in the same order, to
 * the bit, two elements an instruction (measured: 1.1 us a replicate against 5.6 us). The pool
 * folds while its workers go on, on the same cores, so its fold is time taken from them.
 */

import { foldReplicate, REPLICATE_TALLY_SIZE, STAT_SLOTS, STATS, YEARS_TOTAL_SIZE } from '../model/queue-layout.js';
import type { ReplicateRing } from './worker.js';

/** A ring and the total it folds into (src/model/queue-layout.ts: YEARS_TOTAL_SIZE numbers), both reused from run to run. */
export interface StreamRing extends ReplicateRing {
  /** Starts a run: every slot free, the total zero. */
  reset(): void;
  /** The total += the tally in `slot` (call in replicate order). */
  fold(slot: number): void;
  /** Copies the total into `out`. */
  totalInto(out: Float64Array): void;
}

const F64 = Float64Array.BYTES_PER_ELEMENT;
const I32 = Int32Array.BYTES_PER_ELEMENT;

export class JsRing implements StreamRing {
  readonly tallies: Float64Array;
  readonly ready: Int32Array;
  private readonly total = new Float64Array(YEARS_TOTAL_SIZE);

  constructor(slots: number) {
    this.tallies = new Float64Array(new SharedArrayBuffer(slots * REPLICATE_TALLY_SIZE * F64));
    this.ready = new Int32Array(new SharedArrayBuffer(slots * I32));
  }

  reset(): void {
    this.ready.fill(0);
    this.total.fill(0);
  }

  fold(slot: number): void {
    foldReplicate(this.total, this.tallies, slot * REPLICATE_TALLY_SIZE);
  }

  totalInto(out: Float64Array): void {
    out.set(this.total);
  }
}

interface FoldExports {
  fold(total: number, source: number, n: number, slots: number, stats: number, scratch: number): void;
}

/** Rounds up to a multiple of 16 bytes. */
const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Largest memory (pages) the fold module accepts (its import's maximum: see package.json's build:wasm). */
export const FOLD_MEMORY_MAX_PAGES = 1024;

export class WasmRing implements StreamRing {
  readonly tallies: Float64Array;
  readonly ready: Int32Array;
  private readonly total: Float64Array;
  private readonly k: FoldExports;
  private readonly totalAt: number;
  private readonly talliesAt: number;
  private readonly slotsAt = 0;
  private readonly scratchAt = align(STATS * I32);

  /** A ring of `slots` replicates in a fresh shared memory, folded by the compiled fold module. */
  constructor(module: WebAssembly.Module, slots: number) {
    this.totalAt = align(this.scratchAt + STATS * F64);
    const readyAt = align(this.totalAt + YEARS_TOTAL_SIZE * F64);
    this.talliesAt = align(readyAt + slots * I32);
    const pages = Math.ceil((this.talliesAt + slots * REPLICATE_TALLY_SIZE * F64) / 65536);
    if (pages > FOLD_MEMORY_MAX_PAGES) throw new RangeError(`cgt-access: a ring of ${slots} replicates needs ${pages} pages of shared memory, more than ${FOLD_MEMORY_MAX_PAGES}`);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    this.k = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as FoldExports;
    const buffer = memory.buffer;
    new Int32Array(buffer, this.slotsAt, STATS).set(STAT_SLOTS);
    this.total = new Float64Array(buffer, this.totalAt, YEARS_TOTAL_SIZE);
    this.ready = new Int32Array(buffer, readyAt, slots);
    this.tallies = new Float64Array(buffer, this.talliesAt, slots * REPLICATE_TALLY_SIZE);
  }

  reset(): void {
    this.ready.fill(0);
    this.total.fill(0);
  }

  fold(slot: number): void {
    this.k.fold(this.totalAt, this.talliesAt + slot * REPLICATE_TALLY_SIZE * F64, REPLICATE_TALLY_SIZE, this.slotsAt, STATS, this.scratchAt);
  }

  totalInto(out: Float64Array): void {
    out.set(this.total);
  }
}
