/**
 * The calibration view: observed targets for one arm (each with its source), the parameters to
 * fit, and "Fit", which runs `calibrate()` (MODEL.md "Calibration": bounded least squares on the
 * exact expectations, milliseconds) and applies an exact fit's values to the scenario (one step
 * of undo: the toolbar's Undo returns to before the fit; the sliders move); a fit that does not
 * reach its targets is shown with a button to apply it anyway. It then shows each parameter's
 * start and fitted value, what bound or rule holds it, values outside the sources' plausible
 * ranges, what the targets identify, each target's fit and residual, the kind of fit in plain
 * words, and whether the fitted values are in the scenario now (after Undo they are not). A
 * request the library refuses shows its messages and changes nothing.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { CANONICAL_TARGET_NAMES } from '../../../../src/calibrate/targets.js';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import { ARM_NAMES, type ArmName } from '../../../../src/scenario/types.js';
import type { ViewContext } from '../context.js';
import type { ViewModule } from '../registry.js';
import {
  applyFit, countable, exampleForm, fit, fitWords, parameterKeys, parameterText, placement, placementWords, targetMenu, targetText, type CalibrationForm, type Outcome,
} from './form.js';

const formOf = (ctx: ViewContext) => ctx.local<{ form: CalibrationForm }>(() => ({ form: exampleForm() })).form;

/** Changes the form and redraws. */
function change(ctx: ViewContext, edit: (form: CalibrationForm) => void): void {
  edit(formOf(ctx));
  ctx.host.requestUpdate();
}

const num = (x: number, digits = 8) => (Number.isInteger(x) ? String(x) : x.toPrecision(digits).replace(/\.?0+$/, ''));

function targetRows(ctx: ViewContext, form: CalibrationForm): TemplateResult {
  const set = (i: number, key: 'name' | 'value' | 'source' | 'given' | 'count' | 'of') => (e: Event) =>
    change(ctx, (f) => { f.targets[i] = { ...f.targets[i], [key]: (e.target as HTMLInputElement | HTMLSelectElement).value }; });
  const menu = targetMenu();
  return html`<fieldset class="cal-targets">
    <legend>Observed targets (${ARM_LABELS[form.arm]} arm)</legend>
    <p class="hint">Each target is a share of the patients its name says (per eligible, per funded (approved), or per collected patient), given as
      a value or, for a share of patients, as counts (K patients of N: every target as counts is fitted by maximum likelihood, with an interval for each parameter). Give each one's source.</p>
    ${form.targets.map((t, i) => {
      const counts = t.given === 'counts';
      return html`<div class="cal-target">
      <label for=${`cal-target-${i}`}>Target ${i + 1}</label>
      <select id=${`cal-target-${i}`} .value=${live(t.name)} @change=${set(i, 'name')}>
        ${menu.map((g) => html`<optgroup label=${g.label}>${g.names.map((n) => html`<option value=${n} ?selected=${n === t.name}>${n}</option>`)}</optgroup>`)}
      </select>
      <label for=${`cal-given-${i}`}>Given as</label>
      <select id=${`cal-given-${i}`} class="cal-given" .value=${live(counts ? 'counts' : 'value')} @change=${set(i, 'given')}>
        <option value="value" ?selected=${!counts}>a value</option>
        <option value="counts" ?selected=${counts} ?disabled=${!countable(t.name)}>counts (K of N patients)</option>
      </select>
      ${counts ? html`<label for=${`cal-count-${i}`}>Patients with it (K)</label>
        <input id=${`cal-count-${i}`} class="num-field cal-count" type="text" inputmode="numeric" .value=${live(t.count ?? '')} @change=${set(i, 'count')}>
        <label for=${`cal-of-${i}`}>Of patients (N)</label>
        <input id=${`cal-of-${i}`} class="num-field cal-of" type="text" inputmode="numeric" .value=${live(t.of ?? '')} @change=${set(i, 'of')}>`
        : html`<label for=${`cal-value-${i}`}>Observed value</label>
        <input id=${`cal-value-${i}`} class="num-field" type="text" inputmode="decimal" .value=${live(t.value)} @change=${set(i, 'value')}>`}
      <label for=${`cal-source-${i}`}>Source</label>
      <input id=${`cal-source-${i}`} class="cal-source" type="text" .value=${live(t.source)} @change=${set(i, 'source')}>
      <span class="hint cal-doc">${targetText(t.name)}</span>
      <button @click=${() => change(ctx, (f) => { f.targets = f.targets.filter((_, k) => k !== i); })} aria-label=${`Remove target ${i + 1} (${t.name})`}>Remove</button>
    </div>`;
    })}
    <button @click=${() => change(ctx, (f) => { f.targets = [...f.targets, { name: CANONICAL_TARGET_NAMES.find((n) => !f.targets.some((x) => x.name === n)) ?? CANONICAL_TARGET_NAMES[0], value: '', source: '' }]; })}>Add a target</button>
  </fieldset>`;
}

function parameterBoxes(ctx: ViewContext, form: CalibrationForm): TemplateResult {
  const toggle = (key: string) => (e: Event) => change(ctx, (f) => {
    const next = new Set(f.parameters);
    if ((e.target as HTMLInputElement).checked) next.add(key);
    else next.delete(key);
    f.parameters = next;
  });
  return html`<fieldset class="cal-params">
    <legend>Parameters to fit (${form.parameters.size} chosen of ${parameterKeys(form.arm).length})</legend>
    <div class="cal-param-list">
      ${parameterKeys(form.arm).map((key, i) => html`<label class="cal-param" for=${`cal-param-${i}`}>
        <input type="checkbox" id=${`cal-param-${i}`} data-key=${key} .checked=${live(form.parameters.has(key))} @change=${toggle(key)}>
        ${parameterText(form.arm, key)}</label>`)}
    </div>
  </fieldset>`;
}

function outcome(ctx: ViewContext, o: Outcome): TemplateResult {
  const r = o.fit;
  const where = placement(o, ctx.state);
  const ml = r.fit.method === 'maximumLikelihood';
  return html`<section class="cal-outcome" aria-labelledby="cal-outcome-title">
    <h3 id="cal-outcome-title">Fit of the ${ARM_LABELS[r.arm]} arm</h3>
    <p class=${`cal-kind ${r.fit.kind}`} role="status">${fitWords(r)}</p>
    ${r.fit.notes.length > 0 ? html`<div class="notice cal-notes"><p>Notes on the fit:</p><ul>${r.fit.notes.map((n) => html`<li>${n}</li>`)}</ul></div>` : nothing}
    ${r.fit.identified ? html`<p class="hint cal-identified">Under-determined: ${r.fit.identified}.</p>` : nothing}
    <p class="hint">${r.fit.kind === 'exact' ? '' : `In detail: ${r.fit.message}. `}${r.fit.iterations} iterations.</p>
    ${ml && r.fit.intervals ? html`<p class="hint cal-intervals">${r.fit.intervals[0].toUpperCase()}${r.fit.intervals.slice(1)}.</p>` : nothing}
    <p class=${`cal-placement ${where}`}>${placementWords(where, o)}
      ${where === 'inScenario' ? nothing : html`<button class="cal-apply" @click=${() => change(ctx, (f) => applyFit(f, ctx.state))}>${where === 'notApplied'
        ? 'Apply these values anyway' : 'Apply the fitted values again'}</button>`}</p>
    <div class="table-wrap"><table class="data cal-parameters">
      <caption>Parameters</caption>
      <thead><tr><th scope="col">Parameter</th><th scope="col">Before</th><th scope="col">Fitted</th>${ml ? html`<th scope="col">95% interval</th>` : nothing}<th scope="col">Range</th><th scope="col">Bound or rule</th></tr></thead>
      <tbody>${r.parameters.map((p) => html`<tr data-path=${p.path} class=${p.implausible ? 'implausible' : ''}><th scope="row">${parameterText(r.arm, p.path.startsWith('cohort.') ? p.path : p.path.slice(`arms.${r.arm}.`.length))}</th>
        <td>${num(p.start)}</td><td class="fitted">${num(p.value)}${p.implausible ? ' (implausible)' : ''}</td>${ml ? html`<td class="interval">${p.interval ? `${num(p.interval.low, 4)} to ${num(p.interval.high, 4)}` : 'none'}</td>` : nothing}<td>[${num(p.lower)}, ${num(p.upper)}]</td>
        <td class="cal-bound">${p.heldWhy ?? [p.lowerByRule ? `lower: ${p.lowerWhy}` : '', p.upperByRule ? `upper: ${p.upperWhy}` : ''].filter((t) => t).join('; ')}</td></tr>`)}</tbody>
    </table></div>
    <div class="table-wrap"><table class="data cal-fits">
      <caption>Targets</caption>
      <thead><tr><th scope="col">Target</th><th scope="col">Source</th><th scope="col">Observed</th><th scope="col">Fitted</th><th scope="col">Residual</th></tr></thead>
      <tbody>${r.targets.map((t) => html`<tr data-name=${t.name}><th scope="row">${t.name}</th><td class="cal-source-cell">${o.sources[t.name] ?? ''}</td>
        <td>${t.count !== null ? `${t.count} of ${t.of} (${num(t.target, 4)})` : num(t.target)}</td><td class="fitted">${num(t.fitted)}</td><td class="residual">${t.residual === 0 ? '0' : t.residual.toExponential(2)}</td></tr>`)}</tbody>
    </table></div>
  </section>`;
}

const calibration: ViewModule = {
  render(ctx) {
    const form = formOf(ctx);
    const noExact = ctx.exact.reason;
    return html`<div class="calibration">
      <p class="hint">Fit the model to what is observed: the parameters chosen are solved so that the arm's exact expected outputs
        (no simulation) match the targets, by bounded least squares within each parameter's range (by maximum likelihood, with an interval for each parameter, when the targets are counts). "Fit" applies an exact fit's values to the scenario (Undo returns to before the fit); a fit that does not reach its targets is shown, and applied only if you ask.</p>
      ${noExact ? html`<p class="notice">This scenario has no exact form (${noExact}), so it cannot be calibrated.</p>` : nothing}
      <div class="cal-arm">
        <label for="cal-arm">Arm</label>
        <select id="cal-arm" .value=${live(form.arm)} @change=${(e: Event) => change(ctx, (f) => {
          f.arm = (e.target as HTMLSelectElement).value as ArmName;
          const keys = new Set(parameterKeys(f.arm));
          f.parameters = new Set([...f.parameters].filter((k) => keys.has(k)));
        })}>
          ${ARM_NAMES.map((a) => html`<option value=${a} ?selected=${a === form.arm}>${ARM_LABELS[a]}</option>`)}
        </select>
      </div>
      ${targetRows(ctx, form)}
      ${parameterBoxes(ctx, form)}
      <p class="cal-actions">
        <button class="cal-fit" @click=${() => change(ctx, (f) => fit(f, ctx.state))}>Fit</button>
        <button @click=${() => change(ctx, (f) => Object.assign(f, exampleForm()))}>Restore the example</button>
      </p>
      ${form.errors ? html`<div class="errors cal-errors" role="alert"><p>The calibration was refused; nothing changed:</p>
        <ul>${form.errors.map((m) => html`<li>${m}</li>`)}</ul></div>` : nothing}
      ${form.outcome ? outcome(ctx, form.outcome) : nothing}
    </div>`;
  },
};

export default calibration;
