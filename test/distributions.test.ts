/**
 * Each distribution on its own: Kolmogorov-Smirnov against its CDF and its first two moments
 * within 5 standard errors, at fixed seeds (so the test neither flakes nor passes wrong code).
 * Standard errors: of a mean sigma / sqrt(n); of a sample variance sqrt((mu4 - sigma^4) / n).
 */

import { describe, expect, it } from 'vitest';
import {
  boxMuller, logNormal, logNormalFromMedianP90, standardExponential, uniform, Z90,
} from '../src/distributions/index.js';
import { PhiloxSequence } from '../src/random/sequence.js';
import { ksTest, mean, normalCdf, variance } from './helpers/stats.js';

const N = 100_000;
const P_MIN = 1e-3;

function uniforms(seed: number, n = N): Float64Array {
  const s = new PhiloxSequence(seed);
  return Float64Array.from({ length: n }, () => uniform(s.nextWord()));
}

function normals(seed: number, n = N): Float64Array {
  const u = uniforms(seed, n);
  const z = new Float64Array(n);
  for (let i = 0; i + 1 < n; i += 2) boxMuller(u[i], u[i + 1], z, i);
  return z;
}

function expectMoments(xs: Float64Array, m: number, v: number, mu4: number): void {
  const n = xs.length;
  expect(Math.abs(mean(xs) - m)).toBeLessThan(5 * Math.sqrt(v / n));
  expect(Math.abs(variance(xs) - v)).toBeLessThan(5 * Math.sqrt((mu4 - v * v) / n));
}

describe('the KS helper', () => {
  it('refuses a sample from the wrong distribution', () => {
    const z = normals(3);
    expect(ksTest(z, (x) => Math.min(1, Math.max(0, x))).p).toBeLessThan(1e-10);
    expect(ksTest(uniforms(4), (x) => normalCdf(x)).p).toBeLessThan(1e-10);
  });
});

describe('uniform', () => {
  it('is U[0, 1) by KS and moments', () => {
    const u = uniforms(2024);
    expect(ksTest(u, (x) => Math.min(1, Math.max(0, x))).p).toBeGreaterThan(P_MIN);
    expectMoments(u, 0.5, 1 / 12, 1 / 80);
  });

  it('maps 32-bit words exactly into [0, 1)', () => {
    expect(uniform(0)).toBe(0);
    expect(uniform(0xffffffff)).toBe(1 - 2 ** -32);
    expect(uniform(0xffffffff)).toBeLessThan(1);
    expect(uniform(2 ** 31)).toBe(0.5);
  });
});

describe('exponential', () => {
  it('is Exp(1) by KS and moments', () => {
    const e = uniforms(7).map(standardExponential);
    expect(ksTest(e, (x) => (x <= 0 ? 0 : 1 - Math.exp(-x))).p).toBeGreaterThan(P_MIN);
    expectMoments(e, 1, 1, 9);
  });

  it('is finite at both ends of the uniform', () => {
    expect(standardExponential(0)).toBe(0);
    expect(standardExponential(uniform(0xffffffff))).toBeCloseTo(32 * Math.LN2, 10);
  });
});

describe('normal (Box-Muller)', () => {
  it('is N(0, 1) by KS and moments, both members of a pair', () => {
    const z = normals(11);
    expect(ksTest(z, normalCdf).p).toBeGreaterThan(P_MIN);
    expectMoments(z, 0, 1, 3);
    const cosines = z.filter((_, i) => i % 2 === 0);
    const sines = z.filter((_, i) => i % 2 === 1);
    expect(ksTest(cosines, normalCdf).p).toBeGreaterThan(P_MIN);
    expect(ksTest(sines, normalCdf).p).toBeGreaterThan(P_MIN);
  });

  it('gives uncorrelated members of a pair', () => {
    const z = normals(12);
    let s = 0;
    for (let i = 0; i < z.length; i += 2) s += z[i] * z[i + 1];
    const pairs = z.length / 2;
    expect(Math.abs(s / pairs)).toBeLessThan(5 / Math.sqrt(pairs));
  });
});

describe('log-normal from (median, p90)', () => {
  it.each([[17, 35], [30, 60], [1, 2], [0.5, 40]])('median %d, p90 %d: KS, quantiles and moments', (median, p90) => {
    const d = logNormalFromMedianP90(median, p90);
    expect(d.mu).toBeCloseTo(Math.log(median), 14);
    expect(d.sigma).toBeCloseTo(Math.log(p90 / median) / Z90, 14);
    const x = normals(100 + median).map((z) => logNormal(d, z));
    expect(ksTest(x, (t) => (t <= 0 ? 0 : normalCdf((Math.log(t) - d.mu) / d.sigma))).p).toBeGreaterThan(P_MIN);
    // The share below the median and below p90 is binomial: 0.5 and 0.9 within 5 SE.
    const below = (q: number) => x.filter((t) => t < q).length / x.length;
    expect(Math.abs(below(median) - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / N));
    expect(Math.abs(below(p90) - 0.9)).toBeLessThan(5 * Math.sqrt(0.09 / N));
    // Moments of log x: a normal (mu, sigma^2).
    const logs = x.map(Math.log);
    expectMoments(logs, d.mu, d.sigma ** 2, 3 * d.sigma ** 4);
  });

  it('is exactly the median when p90 == median, and 0 for a fixed zero', () => {
    for (const m of [17, 30, 0.1, 1 / 3, 36500]) {
      const d = logNormalFromMedianP90(m, m);
      for (const z of [-5, 0, 1.7, 5]) expect(logNormal(d, z)).toBe(m);
    }
    expect(logNormal(logNormalFromMedianP90(0, 0), 2)).toBe(0);
  });

  it('has Z90 = Phi^-1(0.9)', () => {
    expect(normalCdf(Z90)).toBeCloseTo(0.9, 6);
  });
});
