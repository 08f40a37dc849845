/**
 * Calibration to counts (issue 22): targets named with their denominators and the older names
 * as aliases; targets given as counts `{ count, of }` fitted by maximum likelihood (binomial),
 * with an approximate 95% interval per parameter: known parameters recovered from counts made
 * of the model's exact probabilities (intervals shrinking as 1 / sqrt(n), the truth inside),
 * and the intervals' coverage over simulated binomial datasets near 95%.
 */

import { describe, expect, it } from 'vitest';
import { CalibrationError, armExpectation, calibrate, cloneScenario, defaultScenario } from '../src/index.js';
import type { Scenario } from '../src/index.js';
import { CANONICAL_TARGET_NAMES, TARGETS, TARGET_ALIASES, isPartOf } from '../src/calibrate/targets.js';
import { binomialKl, devianceResidual, transformedInterval } from '../src/calibrate/likelihood.js';
import { cli } from './helpers/cli.js';

const issuesOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof CalibrationError) return e.issues.map((i) => i.message).join('\n');
    throw e;
  }
  throw new Error('expected a CalibrationError');
};

/** A fixed-seed uniform generator (mulberry32). */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const binomial = (u: () => number, n: number, p: number) => { let k = 0; for (let i = 0; i < n; i++) if (u() < p) k++; return k; };

const PARAMS = ['arms.commercial.pInSpec', 'arms.commercial.pOos', 'arms.commercial.pRetry'];
const TRUTH = { pInSpec: 0.9, pOos: 0.05, pRetry: 0.6 };
const NAMES = ['perCollected.anyManufacturingFailure', 'perCollected.oosInfused', 'perCollected.remanufacturedInfused'];
function truthScenario(): Scenario {
  const s = cloneScenario(defaultScenario);
  Object.assign(s.arms.commercial, TRUTH);
  return s;
}
const truthShares = (s: Scenario) => { const e = armExpectation(s.arms.commercial, s.cohort); return NAMES.map((n) => TARGETS[n].value(e)); };

describe('target names with their denominators', () => {
  it('the older names are aliases with exactly the values of the names they mean', () => {
    const e = armExpectation(defaultScenario.arms.poc, defaultScenario.cohort);
    for (const [alias, name] of Object.entries(TARGET_ALIASES)) {
      expect(CANONICAL_TARGET_NAMES).toContain(name);
      expect(TARGETS[alias].aliasOf).toBe(name);
      expect(Object.is(TARGETS[alias].value(e), TARGETS[name].value(e)), alias).toBe(true);
    }
    expect(TARGET_ALIASES.manufacturingFailure).toBe('perCollected.lost.manufacturingFailed');
    expect(TARGETS.manufacturingFailure.doc).toBe('patients lost to manufacturing (no product released after the last attempt) / patients whose cells were collected');
  });

  it('every canonical name says its denominator, and the value is the per-eligible quantity over it', () => {
    const e = armExpectation(defaultScenario.arms.commercial, defaultScenario.cohort);
    for (const n of CANONICAL_TARGET_NAMES) {
      const d = TARGETS[n].denominator;
      expect(n.startsWith({ eligible: 'perEligible.', funded: 'perFunded.', collected: 'perCollected.' }[d]), n).toBe(true);
      expect(TARGETS[n].doc).toMatch({ eligible: / \/ eligible patients$/, funded: / \/ funded \(approved\) patients$/, collected: / \/ patients whose cells were collected$/ }[d]);
    }
    const per = (name: string) => TARGETS[name].value(e);
    expect(per('perFunded.anyManufacturingFailure')).toBeCloseTo(per('perEligible.anyManufacturingFailure') / e.funded, 15);
    expect(per('perCollected.oosInfused')).toBeCloseTo(e.oosInfused / e.apheresed, 15);
    expect(per('perFunded.notInfused')).toBeCloseTo((e.funded - e.infused) / e.funded, 12);
    expect(per('perEligible.notInfused')).toBeCloseTo(1 - e.infused, 12);
    expect(per('perCollected.anyManufacturingFailure')).toBeCloseTo(1 - defaultScenario.arms.commercial.pInSpec, 14);
    // The registry's partition: any failure = OOS infused + re-made + never infused.
    expect(per('perFunded.oosInfused') + per('perFunded.remanufacturedInfused') + per('perFunded.manufacturingFailureNotInfused')).toBeCloseTo(per('perFunded.anyManufacturingFailure'), 14);
    expect(CANONICAL_TARGET_NAMES).not.toContain('perFunded.referred');
    expect(CANONICAL_TARGET_NAMES).not.toContain('perCollected.alive1y');
    expect(isPartOf('perFunded.oosInfused', 'perFunded.anyManufacturingFailure')).toBe(true);
    expect(isPartOf('perCollected.oosInfused', 'perFunded.anyManufacturingFailure')).toBe(false);
  });
});

describe('binomial deviance residuals', () => {
  it('square to twice the log-likelihood ratio, smooth through the observed share', () => {
    const ll = (k: number, n: number, p: number) => k * Math.log(p) + (n - k) * Math.log(1 - p);
    for (const [k, n, p] of [[38, 981, 0.05], [0, 100, 0.01], [100, 100, 0.9], [13, 981, 0.0132]]) {
      const r = devianceResidual(k, n, p);
      const sat = k === 0 || k === n ? 0 : ll(k, n, k / n);
      expect(r * r).toBeCloseTo(2 * (sat - ll(k, n, p)), 9);
    }
    // Near p = k/n it is sqrt(n / (q (1 - q))) (p - q), without cancellation.
    const q = 38 / 981;
    for (const d of [1e-7, 1e-10, 1e-12, -1e-7]) {
      expect(devianceResidual(38, 981, q + d) / (d * Math.sqrt(981 / (q * (1 - q))))).toBeCloseTo(1, 5);
    }
    expect(binomialKl(0.3, 0.3)).toBe(0);
  });

  it('intervals stay in the parameter\'s range (logit), and are Wald intervals cut at a bound', () => {
    const i = transformedInterval(0.99, 0.002, 0, 1, 1.96);
    expect(i.low).toBeGreaterThan(0.98);
    expect(i.high).toBeLessThan(1);
    expect(transformedInterval(0, 0.02, 0, 1, 1.96)).toEqual({ low: 0, high: 0.02 * 1.96 });
  });
});

describe('calibrate to counts: maximum likelihood with intervals', () => {
  it('recovers known parameters from counts of their exact probabilities; intervals hold the truth and shrink as 1 / sqrt(n)', () => {
    const s = truthScenario();
    const shares = truthShares(s);
    const widths: number[][] = [];
    for (const n of [1e4, 1e6]) {
      const targets = Object.fromEntries(NAMES.map((name, i) => [name, { count: Math.round(shares[i] * n), of: n }]));
      const r = calibrate({}, { arm: 'commercial', targets, parameters: PARAMS });
      expect(r.fit.method).toBe('maximumLikelihood');
      expect(r.fit.intervals).toMatch(/^approximate 95% intervals: Wald intervals from the expected Fisher information/);
      expect(r.targets.map((t) => [t.count, t.of])).toEqual(NAMES.map((_, i) => [Math.round(shares[i] * n), n]));
      r.parameters.forEach((p, k) => {
        const truth = Object.values(TRUTH)[k];
        expect(Math.abs(p.value - truth), p.path).toBeLessThan(3 * (p.interval?.se as number));
        expect(p.interval!.low).toBeLessThan(truth);
        expect(p.interval!.high).toBeGreaterThan(truth);
      });
      widths.push(r.parameters.map((p) => p.interval!.high - p.interval!.low));
    }
    // 100 times the patients: intervals 10 times narrower (within 5%).
    widths[0].forEach((w, k) => expect(w / widths[1][k]).toBeCloseTo(10, 0));
    widths[0].forEach((w, k) => expect(Math.abs(w / widths[1][k] / 10 - 1)).toBeLessThan(0.05));
  });

  it('a fit of values has no intervals and says least squares', () => {
    const r = calibrate({}, { arm: 'commercial', targets: { 'perEligible.infused': 0.17 }, parameters: ['arms.commercial.pReferral'] });
    expect(r.fit.method).toBe('leastSquares');
    expect(r.parameters[0].interval).toBeNull();
    expect(r.fit.logLikelihood).toBeNull();
    expect(r.targets[0]).toMatchObject({ name: 'perEligible.infused', means: 'perEligible.infused', count: null, of: null });
  });

  it('over-determined inconsistent counts: the maximum-likelihood fit, weighted by sample size', () => {
    // One parameter, two samples of the same share (a name and its alias): the MLE is the pooled
    // share (10 + 60) / (100 + 300) = 0.175, not the mean of the shares (0.15) that least squares gives.
    const r = calibrate({}, { arm: 'commercial', targets: { 'perEligible.funded': { count: 10, of: 100 }, 'funnel.funded': { count: 60, of: 300 } },
      parameters: ['arms.commercial.pFunding'] });
    expect(r.fit.kind).toBe('maximumLikelihood');
    expect(r.fit.converged).toBe(true);
    expect(r.targets[0].fitted).toBeCloseTo(0.175, 7);
    expect(r.targets[1]).toMatchObject({ name: 'funnel.funded', means: 'perEligible.funded', count: 60, of: 300 });
    const ls = calibrate({}, { arm: 'commercial', targets: { 'perEligible.funded': 0.1, 'funnel.funded': 0.2 }, parameters: ['arms.commercial.pFunding'] });
    expect(ls.targets[0].fitted).toBeCloseTo(0.15, 7);
  });

  it('refuses a mix of counts and values, counts of a mean count, and bad counts, naming each', () => {
    const msg = issuesOf(() => calibrate({}, {
      arm: 'commercial',
      targets: { 'perFunded.oosInfused': { count: 13, of: 981 }, 'perEligible.infused': 0.17 },
      parameters: ['arms.commercial.pOos'],
    }));
    expect(msg).toMatch(/^targets: give every target as counts \(fitted by maximum likelihood\) or every one as a value \(least squares\), not a mix: counts for perFunded\.oosInfused; values for perEligible\.infused/m);
    expect(issuesOf(() => calibrate({}, { arm: 'commercial', targets: { 'perCollected.attempts': { count: 3, of: 10 } }, parameters: ['arms.commercial.pRetry'] })))
      .toMatch(/^perCollected\.attempts: cannot be given as counts: it is a mean count per patient/);
    for (const [bad, why] of [[{ count: 5, of: 4 }, /count must be an integer from 0 to of \(4\); got 5/], [{ count: 1.5, of: 4 }, /count must be an integer/],
      [{ count: 1, of: 0 }, /of must be an integer from 1 to/], [{ count: 1 }, /counts must be an object \{ count, of \}/], [{ count: 1, of: 4, x: 1 }, /exactly those two/]] as const) {
      expect(issuesOf(() => calibrate({}, { arm: 'commercial', targets: { 'perFunded.oosInfused': bad as never }, parameters: ['arms.commercial.pOos'] }))).toMatch(why);
    }
  });

  it('notes count targets that count the same patients twice (a whole and its parts of the same n)', () => {
    const r = calibrate({}, { arm: 'commercial', targets: {
      'perFunded.anyManufacturingFailure': { count: 38, of: 981 }, 'perFunded.oosInfused': { count: 13, of: 981 },
    }, parameters: ['arms.commercial.pInSpec', 'arms.commercial.pOos'] });
    expect(r.fit.notes.join('\n')).toMatch(/perFunded\.oosInfused is part of perFunded\.anyManufacturingFailure, all counted of 981 patients/);
  });
});

describe('the intervals\' coverage', () => {
  it('over 300 simulated binomial datasets each 95% interval holds the truth 95% of the time (within 4 MCSE of the coverage)', () => {
    const s = truthScenario();
    const shares = truthShares(s);
    const n = 2000;
    const u = uniforms(2207);
    const DATASETS = 300;
    const covered = PARAMS.map(() => 0);
    for (let d = 0; d < DATASETS; d++) {
      const targets = Object.fromEntries(NAMES.map((name, i) => [name, { count: binomial(u, n, shares[i]), of: n }]));
      const r = calibrate({}, { arm: 'commercial', targets, parameters: PARAMS });
      expect(r.fit.converged).toBe(true);
      r.parameters.forEach((p, k) => {
        const truth = Object.values(TRUTH)[k];
        if (p.interval && p.interval.low <= truth && truth <= p.interval.high) covered[k]++;
      });
    }
    const mcse = Math.sqrt((0.95 * 0.05) / DATASETS);
    for (let k = 0; k < PARAMS.length; k++) {
      const coverage = covered[k] / DATASETS;
      expect(Math.abs(coverage - 0.95), `${PARAMS[k]}: coverage ${coverage} (MCSE ${mcse.toFixed(4)})`).toBeLessThanOrEqual(4 * mcse);
    }
  });
});

describe('cgt-access calibrate with counts (NAME=K/N)', () => {
  const UK = ['--target', 'perFunded.anyManufacturingFailure=38/981', '--target', 'perFunded.oosInfused=13/981',
    '--target', 'perFunded.remanufacturedInfused=11/981', '--target', 'perFunded.manufacturingFailureNotInfused=14/981',
    '--param', 'arms.commercial.pInSpec', '--param', 'arms.commercial.pOos', '--param', 'arms.commercial.pRetry'];

  it('fits the UK panel\'s four counts of 981: the table shows each interval and the counts, exit 0 with the double-count note', async () => {
    const r = await cli('calibrate', '--arm', 'commercial', ...UK, '--format', 'table');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/arms\.commercial\.pInSpec\s+0\.958\s+0\.957\d*\s+\[0\.9472, 0\.9661\]/);
    expect(r.out).toMatch(/perFunded\.oosInfused\s+13\/981\s+0\.0132517/);
    expect(r.out).toMatch(/Fit: exact .*log-likelihood/);
    expect(r.out).toMatch(/approximate 95% intervals/);
    expect(r.err).toMatch(/^cgt-access calibrate: warning: perFunded\.anyFailedAttempt|^cgt-access calibrate: warning: perFunded\.oosInfused, perFunded\.remanufacturedInfused, perFunded\.manufacturingFailureNotInfused are part of perFunded\.anyManufacturingFailure/);
    const j = await cli('calibrate', '--arm', 'commercial', ...UK, '--format', 'json');
    const x = JSON.parse(j.out);
    expect(x.fit.method).toBe('maximumLikelihood');
    expect(x.targets[0]).toMatchObject({ count: 38, of: 981 });
    for (const p of x.parameters) expect(p.interval.low).toBeLessThan(p.value);
  });

  it('fits the UK panel\'s figures as manufacturing outcomes (firstOosReleased, remanufactured, lost.manufacturingFailed): the defaults, exit 0', async () => {
    const r = await cli('calibrate', '--arm', 'commercial', '--target', 'perFunded.anyManufacturingFailure=38/981',
      '--target', 'perFunded.firstOosReleased=13/981', '--target', 'perFunded.remanufactured=11/981',
      '--target', 'perFunded.lost.manufacturingFailed=14/981',
      '--param', 'arms.commercial.pInSpec', '--param', 'arms.commercial.pOos', '--param', 'arms.commercial.pRetry', '--format', 'json');
    expect(r.code).toBe(0);
    const x = JSON.parse(r.out);
    expect(x.fit.kind).toBe('exact');
    const v = Object.fromEntries(x.parameters.map((p: { path: string; value: number }) => [p.path.split('.').pop(), p.value]));
    expect(Math.abs(v.pInSpec - 0.958)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(v.pOos - 0.018)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(v.pRetry - 0.45)).toBeLessThanOrEqual(0.01);
    expect(r.err).toMatch(/perFunded\.firstOosReleased, perFunded\.remanufactured, perFunded\.lost\.manufacturingFailed are part of perFunded\.anyManufacturingFailure/);
  });

  it('refuses K/N that is not two integers with 0 <= K <= N, and a mix of counts and values (exit 2)', async () => {
    for (const [t, why] of [['perFunded.oosInfused=14/13', /K must be an integer from 0 to N/], ['perFunded.oosInfused=1.5/13', /K must be an integer/],
      ['perFunded.oosInfused=1/0', /N must be an integer from 1/], ['perFunded.oosInfused=1/', /must be NAME=VALUE .* or NAME=K\/N/], ['perFunded.oosInfused=0x1/4', /NAME=K\/N/]] as const) {
      const r = await cli('calibrate', '--arm', 'commercial', '--target', t, '--param', 'arms.commercial.pOos');
      expect([r.code, r.out]).toEqual([2, '']);
      expect(r.err).toMatch(why);
    }
    const mix = await cli('calibrate', '--arm', 'commercial', '--target', 'perFunded.oosInfused=13/981', '--target', 'infusedFraction=0.17', '--param', 'arms.commercial.pOos');
    expect(mix.code).toBe(2);
    expect(mix.err).toMatch(/not a mix/);
  });

  it('--help lists every target name, its denominator in words, and the aliases', async () => {
    const r = await cli('calibrate', '--help');
    for (const n of CANONICAL_TARGET_NAMES) expect(r.out).toContain(`  ${n} `);
    for (const [alias, name] of Object.entries(TARGET_ALIASES)) expect(r.out).toMatch(new RegExp(`  ${alias.replace('.', '\\.')} +${name.replace(/\./g, '\\.')}\\n`));
    expect(r.out).toMatch(/Targets per funded \(approved\) patient:/);
    expect(r.out).toMatch(/NAME=K\/N/);
  });
});
