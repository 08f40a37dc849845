/**
 * The calibration view's form: the arm, the observed targets (each with its source, as free
 * text) and the parameters to fit, kept per element; the example it starts with (the seed's
 * Italian figures); the request it makes of `calibrate()`; and fitting, which applies an exact
 * fit's values to the scenario through the state (one step of undo), keeps a fit that does not
 * reach its targets out of the scenario until it is applied on purpose, or keeps the library's
 * message.
 */

import { calibrate, CalibrationError, type CalibrationResult, type TargetCount } from '../../../../src/calibrate/calibrate.js';
import { calibratablePaths } from '../../../../src/calibrate/parameters.js';
import { CANONICAL_TARGET_NAMES, TARGET_ALIASES, targetNamed, type Denominator } from '../../../../src/calibrate/targets.js';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import type { ArmName } from '../../../../src/scenario/types.js';
import { labelOf } from '../../common/params.js';
import { numberOf } from '../../common/values.js';
import type { ExplorerState } from '../../state/explorer-state.js';

/**
 * One observed target as entered: its name, how it is given (`value`: a share or mean count in
 * `value`; `counts`: `count` patients of `of`), and its source.
 */
export interface TargetRow { name: string; value: string; source: string; given?: 'value' | 'counts'; count?: string; of?: string }

export interface Outcome {
  fit: CalibrationResult;
  /** The sources of the targets, by name, as entered. */
  sources: Record<string, string>;
  /** Whether the fitted values were applied to the scenario (an exact fit at once; another only on request). */
  applied: boolean;
}

/** Where the fitted values are: in the scenario, never applied, or applied and since undone or changed. */
export type Placement = 'inScenario' | 'notApplied' | 'leftScenario';

export interface CalibrationForm {
  arm: ArmName;
  targets: TargetRow[];
  /** Fields fitted, without the arm (`pReferral`, `mfgDays.median`, `cohort.bridgingHazardRatio`). */
  parameters: Set<string>;
  outcome: Outcome | null;
  /** The library's messages of the latest refused request (nothing changed), else null. */
  errors: string[] | null;
}

/** The README's example: the seed's Italian figures for the commercial arm, its referral and in-specification rate free. */
export function exampleForm(): CalibrationForm {
  return {
    arm: 'commercial',
    targets: [
      { name: 'infusedFraction', value: '0.17', source: 'Italian figures (seed): 17% of about 600 eligible patients infused' },
      { name: 'lossAfterApheresis', value: '0.07', source: 'Italian figures (seed): about 7% of collected patients not infused' },
    ],
    parameters: new Set(['pReferral', 'pInSpec']),
    outcome: null,
    errors: null,
  };
}

/** A field of the form's arm or of the cohort, as a scenario path. */
export function pathOf(arm: ArmName, key: string): string {
  return key.startsWith('cohort.') ? key : `arms.${arm}.${key}`;
}

/** The fields a calibration of `arm` can fit (arm-free keys, in the library's order). */
export function parameterKeys(arm: ArmName): string[] {
  return calibratablePaths(arm).map((p) => (p.startsWith('cohort.') ? p : p.slice(`arms.${arm}.`.length)));
}

/** A parameter in words: `Referred to a treating centre (commercial)`, `Manufacturing time per attempt, median`. */
export function parameterText(arm: ArmName, key: string): string {
  if (key.startsWith('cohort.')) return `${labelOf(key.slice('cohort.'.length))} (cohort)`;
  const [field, part] = key.split('.');
  return `${labelOf(field)}${part ? `, ${part === 'p90' ? '90th percentile' : part}` : ''} (${ARM_LABELS[arm]})`;
}

/** A target in words (its definition in the library; an older name says which it means). */
export function targetText(name: string): string {
  const t = targetNamed(name);
  if (!t) return name;
  return t.aliasOf ? `${t.doc} (an older name of ${t.aliasOf})` : t.doc;
}

/** The target menu: the names by denominator (each group's label in words), then the older names. */
export function targetMenu(): { label: string; names: string[] }[] {
  const per: Record<Denominator, string> = { eligible: 'Per eligible patient', funded: 'Per funded (approved) patient', collected: 'Per patient whose cells were collected' };
  const groups = (['eligible', 'funded', 'collected'] as Denominator[]).map((d) => ({
    label: per[d],
    names: CANONICAL_TARGET_NAMES.filter((n) => targetNamed(n)?.denominator === d),
  }));
  return [...groups, { label: 'Older names (aliases)', names: Object.keys(TARGET_ALIASES) }];
}

/** Whether a target can be given as counts (a share of patients, each counted once). */
export const countable = (name: string): boolean => targetNamed(name)?.share ?? false;

/**
 * Fits the form's request to the scenario shown and keeps the outcome. An exact fit is applied
 * (source `calibration`: one step of undo, the URL and the sliders follow); a fit that does not
 * reach its targets (least squares, unreachable, not converged) is shown but not applied
 * (`applyFit` applies it on request). A request the library refuses keeps its messages, and
 * nothing else changes.
 */
export function fit(form: CalibrationForm, state: ExplorerState): void {
  const targets: Record<string, number | TargetCount> = Object.create(null) as Record<string, number | TargetCount>;
  const sources: Record<string, string> = {};
  for (const t of form.targets) {
    // A value that is not a number (or counts that are not) is handed on as it is: the library names it.
    targets[t.name] = t.given === 'counts'
      ? { count: numberOf(t.count ?? ''), of: numberOf(t.of ?? '') } as TargetCount
      : numberOf(t.value) as number;
    sources[t.name] = t.source;
  }
  const parameters = parameterKeys(form.arm).filter((k) => form.parameters.has(k)).map((k) => pathOf(form.arm, k));
  let result: CalibrationResult;
  try {
    result = calibrate(state.scenario, { arm: form.arm, targets, parameters });
  } catch (e) {
    form.errors = e instanceof CalibrationError ? e.issues.map((i) => i.message) : [e instanceof Error ? e.message : String(e)];
    form.outcome = null;
    return;
  }
  form.errors = null;
  form.outcome = { fit: result, sources, applied: false };
  if (result.fit.kind === 'exact') applyFit(form, state);
}

/** Applies the outcome's fitted scenario (one step of undo); false, with the state's messages, if the state refuses it. */
export function applyFit(form: CalibrationForm, state: ExplorerState): boolean {
  const o = form.outcome;
  if (!o) return false;
  if (!state.applyPartial(o.fit.scenario, 'calibration')) {
    form.errors = state.errors.map((e) => e.message);
    return false;
  }
  o.applied = true;
  return true;
}

const valueAt = (s: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), s);

/** Whether the scenario shown holds the fitted values now (they may have been undone or changed since). */
export function placement(o: Outcome, state: ExplorerState): Placement {
  if (!o.applied) return 'notApplied';
  return o.fit.parameters.every((p) => valueAt(state.scenario, p.path) === p.value) ? 'inScenario' : 'leftScenario';
}

/** Where the fitted values are, in words. */
export function placementWords(where: Placement, o: Outcome): string {
  switch (where) {
    case 'inScenario':
      return o.fit.fit.kind === 'exact'
        ? 'The fitted values are in the scenario (Undo returns to before the fit).'
        : 'The fitted values are in the scenario, although they do not reach every target (Undo returns to before).';
    case 'notApplied':
      return 'The fitted values are not in the scenario: this fit does not reach its targets, so it was not applied.';
    case 'leftScenario':
      return 'The fitted values are no longer in the scenario (undone, or changed since the fit).';
  }
}

/** The kind of fit in plain words. */
export function fitWords(r: CalibrationResult): string {
  const f = r.fit;
  switch (f.kind) {
    case 'exact':
      return f.determination === 'square'
        ? 'Exact fit: every target is reached (as many parameters as targets).'
        : f.determination === 'underDetermined'
          ? 'Exact fit: every target is reached. There are more parameters than targets, so this is one solution of many: the one reached from the values before the fit.'
          : 'Exact fit: every target is reached, although there are more targets than parameters (the targets agree with each other).';
    case 'maximumLikelihood':
      return `Maximum-likelihood fit: the counts cannot all be matched at once; this is the most likely fit (binomial, log-likelihood ${(f.logLikelihood ?? NaN).toPrecision(6)}). Not reached exactly: ${f.unreachable.join(', ')}.`;
    case 'leastSquares':
      return `Least-squares fit: the parameters chosen cannot reach every target at once; this is the closest fit (smallest sum of squared residuals, ${f.sumOfSquares.toExponential(2)}). Not reached: ${f.unreachable.join(', ')}.`;
    case 'unreachable':
      return `Not reachable within the parameters' ranges: ${f.unreachable.join(', ')} cannot be reached; the residuals shown are the smallest possible.`;
    case 'notConverged':
      return `Did not converge: the solver stopped before it found a minimum (${f.stop === 'iterations' ? `after ${f.iterations} iterations, its cap` : 'no step made the residuals smaller'}); the values shown are its last ones, not a fit. Not reached: ${f.unreachable.join(', ')}.`;
  }
}
