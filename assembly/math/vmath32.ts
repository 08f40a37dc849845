// Vector (f32x4) 2^x, log and the sine/cosine of a full turn: four lanes at a time for the
// kernel's disease clock, normal draws (Box-Muller) and log-normal durations. The standard
// library has no vector forms. Each routine: a range reduction to a small interval (for log,
// the exponent and a mantissa in [sqrt(1/2), sqrt(2)), with ln 2 split in two parts after
// W. J. Cody and W. Waite, Software Manual for the Elementary Functions, 1980), then a
// truncated Taylor series by Horner's rule, its truncation bound given beside it. Measured
// maximum errors against Math (float64) over the kernel's whole domain are asserted in
// test/kernel.test.ts.

const LN2_HI: f32 = 0.693145751953125; // ln 2 to 16 bits: k * LN2_HI is exact for |k| < 2^8
const LN2_LO: f32 = 1.428606765330187e-6; // ln 2 - LN2_HI
const SQRT2: f32 = 1.4142135623730951;
const HALF_PI: f32 = 1.5707963267948966;
const MAGIC: f32 = 12582912.0; // 1.5 * 2^23: x + MAGIC holds the integer x in its low bits

// Constants are read from static tables, one v128 load each, rather than written as v128.const:
// V8 builds a v128 constant from immediates in several instructions at every use, and that made
// the kernel about 10% slower (measured side by side). Four copies of each value per entry.
// @ts-ignore: decorator
@inline function kv(table: usize, i: i32): v128 {
  return v128.load(table + (<usize>i << 4));
}
const K_LOG: usize = memory.data<f32>([
  SQRT2, SQRT2, SQRT2, SQRT2,
  0.5, 0.5, 0.5, 0.5,
  1.0, 1.0, 1.0, 1.0,
  2.0, 2.0, 2.0, 2.0,
  <f32>(1.0 / 9.0), <f32>(1.0 / 9.0), <f32>(1.0 / 9.0), <f32>(1.0 / 9.0),
  <f32>(1.0 / 7.0), <f32>(1.0 / 7.0), <f32>(1.0 / 7.0), <f32>(1.0 / 7.0),
  <f32>(1.0 / 5.0), <f32>(1.0 / 5.0), <f32>(1.0 / 5.0), <f32>(1.0 / 5.0),
  <f32>(1.0 / 3.0), <f32>(1.0 / 3.0), <f32>(1.0 / 3.0), <f32>(1.0 / 3.0),
  LN2_HI, LN2_HI, LN2_HI, LN2_HI,
  LN2_LO, LN2_LO, LN2_LO, LN2_LO,
], 16);
const K_TRIG: usize = memory.data<f32>([
  4.0, 4.0, 4.0, 4.0,
  HALF_PI, HALF_PI, HALF_PI, HALF_PI,
  <f32>(1.0 / 362880.0), <f32>(1.0 / 362880.0), <f32>(1.0 / 362880.0), <f32>(1.0 / 362880.0),
  <f32>(-1.0 / 5040.0), <f32>(-1.0 / 5040.0), <f32>(-1.0 / 5040.0), <f32>(-1.0 / 5040.0),
  <f32>(1.0 / 120.0), <f32>(1.0 / 120.0), <f32>(1.0 / 120.0), <f32>(1.0 / 120.0),
  <f32>(-1.0 / 6.0), <f32>(-1.0 / 6.0), <f32>(-1.0 / 6.0), <f32>(-1.0 / 6.0),
  <f32>(-1.0 / 3628800.0), <f32>(-1.0 / 3628800.0), <f32>(-1.0 / 3628800.0), <f32>(-1.0 / 3628800.0),
  <f32>(1.0 / 40320.0), <f32>(1.0 / 40320.0), <f32>(1.0 / 40320.0), <f32>(1.0 / 40320.0),
  <f32>(-1.0 / 720.0), <f32>(-1.0 / 720.0), <f32>(-1.0 / 720.0), <f32>(-1.0 / 720.0),
  <f32>(1.0 / 24.0), <f32>(1.0 / 24.0), <f32>(1.0 / 24.0), <f32>(1.0 / 24.0),
  -0.5, -0.5, -0.5, -0.5,
  1.0, 1.0, 1.0, 1.0,
  MAGIC, MAGIC, MAGIC, MAGIC,
], 16);
const K_INT: usize = memory.data<u32>([
  127, 127, 127, 127,
  0x007fffff, 0x007fffff, 0x007fffff, 0x007fffff,
  0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000,
  1, 1, 1, 1,
  2, 2, 2, 2,
], 16);

/**
 * ln(x) per lane for x in [2^-24, 1] (1 - U for a 24-bit U): x = 2^k m, m in [sqrt(2)/2, sqrt(2)),
 * ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716, to s^9/9: the first omitted term,
 * 2 s^11 / 11, is below 7e-10.
 */
// @ts-ignore: decorator
@inline
export function vlog32(x: v128): v128 {
  let k = i32x4.sub(i32x4.shr_u(x, 23), kv(K_INT, 0));
  let m = v128.or(v128.and(x, kv(K_INT, 1)), kv(K_INT, 2));
  const big = f32x4.ge(m, kv(K_LOG, 0));
  m = v128.bitselect(f32x4.mul(m, kv(K_LOG, 1)), m, big);
  k = i32x4.sub(k, big);
  const f = f32x4.sub(m, kv(K_LOG, 2));
  const s = f32x4.div(f, f32x4.add(kv(K_LOG, 3), f));
  const z = f32x4.mul(s, s);
  let p = kv(K_LOG, 4);
  p = f32x4.add(f32x4.mul(p, z), kv(K_LOG, 5));
  p = f32x4.add(f32x4.mul(p, z), kv(K_LOG, 6));
  p = f32x4.add(f32x4.mul(p, z), kv(K_LOG, 7));
  const logm = f32x4.mul(f32x4.add(s, s), f32x4.add(kv(K_LOG, 2), f32x4.mul(z, p)));
  const kf = f32x4.convert_i32x4_s(k);
  return f32x4.add(f32x4.add(f32x4.mul(kf, kv(K_LOG, 8)), logm), f32x4.mul(kf, kv(K_LOG, 9)));
}

/**
 * cos(2 pi u) and sin(2 pi u) per lane for u in [0, 1), stored at out and out + 16: the nearest
 * quarter turn q, r = (4u - q) pi/2 in [-pi/4, pi/4]; sin r to r^9/9! and cos r to r^10/10!
 * (first omitted terms below 0.786^11/11! = 1.8e-8 and 0.786^12/12! = 1.2e-9).
 */
// @ts-ignore: decorator
@inline
export function vcosSinTurn32(u: v128, out: usize): void {
  const t = f32x4.mul(u, kv(K_TRIG, 0));
  const qf = f32x4.nearest(t);
  const r = f32x4.mul(f32x4.sub(t, qf), kv(K_TRIG, 1));
  const z = f32x4.mul(r, r);
  let sp = kv(K_TRIG, 2);
  sp = f32x4.add(f32x4.mul(sp, z), kv(K_TRIG, 3));
  sp = f32x4.add(f32x4.mul(sp, z), kv(K_TRIG, 4));
  sp = f32x4.add(f32x4.mul(sp, z), kv(K_TRIG, 5));
  const s = f32x4.add(r, f32x4.mul(f32x4.mul(r, z), sp));
  let cp = kv(K_TRIG, 6);
  cp = f32x4.add(f32x4.mul(cp, z), kv(K_TRIG, 7));
  cp = f32x4.add(f32x4.mul(cp, z), kv(K_TRIG, 8));
  cp = f32x4.add(f32x4.mul(cp, z), kv(K_TRIG, 9));
  cp = f32x4.add(f32x4.mul(cp, z), kv(K_TRIG, 10));
  const c = f32x4.add(kv(K_TRIG, 11), f32x4.mul(z, cp));
  const q = f32x4.add(qf, kv(K_TRIG, 12)); // q in the low bits
  // Quadrant q: odd quadrants swap sine and cosine; the sign bits are bit 1 of q (sine) and of q + 1 (cosine).
  const odd = i32x4.shr_s(i32x4.shl(q, 31), 31);
  const cosNeg = i32x4.shl(v128.and(i32x4.add(q, kv(K_INT, 3)), kv(K_INT, 4)), 30);
  const sinNeg = i32x4.shl(v128.and(q, kv(K_INT, 4)), 30);
  v128.store(out, v128.xor(v128.bitselect(s, c, odd), cosNeg));
  v128.store(out, v128.xor(v128.bitselect(c, s, odd), sinNeg), 16);
}

const K_EXP2: usize = memory.data<f32>([
  -126.0, -126.0, -126.0, -126.0,
  127.0, 127.0, 127.0, 127.0,
  <f32>1.5252733804059840e-5, <f32>1.5252733804059840e-5, <f32>1.5252733804059840e-5, <f32>1.5252733804059840e-5,
  <f32>1.5403530393381606e-4, <f32>1.5403530393381606e-4, <f32>1.5403530393381606e-4, <f32>1.5403530393381606e-4,
  <f32>1.3333558146428443e-3, <f32>1.3333558146428443e-3, <f32>1.3333558146428443e-3, <f32>1.3333558146428443e-3,
  <f32>9.6181291076284772e-3, <f32>9.6181291076284772e-3, <f32>9.6181291076284772e-3, <f32>9.6181291076284772e-3,
  <f32>5.5504108664821580e-2, <f32>5.5504108664821580e-2, <f32>5.5504108664821580e-2, <f32>5.5504108664821580e-2,
  <f32>0.24022650695910071, <f32>0.24022650695910071, <f32>0.24022650695910071, <f32>0.24022650695910071,
  <f32>0.69314718055994531, <f32>0.69314718055994531, <f32>0.69314718055994531, <f32>0.69314718055994531,
  1.0, 1.0, 1.0, 1.0,
  MAGIC, MAGIC, MAGIC, MAGIC,
], 16);

/**
 * 2^x per lane, x clamped to [-126, 127] (the kernel's log-normal durations are
 * 2^(mu log2 e + sigma log2 e z), the factors folded in once per chunk: no range reduction
 * by ln 2 per draw). x = k + f, k the nearest integer, |f| <= 1/2; 2^f = exp(f ln 2) by its
 * Taylor series to degree 7 (first omitted term (ln 2 / 2)^8 / 8! = 5.3e-9, under an ulp of
 * float32); 2^k built in the exponent bits.
 */
// @ts-ignore: decorator
@inline
export function vexp2_32(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, kv(K_EXP2, 0)), kv(K_EXP2, 1));
  const kf = f32x4.nearest(x);
  const f = f32x4.sub(x, kf);
  let p = kv(K_EXP2, 2);
  p = f32x4.add(f32x4.mul(p, f), kv(K_EXP2, 3));
  p = f32x4.add(f32x4.mul(p, f), kv(K_EXP2, 4));
  p = f32x4.add(f32x4.mul(p, f), kv(K_EXP2, 5));
  p = f32x4.add(f32x4.mul(p, f), kv(K_EXP2, 6));
  p = f32x4.add(f32x4.mul(p, f), kv(K_EXP2, 7));
  p = f32x4.add(f32x4.mul(p, f), kv(K_EXP2, 8));
  p = f32x4.add(f32x4.mul(p, f), kv(K_EXP2, 9));
  const kBits = f32x4.add(kf, kv(K_EXP2, 10));
  const scale = i32x4.shl(i32x4.add(kBits, kv(K_INT, 0)), 23);
  return f32x4.mul(p, scale);
}
