/**
 * Standard exponential by inversion: E = -ln(1 - U), U uniform in [0, 1).
 * `1 - U` lies in (0, 1], so the logarithm never sees 0; the largest E from a
 * 32-bit uniform is 32 ln 2 (about 22.2).
 */
export function standardExponential(u: number): number {
  return 0 - Math.log(1 - u); // 0 - x, not -x: no negative zero at u = 0
}

/** Exponential with the given rate (mean 1 / rate). */
export function exponential(u: number, rate: number): number {
  return standardExponential(u) / rate;
}
