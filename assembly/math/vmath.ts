// Vector (f64x2) exp, log and the sine/cosine of a full turn, for the kernel's distributions.
// The standard library has no vector forms. Each routine: range reduction to a small interval,
// then a truncated Taylor series evaluated by Horner's rule; the truncation bound of each
// series is given, and the measured maximum errors against Math (JavaScript's libm) are
// asserted in test/vmath.test.ts over the whole domain the kernel uses.

const LN2_HI: f64 = 6.93147180369123816490e-01; // high 32 bits of ln 2 (fdlibm's ln2_hi): k * LN2_HI is exact for |k| < 2^20
const LN2_LO: f64 = 1.90821492927058770002e-10; // ln 2 - LN2_HI
const INV_LN2: f64 = 1.4426950408889634; // 1 / ln 2
const SQRT2: f64 = 1.4142135623730951;
const HALF_PI: f64 = 1.5707963267948966;
const MAGIC: f64 = 6755399441055744.0; // 1.5 * 2^52: x + MAGIC has the integer x in its low bits

// exp(r) on |r| <= ln(2)/2 by its Taylor series to r^13/13!: the first omitted term is
// below 0.3466^14 / 14! = 4.5e-18, under half an ulp of exp(r) >= 0.7.
const E2: f64 = 0.5;
const E3: f64 = 1.0 / 6.0;
const E4: f64 = 1.0 / 24.0;
const E5: f64 = 1.0 / 120.0;
const E6: f64 = 1.0 / 720.0;
const E7: f64 = 1.0 / 5040.0;
const E8: f64 = 1.0 / 40320.0;
const E9: f64 = 1.0 / 362880.0;
const E10: f64 = 1.0 / 3628800.0;
const E11: f64 = 1.0 / 39916800.0;
const E12: f64 = 1.0 / 479001600.0;
const E13: f64 = 1.0 / 6227020800.0;

/**
 * exp(x) per lane (Cody & Waite range reduction, x = k ln2 + r, |r| <= ln2 / 2; then
 * 2^k exp(r) with 2^k built in the exponent bits). Arguments are clamped to [-708, 709]:
 * below, the result is ~1e-308 instead of a subnormal; above, it would overflow.
 */
// @ts-ignore: decorator
@inline
export function vexp(x: v128): v128 {
  x = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-708.0)), f64x2.splat(709.0)); // pmin/pmax: one instruction each (no NaN here)
  const kf = f64x2.nearest(f64x2.mul(x, f64x2.splat(INV_LN2)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(kf, f64x2.splat(LN2_HI))), f64x2.mul(kf, f64x2.splat(LN2_LO)));
  let p = f64x2.splat(E13);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(E12));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(E11));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(E10));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(E9));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(E8));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(E7));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(E6));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(E5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(E4));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(E3));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(E2));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  // 2^k: k + 1023 in the exponent field (k in [-1021, 1023] after the clamp). Adding
  // 1.5 * 2^52 to the integer kf leaves k in the low mantissa bits (two's complement), so
  // (bits + 1023) << 52 is 2^k without a float-to-integer conversion.
  const kBits = f64x2.add(kf, f64x2.splat(MAGIC));
  const scale = i64x2.shl(i64x2.add(kBits, i64x2.splat(1023)), 52);
  return f64x2.mul(p, scale);
}

// log(1 + f) = 2 atanh(s), s = f / (2 + f), |s| <= 0.1716 for m in [sqrt(2)/2, sqrt(2));
// 2 (s + s^3/3 + ... + s^21/21): the first omitted term 2 s^23 / 23 is below 2.1e-19.
/**
 * ln(x) per lane, for positive normal x (the kernel passes 1 - U, in [2^-32, 1]).
 * x = 2^k m with m in [sqrt(2)/2, sqrt(2)), then k ln2 + 2 atanh((m - 1) / (m + 1)).
 */
// @ts-ignore: decorator
@inline
export function vlog(x: v128): v128 {
  const bits = x;
  // Exponent k and mantissa m in [1, 2).
  let k = i64x2.sub(i64x2.shr_u(bits, 52), i64x2.splat(1023));
  let m = v128.or(v128.and(bits, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  // m >= sqrt(2): halve it and add one to k.
  const big = f64x2.ge(m, f64x2.splat(SQRT2));
  m = v128.bitselect(f64x2.mul(m, f64x2.splat(0.5)), m, big);
  k = i64x2.sub(k, big); // big lanes are all ones = -1
  const f = f64x2.sub(m, f64x2.splat(1.0));
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  let p = f64x2.splat(1.0 / 21.0);
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 19.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 17.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 15.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 13.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 11.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 9.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 7.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 5.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 3.0));
  // log(m) = 2 s + 2 s z p  (written as f - (f - 2s) - ... would be fdlibm's refinement; here 2s(1 + z p)).
  const logm = f64x2.mul(f64x2.add(s, s), f64x2.add(f64x2.splat(1.0), f64x2.mul(z, p)));
  const kf = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(k, k, 0, 2, 0, 2));
  return f64x2.add(f64x2.add(f64x2.mul(kf, f64x2.splat(LN2_HI)), logm), f64x2.mul(kf, f64x2.splat(LN2_LO)));
}

// sin(r), cos(r) on |r| <= pi/4 by their Taylor series to r^19/19! and r^18/18!: the first
// omitted terms are below 0.786^21 / 21! = 1.2e-22 and 0.786^20 / 20! = 3.3e-21.
// @ts-ignore: decorator
@inline
function sinPoly(r: v128): v128 {
  const z = f64x2.mul(r, r);
  let p = f64x2.splat(-1.0 / 121645100408832000.0); // -1/19!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 355687428096000.0)); // 1/17!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(-1.0 / 1307674368000.0)); // -1/15!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 6227020800.0)); // 1/13!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(-1.0 / 39916800.0)); // -1/11!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 362880.0)); // 1/9!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(-1.0 / 5040.0)); // -1/7!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 120.0)); // 1/5!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(-1.0 / 6.0)); // -1/3!
  return f64x2.add(r, f64x2.mul(f64x2.mul(r, z), p));
}

// @ts-ignore: decorator
@inline
function cosPoly(r: v128): v128 {
  const z = f64x2.mul(r, r);
  let p = f64x2.splat(1.0 / 6402373705728000.0); // 1/18!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(-1.0 / 20922789888000.0)); // -1/16!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 87178291200.0)); // 1/14!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(-1.0 / 479001600.0)); // -1/12!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 3628800.0)); // 1/10!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(-1.0 / 40320.0)); // -1/8!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 720.0)); // 1/6!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(-1.0 / 24.0)); // -1/4!
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(0.5)); // 1/2!
  return f64x2.sub(f64x2.splat(1.0), f64x2.mul(z, p));
}

/**
 * cos(2 pi u) and sin(2 pi u) per lane for u in [0, 1), written to `cosOut` and `sinOut`.
 * Exact reduction in turns: q = round(4 u) (the nearest quarter turn), r = (4 u - q) pi/2
 * in [-pi/4, pi/4]; then the quadrant q mod 4 picks (+-cos r, +-sin r).
 */
// @ts-ignore: decorator
@inline
export function vcosSinTurn(u: v128, out: usize): void {
  const t = f64x2.mul(u, f64x2.splat(4.0));
  const qf = f64x2.nearest(t);
  const r = f64x2.mul(f64x2.sub(t, qf), f64x2.splat(HALF_PI)); // 4u - q is exact
  const s = sinPoly(r);
  const c = cosPoly(r);
  const q64 = f64x2.add(qf, f64x2.splat(MAGIC)); // q in the low bits
  // quadrant 0: (c, s); 1: (-s, c); 2: (-c, -s); 3: (s, -c); q = 4 is quadrant 0.
  const odd = i64x2.ne(v128.and(q64, i64x2.splat(1)), i64x2.splat(0));
  const bit2 = v128.and(q64, i64x2.splat(2)); // quadrants 2 and 3
  const plusOne = v128.and(i64x2.add(q64, i64x2.splat(1)), i64x2.splat(2)); // quadrants 1 and 2
  const cosBase = v128.bitselect(s, c, odd);
  const sinBase = v128.bitselect(c, s, odd);
  const SIGN = i64x2.splat(i64.MIN_VALUE);
  const cosNeg = v128.and(i64x2.ne(plusOne, i64x2.splat(0)), SIGN);
  const sinNeg = v128.and(i64x2.ne(bit2, i64x2.splat(0)), SIGN);
  v128.store(out, v128.xor(cosBase, cosNeg));
  v128.store(out, v128.xor(sinBase, sinNeg), 16);
}
