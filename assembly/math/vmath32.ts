// Vector (f32x4) 2^x, log and the sine/cosine of a full turn: four lanes at a time for the
// kernel's disease clock, normal draws (Box-Muller) and log-normal durations. The standard
// library has no vector forms. Each routine: a range reduction to a small interval (for log,
// the exponent and a mantissa in [sqrt(1/2), sqrt(2)), with ln 2 split in two parts after
// W. J. Cody and W. Waite, Software Manual for the Elementary Functions, 1980), then a
// polynomial. The polynomials are near-minimax fits made for this kernel (Lawson's iteratively
// reweighted least squares on 3001 points, in float64; the fit's own maximum error is given
// beside each, well under float32's rounding) and are evaluated by Estrin's scheme rather than
// Horner's rule: wasm has no fused multiply-add, and Horner's chain of dependent multiplies and
// adds was the longest latency at each group's start (Estrin: about half, measured 2% faster on
// the whole kernel for 2^x alone). Measured maximum errors of the float32 code against Math
// (float64) over the kernel's whole domain are asserted in test/kernel.test.ts.

const LN2_HI: f32 = 0.693145751953125; // ln 2 to 16 bits: k * LN2_HI is exact for |k| < 2^8
const LN2_LO: f32 = 1.428606765330187e-6; // ln 2 - LN2_HI
const HALF_PI: f32 = 1.5707963267948966;
const MAGIC: f32 = 12582912.0; // 1.5 * 2^23: x + MAGIC holds the integer x in its low bits

// Constants are read from static tables, one v128 load each, rather than written as v128.const:
// V8 builds a v128 constant from immediates in several instructions at every use, and that made
// the kernel about 10% slower (measured side by side). Four copies of each value per entry.
// @ts-ignore: decorator
@inline function kv(table: usize, i: i32): v128 {
  return v128.load(table + (<usize>i << 4));
}
// atanh(s) / s = 1 + z (LOG_1 + LOG_2 z + LOG_3 z^2), z = s^2 in [0, 0.0295]: fit error 8e-10
// relative (the series 1/3, 1/5, 1/7, ... would need a fourth term).
const LOG_1: f32 = 0.3333338797092438;
const LOG_2: f32 = 0.19988785684108734;
const LOG_3: f32 = 0.149354949593544;
const K_LOG: usize = memory.data<f32>([
  1.0, 1.0, 1.0, 1.0,
  2.0, 2.0, 2.0, 2.0,
  LOG_1, LOG_1, LOG_1, LOG_1,
  LOG_2, LOG_2, LOG_2, LOG_2,
  LOG_3, LOG_3, LOG_3, LOG_3,
  LN2_HI, LN2_HI, LN2_HI, LN2_HI,
  LN2_LO, LN2_LO, LN2_LO, LN2_LO,
], 16);
// On r in [-pi/4, pi/4], z = r^2: sin r = r + r z (SIN_1 + SIN_2 z + SIN_3 z^2), fit error
// 1.8e-9; cos r = 1 + z (COS_1 + COS_2 z + COS_3 z^2 + COS_4 z^3), fit error 5.4e-11 (the
// Taylor series would need a term more for each).
const SIN_1: f32 = -0.16666650772094727;
const SIN_2: f32 = 0.00833197869360447;
const SIN_3: f32 = -0.00019495624292176217;
const COS_1: f32 = -0.5;
const COS_2: f32 = 0.04166662320494652;
const COS_3: f32 = -0.0013886763481423259;
const COS_4: f32 = 2.4390436010435224e-05;
const K_TRIG: usize = memory.data<f32>([
  4.0, 4.0, 4.0, 4.0,
  HALF_PI, HALF_PI, HALF_PI, HALF_PI,
  SIN_1, SIN_1, SIN_1, SIN_1,
  SIN_2, SIN_2, SIN_2, SIN_2,
  SIN_3, SIN_3, SIN_3, SIN_3,
  COS_1, COS_1, COS_1, COS_1,
  COS_2, COS_2, COS_2, COS_2,
  COS_3, COS_3, COS_3, COS_3,
  COS_4, COS_4, COS_4, COS_4,
  1.0, 1.0, 1.0, 1.0,
  MAGIC, MAGIC, MAGIC, MAGIC,
], 16);
const K_INT: usize = memory.data<u32>([
  127, 127, 127, 127,
  0x007fffff, 0x007fffff, 0x007fffff, 0x007fffff,
  0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000,
  1, 1, 1, 1,
  2, 2, 2, 2,
  0x004afb0d, 0x004afb0d, 0x004afb0d, 0x004afb0d, // 0x3f800000 - 0x3f3504f3
  0x3f3504f3, 0x3f3504f3, 0x3f3504f3, 0x3f3504f3, // sqrt(1/2)
], 16);

/**
 * ln(x) per lane for x in [2^-24, 1] (1 - U for a 24-bit U): x = 2^k m, m in [sqrt(2)/2, sqrt(2)),
 * ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716, by the fit above.
 */
// @ts-ignore: decorator
@inline
export function vlog32(x: v128): v128 {
  // Integer steps only: adding 1 - sqrt(1/2) to the mantissa carries into the exponent exactly
  // when m >= sqrt(2) (the float32 bits of sqrt(2) have mantissa 0x3504f3); then m's mantissa
  // over sqrt(1/2)'s bits is m in [sqrt(2)/2, sqrt(2)).
  const ix = i32x4.add(x, kv(K_INT, 5));
  const k = i32x4.sub(i32x4.shr_u(ix, 23), kv(K_INT, 0));
  const m = i32x4.add(v128.and(ix, kv(K_INT, 1)), kv(K_INT, 6));
  const f = f32x4.sub(m, kv(K_LOG, 0));
  const s = f32x4.div(f, f32x4.add(kv(K_LOG, 1), f));
  const z = f32x4.mul(s, s);
  const p = f32x4.add(f32x4.add(kv(K_LOG, 2), f32x4.mul(kv(K_LOG, 3), z)), f32x4.mul(kv(K_LOG, 4), f32x4.mul(z, z)));
  const logm = f32x4.mul(f32x4.add(s, s), f32x4.add(kv(K_LOG, 0), f32x4.mul(z, p)));
  const kf = f32x4.convert_i32x4_s(k);
  return f32x4.add(f32x4.add(f32x4.mul(kf, kv(K_LOG, 5)), logm), f32x4.mul(kf, kv(K_LOG, 6)));
}

/**
 * cos(2 pi u) and sin(2 pi u) per lane for u in [0, 1), stored at out and out + 16: the nearest
 * quarter turn q, r = (4u - q) pi/2 in [-pi/4, pi/4], sin r and cos r by the fits above.
 */
// @ts-ignore: decorator
@inline
export function vcosSinTurn32(u: v128, out: usize): void {
  const t = f32x4.mul(u, kv(K_TRIG, 0));
  const qf = f32x4.nearest(t);
  const r = f32x4.mul(f32x4.sub(t, qf), kv(K_TRIG, 1));
  const z = f32x4.mul(r, r);
  const z2 = f32x4.mul(z, z);
  const sp = f32x4.add(f32x4.add(kv(K_TRIG, 2), f32x4.mul(kv(K_TRIG, 3), z)), f32x4.mul(kv(K_TRIG, 4), z2));
  const s = f32x4.add(r, f32x4.mul(f32x4.mul(r, z), sp));
  const cp = f32x4.add(f32x4.add(kv(K_TRIG, 5), f32x4.mul(kv(K_TRIG, 6), z)), f32x4.mul(z2, f32x4.add(kv(K_TRIG, 7), f32x4.mul(kv(K_TRIG, 8), z))));
  const c = f32x4.add(kv(K_TRIG, 9), f32x4.mul(z, cp));
  const q = f32x4.add(qf, kv(K_TRIG, 10)); // q in the low bits
  // Quadrant q: odd quadrants swap sine and cosine; the sign bits are bit 1 of q (sine) and of q + 1 (cosine).
  const odd = i32x4.shr_s(i32x4.shl(q, 31), 31);
  const cosNeg = i32x4.shl(v128.and(i32x4.add(q, kv(K_INT, 3)), kv(K_INT, 4)), 30);
  const sinNeg = i32x4.shl(v128.and(q, kv(K_INT, 4)), 30);
  v128.store(out, v128.xor(v128.bitselect(s, c, odd), cosNeg));
  v128.store(out, v128.xor(v128.bitselect(c, s, odd), sinNeg), 16);
}

// 2^f = 1 + f (EXP2_1 + EXP2_2 f + ... + EXP2_6 f^5) on f in [-1/2, 1/2]: fit error 2.0e-9
// relative (the Taylor series would need a term more).
const EXP2_1: f32 = 0.6931471824645996;
const EXP2_2: f32 = 0.24022647738456726;
const EXP2_3: f32 = 0.055503323674201965;
const EXP2_4: f32 = 0.00961843691766262;
const EXP2_5: f32 = 0.0013398878509178758;
const EXP2_6: f32 = 0.0001535337360110134;
const K_EXP2: usize = memory.data<f32>([
  -126.0, -126.0, -126.0, -126.0,
  127.0, 127.0, 127.0, 127.0,
  EXP2_1, EXP2_1, EXP2_1, EXP2_1,
  EXP2_2, EXP2_2, EXP2_2, EXP2_2,
  EXP2_3, EXP2_3, EXP2_3, EXP2_3,
  EXP2_4, EXP2_4, EXP2_4, EXP2_4,
  EXP2_5, EXP2_5, EXP2_5, EXP2_5,
  EXP2_6, EXP2_6, EXP2_6, EXP2_6,
  1.0, 1.0, 1.0, 1.0,
  MAGIC, MAGIC, MAGIC, MAGIC,
], 16);

/**
 * 2^x per lane, x clamped to [-126, 127] (the kernel's log-normal durations are
 * 2^(mu log2 e + sigma log2 e z), the factors folded in once per chunk: no range reduction
 * by ln 2 per draw). x = k + f, k the nearest integer, |f| <= 1/2; 2^f by the fit above, its
 * last step 1 + f q alone (rounding there is what float32 allows); 2^k built in the exponent bits.
 */
// @ts-ignore: decorator
@inline
export function vexp2_32(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, kv(K_EXP2, 0)), kv(K_EXP2, 1));
  const kf = f32x4.nearest(x);
  const f = f32x4.sub(x, kf);
  const f2 = f32x4.mul(f, f);
  const q = f32x4.add(
    f32x4.add(f32x4.add(kv(K_EXP2, 2), f32x4.mul(kv(K_EXP2, 3), f)), f32x4.mul(f2, f32x4.add(kv(K_EXP2, 4), f32x4.mul(kv(K_EXP2, 5), f)))),
    f32x4.mul(f32x4.mul(f2, f2), f32x4.add(kv(K_EXP2, 6), f32x4.mul(kv(K_EXP2, 7), f))));
  const p = f32x4.add(kv(K_EXP2, 8), f32x4.mul(f, q));
  const kBits = f32x4.add(kf, kv(K_EXP2, 9));
  const scale = i32x4.shl(i32x4.add(kBits, kv(K_INT, 0)), 23);
  return f32x4.mul(p, scale);
}
