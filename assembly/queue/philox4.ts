// Philox4x32-10 (as ../random/philox.ts) on the cohort-years counters of four patients at once:
// block b of patients i .. i + 3 of year y of replicate r is [b, i + lane, r, y] with key
// [seed, CAPA]. Lane j holds patient i + j; the 32x32 -> 64-bit products' high words come from
// i64x2.extmul_{low,high}_i32x4_u, their low words from i32x4.mul. The four words of each
// patient are then transposed out of the lanes and stored at its place in the words array.

const M0: u32 = 0xd2511f53;
const M1: u32 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;
const LANES: usize = memory.data<u32>([0, 1, 2, 3], 16);

// @ts-ignore: decorator
@inline function mulhi(x: v128, m: v128): v128 {
  const lo = i64x2.extmul_low_i32x4_u(x, m);
  const hi = i64x2.extmul_high_i32x4_u(x, m);
  return i8x16.shuffle(lo, hi, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31);
}

/**
 * Block `block` of patients i .. i + 3: patient i + j's four words at out + j * stride
 * (stride: the bytes between two patients' words; the block's offset included in out).
 */
export function philoxBlock4(block: u32, i: u32, r: u32, y: u32, seed: u32, stream: u32, out: usize, stride: usize): void {
  let x0 = i32x4.splat(block);
  let x1 = i32x4.add(i32x4.splat(i), v128.load(LANES));
  let x2 = i32x4.splat(r);
  let x3 = i32x4.splat(y);
  const m0 = i32x4.splat(M0);
  const m1 = i32x4.splat(M1);
  let k0 = seed;
  let k1 = stream;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 += W0;
      k1 += W1;
    }
    const hi0 = mulhi(x0, m0);
    const lo0 = i32x4.mul(x0, m0);
    const hi1 = mulhi(x2, m1);
    const lo1 = i32x4.mul(x2, m1);
    x0 = v128.xor(v128.xor(hi1, x1), i32x4.splat(k0));
    x1 = lo1;
    x2 = v128.xor(v128.xor(hi0, x3), i32x4.splat(k1));
    x3 = lo0;
  }
  // Transpose: lane j of (x0, x1, x2, x3) is patient j's four words.
  const a = i8x16.shuffle(x0, x1, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23); // x0[0] x1[0] x0[1] x1[1]
  const b = i8x16.shuffle(x0, x1, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31); // x0[2] x1[2] x0[3] x1[3]
  const c = i8x16.shuffle(x2, x3, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
  const d = i8x16.shuffle(x2, x3, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
  v128.store(out, i8x16.shuffle(a, c, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
  v128.store(out + stride, i8x16.shuffle(a, c, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
  v128.store(out + 2 * stride, i8x16.shuffle(b, d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
  v128.store(out + 3 * stride, i8x16.shuffle(b, d, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
}
