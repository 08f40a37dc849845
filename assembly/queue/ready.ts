// The order in which one arm's queue of a cohort-years replicate serves its attempts (MODEL.md
// v2, "Manufacturing capacity and queues": first come, first served over ready attempts, ties
// by earlier eligibility, then by patient): the first attempts sorted once, the retries in a
// heap, and a heap of the lines' free times. The arrays are the replicate's (laid out by
// replicate.ts's `layout`, given here by setReadyArrays); nothing is allocated.

import { f64At, setF64 } from './memory';

export let HEAP_R: usize = 0; // ready heap (retries): absolute ready times, f64
export let HEAP_P: usize = 0; // ready heap (retries): patients, i32
export let FIRST_R: usize = 0; // first attempts, sorted: absolute ready times, f64
export let FIRST_P: usize = 0; // first attempts, sorted: patients, i32
export let LINES: usize = 0; // line free times, f64 (a heap)
export let heapSize: i32 = 0;
export let lineCount: i32 = 0;
let E: usize = 0; // eligibility day of each patient, f64 (the tie rule's)
// The radix sort's other buffers: the heap's memory (the sort runs before the first retry enters the heap).
let SORT_R: usize = 0;
let SORT_P: usize = 0;

/** Sets the arrays: patients' eligibility days `e`, the heap of retries, the first attempts, the lines' free times. */
export function setReadyArrays(e: usize, heapR: usize, heapP: usize, firstR: usize, firstP: usize, lines: usize): void {
  E = e;
  HEAP_R = heapR;
  HEAP_P = heapP;
  FIRST_R = firstR;
  FIRST_P = firstP;
  LINES = lines;
  SORT_R = heapR;
  SORT_P = heapP;
}

/** Empties the heap of retries and that of the lines (an arm's queue starts). */
export function clearQueues(): void {
  heapSize = 0;
  lineCount = 0;
}

// ---- the heap of ready attempts: (r, p), by r, then earlier e[p], then smaller p ----

// @ts-ignore: decorator
@inline export function before(ra: f64, pa: i32, rb: f64, pb: i32): bool {
  if (ra != rb) return ra < rb;
  const ea = f64At(E, pa);
  const eb = f64At(E, pb);
  if (ea != eb) return ea < eb;
  return pa < pb;
}

export function heapPush(r: f64, p: i32): void {
  let i = heapSize++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const rp = f64At(HEAP_R, parent);
    const pp = load<i32>(HEAP_P + (<usize>parent << 2));
    if (!before(r, p, rp, pp)) break;
    setF64(HEAP_R, i, rp);
    store<i32>(HEAP_P + (<usize>i << 2), pp);
    i = parent;
  }
  setF64(HEAP_R, i, r);
  store<i32>(HEAP_P + (<usize>i << 2), p);
}

export function heapPop(): void {
  const n = --heapSize;
  if (n == 0) return;
  const r = f64At(HEAP_R, n);
  const p = load<i32>(HEAP_P + (<usize>n << 2));
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && before(f64At(HEAP_R, c + 1), load<i32>(HEAP_P + (<usize>(c + 1) << 2)), f64At(HEAP_R, c), load<i32>(HEAP_P + (<usize>c << 2)))) c++;
    const rc = f64At(HEAP_R, c);
    const pc = load<i32>(HEAP_P + (<usize>c << 2));
    if (!before(rc, pc, r, p)) break;
    setF64(HEAP_R, i, rc);
    store<i32>(HEAP_P + (<usize>i << 2), pc);
    i = c;
  }
  setF64(HEAP_R, i, r);
  store<i32>(HEAP_P + (<usize>i << 2), p);
}

// ---- the heap of line free times ----

export function linePush(t: f64): void {
  let i = lineCount++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const tp = f64At(LINES, parent);
    if (tp <= t) break;
    setF64(LINES, i, tp);
    i = parent;
  }
  setF64(LINES, i, t);
}

export function lineReplaceMin(t: f64): void {
  const n = lineCount;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && f64At(LINES, c + 1) < f64At(LINES, c)) c++;
    const tc = f64At(LINES, c);
    if (tc >= t) break;
    setF64(LINES, i, tc);
    i = c;
  }
  setF64(LINES, i, t);
}

// ---- the first attempts in the heap's order, by a sort ----
//
// Every first attempt is known before the lines take any (its ready time r_1 does not depend on
// the queue), so they are sorted once, in the order the heap of ready attempts would give them
// (r, then e, then p: `before`), and only retries, made while the queue runs, go through the heap.
// The sort: a stable least-significant-digit radix sort, byte by byte, on the high 32 bits of
// r (sign, exponent and 20 bits of mantissa: for r >= 0, the order of these bits is r's),
// skipping a byte all keys share, from the patients in increasing p; then an insertion sort by
// `before` puts in order the keys that share their high 32 bits (rare: 2^-20 relative).

const RADIX_COUNTS: usize = memory.data(4 * 256 * 4, 16);

// @ts-ignore: decorator
@inline function highWord(r: f64): u32 { return <u32>(reinterpret<u64>(r) >>> 32); }

/** Sorts the m first attempts at FIRST_R / FIRST_P (in increasing p) by `before`. */
export function sortFirst(m: i32): void {
  if (m < 2) return;
  memory.fill(RADIX_COUNTS, 0, 4 * 256 * 4);
  for (let j = 0; j < m; j++) {
    const h = highWord(f64At(FIRST_R, j));
    for (let d = 0; d < 4; d++) {
      const at = RADIX_COUNTS + (<usize>d << 10) + (<usize>((h >> (8 * d)) & 0xff) << 2);
      store<u32>(at, load<u32>(at) + 1);
    }
  }
  let fromR = FIRST_R, fromP = FIRST_P, toR = SORT_R, toP = SORT_P;
  const h0 = highWord(f64At(FIRST_R, 0));
  for (let d = 0; d < 4; d++) {
    const counts = RADIX_COUNTS + (<usize>d << 10);
    const shift = 8 * d;
    if (<i32>load<u32>(counts + (<usize>((h0 >> shift) & 0xff) << 2)) == m) continue; // one byte for all
    let sum: u32 = 0;
    for (let b = 0; b < 256; b++) {
      const c = load<u32>(counts + (<usize>b << 2));
      store<u32>(counts + (<usize>b << 2), sum);
      sum += c;
    }
    for (let j = 0; j < m; j++) {
      const r = load<f64>(fromR + (<usize>j << 3));
      const at = counts + (<usize>((highWord(r) >> shift) & 0xff) << 2);
      const k = load<u32>(at);
      store<u32>(at, k + 1);
      store<f64>(toR + (<usize>k << 3), r);
      store<i32>(toP + (<usize>k << 2), load<i32>(fromP + (<usize>j << 2)));
    }
    const tR = fromR, tP = fromP;
    fromR = toR; fromP = toP; toR = tR; toP = tP;
  }
  if (fromR != FIRST_R) {
    memory.copy(FIRST_R, fromR, <usize>m << 3);
    memory.copy(FIRST_P, fromP, <usize>m << 2);
  }
  for (let j = 1; j < m; j++) {
    const r = f64At(FIRST_R, j);
    const p = load<i32>(FIRST_P + (<usize>j << 2));
    let i = j;
    for (; i > 0; i--) {
      const rq = f64At(FIRST_R, i - 1);
      const pq = load<i32>(FIRST_P + (<usize>(i - 1) << 2));
      if (!before(r, p, rq, pq)) break;
      setF64(FIRST_R, i, rq);
      store<i32>(FIRST_P + (<usize>i << 2), pq);
    }
    if (i != j) {
      setF64(FIRST_R, i, r);
      store<i32>(FIRST_P + (<usize>i << 2), p);
    }
  }
}
