/**
 * The explorer's state, in one place: the scenario shown and the preset it starts from, undo,
 * the validation errors of the latest refused input, a notice, the user's own uncertainty, and
 * what the visitor agreed to run. Views and the shell read its fields and change it only
 * through its methods; every change fires an event (no DOM needed: it is an EventTarget, and
 * the tests drive it in Node).
 *
 * Events:
 * - `scenario` (`StateEvent`): a scenario was accepted (edit, preset, reset, undo, file, link,
 *   attribute, property, calibration). The shell answers with its `scenario-change` event, the URL and a run.
 * - `refused` (`RefusedEvent`): an input was refused; `errors` holds the validator's messages
 *   and nothing else changed.
 * - `change`: after either of those, and after any other change (notice, uncertainty): redraw.
 */

import { getPreset, presets, type Preset } from '../../../src/presets/index.js';
import { validateScenario } from '../../../src/scenario/validate.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { SCENARIO_SPEC, type FieldSpec } from '../../../src/scenario/fields.js';
import type { ValidationError } from '../../../src/scenario/validate.js';
import { decodeHash, dedupeErrors, encodeHash, type LinkSettings } from './hash.js';
import { deletePath, getPath, setPath } from './paths.js';
import type { UncertaintySpec } from './uncertainty.js';

/** Where a scenario change came from. */
export type ChangeSource = 'input' | 'preset' | 'reset' | 'undo' | 'file' | 'link' | 'attribute' | 'property' | 'calibration';

/** Successive edits of one control within this time are one step of undo. */
export const UNDO_COALESCE_MS = 1000;
export const MAX_UNDO = 100;
/**
 * The most patients per arm the page refines to on a link's or a file's say-so: a link must not
 * commit a visitor's browser to minutes of work. Beyond it the visitor is asked (`confirmPatients`).
 * The page's own attributes, its script (properties) and the visitor's choices are not capped.
 */
export const UNCONFIRMED_PATIENTS_LIMIT = 10_000_000;

/**
 * The patients a cohort-years run (MODEL.md v2, capacity) simulates per arm: each replicate
 * simulates every patient of its warmupYears + 1 cohorts, so replicates x eligiblePerYear x
 * (warmupYears + 1); null for a version 1 run. The measure of work that the link cap
 * (UNCONFIRMED_PATIENTS_LIMIT) applies to, as run.patients is a version 1 run's.
 */
export function yearsPatients(s: Scenario): number | null {
  const years = s.run.years;
  return years ? years.replicates * s.cohort.eligiblePerYear * (years.warmupYears + 1) : null;
}

/** Fields whose edit by the visitor is their choice of a cohort-years run's size (not capped). */
const YEARS_SIZE_PATHS = ['run.years', 'run.years.replicates', 'run.years.warmupYears', 'cohort.eligiblePerYear'];

export const SOURCE_WORDS: Record<ChangeSource, string> = {
  input: 'This value was refused',
  preset: 'The preset was refused',
  reset: 'Reset was refused',
  undo: 'Undo was refused',
  file: 'The scenario file was refused',
  link: 'The scenario in the link was refused',
  attribute: 'The scenario attribute was refused',
  property: 'The scenario property was refused',
  calibration: 'The calibrated scenario was refused',
};

export interface Snapshot { presetName: string; scenario: Scenario }

export class StateEvent extends Event {
  constructor(type: 'scenario', readonly source: ChangeSource) {
    super(type);
  }
}

export class RefusedEvent extends Event {
  constructor(readonly source: ChangeSource, readonly errors: ValidationError[], readonly message: string) {
    super('refused');
  }
}

/** The preset of that name, or the default one. */
export function presetOrDefault(name: string | null | undefined): Preset {
  return presets.find((p) => p.name === name) ?? getPreset('default');
}

/** Whether `path` names an optional section of a scenario (`budget`, `arms.poc.pricing`): one the scenario may leave out. */
export function isOptionalSection(path: string): boolean {
  let spec: FieldSpec | undefined = SCENARIO_SPEC;
  for (const key of path.split('.')) spec = spec?.kind === 'object' && Object.hasOwn(spec.fields, key) ? spec.fields[key] : undefined;
  return spec?.kind === 'object' && spec.optional === true;
}

export class ExplorerState extends EventTarget {
  presetName: string;
  scenario: Scenario;
  /** Earlier states, the latest last. */
  undo: Snapshot[] = [];
  /** The validator's errors of the latest refused input, and where it came from (null: none). */
  errors: ValidationError[] = [];
  /** Violations of the latest refused input beyond those listed in `errors` (the validator lists at most 40). */
  omittedErrors = 0;
  errorSource: ChangeSource | null = null;
  notice: string | null = null;
  /** The user's own uncertainty (from the `uncertainty` attribute or an imported file), else null: the preset's. */
  uncertainty: UncertaintySpec | null = null;
  /** A patient count above the limit that the page, or the visitor, asked for (run without asking). */
  private trustedPatients: number | null = null;
  /** The same for the patients of a cohort-years run (`yearsPatients`). */
  private trustedYearsPatients: number | null = null;
  private lastEdit: { path: string; time: number } | null = null;

  constructor(presetName = 'default') {
    super();
    const p = presetOrDefault(presetName);
    this.presetName = p.name;
    this.scenario = p.scenario;
  }

  get preset(): Preset {
    return presetOrDefault(this.presetName);
  }

  /** Patients per arm to refine to: the scenario's, or the limit when a link or file asked for more. */
  get runPatients(): number {
    const n = this.scenario.run.patients;
    return n <= UNCONFIRMED_PATIENTS_LIMIT || n === this.trustedPatients ? n : UNCONFIRMED_PATIENTS_LIMIT;
  }

  /**
   * Replicates of a cohort-years run to refine to (null: a version 1 run): the scenario's, or,
   * when a link or file asked for more than UNCONFIRMED_PATIENTS_LIMIT patients per arm
   * (`yearsPatients`), as many as stay within it: 0 when one replicate alone holds more.
   */
  get runReplicates(): number | null {
    const years = this.scenario.run.years;
    const work = yearsPatients(this.scenario);
    if (!years || work === null) return null;
    if (work <= UNCONFIRMED_PATIENTS_LIMIT || work === this.trustedYearsPatients) return years.replicates;
    return Math.floor(UNCONFIRMED_PATIENTS_LIMIT / (this.scenario.cohort.eligiblePerYear * (years.warmupYears + 1)));
  }

  /** Whether the run is smaller than the scenario asks (a link's or file's size, until the visitor confirms). */
  get capped(): boolean {
    const years = this.scenario.run.years;
    return years ? this.runReplicates !== years.replicates : this.runPatients !== this.scenario.run.patients;
  }

  /**
   * The scenario to run (the shown one, its refinement capped as `runPatients` and
   * `runReplicates` say), or null when nothing runs until the visitor confirms (a cohort-years
   * replicate alone beyond the limit).
   */
  get runScenario(): Scenario | null {
    const years = this.scenario.run.years;
    if (years) {
      const replicates = this.runReplicates!;
      if (replicates === years.replicates) return this.scenario;
      return replicates < 1 ? null : { ...this.scenario, run: { ...this.scenario.run, years: { ...years, replicates } } };
    }
    const patients = this.runPatients;
    return patients === this.scenario.run.patients ? this.scenario : { ...this.scenario, run: { ...this.scenario.run, patients } };
  }

  /** The visitor agrees to run the scenario's whole size (its patients, or its cohort-years: "Run all"). */
  confirmPatients(): void {
    if (!this.capped) return;
    this.trust(this.scenario);
    this.dispatchEvent(new StateEvent('scenario', 'input'));
    this.changed();
  }

  /** The size of `scenario` is the page's or the visitor's choice: run without asking. */
  private trust(scenario: Scenario): void {
    this.trustedPatients = scenario.run.patients;
    this.trustedYearsPatients = yearsPatients(scenario);
  }

  /** Starts from `presetName` and `scenario` (the page's attributes) without an event or undo. */
  start(presetName: string, scenario: Scenario): void {
    this.presetName = presetName;
    this.scenario = scenario;
    this.trust(scenario);
  }

  /** Accepts a new scenario: one step of undo, then the `scenario` and `change` events. */
  commit(presetName: string, scenario: Scenario, source: ChangeSource, pushUndo = true): void {
    const previous: Snapshot = { presetName: this.presetName, scenario: this.scenario };
    if (pushUndo) this.undo = [...this.undo, previous].slice(-MAX_UNDO);
    this.presetName = presetName;
    this.scenario = scenario;
    this.errors = [];
    this.omittedErrors = 0;
    this.errorSource = null;
    this.notice = null;
    if (source === 'attribute' || source === 'property') this.trust(scenario);
    this.dispatchEvent(new StateEvent('scenario', source));
    this.changed();
  }

  /** Records the validator's errors; the scenario and everything else stay as they were. */
  refuse(errors: ValidationError[], source: ChangeSource, omitted = 0): void {
    this.errors = errors;
    this.omittedErrors = omitted;
    this.errorSource = source;
    const message = `${SOURCE_WORDS[source]}: ${errors.map((e) => e.message).join('; ')}${omitted ? `; ...and ${omitted} more` : ''}`;
    this.dispatchEvent(new RefusedEvent(source, errors, message));
    this.changed();
  }

  /** A scenario file (partial, onto the preset `presetName`) from a property, a file or a link. */
  applyPartial(value: unknown, source: ChangeSource, pushUndo = true, presetName = this.presetName): boolean {
    const v = validateScenario(value, presetOrDefault(presetName).scenario);
    if (!v.ok) {
      this.refuse(v.errors, source, v.omittedErrors);
      return false;
    }
    if (source === 'file' || source === 'calibration') this.lastEdit = null;
    this.commit(presetName, v.scenario, source, pushUndo);
    return true;
  }

  /** One control moved: the value at `path` replaced, validated with the whole scenario. */
  edit(path: string, value: unknown, now = performance.now()): boolean {
    const v = validateScenario(setPath(this.scenario, path, value), this.scenario);
    if (!v.ok) {
      this.refuse(v.errors, 'input', v.omittedErrors);
      return false;
    }
    const coalesce = this.lastEdit?.path === path && now - this.lastEdit.time < UNDO_COALESCE_MS;
    this.lastEdit = { path, time: now };
    // The visitor's own choice of patients is theirs to run.
    if (path === 'run.patients') this.trustedPatients = v.scenario.run.patients;
    if (YEARS_SIZE_PATHS.includes(path)) this.trustedYearsPatients = yearsPatients(v.scenario);
    this.commit(this.presetName, v.scenario, 'input', !coalesce);
    return true;
  }

  /**
   * An optional section taken out (`budget`, an arm's `pricing`: back to the arm's list price),
   * the rest validated as it is; one step of undo. Nothing at `path`: nothing happens.
   */
  remove(path: string): boolean {
    if (!isOptionalSection(path) || getPath(this.scenario, path) === undefined) return false;
    const next = deletePath(this.scenario, path);
    const v = validateScenario(next, next);
    if (!v.ok) {
      this.refuse(v.errors, 'input', v.omittedErrors);
      return false;
    }
    this.lastEdit = null;
    this.commit(this.presetName, v.scenario, 'input');
    return true;
  }

  /** Switches to a preset; the run section (patients, seed) is the user's choice, kept. */
  selectPreset(name: string): void {
    const p = presets.find((x) => x.name === name);
    if (!p) return;
    this.lastEdit = null;
    this.commit(p.name, { ...p.scenario, run: { ...this.scenario.run } }, 'preset');
  }

  /** Back to the preset's values (the run section kept). */
  reset(): void {
    this.lastEdit = null;
    const p = this.preset;
    this.commit(p.name, { ...p.scenario, run: { ...this.scenario.run } }, 'reset');
  }

  /** Back one step. */
  undoLast(): void {
    const last = this.undo.at(-1);
    if (!last) return;
    this.lastEdit = null;
    this.undo = this.undo.slice(0, -1);
    this.commit(last.presetName, last.scenario, 'undo', false);
  }

  /** The URL hash of the state (`preset=...&path=value...`, without `#`), with the screen's `settings` (the open tab, the PSA's). */
  hash(settings: LinkSettings = {}): string {
    return encodeHash(this.presetName, this.scenario, this.preset.scenario, settings);
  }

  /**
   * Applies a URL hash; a hash that breaks a rule is refused with its errors (identical ones
   * once, with their count), the state kept. Gives back the screen's settings the hash holds
   * (the valid ones, even when its scenario is refused), for the element to apply; undefined
   * for an empty hash. `views`: the tabs a link may open (else any name).
   */
  applyHash(hash: string, pushUndo: boolean, views?: readonly string[]): LinkSettings | undefined {
    const decoded = decodeHash(hash);
    if (!decoded) return undefined;
    const errors = [...decoded.errors];
    const settings = { ...decoded.settings };
    if (settings.tab !== undefined && views && !views.includes(settings.tab)) {
      errors.push({ path: 'tab', value: settings.tab, rule: 'unknown view', message: `tab: unknown view ${JSON.stringify(settings.tab)}; known views: ${views.join(', ')}` });
      delete settings.tab;
    }
    if (!presets.some((p) => p.name === decoded.presetName)) {
      errors.push({ path: 'preset', value: decoded.presetName, rule: 'unknown preset', message: `preset: unknown preset ${JSON.stringify(decoded.presetName.slice(0, 40))}; known presets: ${presets.map((p) => p.name).join(', ')}` });
    }
    if (errors.length) {
      this.refuse(dedupeErrors(errors), 'link');
      return settings;
    }
    // The same state as now (the link this state wrote): nothing to do.
    const v = validateScenario(decoded.partial, presetOrDefault(decoded.presetName).scenario);
    if (v.ok && decoded.presetName === this.presetName && JSON.stringify(v.scenario) === JSON.stringify(this.scenario)) return settings;
    if (!v.ok) {
      this.refuse(dedupeErrors(v.errors), 'link', v.omittedErrors);
      return settings;
    }
    this.applyPartial(decoded.partial, 'link', pushUndo, decoded.presetName);
    return settings;
  }

  setNotice(notice: string | null): void {
    this.notice = notice;
    this.changed();
  }

  setUncertainty(spec: UncertaintySpec | null): void {
    this.uncertainty = spec;
    this.changed();
  }

  /** The error of the latest refused input at `path` (or below it), for the control there. */
  errorFor(path: string): ValidationError | undefined {
    return this.errorSource === 'input' || this.errorSource === 'file' || this.errorSource === 'link'
      ? this.errors.find((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`))
      : undefined;
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
