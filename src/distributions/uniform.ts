/** 2^-32: a 32-bit word w maps to w * 2^-32, exactly representable in float64. */
export const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * Uniform in [0, 1) from one 32-bit word: U = w * 2^-32 (exact in float64; the largest
 * value is 1 - 2^-32). A Bernoulli event of probability p happens when U < p.
 */
export function uniform(word: number): number {
  return word * TWO_POW_MINUS_32;
}
