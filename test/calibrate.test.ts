/**
 * Calibration (MODEL.md, "Calibration"): known parameters recovered from their own exact
 * targets; least-squares residuals of an over-determined fit; a target out of reach reported
 * with its smallest residual; the rules between fields kept; bad requests refused (library and
 * CLI, exit 2, nothing on standard output); the calibrated file runs as it is. And the exact
 * engine on the command line (`run --engine exact`).
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CalibrationError, armExpectation, calibrate, cloneScenario, defaultScenario, expected,
} from '../src/index.js';
import type { ArmName, Scenario } from '../src/index.js';
import { TARGETS } from '../src/calibrate/targets.js';
import { calibratablePaths } from '../src/calibrate/parameters.js';
import { ARM_FIELDS, COHORT_FIELDS, MAX_DAYS, MAX_HAZARD_RATIO } from '../src/scenario/fields.js';
import { getPreset } from '../src/presets/index.js';
import { cli } from './helpers/cli.js';
import { solveLeastSquares } from '../src/calibrate/solver.js';
import { calibrationStatus } from '../src/cli/calibrate.js';

const tmp = mkdtempSync(join(tmpdir(), 'cgt-access-calibrate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Sets a dotted path of a scenario (a fixed duration's p90 follows its median, as in calibration). */
function setPath(s: Scenario, path: string, v: number): void {
  const parts = path.split('.');
  let node = s as unknown as Record<string, any>;
  for (const k of parts.slice(0, -1)) node = node[k];
  const last = parts[parts.length - 1];
  if (last === 'median' && node.p90 === node.median) node.p90 = v;
  node[last] = v;
}

/** The exact targets of a scenario's arm. */
function targetsOf(s: Scenario, arm: ArmName, names: string[]): Record<string, number> {
  const e = armExpectation(s.arms[arm], s.cohort);
  return Object.fromEntries(names.map((n) => [n, TARGETS[n].value(e)]));
}

interface Recovery {
  arm: ArmName;
  targets: string[];
  parameters: { path: string; truth: fc.Arbitrary<number> }[];
}

const RECOVERIES: Recovery[] = [
  {
    arm: 'commercial',
    targets: ['infusedFraction', 'lossAfterApheresis'],
    parameters: [
      { path: 'arms.commercial.pReferral', truth: fc.double({ min: 0.1, max: 0.9, noNaN: true }) },
      { path: 'arms.commercial.pInSpec', truth: fc.double({ min: 0.3, max: 0.88, noNaN: true }) },
    ],
  },
  {
    arm: 'poc',
    targets: ['funnel.referred', 'funnel.funded', 'lost.progressedBeforeInfusion'],
    parameters: [
      { path: 'arms.poc.pReferral', truth: fc.double({ min: 0.1, max: 0.95, noNaN: true }) },
      { path: 'arms.poc.pFunding', truth: fc.double({ min: 0.1, max: 0.95, noNaN: true }) },
      { path: 'cohort.bridgingHazardRatio', truth: fc.double({ min: 0.1, max: 3, noNaN: true }) },
    ],
  },
  {
    arm: 'commercial',
    targets: ['manufacturingFailure', 'manufacturing.oosReleased'],
    parameters: [
      { path: 'arms.commercial.pInSpec', truth: fc.double({ min: 0.3, max: 0.7, noNaN: true }) },
      { path: 'arms.commercial.pOos', truth: fc.double({ min: 0.05, max: 0.25, noNaN: true }) },
    ],
  },
  {
    arm: 'commercial',
    targets: ['lost.progressedBeforeFunding', 'lost.progressedBeforeInfusion'],
    parameters: [
      { path: 'arms.commercial.adminDays.median', truth: fc.double({ min: 5, max: 55, noNaN: true }) },
      { path: 'arms.commercial.mfgDays.median', truth: fc.double({ min: 8, max: 34, noNaN: true }) },
    ],
  },
];

describe('calibrate: recovery of known parameters', () => {
  it.each(RECOVERIES.map((r, i) => [i, r] as const))('case %i: the targets of known values give the values back within 1e-6', (_, rec) => {
    fc.assert(fc.property(fc.tuple(...rec.parameters.map((p) => p.truth)), (truth) => {
      const s = cloneScenario(defaultScenario as Scenario);
      rec.parameters.forEach((p, k) => setPath(s, p.path, truth[k]));
      const targets = targetsOf(s, rec.arm, rec.targets);
      // Start from other values (the defaults), fit, and come back.
      const r = calibrate({}, { arm: rec.arm, targets, parameters: rec.parameters.map((p) => p.path) });
      expect(r.fit.kind, r.fit.message).toBe('exact');
      r.parameters.forEach((p, k) => {
        expect(Math.abs(p.value - truth[k]), `${p.path}: fitted ${p.value}, truth ${truth[k]}`).toBeLessThan(1e-6 * Math.max(1, truth[k]));
      });
      for (const t of r.targets) expect(Math.abs(t.residual), t.name).toBeLessThan(1e-9);
      expect(r.fit.determination).toBe(rec.parameters.length === rec.targets.length ? 'square' : 'overDetermined');
    }), { numRuns: 12, seed: 1500 });
  });

  it('under-determined: more parameters than targets reach the target exactly, and say so', () => {
    const r = calibrate({}, { arm: 'commercial', targets: { infusedFraction: 0.2 }, parameters: ['arms.commercial.pReferral', 'arms.commercial.pFunding'] });
    expect(r.fit.kind).toBe('exact');
    expect(r.fit.determination).toBe('underDetermined');
    expect(Math.abs(r.targets[0].residual)).toBeLessThan(1e-9);
    expect(expected(r.scenario).arms.commercial.funnel.infused.value).toBeCloseTo(0.2 * 600, 6);
  });
});

describe('calibrate: fits that are not exact', () => {
  it('over-determined: the least-squares residuals, at a minimum of their sum of squares', () => {
    // pReferral alone cannot give 30% infused and 70% referred at once.
    const targets = { infusedFraction: 0.3, 'funnel.referred': 0.7 };
    const r = calibrate({}, { arm: 'commercial', targets, parameters: ['arms.commercial.pReferral'] });
    expect(r.fit.kind).toBe('leastSquares');
    expect(r.fit.determination).toBe('overDetermined');
    expect(r.fit.unreachable.length).toBeGreaterThan(0);
    // Both targets are linear in pReferral: infused = c p, referred = p; the least-squares p is
    // (c 0.3 + 0.7) / (c^2 + 1).
    const c = targetsOf(defaultScenario as Scenario, 'commercial', ['infusedFraction']).infusedFraction / defaultScenario.arms.commercial.pReferral;
    const p = (c * 0.3 + 0.7) / (c * c + 1);
    expect(r.parameters[0].value).toBeCloseTo(p, 9);
    expect(r.targets[0].residual).toBeCloseTo(c * p - 0.3, 9);
    expect(r.targets[1].residual).toBeCloseTo(p - 0.7, 9);
    expect(r.fit.sumOfSquares).toBeCloseTo((c * p - 0.3) ** 2 + (p - 0.7) ** 2, 12);
  });

  it('a target out of reach (infusedFraction 0.99 with pReferral alone and pFunding 0.5) is reported with its smallest residual', () => {
    const s = { arms: { commercial: { pFunding: 0.5 } } };
    const r = calibrate(s, { arm: 'commercial', targets: { infusedFraction: 0.99 }, parameters: ['arms.commercial.pReferral'] });
    expect(r.fit.kind).toBe('unreachable');
    expect(r.fit.unreachable).toEqual(['infusedFraction']);
    expect(r.parameters[0]).toMatchObject({ path: 'arms.commercial.pReferral', value: 1, held: 'upper' });
    const best = (expected({ arms: { commercial: { pFunding: 0.5, pReferral: 1 } } }).arms.commercial.funnel.infused.value as number) / 600;
    expect(r.targets[0].fitted).toBeCloseTo(best, 12);
    expect(r.targets[0].residual).toBeCloseTo(best - 0.99, 12);
    expect(r.fit.message).toMatch(/not reachable.*infusedFraction.*arms\.commercial\.pReferral at its upper bound/);
  });

  it('keeps the rules between fields: pInSpec + pOos <= 1 when both are fitted', () => {
    // As few manufacturing failures as possible needs pInSpec + pOos = 1 (every product released or OOS).
    const r = calibrate({ arms: { commercial: { pOosReleased: 1 } } }, {
      arm: 'commercial', targets: { manufacturingFailure: 0, 'manufacturing.oosReleased': 0.1 },
      parameters: ['arms.commercial.pInSpec', 'arms.commercial.pOos'],
    });
    const [inSpec, oos] = r.parameters.map((p) => p.value);
    expect(inSpec + oos).toBeLessThanOrEqual(1 + 1e-12);
    expect(r.fit.kind).toBe('exact');
    // And a target beyond the rule: more OOS releases than attempts allow.
    const q = calibrate({ arms: { commercial: { pOosReleased: 1 } } }, {
      arm: 'commercial', targets: { 'funnel.infused': 0.5, 'manufacturing.oosReleased': 0.9 },
      parameters: ['arms.commercial.pInSpec', 'arms.commercial.pOos'],
    });
    expect(q.parameters[0].value + q.parameters[1].value).toBeLessThanOrEqual(1 + 1e-12);
    expect(q.fit.kind).not.toBe('exact');
    expect(() => expected(q.scenario)).not.toThrow();
  });
});

describe('calibrate: bad requests', () => {
  const issuesOf = (f: () => unknown): string[] => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(CalibrationError);
      return (e as CalibrationError).issues.map((i) => i.message);
    }
    throw new Error('not refused');
  };

  it('names every fault: unknown target, target out of range, unknown path, other arm, not a number, too many', () => {
    const msgs = issuesOf(() => calibrate({}, {
      arm: 'commercial',
      targets: { infusedFractoin: 0.2, lossAfterApheresis: 1.2 },
      parameters: ['arms.commercial.pRefferal', 'arms.poc.pReferral', 'arms.commercial.payment', 'cohort.eligiblePerYear', 'arms.commercial.maxAttempts'],
    }));
    expect(msgs.join('\n')).toMatch(/infusedFractoin: unknown target \(did you mean infusedFraction\?\)/);
    expect(msgs.join('\n')).toMatch(/lossAfterApheresis: must be a number in \[0, 1\].*got 1\.2/);
    expect(msgs.join('\n')).toMatch(/arms\.commercial\.pRefferal: unknown parameter path \(did you mean arms\.commercial\.pReferral\?\)/);
    expect(msgs.join('\n')).toMatch(/arms\.poc\.pReferral: belongs to the poc arm/);
    expect(msgs.join('\n')).toMatch(/arms\.commercial\.payment: not a number/);
    expect(msgs.join('\n')).toMatch(/cohort\.eligiblePerYear: the cohort's size, not fitted/);
    expect(msgs.join('\n')).toMatch(/arms\.commercial\.maxAttempts: an integer/);
    const many = ['pReferral', 'pFunding', 'pApheresis', 'pInSpec', 'pOos', 'pOosReleased', 'pRetry', 'pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3']
      .map((k) => `arms.poc.${k}`);
    expect(issuesOf(() => calibrate({}, { arm: 'poc', targets: { infusedFraction: 0.5 }, parameters: many })).join('\n')).toMatch(/parameters: at most 12 parameters/);
    expect(issuesOf(() => calibrate({}, { arm: 'poc', targets: {}, parameters: [] })).join('\n')).toMatch(/targets: at least one target[\s\S]*parameters: at least one parameter/);
  });
});

describe('calibrate: what the targets depend on, requests read once (issue 26)', () => {
  const issuesOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(CalibrationError);
      return (e as CalibrationError).issues.map((i) => i.message).join('\n');
    }
    throw new Error('not refused');
  };

  it('refuses parameters no target depends on (pricing, budget, value, costs, capacity) instead of crashing or moving them', () => {
    for (const path of ['arms.poc.pricing.rdCost', 'arms.poc.pricing.elasticity', 'budget.discountRate', 'cohort.wtp', 'cohort.lifeYearsRemission',
      'cohort.discountRate', 'arms.poc.price', 'arms.poc.pCrs3', 'arms.poc.capacity.lines']) {
      expect(issuesOf(() => calibrate({}, { arm: 'poc', targets: { infusedFraction: 0.2 }, parameters: [path, 'arms.poc.pReferral'] })))
        .toMatch(new RegExp(`^${path.replace(/\./g, '\\.')}: no target depends on it`));
    }
  });

  it('refuses target names of Object.prototype as unknown targets', () => {
    for (const name of ['valueOf', 'constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const targets = JSON.parse(`{"${name}": 0.3}`) as Record<string, number>;
      expect(issuesOf(() => calibrate({}, { arm: 'poc', targets, parameters: ['arms.poc.pReferral'] }))).toMatch(new RegExp(`^${name}: unknown target`));
    }
  });

  it('lists as parameters exactly the fields some target depends on (each moved alone: targets bit-identical, or some target changed)', () => {
    const names = Object.keys(TARGETS);
    const all = (s: Scenario, arm: ArmName) => {
      const e = armExpectation(s.arms[arm], s.cohort);
      return names.map((n) => TARGETS[n].value(e));
    };
    const listed = new Set(calibratablePaths('poc'));
    const numbers: string[] = [];
    for (const [k, f] of Object.entries(ARM_FIELDS)) {
      if (f.kind === 'duration') numbers.push(`arms.poc.${k}.median`, `arms.poc.${k}.p90`);
      else if (f.kind !== 'enum' && f.kind !== 'integer') numbers.push(`arms.poc.${k}`);
    }
    for (const [k, f] of Object.entries(COHORT_FIELDS)) if (f.kind !== 'integer') numbers.push(`cohort.${k}`);
    const starts = [defaultScenario, getPreset('eliana').scenario, getPreset('zuma-1').scenario];
    for (const path of numbers) {
      let moved = false;
      for (const start of starts) {
        const s = cloneScenario(start);
        const before = all(s, 'poc');
        const parts = path.split('.');
        const node = parts.slice(0, -1).reduce<any>((o, key) => o[key], s);
        const last = parts[parts.length - 1];
        const v = node[last] as number;
        // A move inside the field's range (and the rules between fields): down for probabilities and medians, up elsewhere.
        node[last] = last === 'median' || v >= 0.5 && v <= 1 && !path.endsWith('Days') ? v * 0.9 : v * 1.1 + 0.01;
        if (last === 'p90' && node.p90 < node.median) node.p90 = node.median;
        const after = all(s, 'poc');
        if (after.some((x, i) => !Object.is(x, before[i]))) moved = true;
      }
      expect([path, moved]).toEqual([path, listed.has(path)]);
    }
  });

  it('keeps each parameter in its field\'s valid range (the table of inputs), not [0, 1]', () => {
    const r = calibrate({}, { arm: 'poc', targets: { infusedFraction: 0.2, 'lost.progressedBeforeInfusion': 0.01 }, parameters: ['arms.poc.pReferral', 'cohort.bridgingHazardRatio'] });
    expect(r.parameters.map((p) => [p.path, p.lower, p.upper])).toEqual([['arms.poc.pReferral', 0, 1], ['cohort.bridgingHazardRatio', 0, MAX_HAZARD_RATIO]]);
    const days = calibrate({}, { arm: 'poc', targets: { infusedFraction: 0.2 }, parameters: ['cohort.untreatedMedianSurvivalDays'] });
    expect(days.parameters[0].upper).toBe(MAX_DAYS);
  });

  it('never moves a parameter whose derivative is zero (pRetry where no attempt fails)', () => {
    const r = calibrate({ arms: { poc: { pInSpec: 1, pOos: 0, pRetry: 0.3 } } }, {
      arm: 'poc', targets: { infusedFraction: 0.2 }, parameters: ['arms.poc.pReferral', 'arms.poc.pRetry'],
    });
    expect(r.fit.kind).toBe('exact');
    expect(r.parameters[1].value).toBe(0.3);
    expect(r.scenario.arms.poc.pRetry).toBe(0.3);
  });

  it('reads the request once: a target behind a getter is fitted at the value checked', () => {
    let reads = 0;
    const targets = { get infusedFraction() { reads++; return reads === 1 ? 0.2 : 7; } };
    const r = calibrate({}, { arm: 'poc', targets, parameters: ['arms.poc.pReferral'] });
    expect(reads).toBe(1);
    expect(r.targets[0].target).toBe(0.2);
    expect(r.targets[0].fitted).toBeCloseTo(0.2, 9);
  });

  it('checks the request and options at the edge: TypeError or CalibrationError naming the field, never a bare TypeError from inside', () => {
    expect(() => calibrate({}, undefined as never)).toThrow(/^calibrate: the request must be an object \{ arm, targets, parameters \}; got nothing$/);
    expect(() => calibrate({}, 'x' as never)).toThrow(/^calibrate: the request must be an object/);
    expect(() => calibrate({}, { arm: 'poc', targets: { infusedFraction: 0.2 }, parameters: ['arms.poc.pReferral'], extra: 1 } as never)).toThrow(/unknown field "extra" of the request/);
    expect(() => calibrate({}, { arm: 'poc', targets: { infusedFraction: 0.2 }, parameters: ['arms.poc.pReferral'] }, { bse: 1 } as never)).toThrow(/unknown option "bse" \(did you mean base\?\)/);
    expect(issuesOf(() => calibrate({}, { arm: 'poc', targets: { infusedFraction: 0.2 }, parameters: 'arms.poc.pReferral' as never })))
      .toMatch(/^parameters: must be an array of parameter paths.*got "arms\.poc\.pReferral" \(a string\)/);
    expect(issuesOf(() => calibrate({}, { arm: 'poc', targets: { infusedFraction: 0.2 }, parameters: [3] as never }))).toMatch(/^parameters\[0\]: must be a parameter path \(a string\); got 3/);
    expect(issuesOf(() => calibrate({}, { arm: 'poc', targets: [0.2] as never, parameters: ['arms.poc.pReferral'] }))).toMatch(/^targets: must be an object/);
    expect(issuesOf(() => calibrate({}, { arm: 'poc', targets: { infusedFraction: '0.2' } as never, parameters: ['arms.poc.pReferral'] })))
      .toMatch(/^infusedFraction: must be a number in \[0, 1\].*got "0\.2" \(a string\)/);
    expect(issuesOf(() => calibrate({}, { arm: 'x' as never, targets: { infusedFraction: 0.2 }, parameters: ['arms.poc.pReferral'] }))).toMatch(/^arm: must be one of commercial, poc; got "x" \(a string\)/);
  });

  it('exits 2 with the reason on the command line, for every such parameter and target', async () => {
    for (const args of [['--param', 'arms.poc.pricing.rdCost'], ['--param', 'budget.discountRate'], ['--param', 'cohort.wtp', '--param', 'arms.poc.pReferral']]) {
      const r = await cli('calibrate', '--arm', 'poc', '--target', 'infusedFraction=0.2', ...args);
      expect([r.code, r.out]).toEqual([2, '']);
      expect(r.err).toMatch(/--param (arms\.poc\.pricing\.rdCost|budget\.discountRate|cohort\.wtp): no target depends on it/);
    }
    for (const name of ['valueOf', '__proto__', 'constructor']) {
      const r = await cli('calibrate', '--arm', 'poc', '--target', `${name}=0.3`, '--param', 'arms.poc.pReferral');
      expect([r.code, r.out]).toEqual([2, '']);
      expect(r.err).toMatch(new RegExp(`--target ${name}: unknown target`));
    }
  });
});

describe('cgt-access calibrate', () => {
  it('fits the seed\'s Italian figures, prints the fit, and writes a scenario file that runs as it is', async () => {
    const out = join(tmp, 'calibrated.json');
    const r = await cli('calibrate', '--arm', 'commercial', '--target', 'infusedFraction=0.17', '--target', 'lossAfterApheresis=0.07',
      '--param', 'arms.commercial.pReferral', '--param', 'arms.commercial.pInSpec', '--out', out, '--format', 'table');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // The row of pReferral: the default it started from, and the library's fit (8 significant digits).
    const row = r.out.split('\n').find((l) => l.trim().startsWith('arms.commercial.pReferral '))!.trim().split(/\s+/);
    expect(Number(row[1])).toBe(defaultScenario.arms.commercial.pReferral);
    const lib = calibrate({}, {
      arm: 'commercial', targets: { infusedFraction: 0.17, lossAfterApheresis: 0.07 },
      parameters: ['arms.commercial.pReferral', 'arms.commercial.pInSpec'],
    });
    expect(Number(row[2])).toBeCloseTo(lib.parameters[0].value, 7);
    expect(r.out).toMatch(/infusedFraction\s+0\.17\s+0\.17/);
    expect(r.out).toMatch(/Fit: exact \(as many parameters as targets/);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    const run = await cli('run', out, '--engine', 'exact', '--format', 'json');
    expect(run.code).toBe(0);
    const x = JSON.parse(run.out);
    const c = x.arms.commercial.funnel;
    expect(c.infused.value / c.eligible.value).toBeCloseTo(0.17, 9);
    expect((c.apheresed.value - c.infused.value) / c.apheresed.value).toBeCloseTo(0.07, 9);
    expect(x.scenario).toEqual(file);
    const sim = await cli('run', out, '--patients', '20000', '--format', 'json');
    expect(sim.code).toBe(0);
  });

  it('--format json prints the calibration result', async () => {
    const r = await cli('calibrate', '--arm', 'poc', '--target', 'infusedFraction=0.5', '--param', 'arms.poc.pReferral', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['arm', 'scenario', 'parameters', 'targets', 'fit']);
    expect(j.fit.kind).toBe('exact');
  });

  it.each([
    [['--target', 'infusedFraction=0.2', '--param', 'arms.commercial.pReferral'], /--arm is required/],
    [['--arm', 'both', '--target', 'infusedFraction=0.2', '--param', 'arms.commercial.pReferral'], /--arm: must be one of commercial, poc; got "both"/],
    [['--arm', 'commercial', '--param', 'arms.commercial.pReferral'], /at least one --target/],
    [['--arm', 'commercial', '--target', 'infusedFraction=0.2'], /at least one --param/],
    [['--arm', 'commercial', '--target', 'infusedFraction', '--param', 'arms.commercial.pReferral'], /--target: must be NAME=VALUE/],
    [['--arm', 'commercial', '--target', 'infusedFraction=abc', '--param', 'arms.commercial.pReferral'], /--target: must be NAME=VALUE/],
    [['--arm', 'commercial', '--target', 'nope=0.2', '--param', 'arms.commercial.pReferral'], /--target nope: unknown target/],
    [['--arm', 'commercial', '--target', 'infusedFraction=2', '--param', 'arms.commercial.pReferral'], /--target infusedFraction: must be a number in \[0, 1\]/],
    [['--arm', 'commercial', '--target', 'infusedFraction=0.2', '--param', 'arms.commercial.pRefferal'], /--param arms\.commercial\.pRefferal: unknown parameter path/],
    [['--arm', 'commercial', '--target', 'infusedFraction=0.2', '--param', 'arms.commercial.pReferral', '--set', 'arms.commercial.pReferral=2'], /invalid scenario/],
    [['--arm', 'commercial', '--target', 'infusedFraction=0.2', ...Array.from({ length: 13 }, (_, i) => ['--param', i < 7 ? `arms.commercial.${['pReferral', 'pFunding', 'pApheresis', 'pInSpec', 'pOos', 'pOosReleased', 'pRetry'][i]}` : `arms.commercial.${['pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3'][i - 7]}`]).flat()], /at most 12 parameters/],
  ])('refuses %j with exit 2 and nothing on standard output', async (args, message) => {
    const r = await cli('calibrate', ...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message as RegExp);
  });
});

describe('cgt-access run --engine exact', () => {
  it('prints the result file with engine exact, mcse 0, no histogram and null percentiles', async () => {
    const r = await cli('run', '--engine', 'exact', '--format', 'json');
    expect(r.code).toBe(0);
    const x = JSON.parse(r.out);
    expect(x).toEqual(JSON.parse(JSON.stringify(expected({}))));
    expect(x.engine).toBe('exact');
    expect(x.arms.poc.funnel.infused.mcse).toBe(0);
    expect(x.arms.poc.v2v.histogram).toEqual([]);
    expect(x.arms.poc.v2v.median).toEqual({ value: null, mcse: null });
  });

  it('says so in the table and leaves the percentiles empty in the CSV', async () => {
    const t = await cli('run', '--engine', 'exact', '--format', 'table');
    expect(t.out).toMatch(/exact engine: expected values by numerical integration/);
    expect(t.out).toMatch(/median\s+-\s+-/);
    const c = await cli('run', '--engine', 'exact', '--format', 'csv');
    expect(c.out).toMatch(/^commercial,v2v,median,,$/m);
    expect(c.out).toMatch(/^poc,funnel,eligible,600,0$/m);
    expect(c.out).not.toMatch(/histogram/);
  });
});

describe('calibrate: stopping, kinds and explanations (issue 22)', () => {
  // ZUMA-1 with version 1's default manufacturing (pInSpec 0.85, pOos 0.1, pRetry 0.5, mfgDays 17 / 35), which
  // these cases were measured on: pInSpec is capped at 0.9 by pOos, and a 1% failure is out of its reach.
  const preset = getPreset('zuma-1').scenario;
  const zuma = { ...preset, arms: { ...preset.arms, commercial: { ...preset.arms.commercial, pInSpec: 0.85, pOos: 0.1, pRetry: 0.5, mfgDays: { median: 17, p90: 35 } } } };

  it('reaches a reachable target across the pInSpec + pOos <= 1 line (zuma-1, manufacturingFailure 1%), and says what is identified', () => {
    const r = calibrate(zuma, { arm: 'commercial', targets: { manufacturingFailure: 0.01 }, parameters: ['arms.commercial.pInSpec', 'arms.commercial.pOos'] }, { base: zuma });
    expect(r.fit.kind, r.fit.message).toBe('exact');
    expect(Math.abs(r.targets[0].residual)).toBeLessThan(1e-12);
    const [inSpec, oos] = r.parameters.map((p) => p.value);
    expect(inSpec + oos).toBeLessThanOrEqual(1 + 1e-12);
    expect(r.fit.determination).toBe('underDetermined');
    expect(r.fit.rank).toBe(1);
    // Only the share of attempts that fail, 1 - pInSpec - (1 - pOosReleased) pOos... moves the target: pInSpec + 0.8 pOos.
    expect(r.fit.identified).toMatch(/only the combination pInSpec \+ 0\.8 pOos is identified/);
    expect(r.fit.unidentified[0].map((d) => d.path)).toEqual(['arms.commercial.pInSpec', 'arms.commercial.pOos']);
    // pInSpec 0.9805 with pOos 0 is another exact solution on the same line of solutions.
    const other = calibrate({}, { arm: 'commercial', targets: { manufacturingFailure: 0.01 }, parameters: ['arms.commercial.pInSpec'] },
      { base: { ...zuma, arms: { ...zuma.arms, commercial: { ...zuma.arms.commercial, pOos: 0 } } } });
    expect(other.fit.kind).toBe('exact');
    expect(other.parameters[0].value).toBeCloseTo(0.9805, 3);
  });

  it.each([
    ['ZUMA-1-like', { lossAfterApheresis: 0.0905, manufacturingFailure: 0.01 }],
    ['KarMMa-like', { lossAfterApheresis: 0.0857, manufacturingFailure: 0.0071 }],
  ])('stops on the first-order test (%s, pInSpec held by its bound, bridgingHazardRatio free): only the target out of reach is listed', (_, targets) => {
    const r = calibrate(zuma, { arm: 'commercial', targets, parameters: ['arms.commercial.pInSpec', 'cohort.bridgingHazardRatio'] }, { base: zuma });
    expect(r.fit.kind).toBe('unreachable');
    expect(r.fit.converged).toBe(true);
    expect(r.fit.iterations).toBeLessThan(30);
    expect(r.fit.unreachable).toEqual(['manufacturingFailure']);
    expect(Math.abs(r.targets[0].residual)).toBeLessThan(1e-9);
    expect(r.parameters[0]).toMatchObject({ held: 'upper', value: 0.9, upperWhy: 'pInSpec + pOos <= 1, with pOos 0.1 not fitted', upperByRule: true });
    expect(r.parameters[0].heldWhy).toBe('at its upper bound 0.9 (pInSpec + pOos <= 1, with pOos 0.1 not fitted)');
  });

  it('reports hitting the iteration cap as notConverged, not as a fit', () => {
    const r = calibrate({}, { arm: 'poc', targets: { 'funnel.referred': 0.3, 'funnel.funded': 0.2, 'lost.progressedBeforeInfusion': 0.02 },
      parameters: ['arms.poc.pReferral', 'arms.poc.pFunding', 'cohort.bridgingHazardRatio'] }, { maxIterations: 1 });
    expect(r.fit.kind).toBe('notConverged');
    expect(r.fit.converged).toBe(false);
    expect(r.fit.stop).toBe('iterations');
    expect(r.fit.iterations).toBe(1);
    expect(r.fit.message).toMatch(/^did not converge: the solver stopped at its cap of 1 iterations/);
    // The same request with the default cap converges.
    const full = calibrate({}, { arm: 'poc', targets: { 'funnel.referred': 0.3, 'funnel.funded': 0.2, 'lost.progressedBeforeInfusion': 0.02 },
      parameters: ['arms.poc.pReferral', 'arms.poc.pFunding', 'cohort.bridgingHazardRatio'] });
    expect([full.fit.kind, full.fit.converged]).toEqual(['exact', true]);
    expect(() => calibrate({}, { arm: 'poc', targets: { infusedFraction: 0.2 }, parameters: ['arms.poc.pReferral'] }, { maxIterations: 0 })).toThrow(/maxIterations must be an integer from 1 to 10000/);
  });

  it('the solver reports the cap and its first-order measure (Rosenbrock in a box)', () => {
    const problem = {
      residuals: (x: readonly number[]) => [10 * (x[1] - x[0] * x[0]), 1 - x[0]],
      lower: [-2, -2], upper: [2, 2], pairs: [], scale: [1, 1],
    };
    const capped = solveLeastSquares(problem, [-1.2, 1], { maxIterations: 3 });
    expect([capped.converged, capped.stop]).toEqual([false, 'iterations']);
    const full = solveLeastSquares(problem, [-1.2, 1]);
    expect(full.converged).toBe(true);
    expect(full.x[0]).toBeCloseTo(1, 9);
    expect(full.x[1]).toBeCloseTo(1, 9);
    // A minimum on a bound: x0 <= 0.5 holds it; the first-order test, not a stall, ends the run.
    const bounded = solveLeastSquares({ ...problem, upper: [0.5, 2] }, [-1.2, 1]);
    expect(bounded.converged).toBe(true);
    expect(bounded.iterations).toBeLessThan(50);
    expect(bounded.x[0]).toBe(0.5);
    expect(bounded.x[1]).toBeCloseTo(0.25, 7);
    expect(bounded.binding.upper).toEqual([true, false]);
    expect(bounded.optimality).toBeLessThan(1e-5);
  });

  it('says why a bound holds: median <= p90 with the p90 not fitted; a fixed partner field', () => {
    const r = calibrate(zuma, { arm: 'commercial', targets: { 'lost.progressedBeforeInfusion': 0.2 }, parameters: ['arms.commercial.mfgDays.median'] }, { base: zuma });
    expect(r.fit.kind).toBe('unreachable');
    expect(r.parameters[0]).toMatchObject({ held: 'upper', value: 35, upperWhy: 'median <= p90, with the p90 35 not fitted' });
    expect(r.fit.message).toMatch(/arms\.commercial\.mfgDays\.median at its upper bound 35 \(median <= p90, with the p90 35 not fitted\)/);
    const q = calibrate({}, { arm: 'commercial', targets: { 'funnel.responses': 0.05 }, parameters: ['arms.commercial.pCr', 'arms.commercial.pOrr'] });
    expect(q.parameters[0].upperWhy).toBe('a probability (its field\'s range [0, 1])');
    const c = calibrate({}, { arm: 'commercial', targets: { 'funnel.completeResponses': 0.05 }, parameters: ['arms.commercial.pCr'] });
    expect(c.parameters[0]).toMatchObject({ upper: 0.73, upperWhy: 'pCr <= pOrr, with pOrr 0.73 not fitted', upperByRule: true, lowerByRule: false });
  });

  it('names the combination an under-determined fit identifies: only pOos x pOosReleased', () => {
    const r = calibrate(zuma, { arm: 'commercial', targets: { 'manufacturing.oosReleased': 0.02 }, parameters: ['arms.commercial.pOos', 'arms.commercial.pOosReleased'] });
    expect(r.fit.kind).toBe('exact');
    expect(r.fit.identified).toMatch(/only the product pOos x pOosReleased is identified/);
    expect(r.fit.message).toMatch(/only the product pOos x pOosReleased/);
    const sq = calibrate({}, { arm: 'commercial', targets: { infusedFraction: 0.17 }, parameters: ['arms.commercial.pReferral'] });
    expect(sq.fit.identified).toBeNull();
  });

  it('flags fitted values far outside the sources\' plausible ranges (a 70-day manufacturing median)', () => {
    const r = calibrate({}, { arm: 'commercial', targets: { lossAfterApheresis: 0.2 }, parameters: ['arms.commercial.mfgDays.median', 'arms.commercial.mfgDays.p90'] });
    expect(r.fit.kind).toBe('exact');
    expect(r.parameters[0].value).toBeGreaterThan(60);
    expect(r.parameters.map((p) => p.implausible)).toEqual([true, true]);
    expect(r.fit.notes[0]).toMatch(/^arms\.commercial\.mfgDays\.median = \d+\.\d+ lies outside the plausible range 5 to 45 \(manufacturing time/);
    expect(r.fit.message).toMatch(/implausible: arms\.commercial\.mfgDays\.median/);
    const ok = calibrate({}, { arm: 'commercial', targets: { infusedFraction: 0.17 }, parameters: ['arms.commercial.pReferral'] });
    expect(ok.fit.notes).toEqual([]);
    expect(ok.parameters[0].implausible).toBe(false);
  });
});

describe('cgt-access calibrate: exit status and --out for fits that miss (issue 22)', () => {
  // The tisa-cel preset eliana keeps the seed's OOS (pOos 0.1): pInSpec is capped at 0.9, a 1% failure out of reach.
  const unreachable = ['calibrate', '--preset', 'eliana', '--arm', 'commercial', '--target', 'lossAfterApheresis=0.0905', '--target', 'manufacturingFailure=0.01',
    '--param', 'arms.commercial.pInSpec', '--param', 'cohort.bridgingHazardRatio'];

  it('an unreachable fit exits 3, says so on standard error, and --out writes nothing without --force', async () => {
    const out = join(tmp, 'unreachable.json');
    const r = await cli(...unreachable, '--out', out, '--format', 'json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out).fit.kind).toBe('unreachable');
    expect(r.err).toMatch(/cgt-access calibrate: not reached: not reachable within the parameters' ranges: manufacturingFailure/);
    expect(r.err).toMatch(/--out .*unreachable\.json: not written, the fit does not reach its targets \(--force writes it anyway\)/);
    expect(existsSync(out)).toBe(false);
    const forced = await cli(...unreachable, '--out', out, '--force', '--format', 'json');
    expect(forced.code).toBe(3);
    expect(existsSync(out)).toBe(true);
    const record = JSON.parse(readFileSync(join(tmp, 'unreachable.calibration.json'), 'utf8'));
    expect(record.fit.kind).toBe('unreachable');
    expect(record.targets.map((t: { name: string }) => t.name)).toEqual(['lossAfterApheresis', 'manufacturingFailure']);
    expect(record.from).toEqual({ file: null, preset: 'eliana', sets: [] });
  });

  it('an exact fit exits 0, writes the scenario (valid) and beside it the record of the fit', async () => {
    const out = join(tmp, 'exact.json');
    const r = await cli('calibrate', '--arm', 'poc', '--target', 'infusedFraction=0.5', '--param', 'arms.poc.pReferral', '--out', out, '--format', 'table');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toMatch(/Wrote .*exact\.json \(the calibrated scenario\) and .*exact\.calibration\.json/);
    const record = JSON.parse(readFileSync(join(tmp, 'exact.calibration.json'), 'utf8'));
    expect(record).toMatchObject({ arm: 'poc', targets: [{ name: 'infusedFraction', target: 0.5 }], fit: { kind: 'exact' } });
    expect(record.scenario).toBeUndefined();
    expect((await cli('validate', out)).code).toBe(0);
  });

  it('an over-determined least-squares fit exits 0 with a warning; one the parameters cannot move exits 3', async () => {
    const over = await cli('calibrate', '--arm', 'commercial', '--target', 'infusedFraction=0.3', '--target', 'funnel.referred=0.7', '--param', 'arms.commercial.pReferral', '--format', 'json');
    expect(over.code).toBe(0);
    expect(over.err).toMatch(/^cgt-access calibrate: warning: least squares: /);
    const flat = await cli('calibrate', '--arm', 'commercial', '--target', 'infusedFraction=0.17', '--target', 'lossAfterApheresis=0.07',
      '--param', 'arms.commercial.pReferral', '--param', 'arms.commercial.pFunding', '--format', 'json');
    expect(flat.code).toBe(3);
    expect(JSON.parse(flat.out).fit.kind).toBe('leastSquares');
    expect(flat.err).toMatch(/lossAfterApheresis does not depend on any parameter fitted/);
  });

  it('maps every kind of fit to its exit status (notConverged: 4)', () => {
    const of = (kind: string, determination = 'square') => calibrationStatus({ fit: { kind, determination } } as never);
    expect([of('exact'), of('leastSquares', 'overDetermined'), of('leastSquares'), of('unreachable'), of('notConverged')]).toEqual([0, 0, 3, 3, 4]);
  });

  it('warns on standard error of an exact fit with implausible values', async () => {
    const r = await cli('calibrate', '--arm', 'commercial', '--target', 'lossAfterApheresis=0.2', '--param', 'arms.commercial.mfgDays.median', '--param', 'arms.commercial.mfgDays.p90', '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: arms\.commercial\.mfgDays\.median = \d+\.\d+ lies outside the plausible range 5 to 45/);
  });
});
