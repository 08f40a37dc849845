/**
 * The tallies of cohort-years (MODEL.md v2, capacity and queues).
 *
 * A replicate's tally: version 1's tally (`model/tally.ts`) of the patients of its reported
 * year, then per arm (commercial, then poc) a queue block of QUEUE_SLOTS and the histogram of
 * the first-attempt waits (WAIT_BINS). The wasm engine writes the same layout
 * (assembly/queue/layout.ts, generated from this module by
 * scripts/gen-layouts.mjs).
 *
 * A run's total: the replicates' tallies added slot by slot in replicate order, then the
 * number of replicates, then the sums over replicates of the products q_a q_b (a <= b) of the
 * replicate statistics STAT_SLOTS (the counts and sums whose mean over replicates is reported):
 * every count, difference and ratio then gets its MCSE from the spread between replicates.
 */

import { A, ARM_OFFSET, PATIENTS_SLOT, TALLY_SIZE, type ArmSlot } from './tally.js';
import type { ArmName } from '../scenario/types.js';

export const QUEUE_SLOTS = [
  'lostWhileQueued',
  'waitFirstCount', 'waitFirstSum', 'waitFirstSq', // s_1 - r_1 of patients alive at s_1
  'waitRetryCount', 'waitRetrySum', // s_k - r_k of retries (k >= 2)
  'busyLineDays', // line-days busy within the reported year
] as const;
export type QueueSlot = (typeof QUEUE_SLOTS)[number];
export const Q = Object.fromEntries(QUEUE_SLOTS.map((name, i) => [name, i])) as Record<QueueSlot, number>;

/**
 * Bins of the first-attempt wait w (days): bin 0 holds w = 0 exactly (no wait: common), then
 * bins of 1/16 day up to 16 days, then bins whose edges grow by 2^(1/64) (1.09%) up to 16384
 * days, then an overflow bin. With linear interpolation within a bin, a median or p90 is
 * within 1/32 day below 16 days and within about 0.55% above: finer than any MCSE of a few
 * hundred replicates, in 898 numbers per arm.
 */
export const WAIT_FINE_PER_DAY = 16;
export const WAIT_FINE_DAYS = 16;
export const WAIT_GEOMETRIC_PER_DOUBLING = 64;
export const WAIT_DOUBLINGS = 10;
export const WAIT_FINE_BINS = WAIT_FINE_PER_DAY * WAIT_FINE_DAYS;
export const WAIT_GEOMETRIC_BINS = WAIT_GEOMETRIC_PER_DOUBLING * WAIT_DOUBLINGS;
const FINE_BINS = WAIT_FINE_BINS;
const GEOMETRIC_BINS = WAIT_GEOMETRIC_BINS;
export const WAIT_OVERFLOW_BIN = 1 + FINE_BINS + GEOMETRIC_BINS;
export const WAIT_BINS = WAIT_OVERFLOW_BIN + 1;
/** Longest wait held in a bin (days); longer ones go to the overflow bin. */
export const WAIT_MAX_DAYS = WAIT_FINE_DAYS * 2 ** WAIT_DOUBLINGS;

/** The bin of a wait of w days (w >= 0). */
export function waitBin(w: number): number {
  if (w <= 0) return 0;
  if (w < WAIT_FINE_DAYS) return 1 + Math.floor(w * WAIT_FINE_PER_DAY);
  if (w >= WAIT_MAX_DAYS) return WAIT_OVERFLOW_BIN;
  const g = Math.floor(WAIT_GEOMETRIC_PER_DOUBLING * Math.log2(w / WAIT_FINE_DAYS));
  return 1 + FINE_BINS + Math.min(GEOMETRIC_BINS - 1, g);
}

/** The edges [low, high) of bin b (b below the overflow bin; bin 0 is the point 0). */
export function waitBinEdges(b: number): [number, number] {
  if (b === 0) return [0, 0];
  if (b <= FINE_BINS) return [(b - 1) / WAIT_FINE_PER_DAY, b / WAIT_FINE_PER_DAY];
  const g = b - 1 - FINE_BINS;
  return [WAIT_FINE_DAYS * 2 ** (g / WAIT_GEOMETRIC_PER_DOUBLING), WAIT_FINE_DAYS * 2 ** ((g + 1) / WAIT_GEOMETRIC_PER_DOUBLING)];
}

export const QUEUE_SIZE = QUEUE_SLOTS.length + WAIT_BINS;
export const QUEUE_HIST = QUEUE_SLOTS.length;
/** Offsets of the arms' queue blocks in a replicate's tally. */
export const QUEUE_OFFSET: Record<ArmName, number> = { commercial: TALLY_SIZE, poc: TALLY_SIZE + QUEUE_SIZE };
export const REPLICATE_TALLY_SIZE = TALLY_SIZE + 2 * QUEUE_SIZE;

/** Version 1 slots whose replicate values are statistics (counts and sums; not squares). */
const ARM_STATS: readonly ArmSlot[] = [
  'referred', 'aliveAtFunding', 'funded', 'aliveAtApheresis', 'apheresed', 'manufactured', 'infused',
  'responses', 'completeResponses', 'progressionFree1y', 'alive1y', 'crs3', 'icans3',
  'attempts', 'reaphereses', 'oosReleased', 'v2vSum',
  'productCost', 'apheresisCost', 'bridgingCost', 'infusionCost', 'adverseEventsCost', 'cost',
  // MODEL.md v2: units paid, for price parity (life-years and QALYs are linear in alive1y and
  // progressionFree1y, already here).
  'paidUnits',
];
const QUEUE_STATS: readonly QueueSlot[] = ['lostWhileQueued', 'waitFirstCount', 'waitFirstSum', 'waitRetryCount', 'waitRetrySum', 'busyLineDays'];

/** Slots of a replicate's tally that are statistics, and where each arm's are in that list. */
export const STAT_SLOTS: readonly number[] = (['commercial', 'poc'] as const).flatMap((arm) => [
  ...ARM_STATS.map((s) => ARM_OFFSET[arm] + A[s]),
  ...QUEUE_STATS.map((s) => QUEUE_OFFSET[arm] + Q[s]),
]);
export const STATS = STAT_SLOTS.length;

/** Each slot's index in STAT_SLOTS, or -1 (a lookup, not a search: summaries look up thousands). */
const STAT_INDEX = new Int32Array(REPLICATE_TALLY_SIZE).fill(-1);
STAT_SLOTS.forEach((slot, i) => { STAT_INDEX[slot] = i; });

/** Index of a statistic in STAT_SLOTS (by its slot in a replicate's tally). */
export function statIndex(slot: number): number {
  const i = Number.isInteger(slot) && slot >= 0 && slot < REPLICATE_TALLY_SIZE ? STAT_INDEX[slot] : -1;
  if (i < 0) throw new Error(`cgt-access: slot ${slot} is not a replicate statistic`);
  return i;
}

export const REPLICATES_SLOT = REPLICATE_TALLY_SIZE;
export const CROSS_OFFSET = REPLICATE_TALLY_SIZE + 1;
export const YEARS_TOTAL_SIZE = CROSS_OFFSET + (STATS * (STATS + 1)) / 2;

/** Position of the product of statistics a and b (any order) in a total. */
export function crossSlot(a: number, b: number): number {
  const i = Math.min(a, b);
  const j = Math.max(a, b);
  // Row i of the upper triangle starts after rows 0 .. i-1 (STATS - k entries each).
  return CROSS_OFFSET + i * STATS - (i * (i - 1)) / 2 + (j - i);
}

export function newYearsTotal(): Float64Array {
  return new Float64Array(YEARS_TOTAL_SIZE);
}

const stats = new Float64Array(STATS);
const statSlots = Int32Array.from(STAT_SLOTS);

/**
 * total += the replicate's tally, read from `source` at `offset` (call in replicate order).
 * The offset lets a pool fold a tally where a worker wrote it (a ring in shared memory) without
 * a view per replicate.
 */
export function foldReplicate(total: Float64Array, source: Float64Array, offset = 0): void {
  // Four elements a step (each element's sum the same: one addition per replicate, in
  // replicate order): the loops' counters and bounds checks took as long as the additions
  // (measured: a fold 9.5 -> 5.6 us, on the main thread while the workers go on).
  const n = REPLICATE_TALLY_SIZE;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = offset + i;
    total[i] += source[o];
    total[i + 1] += source[o + 1];
    total[i + 2] += source[o + 2];
    total[i + 3] += source[o + 3];
  }
  for (; i < n; i++) total[i] += source[offset + i];
  total[REPLICATES_SLOT] += 1;
  for (let a = 0; a < STATS; a++) stats[a] = source[offset + statSlots[a]];
  let at = CROSS_OFFSET;
  for (let a = 0; a < STATS; a++) {
    const qa = stats[a];
    let b = a;
    for (; b + 4 <= STATS; b += 4, at += 4) {
      total[at] += qa * stats[b];
      total[at + 1] += qa * stats[b + 1];
      total[at + 2] += qa * stats[b + 2];
      total[at + 3] += qa * stats[b + 3];
    }
    for (; b < STATS; b++) total[at++] += qa * stats[b];
  }
}

export { PATIENTS_SLOT };
