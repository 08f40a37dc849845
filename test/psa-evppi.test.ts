/**
 * The EVPPI (expected value of partial perfect information, regression estimate of Strong,
 * Oakley & Brennan 2014) against a closed form, its known properties, the checks of the
 * `evppi` option, and end to end through the real PSA and the `psa` command.
 *
 * Closed form: theta1 ~ N(mu1, s1^2), theta2 ~ N(mu2, s2^2), theta3 ~ N(mu3, s3^2)
 * independent; dAlive = u0 + u1 theta1, dCost = c0 + c1 (theta1 - mu1) + c2 (theta2 - mu2), so
 * INB(lambda) = lambda dAlive - dCost is linear in theta1 and theta2 and does not depend on
 * theta3. E[INB | theta1] = m + b1 (theta1 - mu1) with m = E[INB] and b1 = lambda u1 - c1, a
 * normal X ~ N(m, (|b1| s1)^2), hence EVPPI(theta1) = E[max(0, X)] - max(0, m)
 * = s phi(m / s) + m Phi(m / s) - max(0, m) with s = |b1| s1.
 */

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools, parameterEvppi } from '../src/index.js';
import { boxMuller } from '../src/distributions/normal.js';
import { uniform } from '../src/distributions/uniform.js';
import { evppiBasis, evppiFromDraws } from '../src/psa/evppi.js';
import { resolveEvppiGroups } from '../src/psa/evppi-groups.js';
import { polynomialBasis, polynomialTerms } from '../src/psa/regression.js';
import { simulatePsa } from '../src/psa/simulate.js';
import { resolvePsaScenario } from '../src/psa/validate.js';
import { decisionCurves } from '../src/psa/voi.js';
import { PhiloxSequence } from '../src/random/sequence.js';
import { cli } from './helpers/cli.js';
import { normalCdf } from './helpers/stats.js';

afterAll(() => closePools());

const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** E[max(0, X)] - max(0, E X) for X ~ N(m, s^2). */
function normalPartial(m: number, s: number): number {
  if (s === 0) return 0;
  return s * phi(m / s) + m * normalCdf(m / s) - Math.max(0, m);
}

function normals(n: number, seed: number, stream: number): Float64Array {
  const s = new PhiloxSequence(seed, stream);
  const z = new Float64Array(n + 1);
  for (let i = 0; i < n; i += 2) boxMuller(uniform(s.nextWord()), uniform(s.nextWord()), z, i);
  return z.subarray(0, n);
}

// The synthetic model: theta1 like a probability, theta2 like a log price, theta3 unrelated.
const MU = [0.6, 11, 2];
const SD = [0.1, 0.4, 0.5];
const U0 = -19.5;
const U1 = 40; // dAlive = -19.5 + 40 theta1: mean 4.5, sd 4 extra patients alive per cohort
const C0 = 1e6;
const C1 = 5e6; // cost rises with theta1 ...
const C2 = 3e6; // ... and with theta2
const WTP = [0, 250_000, 500_000, 1_000_000];

function synthetic(S: number, seed: number) {
  const theta = MU.map((mu, j) => normals(S, seed, 10 + j).map((z) => mu + SD[j] * z));
  const dAlive = theta[0].map((t) => U0 + U1 * t);
  const dCost = theta[0].map((t, i) => C0 + C1 * (t - MU[0]) + C2 * (theta[1][i] - MU[1]));
  return { theta, dAlive, dCost };
}

/** Mean and sd of max(0, Y) for Y ~ N(mu, s^2). */
function positivePart(mu: number, s: number): { mean: number; sd: number } {
  const t = mu / s;
  const mean = s * phi(t) + mu * normalCdf(t);
  const second = (mu * mu + s * s) * normalCdf(t) + mu * s * phi(t);
  return { mean, sd: Math.sqrt(Math.max(0, second - mean * mean)) };
}

/** The closed form at a WTP: mean and sd of INB, sd of E[INB | theta1] and of the rest. */
function exact(lambda: number) {
  const m = lambda * (U0 + U1 * MU[0]) - C0;
  const s1 = Math.abs(lambda * U1 - C1) * SD[0];
  const s2 = C2 * SD[1];
  return { m, s1, s2, sdInb: Math.hypot(s1, s2), evppi1: normalPartial(m, s1) };
}

describe('the polynomial basis', () => {
  it('has C(k + d, d) terms, the constant first, each of total degree <= d', () => {
    for (const [k, d] of [[1, 3], [2, 2], [2, 3], [5, 3], [14, 2]]) {
      const b = polynomialBasis(k, d);
      expect(b).toHaveLength(polynomialTerms(k, d));
      expect(b[0]).toEqual([]);
      expect(new Set(b.map((t) => JSON.stringify(t))).size).toBe(b.length);
      for (const t of b) expect(t.reduce((s, [, e]) => s + e, 0)).toBeLessThanOrEqual(d);
    }
    expect(polynomialTerms(2, 3)).toBe(10);
  });

  it('is cubic while the draws allow 10 per term, then quadratic, then none', () => {
    expect(evppiBasis(1, 40)).toEqual({ degree: 3, terms: 4 });
    expect(evppiBasis(1, 39)).toEqual({ degree: 2, terms: 3 });
    expect(evppiBasis(1, 29)).toBeUndefined();
    expect(evppiBasis(2, 99)).toEqual({ degree: 2, terms: 6 });
    expect(evppiBasis(7, 1200)).toEqual({ degree: 3, terms: 120 });
    expect(evppiBasis(8, 1000)).toEqual({ degree: 2, terms: 45 });
    expect(evppiBasis(8, 100_000)).toEqual({ degree: 2, terms: 45 }); // the cubic's 165 terms are more than 120 ...
    expect(evppiBasis(14, 100_000)).toEqual({ degree: 2, terms: 120 });
    expect(evppiBasis(15, 100_000)).toBeUndefined(); // ... and 15 parameters' quadratic has 136
  });
});

describe('EVPPI against the closed form', () => {
  it('of theta1, on 200,000 draws, within 4 times a bound on its Monte Carlo standard error', () => {
    const S = 200_000;
    const { theta, dAlive, dCost } = synthetic(S, 1);
    const basis = evppiBasis(1, S)!;
    const est = evppiFromDraws([theta[0]], dAlive, dCost, WTP, basis.degree);
    WTP.forEach((w, i) => {
      const e = exact(w);
      // With |m| many standard errors of mean(INB) away from 0 (checked), the estimate is
      // mean(max(0, -g)) where m > 0 and mean(max(0, g)) where m < 0, i.e. mean(max(0, Y)) with
      // Y = -sign(m) g ~ N(-|m|, s1^2) at the true g. To first order its error is that sample
      // mean's (sd of max(0, Y) over sqrt(S), exact above) plus the fit's error averaged over the
      // draws with Y > 0: the fitted coefficients' error comes from the residual (the theta2
      // part, sd s2) projected on the basis, whose sd is at most s2 sqrt(P(Y > 0) / S).
      expect(Math.abs(e.m)).toBeGreaterThan((10 * e.sdInb) / Math.sqrt(S));
      const y = positivePart(-Math.abs(e.m), e.s1);
      const mcse = y.sd / Math.sqrt(S) + e.s2 * Math.sqrt(normalCdf(-Math.abs(e.m) / e.s1) / S);
      const tol = 4 * mcse;
      console.log(`EVPPI(theta1) at WTP ${w}: exact ${e.evppi1.toFixed(1)}, estimated ${est[i].toFixed(1)}, tolerance ${tol.toFixed(1)}`);
      expect(Math.abs(est[i] - e.evppi1), `WTP ${w}`).toBeLessThan(tol);
    });
  });

  it('of theta1, over 40 replicates of 10,000 draws: the mean within 4 of its standard errors (no bias)', () => {
    const R = 40;
    const S = 10_000;
    const runs = Array.from({ length: R }, (_, r) => {
      const { theta, dAlive, dCost } = synthetic(S, 1000 + r);
      return evppiFromDraws([theta[0]], dAlive, dCost, WTP, 3);
    });
    WTP.forEach((w, i) => {
      const xs = runs.map((x) => x[i]);
      const mean = xs.reduce((a, b) => a + b, 0) / R;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1));
      const e = exact(w);
      console.log(`EVPPI(theta1) at WTP ${w}: exact ${e.evppi1.toFixed(1)}, mean of ${R} replicates ${mean.toFixed(1)} (sd ${sd.toFixed(1)})`);
      expect(Math.abs(mean - e.evppi1), `WTP ${w}`).toBeLessThan((4 * sd) / Math.sqrt(R));
    });
  });

  it('of every parameter equals the EVPI when INB lies in the basis (to rounding)', () => {
    const S = 5000;
    const { theta, dAlive, dCost } = synthetic(S, 2);
    const evpi = decisionCurves(dAlive, dCost, WTP).evpi;
    for (const group of [[theta[0], theta[1]], theta]) {
      const basis = evppiBasis(group.length, S)!;
      const est = evppiFromDraws(group, dAlive, dCost, WTP, basis.degree);
      WTP.forEach((w, i) => expect(Math.abs(est[i] - evpi[i]), `WTP ${w}`).toBeLessThan(1e-6 * exact(w).sdInb));
      console.log(`EVPPI of ${group.length} parameters - EVPI: ${WTP.map((w, i) => (est[i] - evpi[i]).toExponential(1)).join(', ')} (EVPI ${evpi.map((e) => e.toFixed(1)).join(', ')})`);
    }
    // Also with an interaction and a square, which the cubic in two parameters contains.
    const bent = dCost.map((c, i) => c + 2e6 * (theta[0][i] - 0.6) * (theta[1][i] - 11) / 0.04 + 1e6 * ((theta[1][i] - 11) / 0.4) ** 2);
    const est = evppiFromDraws([theta[0], theta[1]], dAlive, bent, WTP, 3);
    const evpiBent = decisionCurves(dAlive, bent, WTP).evpi;
    WTP.forEach((w, i) => expect(Math.abs(est[i] - evpiBent[i])).toBeLessThan(1e-6 * (evpiBent[i] + 1e6)));
  });

  it('of a parameter INB does not depend on is about 0', () => {
    const S = 200_000;
    const { theta, dAlive, dCost } = synthetic(S, 3);
    // theta3 never enters INB; theta1 does not at WTP = C1 / U1 = 125,000 (its effects on alive and cost cancel).
    // And at the WTP where the sample's mean INB is 0 (about C0 / E[dAlive] = 222,222): there the
    // fit of pure noise crosses 0 and shows most.
    const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length;
    const grid = [...WTP, C1 / U1, mean(dCost) / mean(dAlive)];
    const est3 = evppiFromDraws([theta[2]], dAlive, dCost, grid, 3);
    const est1 = evppiFromDraws([theta[0]], dAlive, dCost, grid, 3);
    grid.forEach((w, i) => {
      // The estimate is at most mean|g - mean g|, the fit of pure noise: about sd(INB) sqrt((terms - 1) / S).
      const tol = 3 * exact(w).sdInb * Math.sqrt(3 / S);
      console.log(`EVPPI(theta3) at WTP ${w.toFixed(0)}: exact 0, estimated ${est3[i].toFixed(1)}, tolerance ${tol.toFixed(1)}`);
      expect(est3[i], `theta3 at WTP ${w}`).toBeLessThan(tol);
      expect(est3[i]).toBeGreaterThanOrEqual(0);
    });
    expect(est1[4]).toBeLessThan(3 * exact(C1 / U1).sdInb * Math.sqrt(3 / S));
    expect(est1[2]).toBeGreaterThan(100 * est3[2]);
  });

  it('gives the same whether a parameter enters as itself or shifted and scaled (standardised)', () => {
    const { theta, dAlive, dCost } = synthetic(2000, 4);
    const a = evppiFromDraws([theta[0]], dAlive, dCost, WTP, 3);
    const b = evppiFromDraws([theta[0].map((t) => 1e4 * t - 7)], dAlive, dCost, WTP, 3);
    a.forEach((x, i) => expect(b[i]).toBeCloseTo(x, 3));
  });

  it('is 0 for a parameter that takes one value in every draw', () => {
    const { dAlive, dCost } = synthetic(500, 5);
    const est = evppiFromDraws([new Float64Array(500).fill(0.3)], dAlive, dCost, WTP, 3);
    est.forEach((x) => expect(x).toBeLessThan(1e-6));
  });
});

describe('properties', () => {
  it('EVPPI >= 0 at every WTP, whatever the draws', () => {
    const draw = fc.record({
      x1: fc.double({ min: -10, max: 10, noNaN: true }),
      x2: fc.double({ min: 0, max: 1, noNaN: true }),
      alive: fc.double({ min: -50, max: 50, noNaN: true }),
      cost: fc.double({ min: -1e7, max: 1e7, noNaN: true }),
    });
    fc.assert(fc.property(fc.array(draw, { minLength: 60, maxLength: 120 }), fc.boolean(), (rows, both) => {
      const x = both ? [rows.map((r) => r.x1), rows.map((r) => r.x2)] : [rows.map((r) => r.x1)];
      const basis = evppiBasis(x.length, rows.length)!;
      const est = evppiFromDraws(x, rows.map((r) => r.alive), rows.map((r) => r.cost), [0, 1e4, 3e5, 2e6], basis.degree);
      for (const e of est) expect(e).toBeGreaterThanOrEqual(0);
    }), { seed: 8, numRuns: 200 });
  });

  it('refuses non-finite values and mismatched lengths', () => {
    expect(() => evppiFromDraws([[1, 2, NaN]], [1, 2, 3], [1, 2, 3], [0], 2)).toThrow(/finite/);
    expect(() => evppiFromDraws([[1, 2, 3]], [1, 2, 3], [1, 2], [0], 2)).toThrow(/same length/);
    expect(() => evppiFromDraws([], [1, 2, 3], [1, 2, 3], [0], 2)).toThrow(/at least one parameter/);
  });
});

/** Uncertain price, survival and manufacturing time; poc's outcomes "same" as commercial's. */
const scenario = {
  arms: {
    commercial: {
      pOs1: { value: 0.62, n: 20 }, pPfs1: { value: 0.55, n: 10 }, pOrr: { value: 0.73, n: 40 },
      mfgDays: { median: 17, p90: 35, uncertainty: { p90: 25 } }, price: { value: 373000, p90: 450000 },
    },
    poc: { pOs1: 'same', pPfs1: 'same', pOrr: 'same', price: { value: 90000, p90: 150000 } },
  },
  run: { seed: 11, psa: { draws: 60, patientsPerDraw: 2000 } },
};

describe('the evppi option', () => {
  const ps = resolvePsaScenario(scenario);
  const refuse = (groups: unknown) => {
    try {
      resolveEvppiGroups(ps, groups);
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it('resolves groups of uncertain parameters and picks their basis', () => {
    const g = resolveEvppiGroups(ps, [
      { name: 'price', parameters: ['arms.poc.price'] },
      { name: 'survival', parameters: ['arms.commercial.pOs1', 'arms.commercial.pPfs1'] },
    ]);
    expect(g.map((x) => [x.name, x.parameters.map((p) => p.path), x.degree, x.terms])).toEqual([
      ['price', ['arms.poc.price'], 3, 4],
      ['survival', ['arms.commercial.pOs1', 'arms.commercial.pPfs1'], 2, 6],
    ]);
    expect(resolveEvppiGroups(ps, undefined)).toEqual([]);
    expect(resolveEvppiGroups(ps, [])).toEqual([]);
  });

  it.each([
    ['an unknown parameter path', [{ name: 'x', parameters: ['arms.poc.pFoo'] }],
      'evppi "x": "arms.poc.pFoo": unknown parameter path; must be a field of the cohort or an arm'],
    ['a nested or other path', [{ name: 'x', parameters: ['run.seed'] }], 'evppi "x": "run.seed": unknown parameter path'],
    ['a parameter that is not uncertain, with its value', [{ name: 'funding', parameters: ['arms.poc.pFunding'] }],
      'evppi "funding": arms.poc.pFunding: is fixed at 0.8 in every draw; a group may hold only uncertain parameters'],
    ['a fixed duration, with its value', [{ name: 'd', parameters: ['arms.poc.mfgDays'] }], 'arms.poc.mfgDays: is fixed at {"median":'],
    ['a "same" field', [{ name: 'os', parameters: ['arms.poc.pOs1'] }], 'evppi "os": arms.poc.pOs1: is "same"'],
    ['an empty group', [{ name: 'none', parameters: [] }], 'evppi "none": the group is empty; it must name at least one uncertain parameter'],
    ['too few draws for the basis', [{ name: 'many', parameters: ['arms.commercial.pOs1', 'arms.commercial.pPfs1', 'arms.commercial.pOrr'] }],
      'evppi "many": too few draws for the regression: 3 parameters need at least 100 draws (a quadratic of 10 terms, 10 draws per term); got run.psa.draws = 60'],
    ['a parameter listed twice', [{ name: 'p', parameters: ['arms.poc.price', 'arms.poc.price'] }], 'evppi "p": arms.poc.price: listed twice'],
    ['two groups of one name', [{ name: 'p', parameters: ['arms.poc.price'] }, { name: 'p', parameters: ['arms.commercial.price'] }], 'evppi "p": the name is used by an earlier group'],
    ['a group without a name', [{ parameters: ['arms.poc.price'] }], 'evppi[0].name: must be a non-empty string; got nothing'],
    ['parameters that are not a list', [{ name: 'p', parameters: 'arms.poc.price' }], 'evppi "p": parameters must be an array of parameter paths'],
    ['a path that is not a string', [{ name: 'p', parameters: [3] }], 'evppi "p": a parameter path must be a string'],
    ['a group that is not an object', ['arms.poc.price'], 'evppi[0]: must be a group { name, parameters: [parameter paths] }; got "arms.poc.price"'],
    ['an option that is not a list', { name: 'p', parameters: ['arms.poc.price'] }, 'evppi: must be an array of groups'],
  ])('refuses %s, naming the path, the value and the rule', (_, groups, message) => {
    expect(refuse(groups)).toContain(message);
  });

  it('refuses a group too large for the basis', () => {
    const probabilities = ['pReferral', 'pFunding', 'pApheresis', 'pRetry', 'pOosReleased', 'pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3'];
    const commercial = Object.fromEntries(probabilities.map((k) => [k, { value: 0.3, n: 50 }]));
    const poc = Object.fromEntries(['pReferral', 'pFunding', 'pApheresis', 'pRetry'].map((k) => [k, { value: 0.7, n: 50 }]));
    const many = resolvePsaScenario({ arms: { commercial, poc }, run: { psa: { draws: 100_000, patientsPerDraw: 1 } } });
    expect(many.parameters).toHaveLength(15);
    expect(() => resolveEvppiGroups(many, [{ name: 'all', parameters: many.parameters.map((q) => q.path) }]))
      .toThrow('evppi "all": 15 parameters are too many: their quadratic has 136 terms, more than 120; split the group');
    expect(resolveEvppiGroups(many, [{ name: 'most', parameters: many.parameters.slice(1).map((q) => q.path) }])[0].terms).toBe(120);
  });

  it('lists every violation at once, one per line, and the uncertain parameters to choose from', () => {
    const m = refuse([{ name: 'a', parameters: ['arms.poc.pFoo', 'arms.poc.pFunding'] }, { name: 'b', parameters: [] }]);
    expect(m.split('\n')).toHaveLength(3);
    expect(m.split('\n').every((l) => l.startsWith('evppi "'))).toBe(true);
    expect(m).toContain('arms.commercial.pOs1');
  });

  it('is checked before anything runs', async () => {
    const big = { ...scenario, run: { seed: 1, psa: { draws: 100_000, patientsPerDraw: 100_000 } } };
    const t = Date.now();
    await expect(simulatePsa(big, { workers: 1, evppi: [{ name: 'x', parameters: ['arms.poc.pFoo'] }] })).rejects.toThrow(/unknown parameter path/);
    expect(Date.now() - t).toBeLessThan(5000);
  });
});

describe('end to end', () => {
  it('the PSA result has each group\'s EVPPI curve on its WTP grid', async () => {
    const wtp = [0, 100_000, 500_000, 1_000_000];
    const evppi = [
      { name: 'price', parameters: ['arms.poc.price'] },
      { name: 'survival', parameters: ['arms.commercial.pOs1', 'arms.commercial.pPfs1'] },
    ];
    const r = await simulatePsa(scenario, { workers: 2, wtp, evppi, tornado: false });
    expect(r.wtp).toEqual(wtp);
    expect(r.evppi.map((c) => [c.name, c.parameters, c.degree, c.terms])).toEqual([
      ['price', ['arms.poc.price'], 3, 4],
      ['survival', ['arms.commercial.pOs1', 'arms.commercial.pPfs1'], 2, 6],
    ]);
    for (const c of r.evppi) {
      expect(c.method).toMatch(/Strong, Oakley & Brennan 2014/);
      expect(c.evppi).toHaveLength(wtp.length);
      for (const e of c.evppi) {
        expect(Number.isFinite(e)).toBe(true);
        expect(e).toBeGreaterThanOrEqual(0);
      }
    }
    // The poc price moves the cost only, one for one per treated patient: at WTP 0 the decision
    // is about cost alone, so the price's EVPPI there is a real part of the EVPI.
    expect(r.evppi[0].evppi[0]).toBeLessThanOrEqual(r.evpi[0] * 1.05 + 1);
    // The same as computing it again from the result's own draws (deterministic, whatever the workers).
    const again = await simulatePsa(scenario, { workers: 1, wtp, evppi, tornado: false });
    expect(JSON.stringify(again.evppi)).toBe(JSON.stringify(r.evppi));
    // Without the option: an empty list.
    expect((await simulatePsa(scenario, { workers: 2, wtp, tornado: false })).evppi).toEqual([]);
  });

  it('parameterEvppi gives, from a result alone, each parameter\'s EVPPI as its own group would', async () => {
    const wtp = [0, 250_000, 1_000_000];
    const single = await simulatePsa(scenario, { workers: 2, wtp, tornado: false });
    const ps = resolvePsaScenario(scenario);
    const groups = ps.parameters.map((p) => ({ name: p.path, parameters: [p.path] }));
    const grouped = await simulatePsa(scenario, { workers: 2, wtp, tornado: false, evppi: groups });
    const each = parameterEvppi(single);
    expect(each.map((e) => e.parameter)).toEqual(ps.parameters.map((p) => p.path));
    each.forEach((e, k) => {
      for (let i = 0; i < wtp.length; i++) expect(e.at(wtp[i])).toBe(grouped.evppi[k].evppi[i]);
    });
    // Too few draws for the regression: none.
    const few = await simulatePsa({ ...scenario, run: { ...scenario.run, psa: { ...scenario.run.psa, draws: 20 } } }, { workers: 2, tornado: false });
    expect(parameterEvppi(few)).toEqual([]);
  });
});

describe('cgt-access psa --evppi', () => {
  const args = ['--draws', '40', '--patients-per-draw', '2000', '--workers', '2', '--wtp', '0:1000000:500000'];

  it('adds a section to the table, the curves to the JSON, and rows to the CSV', async () => {
    const groups = ['--evppi', 'response=arms.commercial.pOrr', '--evppi', 'os = arms.commercial.pOs1'];
    const t = await cli('psa', '--preset', 'zuma-1', ...args, ...groups, '--format', 'table');
    expect(t.code).toBe(0);
    expect(t.err).toBe('');
    expect(t.out).toContain('Expected value of partial perfect information (EVPPI) per cohort');
    expect(t.out).toContain('response: arms.commercial.pOrr (polynomial of degree 3, 4 terms)');
    expect(t.out).toMatch(/WTP per extra alive\s+EVPI\s+response\s+os\n/);

    const j = await cli('psa', '--preset', 'zuma-1', ...args, ...groups, '--format', 'json');
    expect(j.code).toBe(0);
    const r = JSON.parse(j.out);
    expect(r.wtp).toEqual([0, 500000, 1000000]);
    expect(r.evppi.map((c: { name: string; parameters: string[] }) => [c.name, c.parameters])).toEqual([
      ['response', ['arms.commercial.pOrr']], ['os', ['arms.commercial.pOs1']],
    ]);
    expect(r.evppi[1].evppi).toHaveLength(3);

    const c = await cli('psa', '--preset', 'zuma-1', ...args, ...groups, '--format', 'csv');
    expect(c.code).toBe(0);
    const lines = c.out.trimEnd().split('\n');
    for (const l of lines.slice(1)) expect(l.split(',')).toHaveLength(4);
    const os = lines.filter((l) => l.startsWith('evppi,os,'));
    expect(os.map((l) => l.split(',')[2])).toEqual(['0', '500000', '1000000']);
    expect(Number(os[2].split(',')[3])).toBe(r.evppi[1].evppi[2]);
  });

  it.each([
    [['--evppi', 'arms.commercial.pOrr'], '--evppi: must be NAME=PATH[,PATH...]'],
    [['--evppi', '=arms.commercial.pOrr'], '--evppi: must be NAME=PATH[,PATH...]'],
    [['--evppi', 'x='], '--evppi "x": the group is empty'],
    [['--evppi', 'x=arms.poc.maxAttempts'], '--evppi "x": arms.poc.maxAttempts: is fixed at 2 in every draw'],
    [['--evppi', 'x=arms.poc.pOrr'], '--evppi "x": arms.poc.pOrr: is "same"'],
    [['--evppi', 'x=arms.commercial.pOrr', '--draws', '20'], '--evppi "x": too few draws for the regression: 1 parameter needs at least 30 draws (a quadratic of 3 terms, 10 draws per term); got run.psa.draws = 20'],
  ])('refuses %j with exit 2 and a message naming the path, the value and the rule', async (extra, message) => {
    const r = await cli('psa', '--preset', 'zuma-1', ...args, ...extra);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
  });

  it('is in --help', async () => {
    expect((await cli('psa', '--help')).out).toContain('--evppi NAME=PATH,...');
  });
});
