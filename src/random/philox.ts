/**
 * Philox4x32-10, the counter-based bit generator of Random123.
 *
 * Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3",
 * SC '11 (2011), doi:10.1145/2063384.2063405. Ten rounds of two 32x32 -> 64-bit
 * multiplications; the key is bumped by the Weyl increments before rounds 2 to 10.
 * Known-answer vectors: Random123's `kat_vectors` (checked in test/philox.test.ts).
 *
 * The output is a pure function of (counter, key): no state, so any patient's
 * numbers can be computed anywhere (a worker, the wasm kernel) in any order.
 */

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9; // golden ratio
const PHILOX_W1 = 0xbb67ae85; // sqrt(3) - 1
const ROUNDS = 10;
const TWO_POW_MINUS_16 = 1 / 65536;

/**
 * High 32 bits of the 64-bit product of a (an unsigned 32-bit integer) and b = bh 2^16 + bl
 * (its 16-bit halves): floor(a b / 2^32) = floor((a bh + floor(a bl / 2^16)) / 2^16), every
 * product and sum below 2^49, exact in float64 (two multiplications, where the halves of both
 * operands take four).
 */
function mulhiHalves(a: number, bh: number, bl: number): number {
  return Math.floor((a * bh + Math.floor(a * bl * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16);
}

/** High 32 bits of the 64-bit product of two unsigned 32-bit integers (exact). */
export function mulhi32(a: number, b: number): number {
  return mulhiHalves(a >>> 0, b >>> 16, b & 0xffff);
}

/**
 * Philox4x32-10 of counter (c0..c3) and key (k0, k1); writes four 32-bit words to `out`
 * from `offset`.
 */
export function philox4x32(
  c0: number, c1: number, c2: number, c3: number,
  k0: number, k1: number,
  out: Uint32Array, offset = 0,
): void {
  let x0 = c0 >>> 0, x1 = c1 >>> 0, x2 = c2 >>> 0, x3 = c3 >>> 0;
  let key0 = k0 >>> 0, key1 = k1 >>> 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) {
      key0 = (key0 + PHILOX_W0) >>> 0;
      key1 = (key1 + PHILOX_W1) >>> 0;
    }
    const hi0 = mulhiHalves(x0, PHILOX_M0 >>> 16, PHILOX_M0 & 0xffff);
    const lo0 = Math.imul(PHILOX_M0, x0) >>> 0;
    const hi1 = mulhiHalves(x2, PHILOX_M1 >>> 16, PHILOX_M1 & 0xffff);
    const lo1 = Math.imul(PHILOX_M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[offset] = x0;
  out[offset + 1] = x1;
  out[offset + 2] = x2;
  out[offset + 3] = x3;
}
