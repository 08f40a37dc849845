/**
 * The explorer's calibration form in Node (issue 22): an exact fit goes into the scenario; a
 * fit that does not reach its targets is not applied until asked; after Undo the outcome no
 * longer says the fitted values are in the scenario; implausible values come with their note.
 */

import { describe, expect, it } from 'vitest';
import { ExplorerState } from '../web/src/state/explorer-state.js';
import { applyFit, countable, exampleForm, fit, fitWords, placement, placementWords, targetMenu, targetText } from '../web/src/views/calibration/form.js';
import { TARGET_NAMES } from '../src/calibrate/targets.js';

describe('the calibration form', () => {
  it('applies an exact fit, and after Undo says the values are no longer in the scenario', () => {
    const state = new ExplorerState('default');
    const form = exampleForm();
    fit(form, state);
    const o = form.outcome!;
    expect(o.fit.fit.kind).toBe('exact');
    expect(state.scenario.arms.commercial.pReferral).toBe(o.fit.parameters[0].value);
    expect(placementWords(placement(o, state), o)).toBe('The fitted values are in the scenario (Undo returns to before the fit).');
    state.undoLast();
    expect(placement(o, state)).toBe('leftScenario');
    expect(placementWords(placement(o, state), o)).not.toMatch(/are in the scenario/);
    expect(applyFit(form, state)).toBe(true);
    expect(placement(o, state)).toBe('inScenario');
  });

  it('does not apply a fit that misses its targets until asked, and says so in words', () => {
    // The tisa-cel preset eliana keeps pOos 0.1: pInSpec is capped at 0.9, a 1% failure out of reach.
    const state = new ExplorerState('eliana');
    const before = structuredClone(state.scenario);
    const form = exampleForm();
    form.targets = [{ name: 'lossAfterApheresis', value: '0.0905', source: '' }, { name: 'manufacturingFailure', value: '0.01', source: '' }];
    form.parameters = new Set(['pInSpec', 'cohort.bridgingHazardRatio']);
    fit(form, state);
    const o = form.outcome!;
    expect(o.fit.fit.kind).toBe('unreachable');
    expect(state.scenario).toEqual(before);
    expect(placement(o, state)).toBe('notApplied');
    expect(placementWords('notApplied', o)).toMatch(/not in the scenario: this fit does not reach its targets/);
    expect(applyFit(form, state)).toBe(true);
    expect(state.scenario.cohort.bridgingHazardRatio).toBe(o.fit.parameters.find((p) => p.path === 'cohort.bridgingHazardRatio')!.value);
    expect(placementWords(placement(o, state), o)).toMatch(/although they do not reach every target/);
  });

  it('keeps the plausibility notes of an exact fit with a 70-day manufacturing median, and words notConverged', () => {
    const state = new ExplorerState('default');
    const form = exampleForm();
    form.targets = [{ name: 'lossAfterApheresis', value: '0.2', source: '' }];
    form.parameters = new Set(['mfgDays.median', 'mfgDays.p90']);
    fit(form, state);
    const o = form.outcome!;
    expect(o.fit.fit.kind).toBe('exact');
    expect(o.fit.fit.notes.join('\n')).toMatch(/mfgDays\.median = \d+\.\d+ lies outside the plausible range/);
    const words = fitWords({ ...o.fit, fit: { ...o.fit.fit, kind: 'notConverged', stop: 'iterations', iterations: 300, unreachable: ['lossAfterApheresis'] } });
    expect(words).toMatch(/^Did not converge: .*after 300 iterations, its cap.*not a fit/);
  });

  it('offers every target name in its menu, by denominator, the older names last and said to be older names', () => {
    const menu = targetMenu();
    expect(menu.map((g) => g.label)).toEqual(['Per eligible patient', 'Per funded (approved) patient', 'Per patient whose cells were collected', 'Older names (aliases)']);
    expect(menu.flatMap((g) => g.names).sort()).toEqual([...TARGET_NAMES].sort());
    expect(targetText('manufacturingFailure')).toBe('patients lost to manufacturing (no product released after the last attempt) / patients whose cells were collected (an older name of perCollected.lost.manufacturingFailed)');
    expect(countable('perFunded.oosInfused')).toBe(true);
    expect(countable('perCollected.attempts')).toBe(false);
  });

  it('fits targets entered as counts by maximum likelihood, with an interval for each parameter', () => {
    const state = new ExplorerState('default');
    const form = exampleForm();
    form.targets = [
      { name: 'perFunded.anyManufacturingFailure', value: '', source: 'UK panel', given: 'counts', count: '38', of: '981' },
      { name: 'perFunded.oosInfused', value: '', source: 'UK panel', given: 'counts', count: '13', of: '981' },
    ];
    form.parameters = new Set(['pInSpec', 'pOos']);
    fit(form, state);
    const o = form.outcome!;
    expect(form.errors).toBeNull();
    expect(o.fit.fit.method).toBe('maximumLikelihood');
    expect(o.fit.targets.map((t) => [t.count, t.of])).toEqual([[38, 981], [13, 981]]);
    for (const p of o.fit.parameters) expect(p.interval!.low < p.value && p.value < p.interval!.high).toBe(true);
    // Counts that are not integers are the library's to name.
    form.targets[1].count = '13.5';
    fit(form, state);
    expect(form.errors?.join('\n')).toMatch(/perFunded\.oosInfused: counts: count must be an integer/);
  });
});
