// Philox4x32-10 (as ../random/philox.ts) on the cohort-years counters of four patients at once:
// block b of patient i of year y of replicate r is [b, i, r, y] with key [seed, CAPA]. Lane j
// holds patient i0 + j; the 32x32 -> 64-bit products' high and low words come from
// i64x2.extmul_{low,high}_i32x4_u and shuffles.
//
// The words are stored four patients to a group: word w of the group's patients is the v128 at
// group + 16 w (lane j = the group's patient j), as the version 1 kernel stores them, so that
// no transposition is needed.
//
// As in ../random/philox4.ts, the counters of a year's patients differ in word 1 (i) only, so
// the first rounds' products that do not depend on the patient are worked out once per year
// (setYearKey), and blocks are made in pairs side by side (their independent products overlap
// in the pipeline): rounds 1 to 3 on [b, i, r, y] with keys (k0_n, k1_n):
//   round 1: x0 = hi(M1 r) ^ i ^ k0_1, x1 = lo(M1 r), x2 = hi(M0 b) ^ y ^ k1_1, x3 = lo(M0 b);
//   round 2: y0 = hi(M1 x2) ^ x1 ^ k0_2, y1 = lo(M1 x2) (the block's), y2 = hi(M0 x0) ^ x3 ^ k1_2,
//            y3 = lo(M0 x0) (the patient's; M0 x0 alike in every block);
//   round 3: z0 = hi(M1 y2) ^ (y1 ^ k0_3), z1 = lo(M1 y2), z2 = y3 ^ (hi(M0 y0) ^ k1_3),
//            z3 = lo(M0 y0) (the bracketed terms the block's).

const M0: u32 = 0xd2511f53;
const M1: u32 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;
const BLOCKS: i32 = 8;

// Constants read from memory rather than written as v128 immediates (V8 builds an immediate
// v128 in several instructions at every use). ROUND_KEYS: each round's (k0, k1) splatted.
const MULTIPLIERS: usize = memory.data<u32>([M0, M0, M0, M0, M1, M1, M1, M1], 16);
const ROUND_KEYS: usize = memory.data(10 * 32, 16);
const LANE_INDEX: usize = memory.data<u32>([0, 1, 2, 3], 16);
// Per year, splatted: word 0's patient-independent part after round 1 (FIRST) and, per block,
// the four block terms of rounds 2 and 3.
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

/** Sets the key (seed, stream) and the replicate and year whose patients the next calls draw for. */
export function setYearKey(seed: u32, stream: u32, r: u32, y: u32): void {
  let k0 = seed;
  let k1 = stream;
  for (let round = 0; round < 10; round++) {
    v128.store(ROUND_KEYS + (<usize>round << 5), i32x4.splat(k0));
    v128.store(ROUND_KEYS + (<usize>round << 5), i32x4.splat(k1), 16);
    k0 += W0;
    k1 += W1;
  }
  const key0 = seed;
  const key1 = stream;
  v128.store(FIRST, i32x4.splat(hi(r, M1) ^ key0));
  const x1 = lo(r, M1);
  for (let b: u32 = 0; b < <u32>BLOCKS; b++) {
    const x2 = hi(b, M0) ^ y ^ key1;
    const x3 = lo(b, M0);
    const y0 = hi(x2, M1) ^ x1 ^ (key0 + W0);
    const y1 = lo(x2, M1);
    const at = BLOCK_TERMS + (<usize>b << 6);
    v128.store(at, i32x4.splat(x3 ^ (key1 + W1))); // for y2
    v128.store(at, i32x4.splat(y1 ^ (key0 + 2 * W0)), 16); // for z0
    v128.store(at, i32x4.splat(hi(y0, M0) ^ (key1 + 2 * W1)), 32); // for z2
    v128.store(at, i32x4.splat(lo(y0, M0)), 48); // z3
  }
}

/**
 * Of patients i0 .. i0 + 3 of the year set by setYearKey: the blocks whose bits are set in
 * `blocks`, stored at group + 16 w (w = 4 b .. 4 b + 3): two at a time where blocks b and b + 1
 * (b even) are both set, else one.
 */
export function philoxGroup(i0: u32, blocks: i32, group: usize): void {
  const m0 = v128.load(MULTIPLIERS);
  const x0 = v128.xor(v128.load(FIRST), i32x4.add(i32x4.splat(i0), v128.load(LANE_INDEX)));
  const p = i64x2.extmul_low_i32x4_u(m0, x0);
  const q = i64x2.extmul_high_i32x4_u(m0, x0);
  const hi2 = v128.shuffle<i32>(p, q, 1, 3, 5, 7);
  const y3 = v128.shuffle<i32>(p, q, 0, 2, 4, 6);
  for (let b: u32 = 0; b < <u32>BLOCKS; b += 2) {
    const two = (blocks >> b) & 3;
    if (two == 3) blockPair(hi2, y3, b, group);
    else if (two == 1) blockOne(hi2, y3, b, group);
    else if (two == 2) blockOne(hi2, y3, b + 1, group);
  }
}

/** Rounds 3 to 10 of blocks `block` and `block + 1`, from round 2's M0 x0 (its high and low words), and their store. */
// @ts-ignore: decorator
@inline function blockPair(hi2: v128, y3: v128, block: u32, out: usize): void {
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
  v128.store(at, a0);
  v128.store(at, a1, 16);
  v128.store(at, a2, 32);
  v128.store(at, a3, 48);
  v128.store(at, b0, 64);
  v128.store(at, b1, 80);
  v128.store(at, b2, 96);
  v128.store(at, b3, 112);
}

/** Rounds 3 to 10 of block `block` alone (as blockPair), and its store. */
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
