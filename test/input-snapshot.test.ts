/**
 * The library reads a caller's scenario (and base) once, into a plain copy, and validates and
 * runs that copy (issue 16, defects 5 and 6, and the non-plain objects, symbol keys and
 * nesting of "Smaller, also to fix").
 */

import { describe, expect, it } from 'vitest';
import { validatePsaScenario } from '../src/psa/validate.js';
import { simulatePsa } from '../src/psa/simulate.js';
import { cloneScenario, defaultScenario } from '../src/scenario/defaults.js';
import { MAX_DEPTH } from '../src/scenario/snapshot.js';
import { ScenarioError, validateScenario } from '../src/scenario/validate.js';
import { simulate } from '../src/simulate.js';

/** A scenario whose arms.poc.pCr answers `first` to its first read and `later` to every other. */
function shifty(first: number, later: number) {
  let reads = 0;
  const poc = {
    get pCr() {
      reads++;
      return reads === 1 ? first : later;
    },
  };
  return { scenario: { arms: { poc } }, reads: () => reads };
}

describe('a getter is read once: what is validated is what runs (defect 6)', () => {
  it('pCr 0.4 then 0.9 runs with 0.4 (the value validated), reading it once', async () => {
    const s = shifty(0.4, 0.9);
    const result = await simulate({ ...s.scenario, run: { patients: 1000 } }, { engine: 'reference' });
    expect(result.scenario.arms.poc.pCr).toBe(0.4);
    expect(s.reads()).toBe(1);
  }, 120_000);

  it('pCr 0.9 then 0.4 is refused (pCr <= pOrr 0.73), not run with 0.4', () => {
    const s = shifty(0.9, 0.4);
    const v = validateScenario(s.scenario);
    expect(v.ok).toBe(false);
    expect(v.errors.map((e) => e.path)).toEqual(['arms.poc.pCr']);
    expect(s.reads()).toBe(1);
  });

  it('a PSA scenario is read once too (its uncertain forms are the ones validated)', () => {
    let reads = 0;
    const poc = { get pOs1() { reads++; return reads === 1 ? { value: 0.5, n: 20 } : 0.99; } };
    const v = validatePsaScenario({ arms: { poc } });
    expect(v.errors).toEqual([]);
    expect(v.scenario?.parameters.map((p) => p.path)).toEqual(['arms.poc.pOs1']);
    expect(reads).toBe(1);
  });

  it('a getter that throws is a validation error at its path, not a crash', () => {
    const v = validateScenario({ arms: { poc: { get pReferral(): number { throw new Error('boom'); } } } });
    expect(v.ok).toBe(false);
    expect(v.errors[0].path).toBe('arms.poc.pReferral');
    expect(v.errors[0].rule).toContain('could not be read');
  });
});

describe('only plain data is a scenario', () => {
  const nonPlain: [string, unknown][] = [
    ['a Date', new Date(0)],
    ['a Map', new Map([['arms', {}]])],
    ['a RegExp', /x/],
    ['a Promise', Promise.resolve({})],
    ['a class instance', new (class Scenario { arms = {}; })()],
    ['an object inheriting its fields', Object.create({ arms: { poc: { pReferral: 0.9 } } })],
    ['a boxed number', Object(5)],
    ['a typed array', new Float64Array(2)],
  ];

  it.each(nonPlain)('%s as the scenario is refused (it ran the defaults)', async (what, value) => {
    const v = validateScenario(value);
    expect(v.ok, what).toBe(false);
    expect(v.errors[0].path).toBe('(root)');
    await expect(simulate(value, { engine: 'reference' })).rejects.toBeInstanceOf(ScenarioError);
  });

  it.each(nonPlain)('%s as a section is refused at its path', (_, value) => {
    const v = validateScenario({ arms: { poc: value } });
    expect(v.ok).toBe(false);
    expect(v.errors[0].path).toBe('arms.poc');
  });

  it('a symbol key is refused (it was ignored)', () => {
    const v = validateScenario({ arms: { poc: { pReferral: 0.9, [Symbol('pFunding')]: 0.5 } } });
    expect(v.ok).toBe(false);
    expect(v.errors[0].path).toBe('arms.poc');
    expect(v.errors[0].rule).toContain('symbol key');
  });

  it('an object without a prototype is plain data', () => {
    const poc = Object.assign(Object.create(null), { pReferral: 0.9 });
    const v = validateScenario({ arms: { poc } });
    expect(v.errors).toEqual([]);
    expect(v.scenario?.arms.poc.pReferral).toBe(0.9);
  });

  it('a "__proto__" key stays an own, unknown field', () => {
    const v = validateScenario(JSON.parse('{"arms":{"poc":{"__proto__":{"pReferral":0.9}}}}'));
    expect(v.ok).toBe(false);
    expect(v.errors[0].path).toBe('arms.poc.__proto__');
    expect(({} as Record<string, unknown>).pReferral).toBeUndefined();
  });
});

describe('nesting of any depth is refused cleanly, naming the nesting', () => {
  const nest = (depth: number, leaf: unknown = 1) => {
    let v: unknown = leaf;
    for (let i = 0; i < depth; i++) v = { a: v };
    return v;
  };

  it.each([MAX_DEPTH + 1, 5000, 200_000])('%i levels of objects', (depth) => {
    const v = validateScenario(nest(depth));
    expect(v.ok).toBe(false);
    expect(v.errors.some((e) => /nested more than 32 levels deep/.test(e.rule))).toBe(true);
  });

  it('100,000 levels of arrays under a known field', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    const r = validateScenario({ arms: { poc: { pReferral: v } } });
    expect(r.ok).toBe(false);
    expect(r.errors.some((e) => /nested more than/.test(e.rule))).toBe(true);
  });

  it('nesting within the limit is judged field by field as before', () => {
    const v = validateScenario(nest(MAX_DEPTH - 1));
    expect(v.ok).toBe(false);
    expect(v.errors.map((e) => e.path)).toEqual(['a']);
  });
});

describe('the base option is a scenario, validated as one (defect 5)', () => {
  const badPoc = { ...cloneScenario(defaultScenario), arms: { ...cloneScenario(defaultScenario).arms, poc: { ...cloneScenario(defaultScenario).arms.poc, pReferral: 5, price: NaN } } };

  it('a base with pReferral 5 and price NaN rejects, naming both (it resolved with NaN costs)', async () => {
    const run = simulate({}, { base: badPoc, engine: 'reference' });
    await expect(run).rejects.toBeInstanceOf(ScenarioError);
    const e = await run.catch((x: ScenarioError) => x);
    expect((e as ScenarioError).errors.map((x) => x.path)).toEqual(['base.arms.poc.pReferral', 'base.arms.poc.price']);
    expect((e as Error).message).toContain('base.arms.poc.price: must be an amount of money');
  });

  it.each([[42], [null], ['zuma-1'], [[]]])('base %j rejects with a message naming base (it was a TypeError)', async (base) => {
    const e = await simulate({}, { base: base as never, engine: 'reference' }).catch((x: Error) => x);
    expect(e).toBeInstanceOf(ScenarioError);
    expect((e as Error).message).toMatch(/^invalid scenario:\n {2}base: must be an object/);
  });

  it('base {} is the defaults (a partial base is completed by them)', async () => {
    const v = validateScenario({ run: { patients: 10 } }, {} as never);
    expect(v.errors).toEqual([]);
    expect(v.scenario).toEqual({ ...defaultScenario, run: { patients: 10, seed: 1 } });
  });

  it('a base breaking a rule between fields is refused', () => {
    const base = cloneScenario(defaultScenario);
    base.arms.commercial.pCr = 0.99;
    const v = validateScenario({}, base);
    expect(v.errors.map((e) => e.path)).toEqual(['base.arms.commercial.pCr']);
  });

  it('a base with uncertain numbers is refused (a base is a version 1 scenario)', () => {
    const v = validateScenario({}, { arms: { poc: { pOs1: { value: 0.5, n: 10 } } } } as never);
    expect(v.errors.map((e) => e.path)).toEqual(['base.arms.poc.pOs1']);
  });

  it('simulatePsa checks its base too', async () => {
    const e = await simulatePsa({}, { base: 42 as never }).catch((x: Error) => x);
    expect(e).toBeInstanceOf(ScenarioError);
    expect((e as Error).message).toContain('base: must be an object');
  });

  it('a preset\'s scenario as base gives the same result as before (a valid base is taken as it is)', () => {
    const base = cloneScenario(defaultScenario);
    base.arms.poc.pReferral = 0.8;
    const v = validateScenario({ run: { patients: 10 } }, base);
    expect(v.scenario).toEqual({ ...base, run: { patients: 10, seed: 1 } });
  });
});

describe('uncertain forms: many or unsafe keys', () => {
  it('an uncertain number with 100,000 unknown keys gives at most MAX_LISTED_ERRORS errors and a count of the rest', () => {
    const form: Record<string, unknown> = { value: 0.5, n: 10 };
    for (let i = 0; i < 100_000; i++) form[`k${i}`] = 1;
    const v = validateScenario({ arms: { poc: { pOs1: form } } });
    expect(v.ok).toBe(false);
    expect(v.errors).toHaveLength(40);
    expect(v.ok ? 0 : v.omittedErrors).toBe(100_000 - 40);
  });

  it('an unknown key of an uncertain number is escaped in the message', () => {
    const v = validateScenario({ arms: { poc: { pOs1: { value: 0.5, n: 10, '\u202ex': 1 } } }, run: { psa: { '\u202ey': 1 } } });
    for (const e of v.errors) expect(e.message).not.toMatch(/\u202e/);
    expect(v.errors.map((e) => e.message).join('\n')).toContain('"\\u202ex"');
    expect(v.errors.map((e) => e.path)).toContain('run.psa."\\u202ey"');
  });
});
