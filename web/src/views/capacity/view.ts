/**
 * The capacity view (MODEL.md v2, "Manufacturing capacity and queues"): per arm a control of
 * its manufacturing lines (or unlimited), the run's size in cohort-years, the point run's
 * queue figures for each arm with lines, and the planner's chart: patients infused and lost
 * while queued against the number of lines c of one arm, from the view's own sweep (every c on
 * the same random numbers; a quick pass, then all replicates), with the chosen c marked.
 * Every change goes through the state (`edit`, `applyPartial`): undo, the URL and validation
 * work as for any control.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import type { LinesSweep } from '../../../../src/analyses/lines.js';
import { linesFor, utilisationDecimals } from '../../../../src/queue/summarise.js';
import type { ArmName, Estimate, Result, Scenario } from '../../../../src/scenario/types.js';
import type { Unit } from '../../common/format.js';
import { numberOf } from '../../common/values.js';
import { RunController } from '../../runs/run-controller.js';
import { runText } from '../../runs/run-text.js';
import { setPath } from '../../state/paths.js';
import type { ViewContext } from '../context.js';
import { yearsCapNotice } from '../cap-notice.js';
import type { ViewModule } from '../registry.js';
import { linesToCsv, sweepChart, sweepLegend, sweepPasses, sweepRange, sweepTable, type RefiningSweep, type SweepInput } from './sweep.js';

const ARMS: readonly ArmName[] = ['commercial', 'poc'];

interface Local {
  /** What the sweep shown (or running) was run for. */
  key: string | null;
  /** The arm whose lines the chart sweeps (the visitor's choice among arms with lines). */
  arm: ArmName | null;
  /** The range of c swept. */
  range: { from: number; to: number } | null;
}

const local = (ctx: ViewContext) => ctx.local<Local>(() => ({ key: null, arm: null, range: null }));

function sweepRun(ctx: ViewContext): RunController<SweepInput, LinesSweep> {
  return ctx.useRun('capacity', () => new RunController(ctx.host, sweepPasses(), { event: 'capacity-result', errorSource: 'capacity' }));
}

const linesOf = (s: Scenario, arm: ArmName): number | null => s.arms[arm].capacity?.lines ?? null;

/** The arm the chart sweeps: the visitor's choice if it has lines, else poc, else commercial (null: no arm has lines). */
function sweptArm(ctx: ViewContext): ArmName | null {
  const s = ctx.state.scenario;
  const chosen = local(ctx).arm;
  if (chosen && linesOf(s, chosen) !== null) return chosen;
  return linesOf(s, 'poc') !== null ? 'poc' : linesOf(s, 'commercial') !== null ? 'commercial' : null;
}

/** The point run's result when it is the scenario shown (else null: a newer run is on its way). */
function currentResult(ctx: ViewContext): Result | null {
  const r = ctx.point.result;
  return r && JSON.stringify(r.scenario.arms) === JSON.stringify(ctx.state.scenario.arms) ? r : null;
}

/** A first number of lines for an arm without: the queue block's rule (at most 85% busy) on its batches' line-days. */
function suggestLines(ctx: ViewContext, arm: ArmName): number {
  const r = ctx.point.result;
  const attempts = r?.arms[arm].manufacturing.attempts.value ?? null;
  if (attempts === null) return 1;
  return Math.max(1, linesFor(attempts * ctx.state.scenario.arms[arm].mfgDays.median));
}

function setUnlimited(ctx: ViewContext, arm: ArmName, unlimited: boolean): void {
  const s = ctx.state.scenario;
  if (!unlimited) {
    ctx.state.edit(`arms.${arm}.capacity.lines`, suggestLines(ctx, arm));
    return;
  }
  // The whole scenario onto its preset, in one step of undo: null for every capacity it has not
  // (the preset's would come back), and with lines in neither arm no cohort-years either.
  let next: unknown = s;
  for (const a of ARMS) if (a === arm || linesOf(s, a) === null) next = setPath(next, `arms.${a}.capacity`, null);
  if (ARMS.every((a) => a === arm || linesOf(s, a) === null)) next = setPath(next, 'run.years', null);
  ctx.state.applyPartial(next, 'input');
}

function fieldError(ctx: ViewContext, path: string): TemplateResult | typeof nothing {
  const e = ctx.state.errorFor(path);
  return e ? html`<p class="field-error" role="alert">${e.rule}</p>` : nothing;
}

/**
 * The hint under an arm's lines: the queue block's linesNeeded in the words of its rule, the
 * fewest lines that keep each at most 85% busy (the utilisation is shown with the decimals that tell it from 85%).
 */
export function linesHint(f: ViewContext['f'], needed: number, chosen: number): string {
  const n = f.number(needed, 'patients', 0);
  const lines = `${n} line${needed === 1 ? '' : 's'}`;
  if (needed === 0) return 'No batch reached a line in the reported year: any number of lines is idle.';
  return needed === chosen
    ? `${lines}, as chosen, is the fewest that keeps each line at most 85% busy.`
    : `${lines} is the fewest that keeps each line at most 85% busy (first estimate; the sweep below gives each c).`;
}

/** An arm's lines: unlimited, a slider and a number field (not `live`: a value being typed stays while the runs redraw the view). */
function armControl(ctx: ViewContext, arm: ArmName, r: Result | null): TemplateResult {
  const { f, state } = ctx;
  const c = linesOf(state.scenario, arm);
  const needed = r?.arms[arm].queue?.linesNeeded.value ?? null;
  const max = Math.min(400, Math.max(24, 2 * (c ?? 1), needed === null ? 0 : 2 * needed));
  const path = `arms.${arm}.capacity.lines`;
  const label = `${ARM_LABELS[arm]}: manufacturing lines`;
  const set = (v: unknown) => { if (!state.edit(path, v)) ctx.host.requestUpdate(); };
  return html`<fieldset class="lines-control ${state.errorFor(path) ? 'invalid' : ''}" data-arm=${arm}>
    <legend class=${`${arm}-text`}>${label}</legend>
    <label class="unlimited"><input type="checkbox" .checked=${live(c === null)} @change=${(e: Event) => setUnlimited(ctx, arm, (e.target as HTMLInputElement).checked)}> Unlimited (no queue)</label>
    <div class="ctl">
      <input type="range" min="1" max=${max} step="1" .value=${live(String(Math.min(c ?? 1, max)))} ?disabled=${c === null} data-path=${path}
        aria-label=${`${label} (slider)`} aria-valuetext=${c === null ? 'unlimited' : `${c} lines`} @input=${(e: Event) => set(Number((e.target as HTMLInputElement).value))}>
      <input id=${`lines-${arm}`} class="num-field" type="number" min="1" max="1000000" step="1" .value=${c === null ? '' : String(c)} ?disabled=${c === null}
        aria-label=${label} @change=${(e: Event) => set(numberOf((e.target as HTMLInputElement).value))}>
    </div>
    ${fieldError(ctx, path)}
    <p class="hint">${c === null ? 'Every batch starts when it is ready (version 1).' : needed === null ? '' : linesHint(f, needed, c)}</p>
  </fieldset>`;
}

function yearsControls(ctx: ViewContext): TemplateResult | typeof nothing {
  const { state } = ctx;
  const years = state.scenario.run.years;
  if (!years) return nothing;
  const edit = (path: string, v: unknown) => { if (!state.edit(path, v)) ctx.host.requestUpdate(); };
  return html`<div class="years-controls" role="group" aria-label="Size of the cohort-years run">
    <div class="psa-control ${state.errorFor('run.years.replicates') ? 'invalid' : ''}">
      <label for="years-replicates">Replicates (cohort-years runs)</label>
      <input id="years-replicates" class="num-field" type="number" min="1" max="1000000" step="1" .value=${String(years.replicates)}
        @change=${(e: Event) => edit('run.years.replicates', numberOf((e.target as HTMLInputElement).value))}>
      ${fieldError(ctx, 'run.years.replicates')}
    </div>
    <div class="psa-control">
      <label for="years-warmup">Warm-up years before the reported one</label>
      <select id="years-warmup" .value=${live(String(years.warmupYears))} @change=${(e: Event) => edit('run.years.warmupYears', Number((e.target as HTMLSelectElement).value))}>
        ${Array.from({ length: 11 }, (_, w) => html`<option value=${w} ?selected=${w === years.warmupYears}>${w}</option>`)}
      </select>
    </div>
  </div>`;
}

type QueueUnit = Unit | '%' | 'lines';
const QUEUE_ROWS: { id: string; label: string; unit: QueueUnit; get: (q: NonNullable<Result['arms']['poc']['queue']>) => Estimate }[] = [
  { id: 'lostWhileQueued', label: 'Lost while queued (patients a year)', unit: 'patients', get: (q) => q.lostWhileQueued },
  { id: 'waitFirstMean', label: 'First-attempt wait for a line, mean (days)', unit: 'days', get: (q) => q.waitFirst.mean },
  { id: 'waitFirstMedian', label: 'First-attempt wait, median (days)', unit: 'days', get: (q) => q.waitFirst.median },
  { id: 'waitFirstP90', label: 'First-attempt wait, 90th percentile (days)', unit: 'days', get: (q) => q.waitFirst.p90 },
  { id: 'waitRetryMean', label: 'Retry wait, mean (days)', unit: 'days', get: (q) => q.waitRetry.mean },
  { id: 'utilisation', label: 'Utilisation of the lines', unit: '%', get: (q) => q.utilisation },
  { id: 'linesNeeded', label: 'Fewest lines keeping each at most 85% busy (first estimate)', unit: 'lines', get: (q) => q.linesNeeded },
];

function queueTable(ctx: ViewContext, r: Result): TemplateResult {
  const { f } = ctx;
  const arms = ARMS.filter((a) => r.arms[a].queue);
  const cell = (e: Estimate, unit: QueueUnit, arm: ArmName) => {
    const s = unit === '%'
      ? { value: e.value === null ? '–' : `${f.number(100 * e.value, 'patients', utilisationDecimals(e.value))}%`, mcse: e.mcse === null ? null : `${f.number(100 * e.mcse, 'patients', utilisationDecimals(e.value ?? 0))}%` }
      : unit === 'lines'
        ? { value: f.number(e.value, 'patients', 0), mcse: e.mcse === null ? null : f.number(e.mcse, 'patients', 2) }
        : f.estimate(e, unit);
    return html`<td class=${`${arm}-text`} data-arm=${arm}><span class="value">${s.value}</span>${s.mcse === null ? nothing : html`<span class="mcse">± ${s.mcse} MCSE</span>`}</td>`;
  };
  return html`<table class="headline queue" part="headline">
    <caption>Queue for manufacturing lines, the reported year (per cohort of ${f.number(r.scenario.cohort.eligiblePerYear, 'patients', 0)} eligible patients a year)</caption>
    <thead><tr><th scope="col">Measure</th>${arms.map((a) => html`<th scope="col" class=${`${a}-text`}>${ARM_LABELS[a]} (${r.scenario.arms[a].capacity!.lines} lines)</th>`)}</tr></thead>
    <tbody>${QUEUE_ROWS.map((row) => html`<tr data-id=${row.id}><th scope="row">${row.label}</th>${arms.map((a) => cell(row.get(r.arms[a].queue!), row.unit, a))}</tr>`)}</tbody>
  </table>
  <p class="footnote">± is the Monte Carlo standard error over replicates. Waits run from a batch being ready to its line being free; a patient who progresses while waiting is lost while queued.</p>`;
}

/** Starts the sweep of the arm shown if what is drawn is out of date. */
function refresh(ctx: ViewContext): void {
  const run = sweepRun(ctx);
  const mine = local(ctx);
  const arm = sweptArm(ctx);
  // A link's cohort-years beyond the limit: no sweep (many times the run's work) until the visitor's "Run all".
  if (arm === null || ctx.state.capped) {
    if (run.running) run.cancel();
    mine.key = null;
    return;
  }
  const s = ctx.state.scenario;
  const c = linesOf(s, arm) as number;
  const needed = currentResult(ctx)?.arms[arm].queue?.linesNeeded.value ?? null;
  // Keep the range while the chosen c is inside it: moving c then only moves the mark.
  const kept = mine.range && mine.key !== null && c >= mine.range.from && c <= mine.range.to - 1 ? mine.range : null;
  const range = kept ?? sweepRange(c, needed);
  // The swept arm's numbers depend on neither arm's lines (each arm has its own queue): neither is in the key.
  const { capacity: _c, ...commercial } = s.arms.commercial;
  const { capacity: _p, ...poc } = s.arms.poc;
  const key = JSON.stringify([{ ...s, arms: { commercial, poc } }, arm, range]);
  if (key === mine.key) return;
  mine.key = key;
  mine.range = range;
  run.run({ scenario: s, arm, ...range, first: c });
}

function linesFigure(ctx: ViewContext, run: RunController<SweepInput, LinesSweep>): TemplateResult | typeof nothing {
  const sw: RefiningSweep | null = run.result;
  const { f, figures, width } = ctx;
  if (!sw) return html`<p class="pending">${run.error ? '' : 'Sweeping the number of lines…'}</p>`;
  const chosen = linesOf(ctx.state.scenario, sw.arm);
  const at = sw.rows.find((r) => r.lines === chosen);
  const enough = sw.rows.find((r) => (r.lostWhileQueued.value ?? 0) < 1);
  const R = sw.scenario.run.years?.replicates ?? 0;
  const all = ctx.state.scenario.run.years?.replicates ?? R;
  const passText = run.final
    ? `${f.number(R, 'patients', 0)} replicates of cohort-years per c`
    : sw.refined
      ? `${sw.refined.size} of ${sw.rows.length} values of c refined to ${f.number(all, 'patients', 0)} replicates of cohort-years, the others a first pass of ${f.number(R, 'patients', 0)}`
      : `${f.number(R, 'patients', 0)} replicates of cohort-years per c, a first pass`;
  const summary = `Patients infused and patients lost while queued per year on the ${ARM_LABELS[sw.arm]} arm, against its number of manufacturing lines c from ${sw.rows[0].lines} to ${sw.rows[sw.rows.length - 1].lines} (${passText}; every c on the same random patients).`
    + (at ? ` At the chosen ${at.lines} lines, marked: ${f.estimateText(at.infused, 'patients')} infused and ${f.estimateText(at.lostWhileQueued, 'patients')} lost while queued.` : '')
    + (enough ? ` From ${enough.lines} lines on, fewer than one patient a year is lost while queued.` : ' At every c shown, at least one patient a year is lost while queued.');
  const title = 'Patients infused and lost while queued against the number of lines';
  return figures.frame({
    id: 'lines',
    title,
    summary,
    legend: sweepLegend(),
    chart: figures.chart('lines', sw, f, width, () => sweepChart(sw, chosen, f, width), String(chosen)),
    table: () => sweepTable(sw, chosen, f, all),
    csv: () => linesToCsv(sw),
  });
}

function armPicker(ctx: ViewContext, arm: ArmName): TemplateResult | typeof nothing {
  const s = ctx.state.scenario;
  const withLines = ARMS.filter((a) => linesOf(s, a) !== null);
  if (withLines.length < 2) return nothing;
  return html`<div class="psa-control sweep-arm">
    <label for="sweep-arm">Sweep the lines of</label>
    <select id="sweep-arm" .value=${live(arm)} @change=${(e: Event) => { local(ctx).arm = (e.target as HTMLSelectElement).value as ArmName; ctx.host.requestUpdate(); }}>
      ${withLines.map((a) => html`<option value=${a} ?selected=${a === arm}>${ARM_LABELS[a]}</option>`)}
    </select>
  </div>`;
}

function status(ctx: ViewContext, run: RunController<SweepInput, LinesSweep>): TemplateResult {
  const { f, point } = ctx;
  const pp = point.progress;
  const sp = run.progress;
  const pointText = point.error ? `The run failed: ${point.error}` : pp ? 'Running the scenario…' : point.result ? runText(f, point.result) : '';
  const sweepText = run.error ? ` The sweep failed: ${run.error}` : sp ? (sp.stage === 'quick' ? ' Sweeping the lines: a first pass…' : ' Sweeping the lines: refining…') : '';
  return html`<div class="status no-print">
    <span role="status">${pointText}${sweepText}</span>
    ${sp && sp.total > 1 ? html`<progress max=${sp.total} .value=${sp.done} aria-label="Progress of the lines sweep"></progress>` : nothing}
  </div>`;
}

const capacity: ViewModule = {
  render(ctx) {
    const r = currentResult(ctx) ?? ctx.point.result;
    const run = sweepRun(ctx);
    const arm = sweptArm(ctx);
    const anyLines = arm !== null;
    return html`<div class="capacity">
      <p class="hint">Manufacturing lines: devices in the hospital, or the factory slots allotted to this health system, each making one batch at a time. With lines in either arm, the run is replicates of cohort-years (MODEL.md v2).</p>
      <div class="lines-controls">${ARMS.map((a) => armControl(ctx, a, r))}</div>
      ${yearsControls(ctx)}
      ${status(ctx, run)}
      ${ctx.state.capped && ctx.state.scenario.run.years ? yearsCapNotice(ctx) : nothing}
      ${!anyLines
        ? html`<p class="pending">Both arms have unlimited lines: there is no queue. Untick “Unlimited” for an arm to give it lines.</p>`
        : html`
          ${ctx.shows('queue') && r && ARMS.some((a) => r.arms[a].queue) ? queueTable(ctx, r) : nothing}
          ${ctx.shows('lines') ? html`${armPicker(ctx, arm)}${linesFigure(ctx, run)}` : nothing}`}
    </div>`;
  },

  update(ctx) {
    if (ctx.shows('lines')) refresh(ctx);
  },

  hide(ctx) {
    const run = sweepRun(ctx);
    if (!run.running) return;
    run.cancel();
    if (!run.final) local(ctx).key = null;
  },

  fileStem(ctx) {
    const sw = sweepRun(ctx).result;
    const s = ctx.state.scenario;
    return sw
      ? `cgt-access-${ctx.state.presetName}-capacity-${sw.arm}-${sw.rows[0].lines}to${sw.rows[sw.rows.length - 1].lines}-seed${s.run.seed}`
      : `cgt-access-${ctx.state.presetName}-capacity-seed${s.run.seed}`;
  },
};

export default capacity;
