// Philox4x32-10 on four counters at once (one per u32 lane): the same function as
// philox.ts, for four patients side by side. The 32x32 -> 64-bit products are
// i64x2.extmul_{low,high}_i32x4_u; their high and low words are gathered by shuffles.

import { WORDS_PER_PATIENT, STREAM_PATIENTS } from './stream';

const M0: u32 = 0xd2511f53;
const M1: u32 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;

// The multipliers and the round keys are read from memory, not written as constants: V8
// builds a v128.const from immediates in several instructions at every use, which made the
// rounds about a third slower. ROUND_KEYS holds the ten rounds' (k0, k1) splatted, for the
// seed set by setPhiloxSeed4.
const MULTIPLIERS: usize = memory.data<u32>([M0, M0, M0, M0, M1, M1, M1, M1], 16);
const ROUND_KEYS: usize = memory.data(10 * 32, 16);
const LANE_INDEX: usize = memory.data<u32>([0, 1, 2, 3], 16);

/** Sets the key of the four-lane generator (the run's seed; k1 is the stream's constant). */
export function setPhiloxSeed4(seed: u32): void {
  let k0 = seed;
  let k1 = STREAM_PATIENTS;
  for (let round = 0; round < 10; round++) {
    v128.store(ROUND_KEYS + (<usize>round << 5), i32x4.splat(k0));
    v128.store(ROUND_KEYS + (<usize>round << 5), i32x4.splat(k1), 16);
    k0 += W0;
    k1 += W1;
  }
}

/**
 * The 32 words of patients i0 .. i0+3 of chunk `chunk` (key set by setPhiloxSeed4): word w of
 * the four patients is the v128 at out + 16 w (lane j = patient i0 + j).
 */
export function patientWords4(chunk: u32, i0: u32, out: usize): void {
  for (let block: u32 = 0; block < <u32>WORDS_PER_PATIENT / 4; block += 2) philoxBlockPair4(chunk, i0, block, out);
}

/**
 * Blocks `block` and `block + 1` of patients i0 .. i0+3: words 4 block .. 4 block + 7, stored
 * at out + 16 w like patientWords4. The two blocks are computed side by side, so that their
 * independent multiplications overlap in the pipeline.
 */
export function philoxBlockPair4(chunk: u32, i0: u32, block: u32, out: usize, bias: u32 = 0): void {
  // Each word is stored xor `bias` (the kernel flips the sign bit, see kernel/chunk.ts).
  const flip = i32x4.splat(bias);
  const m0 = v128.load(MULTIPLIERS);
  const m1 = v128.load(MULTIPLIERS, 16);
  const patients = i32x4.add(i32x4.splat(i0), v128.load(LANE_INDEX));
  const c2 = i32x4.splat(chunk);
  const zero = i32x4.splat(0);
  let a0 = i32x4.splat(block), a1 = patients, a2 = c2, a3 = zero;
  let b0 = i32x4.splat(block + 1), b1 = patients, b2 = c2, b3 = zero;
  for (let round = 0; round < 10; round++) {
    const key0 = v128.load(ROUND_KEYS + (<usize>round << 5));
    const key1 = v128.load(ROUND_KEYS + (<usize>round << 5), 16);
    const a0l = i64x2.extmul_low_i32x4_u(m0, a0);
    const a0h = i64x2.extmul_high_i32x4_u(m0, a0);
    const a2l = i64x2.extmul_low_i32x4_u(m1, a2);
    const a2h = i64x2.extmul_high_i32x4_u(m1, a2);
    const b0l = i64x2.extmul_low_i32x4_u(m0, b0);
    const b0h = i64x2.extmul_high_i32x4_u(m0, b0);
    const b2l = i64x2.extmul_low_i32x4_u(m1, b2);
    const b2h = i64x2.extmul_high_i32x4_u(m1, b2);
    const na0 = v128.xor(v128.xor(v128.shuffle<i32>(a2l, a2h, 1, 3, 5, 7), a1), key0);
    const na2 = v128.xor(v128.xor(v128.shuffle<i32>(a0l, a0h, 1, 3, 5, 7), a3), key1);
    a1 = v128.shuffle<i32>(a2l, a2h, 0, 2, 4, 6);
    a3 = v128.shuffle<i32>(a0l, a0h, 0, 2, 4, 6);
    a0 = na0;
    a2 = na2;
    const nb0 = v128.xor(v128.xor(v128.shuffle<i32>(b2l, b2h, 1, 3, 5, 7), b1), key0);
    const nb2 = v128.xor(v128.xor(v128.shuffle<i32>(b0l, b0h, 1, 3, 5, 7), b3), key1);
    b1 = v128.shuffle<i32>(b2l, b2h, 0, 2, 4, 6);
    b3 = v128.shuffle<i32>(b0l, b0h, 0, 2, 4, 6);
    b0 = nb0;
    b2 = nb2;
  }
  const at = out + (<usize>block << 6);
  v128.store(at, v128.xor(a0, flip));
  v128.store(at, v128.xor(a1, flip), 16);
  v128.store(at, v128.xor(a2, flip), 32);
  v128.store(at, v128.xor(a3, flip), 48);
  v128.store(at, v128.xor(b0, flip), 64);
  v128.store(at, v128.xor(b1, flip), 80);
  v128.store(at, v128.xor(b2, flip), 96);
  v128.store(at, v128.xor(b3, flip), 112);
}
