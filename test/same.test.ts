/**
 * `"same"` in the poc arm is the commercial arm's resolved value (its file value merged onto
 * its own base) everywhere: the point run, the PSA's draws, the PSA result's `scenario`, and
 * the JSON Schema accepts it wherever the validator does (issue 16, defect 2).
 */

import Ajv2020 from 'ajv/dist/2020.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools } from '../src/engine/pools.js';
import { drawScenario } from '../src/psa/draw.js';
import { simulatePsa } from '../src/psa/simulate.js';
import { validatePsaScenario } from '../src/psa/validate.js';
import { defaultScenario } from '../src/scenario/defaults.js';
import { scenarioJsonSchema } from '../src/scenario/schema.js';
import { validateScenario } from '../src/scenario/validate.js';
import { cli } from './helpers/cli.js';

afterAll(async () => { await closePools(); });

/** The commercial arm's default p90 of manufacturing, which a file giving only the median keeps. */
const P90 = defaultScenario.arms.commercial.mfgDays.p90;
const partialSame = { arms: { commercial: { mfgDays: { median: 5 } }, poc: { mfgDays: 'same' } } };
const ajv = new Ajv2020.Ajv2020({ strict: false, allErrors: true });
const schemaAccepts = ajv.compile(scenarioJsonSchema());

describe('"same" on a duration the commercial arm gives in part', () => {
  it('the point run takes the commercial arm\'s resolved duration { 5, its default p90 } (not the poc arm\'s p90 14)', () => {
    const v = validateScenario(partialSame);
    expect(v.errors).toEqual([]);
    expect(v.scenario?.arms.poc.mfgDays).toEqual({ median: 5, p90: P90 });
    expect(v.scenario?.arms.commercial.mfgDays).toEqual({ median: 5, p90: P90 });
  });

  it('a valid file is not refused: commercial { median: 20 } with poc "same" is { 20, its default p90 }', () => {
    const v = validateScenario({ arms: { commercial: { mfgDays: { median: 20 } }, poc: { mfgDays: 'same' } } });
    expect(v.errors).toEqual([]);
    expect(v.scenario?.arms.poc.mfgDays).toEqual({ median: 20, p90: P90 });
  });

  it('the uncertainty of the commercial duration is not copied into the poc arm\'s base case', () => {
    const v = validateScenario({ arms: { commercial: { mfgDays: { median: 5, uncertainty: { p90: 8 } } }, poc: { mfgDays: 'same' } } });
    expect(v.errors).toEqual([]);
    expect(v.scenario?.arms.poc.mfgDays).toEqual({ median: 5, p90: P90 });
  });

  it('the PSA base case, its draws and its result\'s scenario agree', async () => {
    const file = { ...partialSame, run: { psa: { draws: 2, patientsPerDraw: 50 } } };
    const v = validatePsaScenario(file);
    expect(v.errors).toEqual([]);
    const ps = v.scenario!;
    expect(ps.base.arms.poc.mfgDays).toEqual({ median: 5, p90: P90 });
    expect(drawScenario(ps, 0).arms.poc.mfgDays).toEqual({ median: 5, p90: P90 });
    const result = await simulatePsa(file, { workers: 1, tornado: false });
    expect(result.scenario.arms.poc.mfgDays).toEqual({ median: 5, p90: P90 });
  });

  it('the CLI run prints the resolved duration in the result\'s scenario', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cgt-same-'));
    try {
      const path = join(dir, 'same.json');
      writeFileSync(path, JSON.stringify(partialSame));
      const r = await cli('run', path, '--patients', '100', '--engine', 'reference', '--format', 'json');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).scenario.arms.poc.mfgDays).toEqual({ median: 5, p90: P90 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the JSON Schema accepts "same" wherever the validator does', () => {
  it.each(['adminDays', 'slotWaitDays', 'mfgDays', 'reapheresisDays', 'logisticsDays'])('poc %s: "same"', (key) => {
    const file = { arms: { poc: { [key]: 'same' } } };
    expect(validateScenario(file).errors).toEqual([]);
    expect(schemaAccepts(file), JSON.stringify(schemaAccepts.errors)).toBe(true);
  });

  it.each(['adminDays', 'mfgDays'])('commercial %s: "same" is refused by both', (key) => {
    const file = { arms: { commercial: { [key]: 'same' } } };
    expect(validateScenario(file).ok).toBe(false);
    expect(schemaAccepts(file)).toBe(false);
  });

  it('another string for a poc duration is refused by both', () => {
    const file = { arms: { poc: { mfgDays: 'Same' } } };
    expect(validateScenario(file).ok).toBe(false);
    expect(schemaAccepts(file)).toBe(false);
  });
});
