/**
 * The explorer's state alone, without a DOM (web/src/state/explorer-state.ts): edits and undo,
 * the URL hash both ways, refusals that keep the state, and what a link may start.
 */

import { describe, expect, it } from 'vitest';
import { getPreset } from '../src/presets/index.js';
import { ExplorerState, RefusedEvent, StateEvent, UNCONFIRMED_PATIENTS_LIMIT, yearsPatients } from '../web/src/state/explorer-state.js';
import { decodeHash, dedupeErrors, parseValue } from '../web/src/state/hash.js';
import { psaEffect, psaWtp } from '../web/src/views/uncertainty/settings.js';

/** A state and the events it fired. */
function watched(preset = 'default') {
  const state = new ExplorerState(preset);
  const events: { type: string; source?: string; message?: string }[] = [];
  state.addEventListener('scenario', (e) => events.push({ type: 'scenario', source: (e as StateEvent).source }));
  state.addEventListener('refused', (e) => events.push({ type: 'refused', source: (e as RefusedEvent).source, message: (e as RefusedEvent).message }));
  state.addEventListener('change', () => events.push({ type: 'change' }));
  return { state, events };
}

describe('ExplorerState', () => {
  it('starts from a preset, unknown names falling back to the default', () => {
    expect(new ExplorerState('zuma-1').scenario).toEqual(getPreset('zuma-1').scenario);
    expect(new ExplorerState('no-such-preset').presetName).toBe('default');
  });

  it('edits a value, fires scenario and change, and undoes it', () => {
    const { state, events } = watched();
    const before = state.scenario;
    expect(state.edit('arms.poc.pReferral', 0.9, 0)).toBe(true);
    expect(state.scenario.arms.poc.pReferral).toBe(0.9);
    expect(state.scenario.arms.commercial).toEqual(before.arms.commercial);
    expect(events).toEqual([{ type: 'scenario', source: 'input' }, { type: 'change' }]);
    state.undoLast();
    expect(state.scenario).toEqual(before);
    expect(state.undo).toEqual([]);
    expect(events.at(-2)).toEqual({ type: 'scenario', source: 'undo' });
  });

  it('makes one step of undo of quick successive edits of one control, and separate steps otherwise', () => {
    const { state } = watched();
    const before = state.scenario;
    state.edit('arms.poc.pReferral', 0.71, 0);
    state.edit('arms.poc.pReferral', 0.72, 500);
    state.edit('arms.poc.pReferral', 0.73, 900);
    expect(state.undo).toHaveLength(1);
    state.edit('arms.poc.pReferral', 0.74, 5000);
    state.edit('arms.poc.pFunding', 0.5, 5100);
    expect(state.undo).toHaveLength(3);
    state.undoLast();
    state.undoLast();
    expect(state.scenario.arms.poc.pReferral).toBe(0.73);
    state.undoLast();
    expect(state.scenario).toEqual(before);
  });

  it('refuses a value that breaks a rule with the validator\'s error, and keeps everything else', () => {
    const { state, events } = watched();
    state.edit('arms.poc.pReferral', 0.9, 0);
    const scenario = state.scenario;
    const undo = state.undo;
    expect(state.edit('arms.poc.pCr', 0.99, 10_000)).toBe(false);
    expect(state.scenario).toBe(scenario);
    expect(state.undo).toBe(undo);
    expect(state.errorSource).toBe('input');
    expect(state.errorFor('arms.poc.pCr')?.rule).toMatch(/pOrr/);
    expect(events.at(-2)).toMatchObject({ type: 'refused', source: 'input' });
    expect(events.at(-2)?.message).toContain('arms.poc.pCr');
    // The next accepted change clears the errors.
    state.edit('arms.poc.pReferral', 0.8, 20_000);
    expect(state.errors).toEqual([]);
  });

  it('refuses a bad scenario file whole: the scenario, preset and undo stay', () => {
    const { state } = watched('zuma-1');
    state.edit('arms.poc.pFunding', 0.6, 0);
    const { scenario, presetName, undo } = state;
    expect(state.applyPartial({ arms: { poc: { pReferral: 2, pCrr: 0.5 } } }, 'file')).toBe(false);
    expect(state.scenario).toBe(scenario);
    expect(state.presetName).toBe(presetName);
    expect(state.undo).toBe(undo);
    expect(state.errors.map((e) => e.path).sort()).toEqual(['arms.poc.pCrr', 'arms.poc.pReferral']);
    expect(state.errorFor('arms.poc.pReferral')).toBeDefined();
    // A good file applies onto the preset (not onto the current edits).
    expect(state.applyPartial({ arms: { poc: { pReferral: 0.9 } } }, 'file')).toBe(true);
    expect(state.scenario.arms.poc.pReferral).toBe(0.9);
    expect(state.scenario.arms.poc.pFunding).toBe(getPreset('zuma-1').scenario.arms.poc.pFunding);
  });

  it('keeps the count of violations beyond those the validator lists', () => {
    const { state, events } = watched();
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`unknown${i}`, 1]));
    expect(state.applyPartial({ arms: { poc: many } }, 'file')).toBe(false);
    expect(state.errors.length + state.omittedErrors).toBe(100);
    expect(state.omittedErrors).toBeGreaterThan(0);
    expect(events.at(-2)?.message).toMatch(new RegExp(`\\.\\.\\.and ${state.omittedErrors} more$`));
    state.edit('arms.poc.pReferral', 0.5, 0);
    expect(state.omittedErrors).toBe(0);
  });

  it('round-trips through the URL hash: preset and every changed leaf, exactly', () => {
    const a = new ExplorerState('maschan-nhl');
    a.edit('arms.commercial.mfgDays.median', 19, 0);
    a.edit('arms.poc.price', 123456.789, 5000);
    a.edit('run.seed', 4294967295, 10_000);
    a.edit('arms.poc.pOos', 1e-7, 15_000);
    const hash = a.hash();
    expect(hash).toContain('preset=maschan-nhl');
    expect(hash).toContain('arms.poc.price=123456.789');
    const b = watched();
    b.state.applyHash(`#${hash}`, false);
    expect(b.state.presetName).toBe('maschan-nhl');
    expect(b.state.scenario).toEqual(a.scenario);
    expect(b.events[0]).toEqual({ type: 'scenario', source: 'link' });
    // The same hash again changes nothing and fires nothing.
    const n = b.events.length;
    b.state.applyHash(`#${hash}`, true);
    expect(b.events).toHaveLength(n);
  });

  it('round-trips capacity through the URL hash: lines, run.years, and a capacity removed (null)', () => {
    // Lines given on the default preset: run.years comes with them (its defaults), then edited.
    const a = new ExplorerState('default');
    expect(a.edit('arms.poc.capacity.lines', 7, 0)).toBe(true);
    expect(a.scenario.run.years).toEqual({ replicates: 200, warmupYears: 1 });
    expect(a.edit('run.years.replicates', 50, 5000)).toBe(true);
    expect(a.edit('run.years.warmupYears', 3, 10_000)).toBe(true);
    const hash = a.hash();
    expect(hash).toContain('arms.poc.capacity.lines=7');
    expect(hash).toContain('run.years.replicates=50');
    expect(hash).toContain('run.years.warmupYears=3');
    const b = new ExplorerState('default');
    b.applyHash(`#${hash}`, false);
    expect(b.scenario).toEqual(a.scenario);
    // Removing the capacity of a preset that has one: null in the link, and back again exactly.
    const c = new ExplorerState('default-lines');
    expect(c.scenario.arms.poc.capacity).toEqual({ lines: 11 });
    expect(c.applyPartial({ ...c.scenario, arms: { ...c.scenario.arms, poc: { ...c.scenario.arms.poc, capacity: null } } }, 'input')).toBe(true);
    expect(c.scenario.arms.poc.capacity).toBeUndefined();
    expect(c.scenario.arms.commercial.capacity).toEqual({ lines: 10 });
    expect(c.hash()).toBe('preset=default-lines&arms.poc.capacity=null');
    const d = new ExplorerState('default');
    d.applyHash(`#${c.hash()}`, false);
    expect(d.presetName).toBe('default-lines');
    expect(d.scenario).toEqual(c.scenario);
    // Both arms unlimited and run.years removed (null): a version 1 scenario again.
    // (The whole scenario onto its preset, as the capacity view does: null for each capacity it has not.)
    const both = { ...c.scenario, arms: { commercial: { ...c.scenario.arms.commercial, capacity: null }, poc: { ...c.scenario.arms.poc, capacity: null } }, run: { ...c.scenario.run, years: null } };
    expect(c.applyPartial(both, 'input')).toBe(true);
    expect(c.scenario.arms.poc.capacity).toBeUndefined();
    expect(c.scenario.run.years).toBeUndefined();
    const e = new ExplorerState('default');
    e.applyHash(`#${c.hash()}`, false);
    expect(e.scenario).toEqual(c.scenario);
    expect(c.hash()).toContain('arms.commercial.capacity=null');
    // A bad number of lines in a link is refused with its path, the state kept.
    const f = new ExplorerState('default');
    f.applyHash('#preset=default&arms.poc.capacity.lines=0', false);
    expect(f.scenario.arms.poc.capacity).toBeUndefined();
    expect(f.errors.map((x) => x.path)).toEqual(['arms.poc.capacity.lines']);
  });

  it('refuses a broken link with its errors and keeps the state', () => {
    const { state } = watched();
    const before = state.scenario;
    state.applyHash('#preset=default&arms.poc.pReferral=7&arms.poc.pRefferal=0.5', false);
    expect(state.scenario).toBe(before);
    expect(state.errorSource).toBe('link');
    expect(state.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['arms.poc.pReferral', 'arms.poc.pRefferal']));
    state.applyHash('#preset=nope', false);
    expect(state.errors[0]).toMatchObject({ path: 'preset', value: 'nope' });
  });

  it('carries the open tab and the PSA\'s draws, effect and WTP in the link (issue 22), and opens old links as before', () => {
    const a = new ExplorerState('zuma-1');
    a.edit('arms.poc.pReferral', 0.9, 0);
    const settings = { tab: 'uncertainty', draws: 2000, patientsPerDraw: 5000, effect: 'qalys', wtp: 150000 } as const;
    const hash = a.hash(settings);
    expect(hash).toBe('preset=zuma-1&tab=uncertainty&psa.draws=2000&psa.patientsPerDraw=5000&psa.effect=qalys&psa.wtp=150000&arms.poc.pReferral=0.9');
    expect(a.hash()).toBe('preset=zuma-1&arms.poc.pReferral=0.9');
    const b = watched();
    expect(b.state.applyHash(`#${hash}`, false, ['results', 'uncertainty'])).toEqual(settings);
    expect(b.state.scenario).toEqual(a.scenario);
    expect(b.state.errors).toEqual([]);
    // Links of the older form: the scenario as before, no settings.
    for (const old of ['#preset=zuma-1&arms.poc.pReferral=0.9&run.seed=7', '#preset=default-lines&arms.poc.capacity=null', '#budget.uptake=[0.1,0.5]&budget.years=2&budget.eligibleGrowth=0.03', '#run.seed=7']) {
      const c = new ExplorerState();
      expect(c.applyHash(old, false, ['results', 'uncertainty']), old).toEqual({});
      expect(c.errors, old).toEqual([]);
      const again = new ExplorerState();
      again.applyHash(`#${c.hash()}`, false);
      expect(again.scenario, old).toEqual(c.scenario);
      expect(c.hash(), old).not.toMatch(/tab=|psa\./);
    }
    // A bad setting is named; an unknown tab lists the views.
    const d = new ExplorerState();
    expect(d.applyHash('#psa.draws=1&psa.effect=lives&tab=nope', false, ['results', 'uncertainty'])).toEqual({});
    expect(d.errors.map((e) => e.message)).toEqual([
      'psa.draws: must be an integer from 2 to 100000; got "1"',
      'psa.effect: must be one of alive1y, qalys; got "lives"',
      'tab: unknown view "nope"; known views: results, uncertainty',
    ]);
  });

  it('gives the uncertainty view\'s WTP the default of its effect: per patient alive, or cohort.wtp per QALY (issue 22)', () => {
    const scenario = { cohort: { ...getPreset('default').scenario.cohort, wtp: 30_000 } };
    expect(psaEffect({ effect: undefined })).toBe('alive1y');
    expect(psaWtp({ wtp: undefined, effect: undefined }, scenario)).toBe(100_000);
    expect(psaWtp({ wtp: undefined, effect: 'qalys' }, scenario)).toBe(30_000);
    expect(psaWtp({ wtp: 5000, effect: 'qalys' }, scenario)).toBe(5000);
  });

  it('names a JSON value pasted as a key, and lists a repeated key once with its count (issue 22)', () => {
    const { state } = watched();
    state.applyHash('#{"arms":1}', false);
    expect(state.errors.map((e) => e.message)).toEqual([
      'the link\'s key "{\\"arms\\":1}" is not a field path (such as arms.poc.pReferral=0.9); a scenario file (JSON) cannot be pasted into a link: import it as a file',
    ]);
    state.applyHash(`#${'arms.poc.pReferral=2&'.repeat(40)}`, false);
    expect(state.errors.map((e) => e.message)).toEqual(['arms.poc.pReferral: given 40 times in the link; give it once']);
    // Identical messages of the validator too, once with their count.
    expect(dedupeErrors([{ path: 'a', value: 1, rule: 'r', message: 'a: r' }, { path: 'b', value: 1, rule: 'r', message: 'b: r' }, { path: 'a', value: 1, rule: 'r', message: 'a: r' }]).map((e) => e.message))
      .toEqual(['a: r (2 times)', 'b: r']);
  });

  it('reads only decimal numbers from a link, as JSON writes them', () => {
    for (const [raw, value] of [['16', 16], ['-0.5', -0.5], ['1e-7', 1e-7], ['1.5E+21', 1.5e21], ['0', 0], ['null', null]] as const) expect(parseValue(raw)).toBe(value);
    for (const raw of ['0x10', '0b11', '0o7', ' 1', '1 ', '+1', '.5', '5.', 'Infinity', '1e999', '', 'NaN', '1_000']) expect(parseValue(raw)).toBe(raw);
    const { state } = watched();
    const price = state.scenario.arms.poc.price;
    state.applyHash('#arms.poc.price=0x10', false);
    expect(state.scenario.arms.poc.price).toBe(price);
    expect(state.errorFor('arms.poc.price')?.value).toBe('0x10');
    expect(decodeHash('#run.seed=7')?.partial).toEqual({ run: { seed: 7 } });
  });

  it('caps the refinement a link or file asks for until the visitor agrees', () => {
    const { state, events } = watched();
    state.applyHash('#run.patients=10000000000', false);
    expect(state.scenario.run.patients).toBe(1e10);
    expect(state.runPatients).toBe(UNCONFIRMED_PATIENTS_LIMIT);
    expect(state.runScenario.run.patients).toBe(UNCONFIRMED_PATIENTS_LIMIT);
    expect(state.runScenario.arms).toBe(state.scenario.arms);
    // Another change keeps the cap; the visitor's consent lifts it and asks for a run.
    state.edit('arms.poc.pReferral', 0.9, 0);
    expect(state.runPatients).toBe(UNCONFIRMED_PATIENTS_LIMIT);
    const n = events.length;
    state.confirmPatients();
    expect(state.runPatients).toBe(1e10);
    expect(events.slice(n)).toEqual([{ type: 'scenario', source: 'input' }, { type: 'change' }]);
    // A file asking for more is capped again; the visitor's own choice and the page's attributes are not.
    expect(state.applyPartial({ run: { patients: 9e9 } }, 'file')).toBe(true);
    expect(state.runPatients).toBe(UNCONFIRMED_PATIENTS_LIMIT);
    expect(state.edit('run.patients', 8e9, 10_000)).toBe(true);
    expect(state.runPatients).toBe(8e9);
    const page = new ExplorerState();
    page.start('default', { ...page.scenario, run: { ...page.scenario.run, patients: 6e9 } });
    expect(page.runPatients).toBe(6e9);
    // Below the limit the run is the scenario itself.
    const plain = new ExplorerState();
    expect(plain.runScenario).toBe(plain.scenario);
  });

  it('caps a link\'s cohort-years at the same patients per arm (replicates x eligible x (warm-up + 1)), until Run all', () => {
    // The link: 10^6 eligible a year, 10 warm-up years: one replicate alone is 1.1 x 10^7 patients.
    const { state, events } = watched();
    state.applyHash('#cohort.eligiblePerYear=1000000&arms.commercial.capacity.lines=100&run.years.warmupYears=10', false);
    expect(state.scenario.cohort.eligiblePerYear).toBe(1e6);
    expect(yearsPatients(state.scenario)).toBe(200 * 11e6);
    expect(state.capped).toBe(true);
    expect(state.runReplicates).toBe(0);
    expect(state.runScenario).toBeNull();
    const n = events.length;
    state.confirmPatients();
    expect(events.slice(n)).toEqual([{ type: 'scenario', source: 'input' }, { type: 'change' }]);
    expect(state.capped).toBe(false);
    expect(state.runScenario).toBe(state.scenario);
    // A smaller link: as many replicates as stay within the limit (10^7 / (10^5 x 2) = 50).
    const smaller = new ExplorerState();
    smaller.applyHash('#cohort.eligiblePerYear=100000&arms.poc.capacity.lines=10&run.years.replicates=400', false);
    expect(smaller.runReplicates).toBe(UNCONFIRMED_PATIENTS_LIMIT / (1e5 * 2));
    expect(smaller.runScenario!.run.years).toEqual({ replicates: 50, warmupYears: 1 });
    expect(smaller.runScenario!.arms).toBe(smaller.scenario.arms);
    // Another change keeps the cap; the visitor's own choice of replicates is theirs to run.
    smaller.edit('arms.poc.pReferral', 0.9, 0);
    expect(smaller.runReplicates).toBe(50);
    expect(smaller.edit('run.years.replicates', 300, 5000)).toBe(true);
    expect(smaller.runScenario).toBe(smaller.scenario);
    // The page's own attributes are not capped; within the limit the run is the scenario itself.
    const page = new ExplorerState();
    page.start('default', { ...state.scenario });
    expect(page.runScenario).toBe(page.scenario);
    const plain = new ExplorerState();
    plain.applyHash('#arms.poc.capacity.lines=10', false);
    expect(plain.capped).toBe(false);
    expect(plain.runScenario).toBe(plain.scenario);
  });

  it('switches presets keeping the run section, resets to the preset, and notices and uncertainty fire change', () => {
    const { state, events } = watched();
    state.edit('run.seed', 7, 0);
    state.selectPreset('zuma-1');
    expect(state.presetName).toBe('zuma-1');
    expect(state.scenario.arms).toEqual(getPreset('zuma-1').scenario.arms);
    expect(state.scenario.run.seed).toBe(7);
    state.edit('arms.poc.pReferral', 0.95, 5000);
    state.reset();
    expect(state.scenario.arms).toEqual(getPreset('zuma-1').scenario.arms);
    state.selectPreset('no-such-preset');
    expect(state.presetName).toBe('zuma-1');
    const n = events.length;
    state.setNotice('hello');
    state.setUncertainty(null);
    expect(events.slice(n)).toEqual([{ type: 'change' }, { type: 'change' }]);
    expect(state.notice).toBe('hello');
  });
  it('round-trips lists and optional sections through the URL hash exactly (budget, pricing)', () => {
    const a = new ExplorerState('zuma-1');
    expect(a.edit('budget', { uptake: [0.1, 0.3, 0.5, 0.7, 0.8], eligibleGrowth: 0.03 }, 0)).toBe(true);
    expect(a.edit('arms.commercial.pricing', { rule: 'costRecovery', elasticity: 0.5 }, 2000)).toBe(true);
    expect(a.edit('arms.commercial.pricing.marketEligiblePerYear', 3.4e6, 4000)).toBe(true);
    expect(a.edit('budget.uptake', [0.1, 0.3, 0.5, 0.7, 1 / 3], 6000)).toBe(true);
    const hash = a.hash();
    expect(hash).toContain(`budget.uptake=[0.1,0.3,0.5,0.7,${1 / 3}]`);
    expect(hash).toContain('arms.commercial.pricing.rule=costRecovery');
    expect(decodeHash(hash)?.partial).toMatchObject({ budget: { uptake: [0.1, 0.3, 0.5, 0.7, 1 / 3], years: 5, eligibleGrowth: 0.03 } });
    const b = watched();
    b.state.applyHash(`#${hash}`, false);
    expect(b.state.errors).toEqual([]);
    expect(b.state.presetName).toBe('zuma-1');
    expect(b.state.scenario).toEqual(a.scenario);
    expect(Array.isArray(b.state.scenario.budget?.uptake)).toBe(true);
    expect(JSON.stringify(b.state.scenario)).toBe(JSON.stringify(a.scenario));
    // The same hash again changes nothing.
    const n = b.events.length;
    b.state.applyHash(`#${hash}`, true);
    expect(b.events).toHaveLength(n);
    // Through a real URL (the browser's escaping of brackets and commas) too.
    const url = new URL(`https://example.org/#${hash}`);
    const c = new ExplorerState();
    c.applyHash(url.hash, false);
    expect(c.scenario).toEqual(a.scenario);
  });

  it('reads lists in a link only as JSON lists of decimal numbers, and refuses the rest by name', () => {
    expect(parseValue('[0.1,0.5]')).toEqual([0.1, 0.5]);
    expect(parseValue('[]')).toEqual([]);
    expect(parseValue('[1e-7,1]')).toEqual([1e-7, 1]);
    for (const raw of ['[0x10]', '[1e999]', '[ 1]', '[1,]', '[.5]', '["a"]', '[[1]]', '0.1,0.5', '[NaN]']) expect(parseValue(raw)).toBe(raw);
    const { state } = watched();
    const before = state.scenario;
    state.applyHash('#budget.uptake=[0x10,0.5]', false);
    expect(state.scenario).toBe(before);
    expect(state.errorFor('budget.uptake')?.value).toBe('[0x10,0.5]');
    state.applyHash('#budget.uptake=[0.2,1.5]', false);
    expect(state.errorFor('budget.uptake')?.path).toBe('budget.uptake[1]');
    state.applyHash('#budget.uptake=[0.2,0.5]&budget.years=3', false);
    expect(state.errorFor('budget.uptake')?.rule).toMatch(/exactly years \(3\)/);
    expect(state.scenario).toBe(before);
  });

  it('removes an optional section (back to the list price), with undo and the link following', () => {
    const { state } = watched();
    const before = state.scenario;
    expect(state.remove('arms.poc.pricing')).toBe(false);
    expect(state.edit('arms.poc.pricing', { rule: 'costRecovery', rdCost: 2e7 }, 0)).toBe(true);
    expect(state.scenario.arms.poc.pricing).toMatchObject({ rule: 'costRecovery', rdCost: 2e7, margin: 0.2 });
    expect(state.hash()).toContain('arms.poc.pricing.rdCost=20000000');
    expect(state.remove('arms.poc.pricing')).toBe(true);
    expect(state.scenario).toEqual(before);
    expect(Object.hasOwn(state.scenario.arms.poc, 'pricing')).toBe(false);
    expect(state.hash()).toBe('preset=default');
    state.undoLast();
    expect(state.scenario.arms.poc.pricing?.rdCost).toBe(2e7);
    // A required section cannot be taken out: refused, the state kept.
    const kept = state.scenario;
    expect(state.remove('cohort')).toBe(false);
    expect(state.scenario).toBe(kept);
  });
});
