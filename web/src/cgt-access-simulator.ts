/**
 * `<cgt-access-simulator>`: the explorer of cgt-access. A thin shell: the element's attributes,
 * properties and events, the toolbar, the parameter panel and the tabs, over one state object
 * (`state/explorer-state.ts`: the scenario, its preset, undo, the URL hash, errors) and the
 * point run (`runs/`). Each tab is a view (`views/`), registered by name and loaded when first
 * shown; views draw through the shared figure frame (`figures/frame.ts`). The engine runs in
 * web workers (the library's pool).
 *
 * Embed with one module script beside the built files:
 *
 *   <script type="module" src="cgt-access-simulator.js"></script>
 *   <cgt-access-simulator preset="zuma-1" view="compact" figures="funnel"></cgt-access-simulator>
 *
 * @fires scenario-change - The scenario was changed and accepted. `detail: ScenarioChangeDetail`.
 * @fires result - A result was drawn (first the quick pass, then the refined one). `detail: ResultDetail`.
 * @fires psa-result - A probabilistic sensitivity analysis was drawn (the quick pass of its first draws, then all of them). `detail: PsaResultDetail`.
 * @fires error - A scenario (input, file, link, attribute, property) was refused, or a run failed. `detail: ErrorDetail`.
 *
 * @csspart toolbar - The row of preset picker and buttons.
 * @csspart headline - The table of headline numbers.
 * @csspart inputs - The parameter panel.
 * @csspart outputs - The column of headline numbers and figures.
 * @csspart figure - Each chart's figure.
 * @csspart errors - The list of refused input.
 *
 * @cssprop --cgt-commercial-color - Colour of the commercial arm: charts, legends, sliders, and (mixed with --cgt-fg) its numbers (default Okabe–Ito blue #0072b2). Charts read it when drawn.
 * @cssprop --cgt-poc-color - Colour of the point-of-care arm: charts, legends, sliders, and (mixed with --cgt-fg) its numbers (default Okabe–Ito vermillion #d55e00). Charts read it when drawn.
 * @cssprop --cgt-commercial-text - Optional: text colour of the commercial arm's numbers, where the mix of --cgt-commercial-color with --cgt-fg lacks contrast (default that mix).
 * @cssprop --cgt-poc-text - Optional: text colour of the point-of-care arm's numbers, where the mix of --cgt-poc-color with --cgt-fg lacks contrast (default that mix).
 * @cssprop --cgt-fg - Text colour.
 * @cssprop --cgt-bg - Background colour.
 * @cssprop --cgt-panel - Background of the toolbar.
 * @cssprop --cgt-border - Border colour.
 * @cssprop --cgt-accent - Focus ring and accents.
 * @cssprop --cgt-muted - Secondary text (MCSEs, hints).
 * @cssprop --cgt-error - Refused input.
 * @cssprop --cgt-font - Font family.
 */

import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { PsaResult } from '../../src/psa/result.js';
import type { PsaEffect } from '../../src/scenario/uncertain.js';
import type { Result, Scenario } from '../../src/scenario/types.js';
import { exportMeta, type ExportMeta } from './common/export-meta.js';
import { formatterFor, type Formatter } from './common/format.js';
import { styles } from './common/styles.js';
import { readArmColors, useArmColors } from './figures/charts/palette.js';
import { FigureFrame } from './figures/frame.js';
import { ExactRun } from './runs/exact-run.js';
import { RunController } from './runs/run-controller.js';
import { pointPasses } from './runs/point-run.js';
import { applyUncertaintyAttribute, attributeScenario } from './shell/attributes.js';
import type { ErrorDetail, PsaResultDetail, ResultDetail, ScenarioChangeDetail } from './shell/events.js';
import { DropController } from './shell/drop.js';
import { importScenarioFile, resultDownloads } from './shell/files.js';
import { renderInputs, stickySummary } from './shell/inputs.js';
import { renderErrors, renderTabs, renderToolbar } from './shell/toolbar.js';
import { ExplorerState, presetOrDefault, RefusedEvent, StateEvent } from './state/explorer-state.js';
import type { LinkSettings } from './state/hash.js';
import { viewContext, type ViewContext } from './views/context.js';
import './views/index.js';
import { loadView, onViewsChange, registeredViews, type ViewDefinition, type ViewModule } from './views/registry.js';

export type { ChangeSource, ErrorDetail, PsaResultDetail, ResultDetail, ScenarioChangeDetail } from './shell/events.js';
export { registerView, type ViewDefinition, type ViewModule } from './views/registry.js';
export type { ViewContext } from './views/context.js';
/** The name of a registered view (`results`, `uncertainty`, ...). */
export type Tab = string;

export class CgtAccessSimulator extends LitElement {
  static override styles = styles;

  static override properties = {
    preset: { type: String },
    scenarioJson: { type: String, attribute: 'scenario' },
    patients: { type: Number },
    seed: { type: Number },
    view: { type: String, reflect: true },
    figures: { type: String },
    currency: { type: String },
    locale: { type: String },
    hash: { type: Boolean },
    tab: { type: String, reflect: true },
    draws: { type: Number },
    patientsPerDraw: { type: Number, attribute: 'patients-per-draw' },
    wtp: { type: Number },
    effect: { type: String },
    uncertaintyJson: { type: String, attribute: 'uncertainty' },
  };

  /** Name of the preset the scenario starts from (`default`, `zuma-1`, … ; see `presets`). */
  declare preset: string;
  /** Attribute `scenario`: a scenario file as inline JSON, applied onto the preset. */
  declare scenarioJson: string | undefined;
  /** Patients simulated per arm (overrides the scenario's `run.patients`). */
  declare patients: number | undefined;
  /** Seed of the random streams (overrides the scenario's `run.seed`). */
  declare seed: number | undefined;
  /** `full` (explorer with inputs) or `compact` (numbers and figures only, for reports). */
  declare view: 'full' | 'compact';
  /** Which outputs to show, space-separated: `headline funnel v2v costs` (default all). */
  declare figures: string | undefined;
  /** ISO 4217 code of the scenario's currency, for display only (default USD): it changes the symbol and format, not the amounts (no conversion; the scenario's money is in this currency). */
  declare currency: string;
  /** BCP 47 locale for numbers (default: the browser's). */
  declare locale: string | undefined;
  /** Keep the scenario in the page's URL hash, and read it from there on load. */
  declare hash: boolean;
  /** The view shown: `results` (the point estimates, the default), `uncertainty` (the probabilistic sensitivity analysis), or another registered view. */
  declare tab: Tab;
  /** Parameter draws of the uncertainty analysis (2 to 100,000; default 1000). */
  declare draws: number | undefined;
  /** Attribute `patients-per-draw`: patients per arm in each draw (default 10,000). */
  declare patientsPerDraw: number | undefined;
  /** Willingness to pay of the uncertainty analysis, in the scenario's currency, per unit of its `effect`: per extra patient alive at one year (default 100,000) or per QALY gained (default the scenario's `cohort.wtp`). */
  declare wtp: number | undefined;
  /** The uncertainty analysis's effect measure: `alive1y` (patients alive at one year, the default) or `qalys`. */
  declare effect: PsaEffect | undefined;
  /** Attribute `uncertainty`: a scenario file with uncertain numbers (MODEL.md version 2) as inline JSON; its spread replaces the preset's. */
  declare uncertaintyJson: string | undefined;

  /** The explorer's state (scenario, preset, undo, errors): see `state/explorer-state.ts`. */
  private readonly state = new ExplorerState();
  private readonly point = new RunController<Scenario, Result>(this, pointPasses(), { event: 'result', errorSource: 'run', drawable: () => this.viewReady() });
  /** The exact expectations of the scenario shown, computed before each point run (the first paint). */
  private readonly exact = new ExactRun();
  /** The views' own runs and memory, by name. */
  private readonly runs = new Map<string, RunController<unknown, unknown>>();
  private readonly locals = new Map<string, object>();
  private readonly figureFrame = new FigureFrame(this, (ext) => this.fileName(ext), () => this.exportMeta());
  private shownView: ViewDefinition | null = null;
  private readonly drop = new DropController(this, () => this.view === 'full', (file) => void this.importFile(file));
  private width = 640;
  private pendingScenario: unknown = undefined;
  private resizeObserver?: ResizeObserver;
  private stopViews?: () => void;
  private initialised = false;

  constructor() {
    super();
    this.preset = 'default';
    this.view = 'full';
    this.currency = 'USD';
    this.hash = false;
    this.tab = 'results';
    this.state.addEventListener('scenario', (e) => this.onScenario((e as StateEvent).source));
    this.state.addEventListener('refused', (e) => {
      const { source, errors, message } = e as RefusedEvent;
      // Not bubbling: an 'error' event that reached the window would look like a script error.
      this.dispatchEvent(new CustomEvent<ErrorDetail>('error', { detail: { source, errors, message }, composed: true }));
    });
    this.state.addEventListener('change', () => this.requestUpdate());
  }

  /** The full scenario shown (a copy). Set a scenario file (partial, onto the preset) to change it; an invalid one is refused with an `error` event. */
  get scenario(): Scenario {
    return structuredClone(this.state.scenario);
  }

  set scenario(value: unknown) {
    if (!this.initialised) {
      this.pendingScenario = value;
      return;
    }
    this.state.applyPartial(value, 'property');
  }

  /** The latest result drawn (quick or refined), or null before the first. Read-only. */
  get result(): Result | null {
    return this.point.result;
  }

  /**
   * The exact expectations of the scenario shown (a result file with `engine: "exact"`, `mcse` 0,
   * no vein-to-vein percentiles or histogram), computed at once on every change; null where the
   * scenario has no exact form (manufacturing capacity, cost-recovery pricing). Read-only.
   */
  get expected(): Result | null {
    return this.exact.result;
  }

  /** True while a run refines (or has not yet drawn its first result). */
  get running(): boolean {
    return this.point.running || !this.viewReady();
  }

  /** The latest uncertainty analysis drawn (quick or complete), or null before the first. Read-only. */
  get psaResult(): PsaResult | null {
    return (this.runs.get('psa')?.result as PsaResult | undefined) ?? null;
  }

  /** True while an uncertainty analysis runs. */
  get psaRunning(): boolean {
    return this.runs.get('psa')?.running ?? false;
  }

  /** Reads a scenario file; what fails (not JSON, not a valid scenario) is refused, the state kept. */
  importFile(file: File): Promise<boolean> {
    return importScenarioFile(file, this.state, (draws, patientsPerDraw) => {
      this.draws = draws;
      this.patientsPerDraw = patientsPerDraw;
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    this.stopViews = onViewsChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    this.resizeObserver?.disconnect();
    this.stopViews?.();
    for (const run of this.runs.values()) run.cancel();
  }

  // State and runs ---------------------------------------------------------------------------

  /** A scenario was accepted: the URL, the event, and a new run. */
  private onScenario(source: StateEvent['source']): void {
    // The URL after the next frame is painted (history.replaceState takes milliseconds: a timer
    // alone can run before the frame and hold back the redraw).
    if (this.hash) requestAnimationFrame(() => setTimeout(() => this.writeHash(), 0));
    this.dispatchEvent(new CustomEvent<ScenarioChangeDetail>('scenario-change', {
      detail: { scenario: structuredClone(this.state.scenario), preset: this.state.presetName, source }, bubbles: true, composed: true,
    }));
    this.startRun();
  }

  /** The exact expectations at once (synchronous), then the point run, of the scenario shown. */
  private startRun(): void {
    const scenario = this.state.runScenario;
    this.exact.compute(scenario ?? this.state.scenario);
    // Nothing to run until the visitor confirms (a link's cohort-years beyond the limit): the run in progress stops.
    if (scenario) this.point.run(scenario);
    else this.point.cancel();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.initialised) {
      this.initialised = true;
      const a = attributeScenario(this);
      this.state.start(a.presetName, a.scenario);
      if (a.errors.length) this.state.refuse(a.errors, 'attribute');
      if (this.pendingScenario !== undefined) {
        const value = this.pendingScenario;
        this.pendingScenario = undefined;
        this.state.applyPartial(value, 'property', false);
      }
      if (this.hash) this.applyLinkSettings(this.state.applyHash(window.location.hash, false, this.viewIds()));
      if (this.uncertaintyJson) this.applyUncertaintyAttribute();
      // An accepted property or link has started the run; otherwise start it now.
      if (!this.point.running) this.startRun();
    } else {
      if (changed.has('preset') || changed.has('scenarioJson') || changed.has('patients') || changed.has('seed')) {
        const a = attributeScenario(this);
        if (a.errors.length) this.state.refuse(a.errors, 'attribute');
        else this.state.commit(a.presetName, a.scenario, 'attribute');
      }
      if (changed.has('uncertaintyJson')) this.applyUncertaintyAttribute();
      // The screen is in the link too: the tab and the uncertainty analysis's settings.
      if (this.hash && (['tab', 'draws', 'patientsPerDraw', 'wtp', 'effect'] as const).some((k) => changed.has(k))) {
        requestAnimationFrame(() => setTimeout(() => this.writeHash(), 0));
      }
    }
    // The view shown: the one left is told, the one shown updates (e.g. starts its own run).
    const view = this.activeView();
    if (this.shownView && this.shownView !== view) this.moduleOf(this.shownView)?.hide?.(this.context(this.shownView));
    this.shownView = view;
    this.activeModule()?.update?.(this.context(view));
  }

  /** The `uncertainty` attribute: a scenario file whose uncertain numbers give the spread (refused: the preset's stays). */
  private applyUncertaintyAttribute(): void {
    applyUncertaintyAttribute(this.uncertaintyJson, this.state);
  }

  private writeHash(): void {
    const next = `#${this.state.hash(this.linkSettings())}`;
    if (window.location.hash !== next) history.replaceState(history.state, '', next);
  }

  /** The screen's settings a link carries: the tab (unless the first) and the uncertainty analysis's, where set. */
  private linkSettings(): LinkSettings {
    const view = this.activeView();
    return {
      tab: view === registeredViews()[0] ? undefined : view.id,
      draws: this.draws, patientsPerDraw: this.patientsPerDraw, effect: this.effect, wtp: this.wtp,
    };
  }

  private viewIds(): string[] {
    return registeredViews().map((v) => v.id);
  }

  /** A link's settings onto the element's properties (those it does not give stay). */
  private applyLinkSettings(s: LinkSettings | undefined): void {
    if (!s) return;
    if (s.tab !== undefined) this.tab = s.tab;
    if (s.draws !== undefined) this.draws = s.draws;
    if (s.patientsPerDraw !== undefined) this.patientsPerDraw = s.patientsPerDraw;
    if (s.effect !== undefined) this.effect = s.effect;
    if (s.wtp !== undefined) this.wtp = s.wtp;
  }

  private readonly onHashChange = () => {
    if (this.hash) this.applyLinkSettings(this.state.applyHash(window.location.hash, true, this.viewIds()));
  };

  // Views ------------------------------------------------------------------------------------

  /** The view shown: the `tab` attribute's, or the first registered. */
  private activeView(): ViewDefinition {
    const views = registeredViews();
    return views.find((v) => v.id === this.tab) ?? views[0];
  }

  /** The view's code if it is in; else null, and the element redraws once it is. */
  private moduleOf(view: ViewDefinition): ViewModule | null {
    const loaded = loadView(view);
    if (!loaded.module && !loaded.error) void loaded.done.then(() => this.requestUpdate());
    return loaded.module;
  }

  private activeModule(): ViewModule | null {
    return this.moduleOf(this.activeView());
  }

  /** True once the view shown can draw its results (its code, and what it loads, are in). */
  private viewReady(): boolean {
    const view = this.activeView();
    const module = this.moduleOf(view);
    return module !== null && (module.ready?.(this.context(view)) ?? true);
  }

  private context(view: ViewDefinition): ViewContext {
    return viewContext(view, {
      host: this, state: this.state, point: this.point, exact: this.exact, f: this.formatter, figures: this.figureFrame,
      compact: this.view === 'compact', width: this.width, fileName: (ext) => this.fileName(ext), meta: (units, extra) => this.exportMeta(units, extra),
      figuresAttribute: this.figures, runs: this.runs, locals: this.locals,
    });
  }

  /** A skip link: focus to the tab of the view shown (results) or the parameters' heading, without touching the URL. */
  private skipTo(e: Event, target: 'results' | 'parameters'): void {
    e.preventDefault();
    const selector = target === 'results' ? `#tab-${this.activeView().id}` : '#inputs-title';
    const el = this.renderRoot.querySelector(selector) as HTMLElement | null;
    el?.scrollIntoView({ block: 'start' });
    el?.focus();
  }

  private selectTab(id: string, focus: boolean): void {
    if (id === this.tab) return;
    this.tab = id;
    if (focus) void this.updateComplete.then(() => (this.renderRoot.querySelector(`#tab-${id}`) as HTMLElement | null)?.focus());
  }

  // Files and links --------------------------------------------------------------------------

  /** The metadata every exported file carries (web/src/common/export-meta.ts). */
  private exportMeta(units?: string, extra?: Record<string, string | number>): ExportMeta {
    return exportMeta({ preset: this.state.presetName, scenario: this.state.scenario, result: this.point.result, currency: this.formatter.currency, units }, extra);
  }

  private fileName(ext: string): string {
    const view = this.activeView();
    const module = this.moduleOf(view);
    const r = this.state.scenario.run;
    const stem = module?.fileStem?.(this.context(view)) ?? `cgt-access-${this.state.presetName}-${r.patients}-seed${r.seed}`;
    return `${stem}.${ext}`;
  }

  private readonly downloads = {
    ...resultDownloads(() => this.point.result, () => this.state.scenario, (ext) => this.fileName(ext), () => this.exportMeta()),
    importFile: (file: File) => void this.importFile(file),
    copyLink: async () => {
      if (this.hash) this.writeHash();
      try {
        await navigator.clipboard.writeText(window.location.href);
        this.state.setNotice('Link copied. It restores this scenario exactly, with the tab open and the uncertainty analysis\'s settings.');
      } catch {
        this.state.setNotice('Copy the address in the address bar: it holds this scenario.');
      }
    },
  };

  // Rendering: a function of the state and the public properties -----------------------------

  /** The number formatter of the locale and currency shown (one per pair, kept). */
  private get formatter(): Formatter {
    return formatterFor(this.locale || navigator.language || 'en-US', this.currency || 'USD');
  }

  protected override firstUpdated(): void {
    const outputs = this.renderRoot.querySelector('.outputs') ?? this;
    this.resizeObserver = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width ?? 640;
      // Steps of 20 px: a chart is redrawn when its width really changes, not on every pixel.
      const width = Math.max(260, Math.min(760, Math.floor(w / 20) * 20));
      if (width !== this.width) {
        this.width = width;
        this.requestUpdate();
      }
    });
    this.resizeObserver.observe(outputs);
  }

  /** The view's panel, or a line while its code loads (or why it could not). */
  private renderView(view: ViewDefinition): unknown {
    const module = this.moduleOf(view);
    if (module) return module.render(this.context(view));
    const error = loadView(view).error;
    return html`<p class="pending">${error ? `This view could not be loaded: ${error}` : 'Loading…'}</p>`;
  }

  override render(): TemplateResult {
    // The charts drawn below take the arms' colours of this element (its custom properties).
    useArmColors(readArmColors(this));
    const f = this.formatter;
    const compact = this.view === 'compact';
    const preset = presetOrDefault(this.state.presetName);
    const view = this.activeView();
    const state = this.state;
    return html`
      <div class=${this.drop.dropping ? 'dropping' : ''}>
        ${compact ? nothing : html`<nav class="skip-links no-print" aria-label="Skip links">
          <a class="skip-link" href="#outputs-title" @click=${(e: Event) => this.skipTo(e, 'results')}>Skip to results</a>
          <a class="skip-link" href="#inputs-title" @click=${(e: Event) => this.skipTo(e, 'parameters')}>Skip to parameters</a>
        </nav>`}
        ${compact ? nothing : renderToolbar(state, preset, this.point.result !== null, { ...this.downloads, copyLink: this.hash ? this.downloads.copyLink : undefined })}
        ${compact ? nothing : html`<p class="preset-description">${preset.description}</p>`}
        ${renderErrors(state)}
        ${compact
          ? html`<div class="outputs" part="outputs">${this.renderView(view)}</div>`
          : html`<div class="layout">
              <section class="inputs" part="inputs" aria-labelledby="inputs-title">
                <h2 id="inputs-title" tabindex="-1">Parameters</h2>
                <p class="hint">Move a slider or type a value. Both arms follow the same simulated patients. Hover or focus a control for the source of its preset value; ▲ marks the preset value.</p>
                ${guard([state.scenario, state.presetName, state.errors, this.currency, f.locale], () => renderInputs({ state, preset, f, currency: this.currency }))}
                ${stickySummary(this.exact.shown(this.point)?.result ?? null, f, this.point.running)}
              </section>
              <section class="outputs" part="outputs" aria-labelledby="outputs-title">
                <h2 id="outputs-title">Results per year</h2>
                ${renderTabs(registeredViews(), view.id, (id, focus) => this.selectTab(id, focus))}
                <div class="tabpanel" role="tabpanel" id="panel-${view.id}" aria-labelledby="tab-${view.id}">
                  ${this.renderView(view)}
                </div>
              </section>
            </div>`}
      </div>
    `;
  }
}

if (!customElements.get('cgt-access-simulator')) customElements.define('cgt-access-simulator', CgtAccessSimulator);

declare global {
  interface HTMLElementTagNameMap {
    'cgt-access-simulator': CgtAccessSimulator;
  }
  interface HTMLElementEventMap {
    'scenario-change': CustomEvent<ScenarioChangeDetail>;
    result: CustomEvent<ResultDetail>;
    'psa-result': CustomEvent<PsaResultDetail>;
  }
}
