/**
 * The PSA's samplers on their own, at fixed seeds: Gamma (Marsaglia & Tsang, with the boost
 * for alpha < 1) and Beta (from two gammas) by Kolmogorov-Smirnov against their exact CDFs
 * and by their first two moments within 5 standard errors; the special functions behind the
 * exact CDFs and the tornado's quantiles against closed forms; the parameter streams.
 */

import { describe, expect, it } from 'vitest';
import { PhiloxSequence } from '../src/random/sequence.js';
import { STREAM_PATIENTS } from '../src/random/stream.js';
import { beta } from '../src/psa/beta.js';
import { gamma, logGamma } from '../src/psa/gamma.js';
import { betaQuantile, lnGammaFunction, regularizedBeta, Z975 } from '../src/psa/special.js';
import { ParameterStream, STREAM_PARAMETERS } from '../src/psa/stream.js';
import { NormalSource } from '../src/psa/variates.js';
import { gammaCdf } from './helpers/gamma-cdf.js';
import { ksTest, mean, normalCdf, variance } from './helpers/stats.js';

const N = 50_000;
const P_MIN = 1e-3;

function rng(seed: number): NormalSource {
  return new NormalSource(new PhiloxSequence(seed, STREAM_PARAMETERS));
}

function expectMoments(xs: Float64Array, m: number, v: number, mu4: number): void {
  const n = xs.length;
  expect(Math.abs(mean(xs) - m)).toBeLessThan(5 * Math.sqrt(v / n));
  expect(Math.abs(variance(xs) - v)).toBeLessThan(5 * Math.sqrt((mu4 - v * v) / n));
}

describe('special functions', () => {
  it('ln Gamma matches factorials and Gamma(1/2) = sqrt(pi)', () => {
    expect(lnGammaFunction(1)).toBeCloseTo(0, 14);
    expect(lnGammaFunction(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGammaFunction(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGammaFunction(101) / Math.log(10)).toBeCloseTo(157.97000365471578, 10); // log10(100!)
  });

  it('I_x(a, b) matches closed forms', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      expect(regularizedBeta(x, 1, 3.5)).toBeCloseTo(1 - (1 - x) ** 3.5, 12);
      expect(regularizedBeta(x, 2.5, 1)).toBeCloseTo(x ** 2.5, 12);
      // Beta(2, 3): 6x^2 - 8x^3 + 3x^4
      expect(regularizedBeta(x, 2, 3)).toBeCloseTo(6 * x ** 2 - 8 * x ** 3 + 3 * x ** 4, 12);
    }
    expect(regularizedBeta(0.5, 37, 37)).toBeCloseTo(0.5, 12);
  });

  it('the Beta quantile inverts I_x, and is near the normal approximation for large n', () => {
    for (const [a, b] of [[0.3, 0.7], [2, 3], [40, 60], [945, 352]]) {
      for (const p of [0.025, 0.5, 0.975]) expect(regularizedBeta(betaQuantile(p, a, b, 0), a, b)).toBeCloseTo(p, 9);
    }
    const m = 0.73;
    const n = 1e6;
    const q = betaQuantile(0.975, m * n, (1 - m) * n, Z975);
    expect(q).toBeCloseTo(m + Z975 * Math.sqrt((m * (1 - m)) / (n + 1)), 5);
  });

  it('the lower incomplete gamma of the tests matches Exp(1) and Gamma(2)', () => {
    for (const x of [0.1, 1, 3, 10]) {
      expect(gammaCdf(1, x)).toBeCloseTo(1 - Math.exp(-x), 12);
      expect(gammaCdf(2, x)).toBeCloseTo(1 - (1 + x) * Math.exp(-x), 12);
    }
  });
});

describe('Gamma (Marsaglia & Tsang)', () => {
  it.each([[0.3, 11], [1, 12], [2.5, 13], [30, 14]])('Gamma(%f) by KS and moments', (a, seed) => {
    const r = rng(seed);
    const xs = Float64Array.from({ length: N }, () => gamma(a, r));
    expect(ksTest(xs, (x) => gammaCdf(a, x)).p).toBeGreaterThan(P_MIN);
    // Gamma(a): mean a, variance a, fourth central moment 3a^2 + 6a.
    expectMoments(xs, a, a, 3 * a * a + 6 * a);
  });

  it('the logarithm stays finite where the variate underflows (alpha = 0.001)', () => {
    const r = rng(5);
    const ls = Float64Array.from({ length: 2000 }, () => logGamma(0.001, r));
    expect(ls.every(Number.isFinite)).toBe(true);
    // ln Gamma(a) for small a is about ln(U) / a: below ln(smallest double), -745, when U < e^-0.745 = 0.475.
    expect(ls.filter((l) => l < -745).length).toBeGreaterThan(800);
  });

  it('fails KS against the wrong shape (the test can fail)', () => {
    const r = rng(12);
    const xs = Float64Array.from({ length: N }, () => gamma(1, r));
    expect(ksTest(xs, (x) => gammaCdf(1.05, x)).p).toBeLessThan(1e-6);
  });
});

describe('Beta (two gammas)', () => {
  it.each([[0.5, 0.5, 21], [0.2, 3, 22], [2, 5, 23], [73, 27, 24], [945, 352, 25]])('Beta(%f, %f) by KS and moments', (a, b, seed) => {
    const r = rng(seed);
    const xs = Float64Array.from({ length: N }, () => beta(a, b, r));
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(ksTest(xs, (x) => regularizedBeta(x, a, b)).p).toBeGreaterThan(P_MIN);
    const s = a + b;
    const m = a / s;
    const v = (a * b) / (s * s * (s + 1));
    // Fourth central moment of the Beta (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions 2, ch. 25).
    const mu4 = (3 * a * b * (a * b * (s - 6) + 2 * s * s)) / (s ** 4 * (s + 1) * (s + 2) * (s + 3));
    expectMoments(xs, m, v, mu4);
  });

  it('draws in [0, 1] even for shapes far below 1', () => {
    const r = rng(26);
    const xs = Float64Array.from({ length: 5000 }, () => beta(0.01, 0.02, r));
    expect(xs.every((x) => x >= 0 && x <= 1 && !Number.isNaN(x))).toBe(true);
    // P(X < 1/2) for Beta(0.01, 0.02) = I_0.5(0.01, 0.02), about 2/3
    const below = xs.filter((x) => x < 0.5).length / xs.length;
    expect(Math.abs(below - regularizedBeta(0.5, 0.01, 0.02))).toBeLessThan(5 * Math.sqrt(0.25 / xs.length));
  });
});

describe('the parameter streams', () => {
  it('slot 0 of draw 0 is PhiloxSequence(seed, STREAM_PARAMETERS); draws and slots differ; patients keep their own key', () => {
    expect(STREAM_PARAMETERS).not.toBe(STREAM_PATIENTS);
    const a = new ParameterStream(9, 0, 0);
    const b = new PhiloxSequence(9, STREAM_PARAMETERS);
    for (let i = 0; i < 10; i++) expect(a.nextWord()).toBe(b.nextWord());
    const first = (d: number, slot: number) => new ParameterStream(9, d, slot).nextWord();
    expect(first(1, 0)).not.toBe(first(0, 0));
    expect(first(0, 1)).not.toBe(first(0, 0));
  });

  it('normals from the stream are N(0, 1) by KS', () => {
    const r = new NormalSource(new ParameterStream(3, 7, 77));
    const z = Float64Array.from({ length: N }, () => r.next());
    expect(ksTest(z, normalCdf).p).toBeGreaterThan(P_MIN);
  });
});
