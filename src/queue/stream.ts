/**
 * The random numbers of cohort-years (MODEL.md v2, "Manufacturing capacity and queues").
 *
 * Patient i of year y (y = 0 .. W) of replicate r takes version 1's 32 words (the layout of
 * `random/stream.ts`, word for word) from eight Philox4x32-10 blocks:
 *
 *   block j (0..7) = Philox4x32-10(counter = [j, i, r, y], key = [seed, STREAM_CAPA])
 *
 * and its eligibility date e = 365 (y + U_arr), U_arr = word 27 (reserved in version 1).
 * The numbers of a replicate depend on (seed, r) alone: replicates are the unit of work.
 */

import { philox4x32 } from '../random/philox.js';
import { WORDS_PER_PATIENT } from '../random/stream.js';

/** Second key word of the cohort-years streams: "CAPA". */
export const STREAM_CAPA = 0x43415041;
/** The word of U_arr, the time of eligibility within the year. */
export const WORD_ARRIVAL = 27;
export const DAYS_PER_YEAR = 365;

/** Writes the 32 words of patient i of year y of replicate r at out[offset ..]. */
export function capacityWords(seed: number, r: number, y: number, i: number, out: Uint32Array, offset = 0): void {
  for (let block = 0; block < WORDS_PER_PATIENT / 4; block++) {
    philox4x32(block, i, r, y, seed, STREAM_CAPA, out, offset + block * 4);
  }
}
