// Vector (f32x4) exp, log and the sine/cosine of a full turn: four lanes at a time for the
// kernel's normal draws and log-normal durations (src: same reductions as vmath.ts; shorter
// Taylor series, enough for single precision). Measured maximum errors against Math (float64)
// are asserted in test/kernel.test.ts.

const LN2_HI: f32 = 0.693145751953125; // ln 2 to 16 bits: k * LN2_HI is exact for |k| < 2^8
const LN2_LO: f32 = 1.428606765330187e-6; // ln 2 - LN2_HI
const INV_LN2: f32 = 1.4426950408889634;
const SQRT2: f32 = 1.4142135623730951;
const HALF_PI: f32 = 1.5707963267948966;
const MAGIC: f32 = 12582912.0; // 1.5 * 2^23: x + MAGIC holds the integer x in its low bits

/**
 * exp(x) per lane; x clamped to [-87, 88]. exp(r) on |r| <= ln2/2 by Taylor to r^7/7!: the
 * first omitted term is below 0.3466^8 / 8! = 5.3e-9, under an ulp of float32.
 */
// @ts-ignore: decorator
@inline
export function vexp32(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const kf = f32x4.nearest(f32x4.mul(x, f32x4.splat(INV_LN2)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(kf, f32x4.splat(LN2_HI))), f32x4.mul(kf, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(<f32>(1.0 / 5040.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 720.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 120.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 24.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 6.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  const kBits = f32x4.add(kf, f32x4.splat(MAGIC));
  const scale = i32x4.shl(i32x4.add(kBits, i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/**
 * ln(x) per lane for x in [2^-24, 1] (1 - U for a 24-bit U): x = 2^k m, m in [sqrt(2)/2, sqrt(2)),
 * ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716, to s^9/9: the first omitted term,
 * 2 s^11 / 11, is below 7e-10.
 */
// @ts-ignore: decorator
@inline
export function vlog32(x: v128): v128 {
  let k = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(127));
  let m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f800000));
  const big = f32x4.ge(m, f32x4.splat(SQRT2));
  m = v128.bitselect(f32x4.mul(m, f32x4.splat(0.5)), m, big);
  k = i32x4.sub(k, big);
  const f = f32x4.sub(m, f32x4.splat(1.0));
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2.0), f));
  const z = f32x4.mul(s, s);
  let p = f32x4.splat(<f32>(1.0 / 9.0));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(<f32>(1.0 / 7.0)));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(<f32>(1.0 / 5.0)));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(<f32>(1.0 / 3.0)));
  const logm = f32x4.mul(f32x4.add(s, s), f32x4.add(f32x4.splat(1.0), f32x4.mul(z, p)));
  const kf = f32x4.convert_i32x4_s(k);
  return f32x4.add(f32x4.add(f32x4.mul(kf, f32x4.splat(LN2_HI)), logm), f32x4.mul(kf, f32x4.splat(LN2_LO)));
}

/**
 * cos(2 pi u) and sin(2 pi u) per lane for u in [0, 1), stored at out and out + 16: the nearest
 * quarter turn q, r = (4u - q) pi/2 in [-pi/4, pi/4]; sin r to r^9/9! and cos r to r^10/10!
 * (first omitted terms below 0.786^11/11! = 1.8e-8 and 0.786^12/12! = 1.2e-9).
 */
// @ts-ignore: decorator
@inline
export function vcosSinTurn32(u: v128, out: usize): void {
  const t = f32x4.mul(u, f32x4.splat(4.0));
  const qf = f32x4.nearest(t);
  const r = f32x4.mul(f32x4.sub(t, qf), f32x4.splat(HALF_PI));
  const z = f32x4.mul(r, r);
  let sp = f32x4.splat(<f32>(1.0 / 362880.0));
  sp = f32x4.add(f32x4.mul(sp, z), f32x4.splat(<f32>(-1.0 / 5040.0)));
  sp = f32x4.add(f32x4.mul(sp, z), f32x4.splat(<f32>(1.0 / 120.0)));
  sp = f32x4.add(f32x4.mul(sp, z), f32x4.splat(<f32>(-1.0 / 6.0)));
  const s = f32x4.add(r, f32x4.mul(f32x4.mul(r, z), sp));
  let cp = f32x4.splat(<f32>(-1.0 / 3628800.0));
  cp = f32x4.add(f32x4.mul(cp, z), f32x4.splat(<f32>(1.0 / 40320.0)));
  cp = f32x4.add(f32x4.mul(cp, z), f32x4.splat(<f32>(-1.0 / 720.0)));
  cp = f32x4.add(f32x4.mul(cp, z), f32x4.splat(<f32>(1.0 / 24.0)));
  cp = f32x4.add(f32x4.mul(cp, z), f32x4.splat(-0.5));
  const c = f32x4.add(f32x4.splat(1.0), f32x4.mul(z, cp));
  const q = f32x4.add(qf, f32x4.splat(MAGIC)); // q in the low bits
  const odd = i32x4.ne(v128.and(q, i32x4.splat(1)), i32x4.splat(0));
  const SIGN = i32x4.splat(0x80000000);
  const cosNeg = v128.and(i32x4.ne(v128.and(i32x4.add(q, i32x4.splat(1)), i32x4.splat(2)), i32x4.splat(0)), SIGN);
  const sinNeg = v128.and(i32x4.ne(v128.and(q, i32x4.splat(2)), i32x4.splat(0)), SIGN);
  v128.store(out, v128.xor(v128.bitselect(s, c, odd), cosNeg));
  v128.store(out, v128.xor(v128.bitselect(c, s, odd), sinNeg), 16);
}
