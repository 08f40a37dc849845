/**
 * The parameter panel: for every field of both arms (side by side, in the order of the funnel),
 * of the cohort and of the run, a slider and a number field in step (or a select), its unit,
 * a ▲ at the preset's value, and the source of that value as a tooltip; the field's error
 * when the latest input was refused. Changes go to the state (`state.edit`).
 */

import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { ARM_LABELS } from '../../../src/format/labels.js';
import type { Preset } from '../../../src/presets/index.js';
import { ARM_FIELDS, COHORT_FIELDS, type FieldSpec } from '../../../src/scenario/fields.js';
import type { ArmName, Result } from '../../../src/scenario/types.js';
import type { Formatter } from '../common/format.js';
import { ARM_GROUPS, COHORT_KEYS, labelOf, PAYMENT_LABELS, sliderRange, unitLabel } from '../common/params.js';
import { describe, numberOf } from '../common/values.js';
import type { ExplorerState } from '../state/explorer-state.js';
import { getPath } from '../state/paths.js';

const ARMS: ArmName[] = ['commercial', 'poc'];
const PATIENT_CHOICES = [100_000, 1_000_000, 10_000_000];

export interface InputsContext {
  state: ExplorerState;
  preset: Preset;
  f: Formatter;
  currency: string;
}

export function renderInputs(c: InputsContext): TemplateResult {
  return html`
    <div class="arm-heads" aria-hidden="true">
      <span>Parameter</span>
      <span class="commercial">Commercial (centralised)</span>
      <span class="poc">Point of care (hospital)</span>
    </div>
    ${ARM_GROUPS.map((g) => html`
      <fieldset>
        <legend>${g.title}</legend>
        ${g.keys.map((key) => armRow(c, key, ARM_FIELDS[key]))}
      </fieldset>`)}
    <fieldset>
      <legend>Cohort (both arms)</legend>
      ${COHORT_KEYS.map((key) => cohortRow(c, key, COHORT_FIELDS[key]))}
    </fieldset>
    <fieldset>
      <legend>Simulation</legend>
      ${runRows(c)}
    </fieldset>`;
}

function armRow(c: InputsContext, key: string, spec: FieldSpec): TemplateResult {
  return html`
    <div class="row" role="group" aria-labelledby=${`label-${key}`}>
      <div class="param"><span id=${`label-${key}`}>${labelOf(key)}</span><span class="unit">${unitLabel(spec, c.currency, key)}</span></div>
      ${ARMS.map((arm) => html`<div class="cell ${arm} ${cellClasses(c, `arms.${arm}.${key}`)}">
        ${controls(c, `arms.${arm}.${key}`, spec, `${labelOf(key)}, ${ARM_LABELS[arm]}`, ARMS.map((a) => `arms.${a}.${key}`))}
      </div>`)}
    </div>`;
}

function cohortRow(c: InputsContext, key: string, spec: FieldSpec): TemplateResult {
  const path = `cohort.${key}`;
  return html`
    <div class="row cohort" role="group" aria-labelledby=${`label-${key}`}>
      <div class="param"><span id=${`label-${key}`}>${labelOf(key)}</span><span class="unit">${unitLabel(spec, c.currency, key)}</span></div>
      <div class="cell ${cellClasses(c, path)}">${controls(c, path, spec, labelOf(key), [path])}</div>
    </div>`;
}

function runRows(c: InputsContext): TemplateResult {
  const { state, f } = c;
  const run = state.scenario.run;
  const choices = PATIENT_CHOICES.includes(run.patients) ? PATIENT_CHOICES : [...PATIENT_CHOICES, run.patients].sort((a, b) => a - b);
  // With capacity (MODEL.md v2) the run is cohort-years: its size is run.years, not run.patients.
  const years = run.years;
  const size = years
    ? html`<div class="row cohort">
      <div class="param"><span>${labelOf('patients')}</span><span class="unit">not used with capacity</span></div>
      <div class="cell"><p class="hint" id="run-years-note">Cohort-years: ${f.number(years.replicates, 'patients', 0)} replicates of ${years.warmupYears} warm-up year${years.warmupYears === 1 ? '' : 's'} and the reported year (set them in the Capacity tab).</p></div>
    </div>`
    : html`<div class="row cohort">
      <div class="param"><label for="run-patients">${labelOf('patients')}</label><span class="unit">first 100,000, then refined</span></div>
      <div class="cell"><select id="run-patients" .value=${live(String(run.patients))} @change=${(e: Event) => state.edit('run.patients', Number((e.target as HTMLSelectElement).value))}>
        ${choices.map((n) => html`<option value=${n} ?selected=${n === run.patients}>${f.number(n, 'patients', 0)}</option>`)}
      </select></div>
    </div>`;
  return html`
    ${size}
    <div class="row cohort">
      <div class="param"><label for="run-seed">${labelOf('seed')}</label><span class="unit">integer in [0, 2³²)</span></div>
      <div class="cell ${state.errorFor('run.seed') ? 'invalid' : ''}"><div class="ctl"><input id="run-seed" class="num-field" type="number" min="0" step="1" .value=${live(String(run.seed))}
        @change=${(e: Event) => state.edit('run.seed', numberOf((e.target as HTMLInputElement).value))}></div>
        ${fieldError(c, 'run.seed')}</div>
    </div>`;
}

function cellClasses(c: InputsContext, path: string): string {
  const changed = JSON.stringify(getPath(c.state.scenario, path)) !== JSON.stringify(getPath(c.preset.scenario, path));
  return `${changed ? 'changed' : ''} ${c.state.errorFor(path) ? 'invalid' : ''}`;
}

function fieldError(c: InputsContext, path: string): TemplateResult | typeof nothing {
  const e = c.state.errorFor(path);
  return e ? html`<span class="field-error">${e.message}</span>` : nothing;
}

/** Slider(s), number field(s) or select for the field at `path`, with its source as a tooltip. */
function controls(c: InputsContext, path: string, spec: FieldSpec, label: string, rangePaths: string[]): TemplateResult {
  const { preset, state } = c;
  const tipId = `tip-${path}`;
  const source = preset.sources[path] ?? 'not given';
  const presetValue = getPath(preset.scenario, path);
  const tip = html`<span class="tip" role="tooltip" id=${tipId}>Preset value: ${describe(presetValue)}. Source: ${source}. ${spec.doc}.</span>`;
  if (spec.kind === 'enum') {
    const value = String(getPath(state.scenario, path));
    return html`
      <select aria-label=${label} aria-describedby=${tipId} data-path=${path} .value=${live(value)}
        @change=${(e: Event) => state.edit(path, (e.target as HTMLSelectElement).value)}>
        ${spec.values.map((v) => html`<option value=${v} ?selected=${v === value}>${PAYMENT_LABELS[v] ?? v}</option>`)}
      </select>${tip}${fieldError(c, path)}`;
  }
  if (spec.kind === 'duration') {
    return html`${(['median', 'p90'] as const).map((part) => {
      const values = rangePaths.flatMap((p) => [getPath(preset.scenario, `${p}.median`), getPath(preset.scenario, `${p}.p90`)]) as number[];
      return slider(c, `${path}.${part}`, spec, sliderRange(spec, values, part), `${label}, ${part === 'median' ? 'median' : '90th percentile'}`, tipId, part === 'median' ? 'median' : 'p90', getPath(preset.scenario, `${path}.${part}`) as number);
    })}${tip}${fieldError(c, path)}`;
  }
  const values = rangePaths.map((p) => getPath(preset.scenario, p)) as number[];
  return html`${slider(c, path, spec, sliderRange(spec, values, undefined, path.split('.').at(-1)), label, tipId, undefined, presetValue as number)}${tip}${fieldError(c, path)}`;
}

function slider(c: InputsContext, path: string, spec: FieldSpec, range: { min: number; max: number; step: number }, label: string, tipId: string, sub: string | undefined, presetValue: number): TemplateResult {
  const { state } = c;
  const value = getPath(state.scenario, path) as number;
  const frac = Math.max(0, Math.min(1, (presetValue - range.min) / (range.max - range.min)));
  const integer = spec.kind === 'integer';
  return html`
    <div class=${sub ? 'ctl has-sub' : 'ctl'}>
      ${sub ? html`<span class="sub" aria-hidden="true">${sub}</span>` : nothing}
      <div class="slider">
        <input type="range" data-path=${path} min=${range.min} max=${range.max} step=${range.step} .value=${live(String(value))}
          aria-label=${label} aria-describedby=${tipId} aria-valuetext=${String(value)}
          @input=${(e: Event) => state.edit(path, Number((e.target as HTMLInputElement).value))}>
        <span class="mark" style="left: calc(8px + ${frac} * (100% - 16px))" title=${`preset value ${presetValue}`}></span>
      </div>
      <input class="num-field" type="number" data-path=${path} step=${integer ? '1' : 'any'} min=${ifDefined(spec.kind === 'probability' ? 0 : undefined)} max=${ifDefined(spec.kind === 'probability' ? 1 : undefined)}
        .value=${live(String(value))} aria-label=${`${label} (number)`} aria-describedby=${tipId}
        @change=${(e: Event) => state.edit(path, numberOf((e.target as HTMLInputElement).value))}>
    </div>`;
}

/** On a narrow screen the results are below the inputs: the key numbers stay in view. */
export function stickySummary(r: Result | null, f: Formatter, running: boolean): TemplateResult | typeof nothing {
  if (!r) return nothing;
  const c = r.arms.commercial;
  const p = r.arms.poc;
  return html`<div class="sticky-summary" aria-hidden="true">
    <span>Infused/year: <b class="commercial-text">${f.number(c.funnel.infused.value, 'patients', 0)}</b> vs <b class="poc-text">${f.number(p.funnel.infused.value, 'patients', 0)}</b></span>
    <span>Median wait: <b class="commercial-text">${f.number(c.v2v.median.value, 'days', 0)}</b> vs <b class="poc-text">${f.number(p.v2v.median.value, 'days', 0)}</b> days</span>
    ${running ? html`<span>…</span>` : nothing}
  </div>`;
}
