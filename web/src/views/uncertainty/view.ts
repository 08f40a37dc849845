/**
 * The uncertainty view: a probabilistic sensitivity analysis of the scenario shown, run in the
 * same workers when the view is shown (and again whenever what it shows is out of date), its
 * settings (draws, patients per draw, the effect measure and the willingness to pay per unit
 * of it), the spread used (which parameters are uncertain, and from what), and its figures.
 * Its run (`psa`) is its own: the element's `psaResult`, `psaRunning` and `psa-result` event.
 * The first picture is the exact PSA (runs/exact-psa.ts: every draw evaluated exactly, at once),
 * shown until the Monte Carlo analysis of the same scenario draws its quick pass.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { psaResultToCsv } from '../../../../src/format/psa-csv.js';
import type { PsaResult } from '../../../../src/psa/result.js';
import type { PsaScenario } from '../../../../src/psa/validate.js';
import { numberOf } from '../../common/values.js';
import { parameterLabel, WTP_UNITS } from '../../figures/charts/psa.js';
import { csvWithMeta, jsonWithMeta, type ExportMeta } from '../../common/export-meta.js';
import { downloadText } from '../../figures/download.js';
import { ExactPsa } from '../../runs/exact-psa.js';
import { RunController } from '../../runs/run-controller.js';
import { psaPasses, QUICK_DRAWS } from '../../runs/psa-run.js';
import { presetSpec, psaScenario, type UncertaintySpec } from '../../state/uncertainty.js';
import type { ViewContext } from '../context.js';
import type { ViewModule } from '../registry.js';
import { acceptability, curves, evpi, plane, probabilities, tornado, type Caches } from './figures.js';
import { psaEffect, psaSize, psaWtp } from './settings.js';
import { ASSUMPTION_SAMPLE_SIZE, PROCESS_DURATIONS, PROCESS_PROBABILITIES } from '../../../../src/psa/presets.js';
import type { PsaEffect } from '../../../../src/scenario/uncertain.js';

const DRAW_CHOICES = [200, 500, 1000, 2000, 5000, 10_000];
const PATIENTS_PER_DRAW_CHOICES = [2000, 5000, 10_000, 20_000, 50_000];
const WTP_SLIDER = { min: 0, max: 1_000_000, step: 5_000 };

interface Local extends Caches {
  /** What the analysis shown (or running) was run for. */
  key: string | null;
  /** The PSA scenario handed to the run and to the exact PSA. */
  ps: PsaScenario | null;
  exact: ExactPsa;
}

const local = (ctx: ViewContext) => ctx.local<Local>(() => ({ key: null, ps: null, curves: null, evppi: null, exact: new ExactPsa(() => ctx.host.requestUpdate()) }));

function psaRun(ctx: ViewContext): RunController<PsaScenario, PsaResult> {
  return ctx.useRun('psa', () => new RunController(ctx.host, psaPasses(), { event: 'psa-result', errorSource: 'psa' }));
}

/** The spread of the uncertain parameters: the user's, or the preset's trials'. */
function spec(ctx: ViewContext): UncertaintySpec {
  return ctx.state.uncertainty ?? presetSpec(ctx.state.preset);
}

/** Starts the analysis of the scenario shown if what is shown is out of date. */
function refresh(ctx: ViewContext): void {
  const run = psaRun(ctx);
  const mine = local(ctx);
  const s = spec(ctx);
  const { draws, patientsPerDraw } = psaSize(ctx.host);
  const effect = psaEffect(ctx.host);
  const key = JSON.stringify([ctx.state.scenario, s, draws, patientsPerDraw, effect]);
  if (key === mine.key) return;
  mine.key = key;
  const ps = psaScenario(ctx.state.scenario, s, draws, patientsPerDraw, effect);
  mine.exact.cancel();
  mine.ps = ps.ok ? ps.scenario : null;
  if (!ps.ok) {
    mine.exact.input = null;
    run.fail(ps.errors.map((e) => e.message).join('; '));
  } else {
    // The Monte Carlo analysis starts in the workers; the exact one, on this thread, draws first.
    run.run(ps.scenario);
    mine.exact.run(ps.scenario);
  }
}

/**
 * The analysis to draw: the Monte Carlo one of the scenario shown once all its draws are in,
 * else the exact one (no inner noise: its quick pass is drawn rather than the Monte Carlo
 * one's), else the latest.
 */
function shownAnalysis(ctx: ViewContext, run: RunController<PsaScenario, PsaResult>): { r: PsaResult | null; exact: boolean } {
  const mine = local(ctx);
  const current = run.result !== null && mine.ps !== null && run.resultInput === mine.ps;
  const x = mine.exact.result !== null && mine.exact.input === mine.ps ? mine.exact.result : null;
  if (x && !(current && run.final)) return { r: x, exact: true };
  return { r: run.result, exact: false };
}

function controls(ctx: ViewContext): TemplateResult {
  const { f, host } = ctx;
  const { draws, patientsPerDraw } = psaSize(host);
  const withCurrent = (choices: number[], n: number) => (choices.includes(n) ? choices : [...choices, n].sort((a, b) => a - b));
  const effect = psaEffect(host);
  const wtp = psaWtp(host, ctx.state.scenario);
  const unit = WTP_UNITS[effect];
  const setWtp = (value: unknown) => {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) host.wtp = value;
    else host.requestUpdate();
  };
  // A WTP is per unit of the effect: another effect starts from its own default.
  const setEffect = (value: string) => {
    if (value === effect) return;
    host.effect = value as PsaEffect;
    host.wtp = undefined;
  };
  return html`<div class="psa-controls no-print" role="group" aria-label="Uncertainty analysis settings">
    <div class="psa-control">
      <label for="psa-draws">Parameter draws</label>
      <select id="psa-draws" .value=${live(String(draws))} @change=${(e: Event) => { host.draws = Number((e.target as HTMLSelectElement).value); }}>
        ${withCurrent(DRAW_CHOICES, draws).map((n) => html`<option value=${n} ?selected=${n === draws}>${f.number(n, 'patients', 0)}</option>`)}
      </select>
    </div>
    <div class="psa-control">
      <label for="psa-patients">Patients per arm in each draw</label>
      <select id="psa-patients" .value=${live(String(patientsPerDraw))} @change=${(e: Event) => { host.patientsPerDraw = Number((e.target as HTMLSelectElement).value); }}>
        ${withCurrent(PATIENTS_PER_DRAW_CHOICES, patientsPerDraw).map((n) => html`<option value=${n} ?selected=${n === patientsPerDraw}>${f.number(n, 'patients', 0)}</option>`)}
      </select>
    </div>
    <div class="psa-control">
      <label for="psa-effect">Effect (what the willingness to pay buys)</label>
      <select id="psa-effect" .value=${live(effect)} @change=${(e: Event) => setEffect((e.target as HTMLSelectElement).value)}>
        <option value="alive1y" ?selected=${effect === 'alive1y'}>Patients alive at 1 year</option>
        <option value="qalys" ?selected=${effect === 'qalys'}>QALYs (lifetime, discounted)</option>
      </select>
    </div>
    <div class="psa-control wtp">
      <label for="psa-wtp">Willingness to pay ${unit} (${f.currency})</label>
      <div class="ctl">
        <input type="range" min=${WTP_SLIDER.min} max=${WTP_SLIDER.max} step=${WTP_SLIDER.step} .value=${live(String(Math.min(wtp, WTP_SLIDER.max)))}
          aria-label=${`Willingness to pay ${unit} (slider)`} aria-valuetext=${`${f.number(wtp, 'money', 0)} ${unit}`}
          @input=${(e: Event) => setWtp(Number((e.target as HTMLInputElement).value))}>
        <input id="psa-wtp" class="num-field" type="number" min="0" step="any" .value=${live(String(wtp))}
          @change=${(e: Event) => setWtp(numberOf((e.target as HTMLInputElement).value))}>
      </div>
    </div>
  </div>`;
}

function status(ctx: ViewContext, run: RunController<PsaScenario, PsaResult>, exact: boolean): TemplateResult {
  const { f } = ctx;
  const p = run.progress;
  const r = run.result;
  const { draws, patientsPerDraw } = psaSize(ctx.host);
  const x = local(ctx).exact;
  const shown = exact
    ? `Shown: the exact PSA, ${f.number(x.result?.psa.draws ?? draws, 'patients', 0)} parameter draws each evaluated exactly (no simulation noise, ${f.number(x.elapsedMs, 'patients', 0)} ms). `
    : r && p !== null ? 'Shown: the Monte Carlo analysis so far. ' : r ? 'Monte Carlo analysis: ' : '';
  const text = run.error
    ? `The uncertainty analysis failed: ${run.error}`
    : p === null
      ? r ? `${shown}${f.number(r.psa.draws, 'patients', 0)} parameter draws of ${f.number(r.psa.patientsPerDraw, 'patients', 0)} simulated patients per arm, seed ${r.seed}.` : ''
      : p.stage === 'quick'
        ? `${shown}Simulating the first ${f.number(Math.min(QUICK_DRAWS, draws), 'patients', 0)} parameter sets…`
        : `${shown}Refining to ${f.number(draws, 'patients', 0)} draws of ${f.number(patientsPerDraw, 'patients', 0)} simulated patients…`;
  return html`<div class="status no-print">
    <span role="status">${text}</span>
    ${p && p.total > 1 ? html`<progress max=${p.total} .value=${p.done} aria-label="Progress of the uncertainty analysis"></progress>` : nothing}
  </div>`;
}

/** The group of an uncertain parameter, for the list: outcomes, access, manufacturing, or other (a file's costs, the cohort's). */
function groupOf(path: string): 'outcomes' | 'access' | 'manufacturing' | 'other' {
  const [head, , key] = path.split('.');
  if (head !== 'arms') return 'other';
  if (['pReferral', 'pFunding', 'pApheresis', 'adminDays', 'slotWaitDays'].includes(key)) return 'access';
  if ((PROCESS_PROBABILITIES as readonly string[]).includes(key) || (PROCESS_DURATIONS as readonly string[]).includes(key)) return 'manufacturing';
  if (['pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3'].includes(key)) return 'outcomes';
  return 'other';
}

const GROUP_TITLES = { access: 'Access', manufacturing: 'Manufacturing', outcomes: 'Outcomes', other: 'Other' } as const;

function spread(ctx: ViewContext, s: UncertaintySpec): TemplateResult {
  const { f, state } = ctx;
  const describeParameter = (p: UncertaintySpec['parameters'][number]) => {
    switch (p.distribution) {
      case 'beta': return `Beta, effective sample size n = ${f.number(p.n, 'patients', 0)}`;
      case 'logNormal': return `log-normal, 90th percentile ${f.number(p.p90 / p.value, 'patients', 2)} × the value`;
      case 'durationScale': return `median scaled by a log-normal factor, 90th percentile ${f.number(p.factorP90, 'patients', 3)}`;
    }
  };
  const origin = s.origin === 'user'
    ? 'your file'
    : `the sample sizes of the sources behind the ${state.preset.title} preset: its trials and series, the UK National CAR-T Panel (981 patients) for the commercial manufacturing it keeps from the defaults; an assumption counts as a series of ${ASSUMPTION_SAMPLE_SIZE} patients`;
  const items = [
    ...s.parameters.map((p) => ({ path: p.path, text: `${describeParameter(p)}${s.basis?.[p.path] ? ` (${s.basis[p.path]})` : ''}` })),
    ...s.same.map((key) => ({ path: `arms.poc.${key}`, text: 'the commercial arm\'s value in every draw' })),
  ];
  const groups = (['access', 'manufacturing', 'outcomes', 'other'] as const).map((g) => ({ g, items: items.filter((i) => groupOf(i.path) === g) })).filter((x) => x.items.length > 0);
  const named = groups.filter((x) => x.g !== 'other').map((x) => GROUP_TITLES[x.g].toLowerCase());
  const words = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named[0] ?? 'none of access, manufacturing or outcomes';
  return html`<details class="spec">
    <summary>Uncertain: ${words}${groups.some((x) => x.g === 'other') ? ', and more' : ''} (${s.parameters.length} parameters${s.same.length ? `, ${s.same.length} drawn the same in both arms` : ''}); everything else fixed. From ${s.origin === 'user' ? 'your file' : 'the sources\' sample sizes'}.</summary>
    <p class="hint">Each uncertain parameter is centred on the value set in the parameters; everything else (prices and costs among them) is fixed. The spread comes from ${origin}.
      A scenario file with uncertain numbers (<code>{ "value": 0.56, "n": 1297 }</code>, <code>{ "value": 373000, "p90": 420000 }</code>,
      a duration's <code>uncertainty</code>, <code>"same"</code>) imported here replaces this spread.</p>
    ${s.origin === 'user' ? html`<button @click=${() => state.setUncertainty(null)}>Use the preset's uncertainty</button>` : nothing}
    ${groups.map((x) => html`<p class="spec-group"><strong>${GROUP_TITLES[x.g]}</strong></p>
      <ul>${x.items.map((i) => html`<li>${parameterLabel(i.path)}: ${i.text}</li>`)}</ul>`)}
  </details>`;
}

/** The PSA result file, with the decision curves over the WTP grid shown. */
function forDownload(ctx: ViewContext, r: PsaResult): PsaResult {
  return { ...r, ...curves(r, psaWtp(ctx.host, ctx.state.scenario), local(ctx)) };
}

/** The analysis's metadata: its own seed and engine, its draws and patients per draw. */
function psaMeta(ctx: ViewContext, r: PsaResult): ExportMeta {
  return { ...ctx.meta(undefined, { draws: r.psa.draws, patientsPerDraw: r.psa.patientsPerDraw, effect: r.effect }), seed: r.seed, engine: r.engine };
}

const uncertainty: ViewModule = {
  render(ctx) {
    const run = psaRun(ctx);
    const { r, exact } = shownAnalysis(ctx, run);
    const wtp = psaWtp(ctx.host, ctx.state.scenario);
    const caches = local(ctx);
    return html`<div class="uncertainty">
      ${controls(ctx)}
      ${spread(ctx, spec(ctx))}
      ${status(ctx, run, exact)}
      ${r === null
        ? html`<p class="pending">${run.error ? '' : 'Drawing the uncertain parameters…'}</p>`
        : html`
          ${ctx.shows('probabilities') ? probabilities(r, ctx.f, wtp, exact || run.final) : nothing}
          ${ctx.shows('ce-plane') ? plane(ctx, r, wtp) : nothing}
          ${ctx.shows('ceac') ? acceptability(ctx, r, wtp, caches) : nothing}
          ${ctx.shows('evpi') ? evpi(ctx, r, wtp, caches) : nothing}
          ${ctx.shows('tornado') ? tornado(ctx, r) : nothing}
          <p class="downloads no-print">
            <button @click=${() => downloadText(jsonWithMeta(psaMeta(ctx, r), forDownload(ctx, r)), ctx.fileName('psa.json'), 'application/json')}>Uncertainty JSON</button>
            <button @click=${() => downloadText(csvWithMeta(psaMeta(ctx, r), psaResultToCsv(forDownload(ctx, r))), ctx.fileName('psa.csv'), 'text/csv')}>Uncertainty CSV</button>
          </p>`}
    </div>`;
  },

  update(ctx) {
    refresh(ctx);
  },

  hide(ctx) {
    const run = psaRun(ctx);
    if (!run.running) return;
    // Left the view before the analysis was done: stop it; it runs again on coming back.
    run.cancel();
    local(ctx).exact.cancel();
    if (!run.final) local(ctx).key = null;
  },

  fileStem(ctx) {
    const psa = psaRun(ctx).result?.psa ?? psaSize(ctx.host);
    return `cgt-access-${ctx.state.presetName}-psa-${psa.draws}x${psa.patientsPerDraw}-seed${ctx.state.scenario.run.seed}`;
  },
};

export default uncertainty;
