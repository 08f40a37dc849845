/**
 * Beta(a, b) variates from two gammas: X ~ Gamma(a), Y ~ Gamma(b) independent, then
 * X / (X + Y) ~ Beta(a, b) (e.g. Devroye, Non-Uniform Random Variate Generation, Springer
 * 1986, chapter IX.4). Computed as 1 / (1 + exp(ln Y - ln X)) from the gammas' logarithms, so
 * that shapes far below 1 (whose gammas underflow) still give a draw in [0, 1].
 */

import { logGamma } from './gamma.js';
import type { NormalSource } from './variates.js';

/** A Beta(a, b) variate, a > 0 and b > 0 finite. */
export function beta(a: number, b: number, rng: NormalSource): number {
  const lx = logGamma(a, rng);
  const ly = logGamma(b, rng);
  if (a >= 1 && b >= 1) {
    const x = Math.exp(lx);
    return x / (x + Math.exp(ly));
  }
  return 1 / (1 + Math.exp(ly - lx));
}

/** The Beta of MODEL.md's `{ "value": p, "n": n }`: Beta(p n, (1 - p) n), mean p. */
export function betaOfValue(value: number, n: number, rng: NormalSource): number {
  return beta(value * n, (1 - value) * n, rng);
}
