/**
 * The exact PSA on a pool's workers (`KernelPool.runExactDraws`): the draws in blocks
 * (src/psa/exact-draws.ts), two lanes per worker as for replicates, each block handed on in
 * draw order (one that comes back before those before it waits): the same values as one block
 * of every draw on the main thread. An abort stops the run within a block. Progress counts the
 * draws handed on.
 */

import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import type { PsaScenario } from '../psa/validate.js';
import { abortError, type EngineOptions } from '../model/run-options.js';
import type { LentWorkers, PoolWorker } from './pool.js';
import { settleAll } from './stream-wait.js';

/** Draws in a block: at about 3 us a draw, 3 to 25 ms. */
const MIN_EXACT_BLOCK = 1024;
const MAX_EXACT_BLOCK = 8192;
/** Bytes of blocks' arrays a pool keeps for later blocks (a block of 8192 draws: some 6 MB). */
const MAX_EXACT_SPARE_BYTES = 24e6;

/** How `runExactDraws` hands its blocks on, and the run's signal and progress. */
export interface ExactDrawsOptions {
  signal?: AbortSignal;
  supersede?: boolean;
  /**
   * Draws from .. from + count - 1, output k of draw from + i at block[k * count + i]; called
   * in draw order. The array is written again by a later block once the call returns.
   */
  onBlock(from: number, count: number, block: Float64Array): void;
  onProgress?: EngineOptions['onProgress'];
}

export class ExactBlocks {
  /**
   * Arrays of blocks handed on, sent back to a worker to be written again, from block to block
   * and from run to run: fresh memory for a block cost as much time as its draws.
   */
  private readonly spare: Float64Array[] = [];

  /** Keeps an array for a later block, while the arrays kept hold at most MAX_EXACT_SPARE_BYTES. */
  private keep(a: Float64Array): void {
    const kept = this.spare.reduce((n, x) => n + x.byteLength, 0);
    if (kept + a.byteLength <= MAX_EXACT_SPARE_BYTES) this.spare.push(a);
  }

  /** Draws 0 .. draws - 1 of `ps` on the pool's workers, until done or `signal` aborts. */
  async run(pool: LentWorkers, ps: PsaScenario, draws: number, signal: AbortSignal, options: ExactDrawsOptions): Promise<void> {
    const { workers } = pool;
    const lanes = 2 * workers.length;
    // About two blocks a lane (so that the workers finish together), each some milliseconds
    // at least (a block's message and set-up are some 0.1 ms) and at most some 25.
    const size = Math.min(MAX_EXACT_BLOCK, Math.max(MIN_EXACT_BLOCK, Math.ceil(draws / (2 * lanes))));
    let next = 0;
    let handed = 0;
    const waiting = new Map<number, { to: number; block: Float64Array }>();
    let failed = false;
    const lane = async (w: PoolWorker) => {
      while (!signal.aborted && !failed && next < draws) {
        const from = next;
        const to = Math.min(draws, from + size);
        next = to;
        const out = this.spare.pop();
        const call = out ? w.api.exactDraws(ps, from, to, Comlink.transfer(out, [out.buffer])) : w.api.exactDraws(ps, from, to);
        waiting.set(from, { to, block: await pool.answer(call) });
        for (let b = waiting.get(handed); b && !signal.aborted; b = waiting.get(handed)) {
          waiting.delete(handed);
          options.onBlock(handed, b.to - handed, b.block);
          handed = b.to;
          this.keep(new Float64Array(b.block.buffer));
          options.onProgress?.({ done: handed, total: draws });
        }
      }
    };
    for (const w of workers) w.ref();
    try {
      await settleAll(workers.flatMap((w) => [lane(w), lane(w)]), () => {
        failed = true;
      });
    } finally {
      for (const w of workers) w.unref();
    }
    if (signal.aborted) throw abortError(signal);
    if (handed !== draws) throw new Error(`cgt-access: ${handed} of ${draws} exact draws handed on`);
  }
}
