// The cgt-access wasm kernel's exports. For now: the bit generator, so that the TypeScript
// side can check that the kernel draws the same words as the reference.

import { philox4x32 as philox } from './random/philox';
import { patientWords as words, WORDS_PER_PATIENT } from './random/stream';

// A static scratch buffer for words read back by the host.
const SCRATCH: usize = memory.data(WORDS_PER_PATIENT * 16, 16);

/** Address of the scratch buffer (32 u32 words). */
export function scratch(): usize {
  return SCRATCH;
}

/** Philox4x32-10 of (counter, key) into the scratch buffer's first four words. */
export function philox4x32(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  philox(c0, c1, c2, c3, k0, k1, SCRATCH);
}

/** The 32 words of patient `i` of chunk `chunk` into the scratch buffer. */
export function patientWords(seed: u32, chunk: u32, i: u32): void {
  words(seed, chunk, i, SCRATCH);
}

// ---- vector math, exported over arrays for the accuracy tests ----

/** Scratch area for arrays passed by the host (1 MiB). */
const ARRAYS: usize = memory.data(1 << 20, 16);

export function arrays(): usize {
  return ARRAYS;
}

// ---- the kernel ----
import { runChunk as run } from './kernel/chunk';
import { PARAMS, TALLY } from './kernel/io';
import { PARAMS_SIZE, TALLY_SIZE } from './kernel/layout';

export function paramsPtr(): usize { return PARAMS; }
export function paramsSize(): i32 { return PARAMS_SIZE; }
export function tallyPtr(): usize { return TALLY; }
export function tallySize(): i32 { return TALLY_SIZE; }

/** Tallies `count` patients of chunk `chunk` (seed `seed`) into the tally, with the parameters written at paramsPtr(). */
export function runChunk(seed: u32, chunk: u32, count: i32): void {
  run(seed, chunk, count);
}

// ---- the four-lane bit generator, for its test against the scalar one ----
import { patientWords4, setPhiloxKey4 } from './random/philox4';

/** The 32 words of patients i0 .. i0+3 of a chunk into the scratch buffer: word w at 16 w, lane j = patient i0 + j. */
export function patientWordsOfFour(seed: u32, chunk: u32, i0: u32): void {
  setPhiloxKey4(seed, chunk);
  patientWords4(i0, SCRATCH);
}

// ---- single-precision vector math, over arrays of f32 for the accuracy tests ----
import { vexp2_32, vlog32, vcosSinTurn32 } from './math/vmath32';

export function exp2Array32(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) v128.store(out + (<usize>i << 2), vexp2_32(v128.load(x + (<usize>i << 2))));
}
export function logArray32(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) v128.store(out + (<usize>i << 2), vlog32(v128.load(x + (<usize>i << 2))));
}
export function cosSinTurnArray32(u: usize, cosOut: usize, sinOut: usize, n: i32): void {
  const tmp = ARRAYS + (1 << 20) - 32;
  for (let i = 0; i < n; i += 4) {
    vcosSinTurn32(v128.load(u + (<usize>i << 2)), tmp);
    v128.store(cosOut + (<usize>i << 2), v128.load(tmp));
    v128.store(sinOut + (<usize>i << 2), v128.load(tmp, 16));
  }
}
