import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET, getPreset, presetNames, presets, resolvePreset } from '../src/presets/index.js';
import { capacityPresets } from '../src/presets/capacity.js';
import { TABLE2_PRESETS } from '../src/presets/table2.js';
import { validateScenario } from '../src/scenario/validate.js';
import { ARM_NAMES } from '../src/scenario/types.js';

const EXPECTED = [
  'default',
  'default-lines',
  'ari-0001-prodigy',
  'axi-cel-real-world',
  'tisa-cel-real-world',
  'zuma-1',
  'eliana',
  'maschan-all',
  'maschan-nhl',
  'sheba-abcl',
  'ari-0001',
  'clic-01',
];

/** Every parameter path of a scenario's cohort and arms (durations as a whole). */
function parameterPaths(name: string): string[] {
  const s = getPreset(name).scenario;
  const paths = Object.keys(s.cohort).map((k) => `cohort.${k}`);
  for (const arm of ARM_NAMES) for (const k of Object.keys(s.arms[arm])) paths.push(`arms.${arm}.${k}`);
  return paths;
}

describe('presets', () => {
  it('has the default, the nine Table 2 presets and two with capacity, with unique well-formed names', () => {
    expect([...presetNames].sort()).toEqual([...EXPECTED].sort());
    expect(presetNames[0]).toBe('default');
    expect(new Set(presetNames).size).toBe(presetNames.length);
    for (const name of presetNames) expect(name).toMatch(/^[a-z0-9-]+$/);
    expect(TABLE2_PRESETS).toHaveLength(9);
  });

  it('gives each preset a one-line title and a description', () => {
    for (const p of presets) {
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.title).not.toMatch(/\n/);
      expect(p.description.length).toBeGreaterThan(40);
    }
  });

  it.each(EXPECTED)('%s resolves to a full valid scenario', (name) => {
    const p = getPreset(name);
    const v = validateScenario(p.scenario);
    expect(v.errors).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.scenario).toEqual(p.scenario);
    // The definition resolves again to the same scenario (resolvePreset throws on a broken rule).
    const def = name === 'default' ? undefined : [...TABLE2_PRESETS, ...capacityPresets(DEFAULT_PRESET)].find((d) => d.name === name);
    if (def) expect(resolvePreset(def).scenario).toEqual(p.scenario);
  });

  it.each(EXPECTED)('%s gives a source for every parameter', (name) => {
    const p = getPreset(name);
    const paths = parameterPaths(name);
    expect(paths).toContain('arms.poc.adminDays');
    expect(paths).toContain('cohort.eligiblePerYear');
    for (const path of paths) {
      const source = p.sources[path];
      expect(source, path).toBeTypeOf('string');
      expect(source.trim().length, path).toBeGreaterThan(0);
    }
    // No source for a path that is not a parameter (a typo in a preset would show here).
    expect(Object.keys(p.sources).sort()).toEqual([...paths].sort());
  });

  it.each(EXPECTED)('%s has only seed, public or assumption sources', (name) => {
    for (const [path, source] of Object.entries(getPreset(name).sources)) {
      expect(source, path).toMatch(/^(seed|public|assumption)/);
    }
  });

  it('sets every value of a definition with a source of its own', () => {
    for (const def of TABLE2_PRESETS) {
      const groups = [def.cohort, def.arms?.commercial, def.arms?.poc];
      for (const g of groups) {
        for (const [key, f] of Object.entries(g ?? {})) {
          expect(f, `${def.name}.${key}`).toBeDefined();
          expect(f!.source.trim().length, `${def.name}.${key}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('refuses an unknown preset with a RangeError naming the known ones', () => {
    expect(() => getPreset('nope')).toThrow(RangeError);
    try {
      getPreset('nope');
    } catch (e) {
      const message = (e as Error).message;
      for (const name of EXPECTED) expect(message).toContain(name);
    }
  });

  it('suggests the nearest name for a typo', () => {
    expect(() => getPreset('zuma1')).toThrow(/did you mean zuma-1\?/);
  });
});

describe('preset values against the seed (Table 2 and text)', () => {
  const arm = (name: string, which: 'commercial' | 'poc') => getPreset(name).scenario.arms[which];

  it('zuma-1: ref. 27', () => {
    const c = arm('zuma-1', 'commercial');
    expect(c.pOrr).toBe(0.83);
    expect(c.pCr).toBe(0.58);
    expect(c.pOs1).toBe(0.604);
    expect(c.pPfs1).toBe(0.446);
    expect(c.pCrs3).toBe(0.11);
    expect(c.pIcans3).toBe(0.3);
    // Point-of-care efficacy assumed equal, and said so.
    expect(arm('zuma-1', 'poc').pCr).toBe(0.58);
    expect(getPreset('zuma-1').sources['arms.poc.pCr']).toMatch(/^assumption: point-of-care efficacy taken equal/);
  });

  it('axi-cel and tisa-cel real-world: ref. 26', () => {
    expect(arm('axi-cel-real-world', 'commercial')).toMatchObject({ pOrr: 0.8, pCr: 0.6, pOs1: 0.635, pPfs1: 0.466 });
    expect(arm('tisa-cel-real-world', 'commercial')).toMatchObject({
      pOrr: 0.66, pCr: 0.42, pOs1: 0.488, pPfs1: 0.332, pCrs3: 0.09, pIcans3: 0.03, pOos: 0.24,
    });
  });

  it('eliana: ref. 28, with a pediatric ALL cohort', () => {
    const p = getPreset('eliana');
    expect(p.scenario.arms.commercial).toMatchObject({ pOrr: 0.82, pCr: 0.62, pOs1: 0.771, pPfs1: 0.38, pCrs3: 0.49, pIcans3: 0.13 });
    expect(p.scenario.cohort.eligiblePerYear).toBeLessThan(600);
    expect(p.sources['cohort.eligiblePerYear']).toMatch(/^assumption/);
  });

  it('maschan-all and maschan-nhl: ref. 29', () => {
    expect(arm('maschan-all', 'poc')).toMatchObject({ pCr: 0.77, pOs1: 0.67, pPfs1: 0.29, pInSpec: 0.96 });
    expect(getPreset('maschan-all').sources['arms.poc.pOrr']).toMatch(/^assumption/);
    expect(arm('maschan-all', 'commercial')).toMatchObject({ pOrr: 0.85, pCr: 0.85, pOs1: 0.772 });
    expect(arm('maschan-nhl', 'poc')).toMatchObject({ pOrr: 0.83, pCr: 0.7, pOs1: 0.77, pPfs1: 0.56, pCrs3: 0.04, pIcans3: 0.09 });
    expect(arm('maschan-nhl', 'poc').mfgDays.median).toBeLessThanOrEqual(13);
  });

  it('sheba-abcl: ref. 30', () => {
    const poc = arm('sheba-abcl', 'poc');
    expect(poc.pCr).toBe(0.375);
    expect(poc.pOrr).toBe(0.625);
    expect(poc.pOs1).toBe(0.521);
    expect(poc.pPfs1).toBe(0.4);
    expect(poc.pInSpec).toBe(0.986);
    expect(poc.mfgDays.median).toBe(10);
    // Priced 30-80% less than the commercial arm.
    const commercial = arm('sheba-abcl', 'commercial');
    expect(poc.price).toBeGreaterThanOrEqual(0.2 * commercial.price);
    expect(poc.price).toBeLessThanOrEqual(0.7 * commercial.price);
  });

  it('ari-0001: ref. 36 and 38', () => {
    const p = getPreset('ari-0001');
    const poc = p.scenario.arms.poc;
    expect(poc).toMatchObject({ pCr: 0.84, pOs1: 0.69, pPfs1: 0.47, pCrs3: 0.13, pIcans3: 0.026 });
    expect(poc.mfgDays.median).toBeGreaterThanOrEqual(7);
    expect(poc.mfgDays.p90).toBeLessThanOrEqual(10);
    expect(poc.price).toBeCloseTo(0.3 * p.scenario.arms.commercial.price, 6);
  });

  it('clic-01: ref. 39, one-year OS and PFS from the medians', () => {
    const p = getPreset('clic-01');
    const poc = p.scenario.arms.poc;
    expect(poc.pOrr).toBe(0.77);
    expect(poc.pInSpec).toBe(0.94);
    expect(poc.pOs1).toBeCloseTo(2 ** (-12 / 11), 2);
    expect(poc.pPfs1).toBeCloseTo(2 ** (-12 / 6), 2);
    expect(p.sources['arms.poc.pOs1']).toMatch(/exponential/);
  });

  it('default: unchanged by the presets work', () => {
    const c = arm('default', 'commercial');
    expect(c).toMatchObject({ pOrr: 0.73, pCr: 0.56, pOs1: 0.62, pPfs1: 0.47, pCrs3: 0.08, pIcans3: 0.24 });
    expect(getPreset('default').scenario.cohort.eligiblePerYear).toBe(600);
  });
});

describe('presets with capacity (MODEL.md v2)', () => {
  it('give lines to their arms, with assumption sources, and run as cohort-years', () => {
    const d = getPreset('default-lines');
    expect(d.scenario.arms.poc.capacity).toEqual({ lines: 11 });
    expect(d.scenario.arms.commercial.capacity).toEqual({ lines: 10 });
    expect(d.scenario.run.years).toEqual({ replicates: 200, warmupYears: 1 });
    expect(d.sources['arms.poc.capacity']).toMatch(/^assumption/);
    const a = getPreset('ari-0001-prodigy');
    expect(a.scenario.arms.poc.capacity).toEqual({ lines: 1 });
    expect(a.scenario.arms.commercial.capacity).toBeUndefined();
    expect(a.scenario.cohort).toEqual(getPreset('ari-0001').scenario.cohort);
  });
});
