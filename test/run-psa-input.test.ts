/**
 * `runPsa` checks the PSA scenario it is given (a sibling of issue 16's defect 5: like `base`,
 * it was taken on trust, and `runPsa({})` threw a TypeError from inside): every preset's PSA
 * scenario, and one changed within the rules, pass as they are; anything else is refused with
 * a TypeError naming what is wrong, before anything runs. So does getPreset for a name that is not one.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPreset, presetNames, presetUncertainty, resolvePsaScenario, runPsa } from '../src/index.js';
import { checkPsaScenario } from '../src/psa/validate.js';

afterAll(() => closePools());

const FILE = {
  arms: {
    commercial: { pOs1: { value: 0.5, n: 40 }, price: { value: 373000, p90: 420000 }, mfgDays: { median: 20, uncertainty: { p90: 25 } } },
    poc: { pOs1: 'same', pCr: { value: 0.3, n: 12 } },
  },
  run: { psa: { draws: 2, patientsPerDraw: 10 } },
};

describe('runPsa checks its PSA scenario', () => {
  // A preset with capacity (MODEL.md v2) runs as cohort-years, which a PSA does not: refused, naming the capacity.
  const withCapacity = (name: string) => Object.values(getPreset(name).scenario.arms).some((a) => a.capacity !== undefined);
  it.each(presetNames.filter((n) => !withCapacity(n)))('the PSA scenario of preset %s passes unchanged', (name) => {
    const ps = presetUncertainty(getPreset(name));
    expect(checkPsaScenario(ps)).toEqual(ps);
  });
  it.each(presetNames.filter(withCapacity))('preset %s, with capacity, has no PSA scenario (refused, naming the capacity)', (name) => {
    expect(() => presetUncertainty(getPreset(name))).toThrow(/arms\.(commercial|poc)\.capacity: is not run by a probabilistic sensitivity analysis/);
  });

  it('a scenario with every kind of parameter passes unchanged, and so does one with fewer draws', () => {
    const ps = resolvePsaScenario(FILE);
    expect(checkPsaScenario(ps)).toEqual(ps);
    const fewer = { ...ps, run: { ...ps.run, draws: 3 } };
    expect(checkPsaScenario(fewer)).toEqual(fewer);
  });

  const ps = resolvePsaScenario(FILE);
  const bad: [string, unknown, RegExp][] = [
    ['nothing', undefined, /^runPsa: ps must be a PSA scenario[^]*ps: must be an object/],
    ['an empty object', {}, /ps\.base: must be an object/],
    ['null', null, /ps: must be an object/],
    ['a base with pReferral 5', { ...ps, base: { ...ps.base, arms: { ...ps.base.arms, poc: { ...ps.base.arms.poc, pReferral: 5 } } } }, /ps\.base\.arms\.poc\.pReferral: must be a probability/],
    ['draws 10^9', { ...ps, run: { draws: 1e9, patientsPerDraw: 10 } }, /ps\.run\.draws: must be an integer in \[2, 100000\]/],
    ['a Beta with n 0', { ...ps, parameters: ps.parameters.map((p) => (p.distribution === 'beta' ? { ...p, n: 0 } : p)) }, /n must be >= 1/],
    ['a parameter at the wrong slot', { ...ps, parameters: ps.parameters.map((p) => ({ ...p, slot: p.slot + 1 })) }, /ps\.parameters\[0\]\.slot: must be/],
    ['an unknown path', { ...ps, parameters: [{ ...ps.parameters[0], path: 'arms.poc.nonsense' }] }, /unknown field/],
    ['a "same" field that is also uncertain', { ...ps, same: ['pCr'] }, /pCr is both "same" and an uncertain parameter/],
    ['an unknown "same" field', { ...ps, same: ['nonsense'] }, /arms\.poc\.nonsense: unknown field/],
    ['parameters not an array', { ...ps, parameters: 'all' }, /ps\.parameters: must be an array/],
    ['a Date', new Date(0), /ps: must be plain data/],
  ];

  it.each(bad)('%s is refused with a TypeError naming it, before anything runs', async (_, value, pattern) => {
    const e = await runPsa(value as never, { tornado: false }).then(() => undefined, (x: Error) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect(e!.message).toMatch(pattern);
  });

  it('a checked scenario runs as before (the same bits)', async () => {
    const a = await runPsa(ps, { tornado: false, workers: 1 });
    const b = await runPsa(resolvePsaScenario(FILE), { tornado: false, workers: 1 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('getPreset refuses what is not a preset name', () => {
  it.each([[42], [null], [undefined], [{}]])('%j: a TypeError naming preset (it threw from inside)', (name) => {
    expect(() => getPreset(name as never)).toThrow(TypeError);
    expect(() => getPreset(name as never)).toThrow(/^preset: must be a preset name/);
  });

  it('a long or unsafe name is echoed cut and escaped', () => {
    expect(() => getPreset(`\u202e${'x'.repeat(10_000)}`)).toThrow(/^preset: unknown preset "\\u202exxx[x]*\.\.\." \(10001 characters\); known presets/);
  });
});
