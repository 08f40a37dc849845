// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC '11),
// the same bit generator as src/random/philox.ts, so that the kernel and the TypeScript
// reference draw exactly the same words. The 32x32 -> 64-bit products are native u64
// multiplications here.

const PHILOX_M0: u64 = 0xd2511f53;
const PHILOX_M1: u64 = 0xcd9e8d57;
const PHILOX_W0: u32 = 0x9e3779b9; // golden ratio
const PHILOX_W1: u32 = 0xbb67ae85; // sqrt(3) - 1

/** Philox4x32-10 of counter (c0..c3) and key (k0, k1): four u32 words stored at `out`. */
export function philox4x32(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32, out: usize): void {
  let x0 = c0, x1 = c1, x2 = c2, x3 = c3;
  let key0 = k0, key1 = k1;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 += PHILOX_W0;
      key1 += PHILOX_W1;
    }
    const p0: u64 = PHILOX_M0 * <u64>x0;
    const p1: u64 = PHILOX_M1 * <u64>x2;
    const y0 = <u32>(p1 >>> 32) ^ x1 ^ key0;
    const y2 = <u32>(p0 >>> 32) ^ x3 ^ key1;
    x1 = <u32>p1;
    x3 = <u32>p0;
    x0 = y0;
    x2 = y2;
  }
  store<u32>(out, x0);
  store<u32>(out, x1, 4);
  store<u32>(out, x2, 8);
  store<u32>(out, x3, 12);
}
