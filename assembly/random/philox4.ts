// Philox4x32-10 on four counters at once (one per u32 lane): the same function as
// philox.ts, for four patients side by side. The 32x32 -> 64-bit products are
// i64x2.extmul_{low,high}_i32x4_u; their high and low words are gathered by shuffles.
//
// The counters of the patients drawn together differ in one word only: block b of patient i is
// [b, i, c2, c3] (version 1: [b, i, chunk, 0]; cohort-years: [b, i, replicate, year]). So in
// the first three rounds most products do not depend on the patient: round 1's two depend on
// the block and (c2, c3), round 2's M1 x2 on the block and its M0 x0 not on the block (x0 is a
// constant xor i), round 3's M0 x0 on the block. setKey4 works out the patient-independent ones
// once per chunk or year (in scalar u64 arithmetic, as philox.ts); a pair of blocks of four
// patients then takes 31 vector products instead of 40, with the same words. Word w of the
// four patients is stored as the v128 at out + 16 w (lane j = patient i0 + j).

import { WORDS_PER_PATIENT, STREAM_PATIENTS } from './stream';

const M0: u32 = 0xd2511f53;
const M1: u32 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;
const BLOCKS: i32 = WORDS_PER_PATIENT / 4;

// The multipliers, the round keys and the per-chunk constants are read from memory, not
// written as constants: V8 builds a v128.const from immediates in several instructions at
// every use, which made the rounds about a third slower. ROUND_KEYS holds the ten rounds'
// (k0, k1) splatted, for the key set by setPhiloxKey4.
const MULTIPLIERS: usize = memory.data<u32>([M0, M0, M0, M0, M1, M1, M1, M1], 16);
const ROUND_KEYS: usize = memory.data(10 * 32, 16);
const LANE_INDEX: usize = memory.data<u32>([0, 1, 2, 3], 16);
// Per chunk, splatted: the patient-independent part of word 0 after round 1 (FIRST), and per
// block the four patient-independent terms of rounds 2 and 3 (see setPhiloxKey4).
const FIRST: usize = memory.data(16, 16);
const BLOCK_TERMS: usize = memory.data(BLOCKS * 4 * 16, 16);

// @ts-ignore: decorator
@inline function hi(x: u32, m: u32): u32 {
  return <u32>((<u64>x * <u64>m) >>> 32);
}
// @ts-ignore: decorator
@inline function lo(x: u32, m: u32): u32 {
  return x * m;
}

/**
 * Sets the key (seed, stream) of the four-lane generator and the counter words c2, c3 of the
 * patients it draws for next.
 */
export function setKey4(seed: u32, stream: u32, c2: u32, c3: u32): void {
  let k0 = seed;
  let k1 = stream;
  for (let round = 0; round < 10; round++) {
    v128.store(ROUND_KEYS + (<usize>round << 5), i32x4.splat(k0));
    v128.store(ROUND_KEYS + (<usize>round << 5), i32x4.splat(k1), 16);
    k0 += W0;
    k1 += W1;
  }
  // Round 1 on [b, i, c2, c3] with key (k0_1, k1_1) = (seed, stream):
  //   x0 = hi(M1 c2) ^ i ^ k0_1, x1 = lo(M1 c2), x2 = hi(M0 b) ^ c3 ^ k1_1, x3 = lo(M0 b).
  const key0 = seed;
  const key1 = stream;
  v128.store(FIRST, i32x4.splat(hi(c2, M1) ^ key0));
  const x1 = lo(c2, M1);
  for (let b: u32 = 0; b < <u32>BLOCKS; b++) {
    const x2 = hi(b, M0) ^ c3 ^ key1;
    const x3 = lo(b, M0);
    // Round 2 (key k0_2, k1_2): M1 x2 is the block's; y0 = hi(M1 x2) ^ x1 ^ k0_2 and
    // y1 = lo(M1 x2) are the block's, y2 = hi(M0 x0) ^ (x3 ^ k1_2) and y3 = lo(M0 x0) the patient's.
    const y0 = hi(x2, M1) ^ x1 ^ (key0 + W0);
    const y1 = lo(x2, M1);
    // Round 3 (key k0_3, k1_3): M0 y0 is the block's: z0 = hi(M1 y2) ^ (y1 ^ k0_3),
    // z1 = lo(M1 y2), z2 = y3 ^ (hi(M0 y0) ^ k1_3), z3 = lo(M0 y0).
    const at = BLOCK_TERMS + (<usize>b << 6);
    v128.store(at, i32x4.splat(x3 ^ (key1 + W1))); // for y2
    v128.store(at, i32x4.splat(y1 ^ (key0 + 2 * W0)), 16); // for z0
    v128.store(at, i32x4.splat(hi(y0, M0) ^ (key1 + 2 * W1)), 32); // for z2
    v128.store(at, i32x4.splat(lo(y0, M0)), 48); // z3
  }
}

/** Version 1's key and chunk: counters [b, i, chunk, 0], key [seed, STREAM_PATIENTS]. */
export function setPhiloxKey4(seed: u32, chunk: u32): void {
  setKey4(seed, STREAM_PATIENTS, chunk, 0);
}

/** The 32 words of patients i0 .. i0+3 of the counters set by setKey4. */
export function patientWords4(i0: u32, out: usize): void {
  for (let block: u32 = 0; block < <u32>BLOCKS; block += 2) philoxBlockPair4(i0, block, out);
}

/**
 * Blocks `block` and `block + 1` of patients i0 .. i0+3: words 4 block .. 4 block + 7, stored
 * at out + 16 w like patientWords4, each xor `bias` (the kernel flips the sign bit, see
 * kernel/chunk.ts).
 */
export function philoxBlockPair4(i0: u32, block: u32, out: usize, bias: u32 = 0): void {
  const m0 = v128.load(MULTIPLIERS);
  const x0 = firstWord(i0);
  const p = i64x2.extmul_low_i32x4_u(m0, x0);
  const q = i64x2.extmul_high_i32x4_u(m0, x0);
  blockPair(v128.shuffle<i32>(p, q, 1, 3, 5, 7), v128.shuffle<i32>(p, q, 0, 2, 4, 6), block, out, bias);
}

/** Blocks 0 to 3 of patients i0 .. i0+3 (words 0 .. 15), as two calls of philoxBlockPair4 would. */
export function philoxFirstBlocks4(i0: u32, out: usize, bias: u32): void {
  const m0 = v128.load(MULTIPLIERS);
  const x0 = firstWord(i0);
  const p = i64x2.extmul_low_i32x4_u(m0, x0);
  const q = i64x2.extmul_high_i32x4_u(m0, x0);
  const hi2 = v128.shuffle<i32>(p, q, 1, 3, 5, 7);
  const y3 = v128.shuffle<i32>(p, q, 0, 2, 4, 6);
  blockPair(hi2, y3, 0, out, bias);
  blockPair(hi2, y3, 2, out, bias);
}

/**
 * Of patients i0 .. i0 + 3: the blocks whose bits are set in `blocks` (words 4 b .. 4 b + 3 of
 * block b): two at a time where blocks b and b + 1 (b even) are both set, else one.
 */
export function philoxGroup(i0: u32, blocks: i32, out: usize): void {
  const m0 = v128.load(MULTIPLIERS);
  const x0 = firstWord(i0);
  const p = i64x2.extmul_low_i32x4_u(m0, x0);
  const q = i64x2.extmul_high_i32x4_u(m0, x0);
  const hi2 = v128.shuffle<i32>(p, q, 1, 3, 5, 7);
  const y3 = v128.shuffle<i32>(p, q, 0, 2, 4, 6);
  for (let b: u32 = 0; b < <u32>BLOCKS; b += 2) {
    const two = (blocks >> b) & 3;
    if (two == 3) blockPair(hi2, y3, b, out, 0);
    else if (two == 1) blockOne(hi2, y3, b, out);
    else if (two == 2) blockOne(hi2, y3, b + 1, out);
  }
}

/** Word 0 of patients i0 .. i0+3 after round 1 (the only one that depends on the patient). */
// @ts-ignore: decorator
@inline function firstWord(i0: u32): v128 {
  return v128.xor(v128.load(FIRST), i32x4.add(i32x4.splat(i0), v128.load(LANE_INDEX)));
}

/**
 * Rounds 2 to 10 of blocks `block` and `block + 1`, from round 2's M0 x0 (its high and low
 * words: every block's alike), and the words' store. The two blocks are computed side by side,
 * so that their independent multiplications overlap in the pipeline.
 */
// @ts-ignore: decorator
@inline function blockPair(hi2: v128, y3: v128, block: u32, out: usize, bias: u32): void {
  const m0 = v128.load(MULTIPLIERS);
  const m1 = v128.load(MULTIPLIERS, 16);
  const ta = BLOCK_TERMS + (<usize>block << 6);
  const tb = ta + 64;
  const ya2 = v128.xor(hi2, v128.load(ta));
  const yb2 = v128.xor(hi2, v128.load(tb));
  const ra = i64x2.extmul_low_i32x4_u(m1, ya2);
  const sa = i64x2.extmul_high_i32x4_u(m1, ya2);
  const rb = i64x2.extmul_low_i32x4_u(m1, yb2);
  const sb = i64x2.extmul_high_i32x4_u(m1, yb2);
  let a0 = v128.xor(v128.shuffle<i32>(ra, sa, 1, 3, 5, 7), v128.load(ta, 16));
  let a1 = v128.shuffle<i32>(ra, sa, 0, 2, 4, 6);
  let a2 = v128.xor(y3, v128.load(ta, 32));
  let a3 = v128.load(ta, 48);
  let b0 = v128.xor(v128.shuffle<i32>(rb, sb, 1, 3, 5, 7), v128.load(tb, 16));
  let b1 = v128.shuffle<i32>(rb, sb, 0, 2, 4, 6);
  let b2 = v128.xor(y3, v128.load(tb, 32));
  let b3 = v128.load(tb, 48);
  for (let round = 3; round < 10; round++) {
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
  if (bias != 0) {
    // (A constant 0, as philoxGroup's, removes this branch and the xors when inlined.)
    const flip = i32x4.splat(bias);
    a0 = v128.xor(a0, flip);
    a1 = v128.xor(a1, flip);
    a2 = v128.xor(a2, flip);
    a3 = v128.xor(a3, flip);
    b0 = v128.xor(b0, flip);
    b1 = v128.xor(b1, flip);
    b2 = v128.xor(b2, flip);
    b3 = v128.xor(b3, flip);
  }
  v128.store(at, a0);
  v128.store(at, a1, 16);
  v128.store(at, a2, 32);
  v128.store(at, a3, 48);
  v128.store(at, b0, 64);
  v128.store(at, b1, 80);
  v128.store(at, b2, 96);
  v128.store(at, b3, 112);
}

/**
 * Rounds 2 to 10 of block `block` alone and its words' store: blockPair's steps for one of its
 * two blocks (a pair runs its blocks side by side, so each step is written twice there).
 */
// @ts-ignore: decorator
@inline function blockOne(hi2: v128, y3: v128, block: u32, out: usize): void {
  const m0 = v128.load(MULTIPLIERS);
  const m1 = v128.load(MULTIPLIERS, 16);
  const ta = BLOCK_TERMS + (<usize>block << 6);
  const ya2 = v128.xor(hi2, v128.load(ta));
  const ra = i64x2.extmul_low_i32x4_u(m1, ya2);
  const sa = i64x2.extmul_high_i32x4_u(m1, ya2);
  let a0 = v128.xor(v128.shuffle<i32>(ra, sa, 1, 3, 5, 7), v128.load(ta, 16));
  let a1 = v128.shuffle<i32>(ra, sa, 0, 2, 4, 6);
  let a2 = v128.xor(y3, v128.load(ta, 32));
  let a3 = v128.load(ta, 48);
  for (let round = 3; round < 10; round++) {
    const key0 = v128.load(ROUND_KEYS + (<usize>round << 5));
    const key1 = v128.load(ROUND_KEYS + (<usize>round << 5), 16);
    const a0l = i64x2.extmul_low_i32x4_u(m0, a0);
    const a0h = i64x2.extmul_high_i32x4_u(m0, a0);
    const a2l = i64x2.extmul_low_i32x4_u(m1, a2);
    const a2h = i64x2.extmul_high_i32x4_u(m1, a2);
    const na0 = v128.xor(v128.xor(v128.shuffle<i32>(a2l, a2h, 1, 3, 5, 7), a1), key0);
    const na2 = v128.xor(v128.xor(v128.shuffle<i32>(a0l, a0h, 1, 3, 5, 7), a3), key1);
    a1 = v128.shuffle<i32>(a2l, a2h, 0, 2, 4, 6);
    a3 = v128.shuffle<i32>(a0l, a0h, 0, 2, 4, 6);
    a0 = na0;
    a2 = na2;
  }
  const at = out + (<usize>block << 6);
  v128.store(at, a0);
  v128.store(at, a1, 16);
  v128.store(at, a2, 32);
  v128.store(at, a3, 48);
}
