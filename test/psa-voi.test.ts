/**
 * The decision curves against closed forms, on given draws (a unit test of the VOI module).
 * If the incremental net benefit INB = lambda dAlive - dCost is normal with mean mu and
 * standard deviation sigma:
 *   P(INB > 0) = Phi(mu / sigma);
 *   EVPI = E[max(0, INB)] - max(0, mu) = sigma phi(mu / sigma) - |mu| Phi(-|mu| / sigma).
 * Draws: dAlive = m + s z (z standard normal by inversion of a stratified grid, exact to the
 * quantile function's accuracy), dCost fixed, so INB ~ N(lambda m - c, (lambda s)^2).
 * Also the known properties: EVPI >= 0 (fast-check), EVPI = 0 when one arm wins in every
 * draw, the acceptability of poc tends to P(dAlive > 0) as WTP grows, the curves add up to 1.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WTP, decisionCurves, netBenefitSums, wtpGrid } from '../src/psa/voi.js';
import { PhiloxSequence } from '../src/random/sequence.js';
import { boxMuller } from '../src/distributions/normal.js';
import { uniform } from '../src/distributions/uniform.js';
import { normalCdf } from './helpers/stats.js';

const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

function normals(n: number, seed: number): Float64Array {
  const s = new PhiloxSequence(seed, 1);
  const z = new Float64Array(n);
  for (let i = 0; i + 1 < n; i += 2) boxMuller(uniform(s.nextWord()), uniform(s.nextWord()), z, i);
  return z;
}

describe('EVPI and the acceptability curve against closed forms', () => {
  const S = 400_000;
  const z = normals(S, 17);
  const m = 5;
  const s = 8;
  const c = 2_000_000;
  const dAlive = z.map((x) => m + s * x);
  const dCost = new Float64Array(S).fill(c);
  const wtp = [100_000, 300_000, 400_000, 500_000, 1_000_000];
  const curves = decisionCurves(dAlive, dCost, wtp);

  it.each(wtp.map((w, i) => [w, i]))('at WTP %d', (w, i) => {
    const mu = w * m - c;
    const sigma = w * s;
    const exactEvpi = sigma * phi(mu / sigma) - Math.abs(mu) * normalCdf(-Math.abs(mu) / sigma);
    const exactCeac = normalCdf(mu / sigma);
    // Tolerances: 5 standard errors of the estimators over S draws (EVPI's sd <= that of max(0, INB) <= sigma).
    expect(Math.abs(curves.evpi[i] - exactEvpi)).toBeLessThan(5 * sigma / Math.sqrt(S));
    expect(Math.abs(curves.acceptability.poc[i] - exactCeac)).toBeLessThan(5 * Math.sqrt(0.25 / S));
    expect(curves.acceptability.poc[i] + curves.acceptability.commercial[i]).toBe(1);
    expect(curves.frontier.arm[i]).toBe(mu > 0 ? 'poc' : 'commercial');
    expect(Math.abs(curves.expectedIncrementalNetBenefit[i] - mu)).toBeLessThan(5 * sigma / Math.sqrt(S));
    if (i === 2) {
      // mu = 0 here: the largest EVPI, sigma / sqrt(2 pi) = 1.276e6 per cohort; printed for the closing note.
      console.log(`EVPI at WTP ${w}: exact ${exactEvpi.toFixed(1)}, estimated ${curves.evpi[i].toFixed(1)}`);
    }
  });

  it('the frontier probability is the acceptability of the arm on the frontier', () => {
    curves.frontier.arm.forEach((arm, i) => expect(curves.frontier.probability[i]).toBe(curves.acceptability[arm][i]));
  });
});

describe('properties', () => {
  const arb = fc.array(fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -1e7, max: 1e7, noNaN: true })), { minLength: 1, maxLength: 60 });

  it('EVPI >= 0 at every WTP, and the two curves add up to 1', () => {
    fc.assert(fc.property(arb, (pairs) => {
      const r = decisionCurves(pairs.map((p) => p[0]), pairs.map((p) => p[1]), [0, 1e4, 3e5, 2e6]);
      r.evpi.forEach((e, i) => {
        expect(e).toBeGreaterThanOrEqual(0);
        expect(r.acceptability.poc[i] + r.acceptability.commercial[i]).toBeCloseTo(1, 12);
      });
    }), { seed: 6, numRuns: 300 });
  });

  it('EVPI is 0 when one arm has the larger net benefit in every draw', () => {
    // poc dominates: more alive and cheaper in every draw
    const dom = decisionCurves([1, 2.5, 0.3, 7], [-1e5, -3, -2e6, -50], DEFAULT_WTP);
    expect(dom.evpi.every((e) => e === 0)).toBe(true);
    expect(dom.acceptability.poc.every((p) => p === 1)).toBe(true);
    // commercial dominates
    const sub = decisionCurves([-1, -2, -0.5], [10, 1e6, 3], DEFAULT_WTP);
    expect(sub.evpi.every((e) => e === 0)).toBe(true);
    expect(sub.frontier.arm.every((a) => a === 'commercial')).toBe(true);
    // but not when the winner changes between draws
    expect(decisionCurves([1, -1], [0, 0], [1000]).evpi[0]).toBe(500);
  });

  it('the acceptability of poc tends to P(dAlive > 0) as the WTP grows', () => {
    const dAlive = [3, -1, 2, 0.5, -4, 1, 6, -0.2, 2, 1];
    const dCost = [4e6, -1e6, 2e5, 9e6, 3e5, -2e5, 1e7, 5e4, 8e6, 1];
    const r = decisionCurves(dAlive, dCost, [1e12]);
    expect(r.acceptability.poc[0]).toBe(dAlive.filter((a) => a > 0).length / dAlive.length);
  });

  it('the sums over draws, four WTPs at a time, are those of one WTP at a time (every grid length, bit for bit)', () => {
    const arbDraws = fc.array(fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -1e7, max: 1e7, noNaN: true })), { minLength: 1, maxLength: 200 });
    fc.assert(fc.property(arbDraws, fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 11 }), (pairs, wtp) => {
      const dAlive = pairs.map((p) => p[0]);
      const dCost = pairs.map((p) => p[1]);
      const sums = netBenefitSums(dAlive, dCost, wtp);
      wtp.forEach((lambda, w) => {
        let sum = 0;
        let positive = 0;
        let wins = 0;
        for (let i = 0; i < dAlive.length; i++) {
          const inb = lambda * dAlive[i] - dCost[i];
          sum += inb;
          if (inb > 0) {
            wins++;
            positive += inb;
          }
        }
        expect([sums.sum[w], sums.sumPositive[w], sums.pocWins[w]]).toStrictEqual([sum, positive, wins]);
      });
    }), { seed: 7, numRuns: 300 });
  });

  it('refuses draws of different lengths', () => {
    expect(() => decisionCurves([1, 2], [1], [0])).toThrow(RangeError);
  });

  it('the WTP grid has no drift and includes its end', () => {
    const g = wtpGrid(0, 2e6, 5e4);
    expect(g).toHaveLength(41);
    expect(g[40]).toBe(2e6);
    expect(wtpGrid(0, 1, 0.1)[7]).toBe(0.7000000000000001); // 7 * 0.1, computed as from + i * step
  });
});
