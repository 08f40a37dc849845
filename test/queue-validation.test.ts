/**
 * Validation of the capacity fields (MODEL.md v2, "Validation of the version 2 fields"):
 * `capacity.lines` an integer in [1, 10^6]; `run.years.replicates` an integer in [1, 10^6],
 * `warmupYears` in [0, 10]; `eligiblePerYear` at most 10^6 with capacity. Each bad input is
 * refused with its path, value and rule, by the library (nothing runs) and by the CLI (exit 2,
 * nothing on stdout). Good ones merge as documented.
 */

import { describe, expect, it } from 'vitest';
import { simulate } from '../src/index.js';
import { validatePsaScenario } from '../src/psa/validate.js';
import { validateScenario } from '../src/scenario/validate.js';
import { cli } from './helpers/cli.js';

const LINES = 'must be an integer in [1, 1000000]';
const REPLICATES = 'must be an integer in [1, 1000000]';
const WARMUP = 'must be an integer in [0, 10]';

const cases: [string, unknown, string, unknown, string][] = [
  ['zero lines', { arms: { poc: { capacity: { lines: 0 } } } }, 'arms.poc.capacity.lines', 0, LINES],
  ['negative lines', { arms: { commercial: { capacity: { lines: -3 } } } }, 'arms.commercial.capacity.lines', -3, LINES],
  ['fractional lines', { arms: { poc: { capacity: { lines: 2.5 } } } }, 'arms.poc.capacity.lines', 2.5, LINES],
  ['too many lines', { arms: { poc: { capacity: { lines: 1e6 + 1 } } } }, 'arms.poc.capacity.lines', 1e6 + 1, LINES],
  ['lines as a string', { arms: { poc: { capacity: { lines: '4' } } } }, 'arms.poc.capacity.lines', '4', 'must be an integer in [1, 1000000]'],
  ['infinite lines', { arms: { poc: { capacity: { lines: Infinity } } } }, 'arms.poc.capacity.lines', Infinity, 'must be an integer in [1, 1000000], finite'],
  ['no lines', { arms: { poc: { capacity: {} } } }, 'arms.poc.capacity.lines', undefined, 'is required when arms.poc.capacity is given'],
  ['capacity a number', { arms: { poc: { capacity: 4 } } }, 'arms.poc.capacity', 4, 'must be an object'],
  ['capacity an array', { arms: { poc: { capacity: [4] } } }, 'arms.poc.capacity', [4], 'must be an object'],
  ['a misspelt field of capacity', { arms: { poc: { capacity: { lines: 2, line: 3 } } } }, 'arms.poc.capacity.line', 3, 'unknown field (did you mean lines?)'],
  ['zero replicates', { run: { years: { replicates: 0 } } }, 'run.years.replicates', 0, REPLICATES],
  ['too many replicates', { run: { years: { replicates: 2e6 } } }, 'run.years.replicates', 2e6, REPLICATES],
  ['fractional replicates', { run: { years: { replicates: 10.5 } } }, 'run.years.replicates', 10.5, REPLICATES],
  ['negative warm-up years', { run: { years: { warmupYears: -1 } } }, 'run.years.warmupYears', -1, WARMUP],
  ['too many warm-up years', { run: { years: { warmupYears: 11 } } }, 'run.years.warmupYears', 11, WARMUP],
  ['fractional warm-up years', { run: { years: { warmupYears: 0.5 } } }, 'run.years.warmupYears', 0.5, WARMUP],
  ['years not an object', { run: { years: 3 } }, 'run.years', 3, 'must be an object'],
  ['an unknown field of years', { run: { years: { replicates: 5, warmups: 2 } } }, 'run.years.warmups', 2, 'unknown field (known fields: replicates, warmupYears)'],
  ['too large a cohort with capacity', { cohort: { eligiblePerYear: 2e6 }, arms: { poc: { capacity: { lines: 10 } } } }, 'cohort.eligiblePerYear', 2e6,
    'must be <= 1000000 in a run with capacity (cohort-years hold every patient of warmupYears + 1 cohorts at once)'],
  ['too large a cohort with run.years', { cohort: { eligiblePerYear: 1e6 + 1 }, run: { years: { replicates: 2 } } }, 'cohort.eligiblePerYear', 1e6 + 1,
    'must be <= 1000000 in a run with capacity (cohort-years hold every patient of warmupYears + 1 cohorts at once)'],
  ['capacity in a cost-recovery arm', { arms: { poc: { pricing: { rule: 'costRecovery' }, capacity: { lines: 3 } } } }, 'arms.poc.capacity', { lines: 3 },
    'must be absent (or null) in an arm with cost-recovery pricing (arms.poc.pricing): the queue breaks the proportionality of the price\'s fixed point'],
];

describe('bad capacity inputs', () => {
  it.each(cases)('refuses %s with path, value and rule', (_name, input, path, value, rule) => {
    const v = validateScenario(input);
    expect(v.ok).toBe(false);
    const e = v.errors.find((x) => x.path === path);
    expect(e, JSON.stringify(v.errors)).toBeDefined();
    expect(e!.value).toEqual(value);
    expect(e!.rule).toBe(rule);
    expect(e!.message.startsWith(`${path}: ${rule}`)).toBe(true);
  });

  it('counts at least 15 cases', () => expect(cases.length).toBeGreaterThanOrEqual(15));

  it('makes simulate reject before anything runs', async () => {
    await expect(simulate({ arms: { poc: { capacity: { lines: 0 } } } })).rejects.toMatchObject({ name: 'ScenarioError' });
  });

  it('refuses capacity in a probabilistic sensitivity analysis', () => {
    const v = validatePsaScenario({ arms: { poc: { capacity: { lines: 3 } } }, run: { psa: { draws: 10 } } });
    expect(v.ok).toBe(false);
    expect(v.errors[0].path).toBe('arms.poc.capacity');
    const w = validatePsaScenario({ run: { years: { replicates: 5 }, psa: { draws: 10 } } });
    expect(w.ok).toBe(false);
    expect(w.errors[0].path).toBe('run.years');
  });

  it('exits 2 in the CLI with the message on stderr and nothing on stdout', async () => {
    const r = await cli('run', '--set', 'arms.poc.capacity.lines=0');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('arms.poc.capacity.lines: must be an integer in [1, 1000000]; got 0');
  });
});

describe('good capacity inputs', () => {
  it('give run.years its defaults when either arm has capacity', () => {
    const v = validateScenario({ arms: { commercial: { capacity: { lines: 40 } } } });
    expect(v.ok && v.scenario.run.years).toEqual({ replicates: 200, warmupYears: 1 });
    expect(v.ok && v.scenario.arms.poc.capacity).toBeUndefined();
  });

  it('leave a version 1 scenario without capacity or run.years', () => {
    const v = validateScenario({});
    expect(v.ok && Object.keys(v.scenario.run)).toEqual(['patients', 'seed']);
    expect(v.ok && 'capacity' in v.scenario.arms.poc).toBe(false);
  });

  it('remove run.years given as null (a version 1 run again), and give its defaults back when an arm has capacity', () => {
    const base = validateScenario({ run: { years: { replicates: 7 } } });
    expect(base.ok && base.scenario.run.years).toEqual({ replicates: 7, warmupYears: 1 });
    if (!base.ok) return;
    const removed = validateScenario({ run: { years: null } }, base.scenario);
    expect(removed.ok && removed.scenario.run.years).toBeUndefined();
    const withLines = validateScenario({ arms: { poc: { capacity: { lines: 2 } } }, run: { years: null } }, base.scenario);
    expect(withLines.ok && withLines.scenario.run.years).toEqual({ replicates: 200, warmupYears: 1 });
  });

  it('take a half-given run.years onto the defaults, and null removes a base capacity', () => {
    const v = validateScenario({ run: { years: { warmupYears: 3 } }, arms: { poc: { capacity: { lines: 1e6 } } } });
    expect(v.ok && v.scenario.run.years).toEqual({ replicates: 200, warmupYears: 3 });
    const base = (v as { scenario: never }).scenario;
    const w = validateScenario({ arms: { poc: { capacity: null } } }, base);
    expect(w.ok && w.scenario.arms.poc.capacity).toBeUndefined();
    const x = validateScenario({ arms: { poc: { capacity: { lines: 7 } } } }, base);
    expect(x.ok && x.scenario.arms.poc.capacity).toEqual({ lines: 7 });
  });
});
