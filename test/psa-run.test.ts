/**
 * The PSA run: draws of (seed, d) alone, "same" parameters equal in both arms in every draw,
 * MODEL.md's repairs, the degenerate PSA (every n huge, every p90 at its value) equal to the
 * point run within MCSE, byte-identical result JSON with 1, 2 and 4 workers, the tornado,
 * presets' uncertainty, cancellation, and the `psa` command in-process.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { closePools, simulate } from '../src/index.js';
import { getPreset } from '../src/presets/index.js';
import { drawScenario, drawValues } from '../src/psa/draw.js';
import { mergeScenarioFiles } from '../src/psa/merge.js';
import { ASSUMPTION_SAMPLE_SIZE, durationFactorP90, presetUncertainty, presetUncertaintyFile } from '../src/psa/presets.js';
import { runPsa, simulatePsa } from '../src/psa/simulate.js';
import { resolvePsaScenario } from '../src/psa/validate.js';
import { validateScenario } from '../src/scenario/validate.js';
import type { Arm } from '../src/scenario/types.js';
import { cli } from './helpers/cli.js';

afterAll(() => closePools());

const OUTCOMES = ['pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3'] as const;

/** Wide uncertainty on most kinds of field, "same" on the outcomes. */
const wide = {
  cohort: { bridgingHazardRatio: { value: 0.5, p90: 1 }, untreatedMedianSurvivalDays: { value: 180, p90: 260 } },
  arms: {
    commercial: {
      pOrr: { value: 0.73, n: 20 }, pCr: { value: 0.6, n: 15 }, pOs1: { value: 0.62, n: 20 }, pPfs1: { value: 0.55, n: 10 },
      pCrs3: { value: 0.08, n: 30 }, pIcans3: { value: 0.24, n: 30 },
      pInSpec: { value: 0.85, n: 8 }, pOos: { value: 0.12, n: 8 },
      mfgDays: { median: 17, p90: 35, uncertainty: { p90: 25 } }, price: { value: 373000, p90: 450000 },
    },
    poc: { pOrr: 'same', pCr: 'same', pOs1: 'same', pPfs1: 'same', pCrs3: 'same', pIcans3: 'same', adminDays: 'same', price: { value: 90000, p90: 150000 } },
  },
  run: { seed: 11, psa: { draws: 40, patientsPerDraw: 3000 } },
};

describe('the draws', () => {
  const ps = resolvePsaScenario(wide);

  it('"same" gives identical parameters in both arms in every draw, and every draw is a valid, repaired scenario', () => {
    for (let d = 0; d < 200; d++) {
      const s = drawScenario(ps, d);
      for (const k of OUTCOMES) expect(s.arms.poc[k]).toBe(s.arms.commercial[k]);
      expect(s.arms.poc.adminDays).toEqual(s.arms.commercial.adminDays);
      for (const arm of [s.arms.commercial, s.arms.poc] as Arm[]) {
        expect(arm.pCr).toBeLessThanOrEqual(arm.pOrr);
        expect(arm.pPfs1).toBeLessThanOrEqual(arm.pOs1);
        expect(arm.pInSpec + arm.pOos).toBeLessThanOrEqual(1 + 1e-12);
      }
      const { run, ...rest } = s;
      expect(run).toEqual({ patients: 3000, seed: 11 });
      expect(validateScenario(rest, s).errors.filter((e) => !/pOos|pCr|pPfs1/.test(e.path))).toEqual([]);
    }
  });

  it('the repairs happen (the wide priors cross pCr > pOrr and pInSpec + pOos > 1 in some draws)', () => {
    let crRepaired = 0;
    let specRepaired = 0;
    for (let d = 0; d < 200; d++) {
      const raw = drawValues(ps, d);
      if ((raw.get('arms.commercial.pCr') as number) > (raw.get('arms.commercial.pOrr') as number)) crRepaired++;
      if ((raw.get('arms.commercial.pInSpec') as number) + (raw.get('arms.commercial.pOos') as number) > 1) specRepaired++;
    }
    expect(crRepaired).toBeGreaterThan(0);
    expect(specRepaired).toBeGreaterThan(0);
  });

  it('a parameter\'s draws depend on (seed, draw, its field) only: not on which others are uncertain', () => {
    const alone = resolvePsaScenario({ arms: { commercial: { price: wide.arms.commercial.price } }, run: wide.run });
    for (const d of [0, 7, 39]) {
      expect(drawScenario(alone, d).arms.commercial.price).toBe(drawScenario(ps, d).arms.commercial.price);
    }
    expect(drawScenario(ps, 3)).toEqual(drawScenario(resolvePsaScenario(wide), 3));
    expect(drawScenario(ps, 3).arms.commercial.price).not.toBe(drawScenario(ps, 4).arms.commercial.price);
  });
});

describe('the PSA run', () => {
  it('gives byte-identical result JSON with 1, 2 and 4 workers', async () => {
    const [one, two, four] = await Promise.all([1, 2, 4].map((workers) => simulatePsa(wide, { workers })));
    const a = JSON.stringify(one);
    expect(JSON.stringify(two)).toBe(a);
    expect(JSON.stringify(four)).toBe(a);
  });

  it('reports what issue 6 lists, consistently', async () => {
    const r = await simulatePsa(wide, { workers: 2, wtp: [0, 1e5, 1e6] });
    expect(r.psa).toEqual({ draws: 40, patientsPerDraw: 3000 });
    expect(r.cePlane.extraAlive1y).toHaveLength(40);
    expect(r.cePlane.extraCost).toHaveLength(40);
    const st = r.difference.alive1y;
    expect(st.draws).toBe(40);
    expect(st.mean!).toBeCloseTo(r.cePlane.extraAlive1y.reduce((x, y) => x + y, 0) / 40, 9);
    expect(st.p025!).toBeLessThanOrEqual(st.p50!);
    expect(st.p50!).toBeLessThanOrEqual(st.p975!);
    expect(st.sd!).toBeGreaterThan(0);
    expect(r.arms.poc.funnel.infused.mean).toBeGreaterThan(0);
    expect('histogram' in r.arms.poc.v2v).toBe(false);
    expect(r.probabilities.both).toBeLessThanOrEqual(Math.min(r.probabilities.pocInfusesMore, r.probabilities.pocCostsLess));
    expect(r.probabilities.pocCostsLess).toBe(r.cePlane.extraCost.filter((c) => c < 0).length / 40);
    expect(r.wtp).toEqual([0, 1e5, 1e6]);
    expect(r.evpi.every((e) => e >= 0)).toBe(true);
    // Tornado: every parameter, sorted by swing, only values the parameter can take.
    const t = r.tornado!;
    expect(t.output).toBe('difference.alive1y');
    expect(t.bars).toHaveLength(r.parameters.length);
    for (let i = 1; i < t.bars.length; i++) expect(t.bars[i - 1].swing!).toBeGreaterThanOrEqual(t.bars[i].swing!);
    for (const b of t.bars) {
      const p = r.parameters.find((q) => q.path === b.parameter)!;
      if (p.distribution === 'beta') {
        for (const v of [b.low.value, b.high.value]) expect(v as number).toBeGreaterThan(0);
        for (const v of [b.low.value, b.high.value]) expect(v as number).toBeLessThan(1);
      }
    }
    const os = t.bars.find((b) => b.parameter === 'arms.commercial.pOs1')!;
    // pOs1 is "same" in poc: moving it moves both arms' survival of the infused, and poc infuses more.
    expect(os.high.output!).toBeGreaterThan(os.low.output!);
    expect(t.bars[0].swing!).toBeGreaterThan(0);
    const pcr = t.bars.find((b) => b.parameter === 'arms.commercial.pCr')!;
    expect(pcr.high.value as number).toBeLessThanOrEqual(0.73); // repaired to pOrr: a value pCr can take
  });

  it('with every n huge and every p90 at its value, the PSA mean equals the point run within MCSE', async () => {
    const degenerate = {
      arms: {
        commercial: { pOrr: { value: 0.73, n: 1e11 }, pOs1: { value: 0.62, n: 1e11 }, price: { value: 373000, p90: 373000 }, mfgDays: { median: 17, p90: 35, uncertainty: { p90: 17 } } },
        poc: { pOrr: 'same', pOs1: 'same', pFunding: { value: 0.8, n: 1e11 }, fixedCostPerYear: { value: 2e6, p90: 2e6 } },
      },
      run: { seed: 5, psa: { draws: 20, patientsPerDraw: 40000 } },
    };
    const r = await simulatePsa(degenerate, { workers: 2, tornado: false });
    // The point run on other patients (seed 6), and one with the PSA's patients for the MCSE.
    const point = await simulate({ run: { patients: 400_000, seed: 6 } }, { workers: 2 });
    const same = await simulate({ run: { patients: 40_000, seed: 5 } }, { workers: 2 });
    const check = (psaMean: number | null, a: { value: number | null; mcse: number | null }, b: { mcse: number | null }) => {
      const tol = 5 * Math.hypot(a.mcse!, b.mcse!);
      expect(Math.abs(psaMean! - a.value!), `${psaMean} vs ${a.value} (tolerance ${tol})`).toBeLessThan(tol);
    };
    for (const arm of ['commercial', 'poc'] as const) {
      check(r.arms[arm].funnel.infused.mean, point.arms[arm].funnel.infused, same.arms[arm].funnel.infused);
      check(r.arms[arm].funnel.alive1y.mean, point.arms[arm].funnel.alive1y, same.arms[arm].funnel.alive1y);
      check(r.arms[arm].costs.total.mean, point.arms[arm].costs.total, same.arms[arm].costs.total);
    }
    check(r.difference.alive1y.mean, point.difference.alive1y, same.difference.alive1y);
    check(r.difference.totalCost.mean, point.difference.totalCost, same.difference.totalCost);
    // The parameters barely move: the spread over draws is far below one run's MCSE.
    expect(r.difference.alive1y.sd!).toBeLessThan(0.1 * same.difference.alive1y.mcse!);
    expect(r.tornado).toBeNull();
  });

  it('is cancelled by its signal with an AbortError', async () => {
    const controller = new AbortController();
    const run = simulatePsa({ run: { psa: { draws: 5000, patientsPerDraw: 20000 } } }, {
      workers: 2, signal: controller.signal, onProgress: (p) => { if (p.done > 100_000) controller.abort(); },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses bad options and scenarios before running', async () => {
    await expect(simulatePsa({ arms: { poc: { pCr: { value: 0.5 } } } })).rejects.toMatchObject({ name: 'ScenarioError' });
    await expect(simulatePsa({}, { wtp: [] })).rejects.toThrow(/wtp/);
    await expect(simulatePsa({}, { tornado: { output: 'difference.alive' } })).rejects.toThrow(/tornado.output/);
  });
});

describe('presets with uncertainty', () => {
  it('take n from the trials\' patient counts and tie the outcomes assumed equal', () => {
    const zuma = presetUncertaintyFile(getPreset('zuma-1')).file;
    for (const k of OUTCOMES) {
      expect(zuma.arms.commercial[k]).toEqual({ value: getPreset('zuma-1').scenario.arms.commercial[k], n: 101 });
      expect(zuma.arms.poc[k]).toBe('same');
    }
    const def = presetUncertaintyFile(getPreset('default')).file;
    expect(def.arms.commercial.pOrr).toEqual({ value: 0.73, n: 1297 });
    expect(def.arms.poc.pOrr).toBe('same');
    const clic = presetUncertaintyFile(getPreset('clic-01')).file;
    expect(clic.arms.poc.pOrr).toEqual({ value: 0.77, n: 30 }); // 35 enrolled, 30 infused
    expect(clic.arms.poc.pCr).toEqual({ value: 0.56, n: 30 }); // assumption: the arm's trial count
    const maschan = presetUncertaintyFile(getPreset('maschan-all')).file;
    expect(maschan.arms.poc.pOrr).toEqual({ value: 0.77, n: 31 });
    expect(maschan.arms.commercial.pOrr).toEqual({ value: 0.85, n: 255 });
    expect((presetUncertaintyFile(getPreset('axi-cel-real-world')).file.arms.commercial.pCr as { n: number }).n).toBe(809);
  });

  it('give access and manufacturing their sources\' sample sizes (issue 22: the default PSA left access fixed)', () => {
    const def = getPreset('default');
    const file = presetUncertaintyFile(def);
    const c = file.file.arms.commercial;
    // The commercial arm's manufacturing: the UK National CAR-T Panel (981 LBCL patients, MODEL.md), centred on the preset's values.
    for (const k of ['pInSpec', 'pOos', 'pRetry'] as const) {
      expect(c[k]).toEqual({ value: def.scenario.arms.commercial[k], n: 981 });
      expect(file.notes[`arms.commercial.${k}`]).toMatch(/UK National CAR-T Panel, 981/);
    }
    // Access: assumptions, as uncertain as a series of ASSUMPTION_SAMPLE_SIZE patients.
    for (const arm of ['commercial', 'poc'] as const) {
      for (const k of ['pReferral', 'pFunding'] as const) expect(file.file.arms[arm][k]).toEqual({ value: def.scenario.arms[arm][k], n: ASSUMPTION_SAMPLE_SIZE });
      const d = file.file.arms[arm].adminDays as { median: number; p90: number; uncertainty: { p90: number } };
      expect(d.median).toBe(def.scenario.arms[arm].adminDays.median);
      expect(d.uncertainty.p90 / d.median).toBeCloseTo(durationFactorP90(d.median, d.p90, ASSUMPTION_SAMPLE_SIZE), 12);
      expect(d.uncertainty.p90).toBeGreaterThan(d.median);
    }
    // The same assumption in both arms (pApheresis 0.95) is drawn once.
    expect(file.file.arms.poc.pApheresis).toBe('same');
    // Counts named by the point-of-care series: CLIC-01 "2 of 35", Sheba "73 pts", ARI-0001 ref. 36 (38 pts).
    expect(presetUncertaintyFile(getPreset('clic-01')).file.arms.poc.pInSpec).toEqual({ value: 0.94, n: 35 });
    expect(presetUncertaintyFile(getPreset('sheba-abcl')).file.arms.poc.pInSpec).toEqual({ value: 0.986, n: 73 });
    expect(presetUncertaintyFile(getPreset('ari-0001')).file.arms.poc.pInSpec).toEqual({ value: 0.86, n: 38 });
    // Fixed where no Beta holds the value: ARI-0001's pRetry 1, the academic presets' pOos 0.
    expect(presetUncertaintyFile(getPreset('ari-0001')).file.arms.poc.pRetry).toBeUndefined();
    expect(presetUncertaintyFile(getPreset('maschan-nhl')).file.arms.poc.pOos).toBeUndefined();
    // The spread of the median of n patients: narrower with more patients, none without spread.
    expect(durationFactorP90(10, 14, 165)).toBeLessThan(durationFactorP90(10, 14, 30));
    expect(durationFactorP90(0, 0, 50)).toBe(1);
  });

  it('the default PSA varies the patients infused (issue 22: "190.6 (95% interval 190.6 to 190.6)")', async () => {
    const r = await runPsa({ ...presetUncertainty(getPreset('default')), run: { draws: 40, patientsPerDraw: 1, effect: 'alive1y' } }, { engine: 'exact' });
    expect(r.difference.infused.p975! - r.difference.infused.p025!).toBeGreaterThan(5);
  });

  it('leave the presets and their point runs as they are: the base case is the preset', () => {
    for (const name of ['default', 'zuma-1', 'eliana', 'maschan-all', 'maschan-nhl', 'sheba-abcl', 'ari-0001', 'clic-01', 'tisa-cel-real-world', 'axi-cel-real-world']) {
      const preset = getPreset(name);
      const ps = presetUncertainty(preset);
      expect(ps.base).toEqual(preset.scenario);
      expect(ps.parameters.length).toBeGreaterThan(0);
    }
  });
});


describe('cgt-access psa', () => {
  const small = ['--draws', '20', '--patients-per-draw', '2000', '--workers', '2'];

  it('--preset prints a readable summary', async () => {
    const r = await cli('psa', '--preset', 'zuma-1', ...small, '--format', 'table');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('20 parameter draws x 2,000 patients per arm');
    expect(r.out).toContain('infuses more patients');
    expect(r.out).toContain('EVPI per cohort');
    // Every WTP with its unit (issue 22).
    expect(r.out).toContain('Per willingness to pay (WTP) per extra patient alive at 1 year:');
    expect(r.out).toMatch(/^ +WTP per extra alive +P\(poc cost-effective\)/m);
    expect(r.out).toContain('Tornado of difference.alive1y');
    expect(r.out).toContain('arms.commercial.pOs1');
  });

  it('--format json is the PSA result (the default off a terminal); --seed and --wtp apply', async () => {
    const r = await cli('psa', '--preset', 'zuma-1', ...small, '--seed', '3', '--wtp', '0:100000:50000');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['scenario', 'psa', 'seed', 'engine', 'parameters', 'same', 'arms', 'difference', 'probabilities',
      'effect', 'cePlane', 'wtp', 'acceptability', 'frontier', 'expectedIncrementalNetBenefit', 'evpi', 'evppi', 'tornado']);
    expect(j.seed).toBe(3);
    expect(j.wtp).toEqual([0, 50000, 100000]);
    expect(j.same).toEqual(['pApheresis', 'pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3']);
    // The same as the library: the preset's uncertainty under the options, on the preset's scenario.
    const zuma = getPreset('zuma-1');
    const file = mergeScenarioFiles(presetUncertaintyFile(zuma).file, { run: { seed: 3, psa: { draws: 20, patientsPerDraw: 2000 } } });
    const lib = await simulatePsa(file, { base: zuma.scenario, wtp: [0, 50000, 100000] });
    expect(r.out).toBe(`${JSON.stringify(lib, null, 2)}\n`);
  });

  it('--format csv has one number per row', async () => {
    const r = await cli('psa', '--preset', 'maschan-nhl', ...small, '--format', 'csv', '--tornado', 'netBenefit', '--tornado-wtp', '500000');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('section,name,key,value');
    for (const l of lines.slice(1)) expect(l.split(',')).toHaveLength(4);
    expect(lines).toContain('probability,pocInfusesMore,,1');
    expect(lines.some((l) => l.startsWith('tornado,arms.poc.pOs1,swing,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('evpi,perCohort,2000000,'))).toBe(true);
  });

  it.each([
    [['--draws', '0'], 'run.psa.draws: must be an integer in [2, 100000]'],
    [['--patients-per-draw', 'many'], 'run.psa.patientsPerDraw'],
    [['--wtp', '5:1:1'], '--wtp: must be FROM:TO:STEP'],
    [['--wtp', '0:10'], '--wtp'],
    [['--tornado', 'difference.alive'], '--tornado: must be netBenefit or an output path'],
    [['--tornado-wtp', '-1'], '--tornado-wtp'],
    [['--preset', 'zuma1'], 'did you mean zuma-1?'],
    [['--seed=-1'], 'run.seed: must be an integer in [0, 2^32)'],
    [['--format', 'xml'], '--format'],
    [['--workers', '0'], '--workers'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with exit 2, a message on stderr and nothing on stdout', async (args, message) => {
    const r = await cli('psa', ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
  });

  it('names every violation of a scenario file on standard input... (a missing file here)', async () => {
    const r = await cli('psa', '/nonexistent/psa.json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('/nonexistent/psa.json: cannot read');
  });

  it('--help and --version', async () => {
    const h = await cli('psa', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toContain('Usage: cgt-access psa');
    const v = await cli('psa', '--version');
    expect(v.out).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await cli('--help')).out).toContain('cgt-access psa');
  });
});
