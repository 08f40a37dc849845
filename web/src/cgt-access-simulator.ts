/**
 * `<cgt-access-simulator>`: the explorer of cgt-access. Sliders for both manufacturing arms,
 * side by side in the order of the funnel; headline numbers with their MCSE; the funnel,
 * vein-to-vein and cost charts; sharing by URL, downloads and imports. The engine runs in web
 * workers (the library's pool); this element only holds state and draws it.
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
 * @cssprop --cgt-commercial-color - Colour of the commercial arm (default Okabe–Ito blue #0072b2).
 * @cssprop --cgt-poc-color - Colour of the point-of-care arm in the inputs (default Okabe–Ito vermillion #d55e00).
 * @cssprop --cgt-fg - Text colour.
 * @cssprop --cgt-bg - Background colour.
 * @cssprop --cgt-panel - Background of the toolbar.
 * @cssprop --cgt-border - Border colour.
 * @cssprop --cgt-accent - Focus ring and accents.
 * @cssprop --cgt-font - Font family.
 */

import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { guard } from 'lit/directives/guard.js';
import {
  decisionCurves, getPreset, parameterEvppi, presets, psaResultToCsv, resultToCsv, validatePsaScenario, validateScenario, wtpGrid,
  type DecisionCurves, type ParameterEvppi, type Preset, type PsaResult, type PsaStatistic,
} from '../../src/browser.js';
import { ARM_LABELS, OUTPUT_LABELS } from '../../src/format/labels.js';
import { ARM_FIELDS, COHORT_FIELDS, type FieldSpec } from '../../src/scenario/fields.js';
import type { ArmName, Result, Scenario } from '../../src/scenario/types.js';
import type { ValidationError } from '../../src/scenario/validate.js';
import { costChart, costRows, COST_COMPONENTS } from './charts/costs.js';
import { fateChart, fateRows, funnelChart, funnelRows, FUNNEL_STEPS } from './charts/funnel.js';
import { ARM_COLORS, CATEGORY_COLORS } from './charts/palette.js';
import {
  acceptabilityChart, acceptabilityCsv, evpiChart, evpiCsv, FRONTIER_COLOR, HIGH_COLOR, LOW_COLOR, MAX_PLANE_POINTS, MAX_TORNADO_BARS,
  parameterLabel, parameterValue, planeChart, planeCsv, PLANE_COLOR, tornadoChart, tornadoCsv, tornadoOutputLabel,
} from './charts/psa.js';
import { v2vChart } from './charts/v2v.js';
import { downloadBlob, downloadText, pngBlob, standaloneSvg, svgText, type LegendItem } from './download.js';
import { Formatter, type Unit } from './format.js';
import { decodeHash, encodeHash } from './hash.js';
import { headlineRows } from './headline.js';
import { ARM_GROUPS, COHORT_KEYS, labelOf, PAYMENT_LABELS, sliderRange, unitLabel } from './params.js';
import { getPath, setPath } from './paths.js';
import { PsaRunner, QUICK_DRAWS, type PsaRunEvent } from './psa-runner.js';
import { Runner, type RunEvent } from './runner.js';
import { styles } from './styles.js';
import { presetSpec, psaScenario, specOf, type UncertaintySpec } from './uncertainty.js';

/** Where a scenario change came from. */
export type ChangeSource = 'input' | 'preset' | 'reset' | 'undo' | 'file' | 'link' | 'attribute' | 'property';

export interface ScenarioChangeDetail {
  /** The full scenario now shown (a copy). */
  scenario: Scenario;
  /** The preset it starts from. */
  preset: string;
  source: ChangeSource;
}

export interface ResultDetail {
  result: Result;
  /** False for the quick first pass, true once the scenario's patient count is done. */
  final: boolean;
  /** Milliseconds from the change to the drawn result. */
  elapsedMs: number;
}

export interface PsaResultDetail {
  result: PsaResult;
  /** False for the quick pass of the first draws, true once all the draws are done. */
  final: boolean;
  /** Milliseconds from the start of the analysis to the drawn result. */
  elapsedMs: number;
}

export interface ErrorDetail {
  source: ChangeSource | 'run' | 'psa';
  /** The validator's errors (empty for a failed run). */
  errors: ValidationError[];
  message: string;
}

type Figure = 'headline' | 'funnel' | 'v2v' | 'costs';
const ALL_FIGURES: Figure[] = ['headline', 'funnel', 'v2v', 'costs'];
const ARMS: ArmName[] = ['commercial', 'poc'];
/** Successive edits of one control within this time are one step of undo. */
const UNDO_COALESCE_MS = 1000;
const MAX_UNDO = 100;
const PATIENT_CHOICES = [100_000, 1_000_000, 10_000_000];
/** The tabs of the full view (and the panels of the compact one). */
export type Tab = 'results' | 'uncertainty';
const TABS: { id: Tab; label: string }[] = [{ id: 'results', label: 'Results' }, { id: 'uncertainty', label: 'Uncertainty' }];
/** Defaults of the analysis: 1000 draws of 10,000 patients (MODEL.md's `run.psa` default); the first 100 draws are drawn at once. */
const DEFAULT_DRAWS = 1000;
const DEFAULT_PATIENTS_PER_DRAW = 10_000;
const DEFAULT_WTP = 100_000;
const DRAW_CHOICES = [200, 500, 1000, 2000, 5000, 10_000];
const PATIENTS_PER_DRAW_CHOICES = [2000, 5000, 10_000, 20_000, 50_000];
const WTP_SLIDER = { min: 0, max: 1_000_000, step: 5_000 };
/** Points of the WTP grid of the curves. */
const WTP_POINTS = 100;

interface Snapshot { presetName: string; scenario: Scenario }

interface State {
  presetName: string;
  scenario: Scenario;
  undo: Snapshot[];
  errors: ValidationError[];
  errorSource: ChangeSource | null;
  result: Result | null;
  final: boolean;
  progress: { stage: 'quick' | 'refine'; done: number; total: number } | null;
  runError: string | null;
  notice: string | null;
  width: number;
  dropping: boolean;
  /** Figures whose table view is open (closed tables are not rendered). */
  openTables: ReadonlySet<string>;
  /** The latest PSA drawn, what it was run for, and the run in progress. */
  psa: PsaResult | null;
  psaFinal: boolean;
  psaKey: string | null;
  psaProgress: { stage: 'quick' | 'refine'; done: number; total: number } | null;
  psaError: string | null;
  /** The user's own uncertainty (from the `uncertainty` attribute or an imported file), else null: the preset's. */
  userSpec: UncertaintySpec | null;
}

const SOURCE_WORDS: Record<ChangeSource, string> = {
  input: 'This value was refused',
  preset: 'The preset was refused',
  reset: 'Reset was refused',
  undo: 'Undo was refused',
  file: 'The scenario file was refused',
  link: 'The scenario in the link was refused',
  attribute: 'The scenario attribute was refused',
  property: 'The scenario property was refused',
};

function presetOrDefault(name: string | null | undefined): Preset {
  return presets.find((p) => p.name === name) ?? getPreset('default');
}

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
    uncertaintyJson: { type: String, attribute: 'uncertainty' },
    state: { state: true },
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
  /** ISO 4217 code of the scenario's currency, for display (default USD). */
  declare currency: string;
  /** BCP 47 locale for numbers (default: the browser's). */
  declare locale: string | undefined;
  /** Keep the scenario in the page's URL hash, and read it from there on load. */
  declare hash: boolean;
  /** `results` (the point estimates, the default) or `uncertainty` (the probabilistic sensitivity analysis). */
  declare tab: Tab;
  /** Parameter draws of the uncertainty analysis (2 to 100,000; default 1000). */
  declare draws: number | undefined;
  /** Attribute `patients-per-draw`: patients per arm in each draw (default 10,000). */
  declare patientsPerDraw: number | undefined;
  /** Willingness to pay per extra patient alive at one year, in the scenario's currency (default 100,000). */
  declare wtp: number | undefined;
  /** Attribute `uncertainty`: a scenario file with uncertain numbers (MODEL.md version 2) as inline JSON; its spread replaces the preset's. */
  declare uncertaintyJson: string | undefined;

  declare private state: State;
  private readonly runner = new Runner((e) => this.onRun(e));
  private readonly psaRunner = new PsaRunner((e) => this.onPsa(e));
  private pendingPsa: { result: PsaResult; final: boolean; startedAt: number } | null = null;
  private curvesCache: { result: PsaResult; top: number; curves: DecisionCurves } | null = null;
  private evppiCache: { result: PsaResult; each: ParameterEvppi[] } | null = null;
  private lastEdit: { path: string; time: number } | null = null;
  private changedAt = 0;
  private pendingResult: { result: Result; final: boolean } | null = null;
  private pendingScenario: unknown = undefined;
  private resizeObserver?: ResizeObserver;
  private chartCache = new Map<string, { key: string; el: Element }>();
  private initialised = false;

  constructor() {
    super();
    this.preset = 'default';
    this.view = 'full';
    this.currency = 'USD';
    this.hash = false;
    this.tab = 'results';
    const p = presetOrDefault('default');
    this.state = {
      presetName: p.name, scenario: p.scenario, undo: [], errors: [], errorSource: null, result: null, final: false,
      progress: null, runError: null, notice: null, width: 640, dropping: false, openTables: new Set(),
      psa: null, psaFinal: false, psaKey: null, psaProgress: null, psaError: null, userSpec: null,
    };
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
    this.applyPartial(value, 'property');
  }

  /** The latest result drawn (quick or refined), or null before the first. Read-only. */
  get result(): Result | null {
    return this.state.result;
  }

  /** True while a run refines (or has not yet drawn its first result). */
  get running(): boolean {
    return this.state.progress !== null;
  }

  /** The latest uncertainty analysis drawn (quick or complete), or null before the first. Read-only. */
  get psaResult(): PsaResult | null {
    return this.state.psa;
  }

  /** True while an uncertainty analysis runs. */
  get psaRunning(): boolean {
    return this.state.psaProgress !== null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    this.addEventListener('dragover', this.onDragOver);
    this.addEventListener('dragleave', this.onDragLeave);
    this.addEventListener('drop', this.onDrop);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    this.removeEventListener('dragover', this.onDragOver);
    this.removeEventListener('dragleave', this.onDragLeave);
    this.removeEventListener('drop', this.onDrop);
    this.resizeObserver?.disconnect();
    this.runner.cancel();
    this.psaRunner.cancel();
  }

  // ---------------------------------------------------------------------------------------
  // State changes
  // ---------------------------------------------------------------------------------------

  private set(patch: Partial<State>): void {
    this.state = { ...this.state, ...patch };
  }

  /** Scenario from the attributes: preset, then inline JSON, then patients and seed. */
  private fromAttributes(): { presetName: string; scenario: Scenario; errors: ValidationError[]; source: ChangeSource } {
    const errors: ValidationError[] = [];
    const known = presets.find((p) => p.name === this.preset);
    if (!known) {
      errors.push({ path: 'preset', value: this.preset, rule: `unknown preset (known: ${presets.map((p) => p.name).join(', ')})`, message: `preset: unknown preset ${JSON.stringify(this.preset)}` });
    }
    const preset = presetOrDefault(this.preset);
    let scenario = preset.scenario;
    if (this.scenarioJson) {
      const parsed = parseJson(this.scenarioJson, 'scenario attribute');
      if (!parsed.ok) errors.push(parsed.error);
      else {
        const v = validateScenario(parsed.value, scenario);
        if (v.ok) scenario = v.scenario;
        else errors.push(...v.errors);
      }
    }
    const run: Record<string, unknown> = {};
    if (this.patients !== undefined && this.patients !== null) run.patients = this.patients;
    if (this.seed !== undefined && this.seed !== null) run.seed = this.seed;
    if (Object.keys(run).length) {
      const v = validateScenario({ run }, scenario);
      if (v.ok) scenario = v.scenario;
      else errors.push(...v.errors);
    }
    return { presetName: preset.name, scenario, errors, source: 'attribute' };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.initialised) {
      this.initialised = true;
      const a = this.fromAttributes();
      this.set({ presetName: a.presetName, scenario: a.scenario });
      if (a.errors.length) this.refuse(a.errors, 'attribute');
      if (this.pendingScenario !== undefined) {
        const value = this.pendingScenario;
        this.pendingScenario = undefined;
        this.applyPartial(value, 'property', false);
      }
      if (this.hash) this.applyHash(window.location.hash, false);
      if (this.uncertaintyJson) this.applyUncertaintyAttribute();
      this.startRun();
      return;
    }
    if (changed.has('preset') || changed.has('scenarioJson') || changed.has('patients') || changed.has('seed')) {
      const a = this.fromAttributes();
      if (a.errors.length) this.refuse(a.errors, 'attribute');
      else this.commit(a.presetName, a.scenario, 'attribute');
    }
    if (changed.has('uncertaintyJson')) {
      this.applyUncertaintyAttribute();
      this.psaIfShown();
    }
    if (changed.has('tab') || changed.has('draws') || changed.has('patientsPerDraw')) {
      if (this.tab === 'uncertainty') this.psaIfShown();
      else if (this.state.psaProgress) {
        // Left the view before the analysis was done: stop it; it runs again on coming back.
        this.psaRunner.cancel();
        this.set({ psaProgress: null, psaKey: this.state.psaFinal ? this.state.psaKey : null });
      }
    }
  }

  /** The `uncertainty` attribute: a scenario file whose uncertain numbers give the spread (refused: the preset's stays). */
  private applyUncertaintyAttribute(): void {
    if (!this.uncertaintyJson) {
      this.set({ userSpec: null });
      return;
    }
    const parsed = parseJson(this.uncertaintyJson, 'uncertainty attribute');
    if (!parsed.ok) {
      this.refuse([parsed.error], 'attribute');
      return;
    }
    const s = specOf(parsed.value, this.state.scenario, 'user');
    if (!s.ok) this.refuse(s.errors, 'attribute');
    else this.set({ userSpec: s.spec });
  }

  /** Accepts a new scenario: one step of undo, the URL, an event, and a run. */
  private commit(presetName: string, scenario: Scenario, source: ChangeSource, pushUndo = true): void {
    const previous: Snapshot = { presetName: this.state.presetName, scenario: this.state.scenario };
    const undo = pushUndo ? [...this.state.undo, previous].slice(-MAX_UNDO) : this.state.undo;
    this.set({ presetName, scenario, undo, errors: [], errorSource: null, notice: null });
    if (this.hash) this.writeHash();
    this.dispatchEvent(new CustomEvent<ScenarioChangeDetail>('scenario-change', {
      detail: { scenario: structuredClone(scenario), preset: presetName, source }, bubbles: true, composed: true,
    }));
    this.startRun();
  }

  /** Shows the validator's errors and keeps the state the user had. */
  private refuse(errors: ValidationError[], source: ChangeSource): void {
    this.set({ errors, errorSource: source });
    const message = `${SOURCE_WORDS[source]}: ${errors.map((e) => e.message).join('; ')}`;
    // Not bubbling: an 'error' event that reached the window would look like a script error.
    this.dispatchEvent(new CustomEvent<ErrorDetail>('error', { detail: { source, errors, message }, composed: true }));
  }

  /** A scenario file (partial, onto the current preset) from a property, a file or the link. */
  private applyPartial(value: unknown, source: ChangeSource, pushUndo = true, presetName = this.state.presetName): boolean {
    const base = presetOrDefault(presetName).scenario;
    const v = validateScenario(value, base);
    if (!v.ok) {
      this.refuse(v.errors, source);
      return false;
    }
    this.commit(presetName, v.scenario, source, pushUndo);
    return true;
  }

  private applyHash(hash: string, pushUndo: boolean): void {
    const decoded = decodeHash(hash);
    if (!decoded) return;
    const errors = [...decoded.errors];
    if (!presets.some((p) => p.name === decoded.presetName)) {
      errors.push({ path: 'preset', value: decoded.presetName, rule: 'unknown preset', message: `preset: unknown preset ${JSON.stringify(decoded.presetName.slice(0, 40))}; known presets: ${presets.map((p) => p.name).join(', ')}` });
    }
    if (errors.length) {
      this.refuse(errors, 'link');
      return;
    }
    // The same state as now (the link this element wrote): nothing to do.
    const v = validateScenario(decoded.partial, presetOrDefault(decoded.presetName).scenario);
    if (v.ok && decoded.presetName === this.state.presetName && JSON.stringify(v.scenario) === JSON.stringify(this.state.scenario)) return;
    this.applyPartial(decoded.partial, 'link', pushUndo, decoded.presetName);
  }

  private writeHash(): void {
    const next = `#${encodeHash(this.state.presetName, this.state.scenario, presetOrDefault(this.state.presetName).scenario)}`;
    if (window.location.hash !== next) history.replaceState(history.state, '', next);
  }

  private readonly onHashChange = () => {
    if (this.hash) this.applyHash(window.location.hash, true);
  };

  /** One control moved: the value at `path` replaced, validated with the whole scenario. */
  private edit(path: string, value: unknown): void {
    const candidate = setPath(this.state.scenario, path, value);
    const v = validateScenario(candidate, this.state.scenario);
    if (!v.ok) {
      this.refuse(v.errors, 'input');
      this.requestUpdate();
      return;
    }
    const now = performance.now();
    const coalesce = this.lastEdit?.path === path && now - this.lastEdit.time < UNDO_COALESCE_MS;
    this.lastEdit = { path, time: now };
    this.commit(this.state.presetName, v.scenario, 'input', !coalesce);
  }

  private selectPreset(name: string): void {
    const p = presets.find((x) => x.name === name);
    if (!p) return;
    this.lastEdit = null;
    // The run section (patients, seed) is the user's choice, kept across presets.
    this.commit(p.name, { ...p.scenario, run: { ...this.state.scenario.run } }, 'preset');
  }

  private reset(): void {
    this.lastEdit = null;
    const p = presetOrDefault(this.state.presetName);
    this.commit(p.name, { ...p.scenario, run: { ...this.state.scenario.run } }, 'reset');
  }

  private undo(): void {
    const last = this.state.undo.at(-1);
    if (!last) return;
    this.lastEdit = null;
    this.set({ undo: this.state.undo.slice(0, -1) });
    this.commit(last.presetName, last.scenario, 'undo', false);
  }

  // ---------------------------------------------------------------------------------------
  // Runs
  // ---------------------------------------------------------------------------------------

  private startRun(): void {
    this.changedAt = performance.now();
    this.set({ progress: { stage: 'quick', done: 0, total: Math.min(1e5, this.state.scenario.run.patients) }, runError: null });
    this.runner.run(this.state.scenario);
    this.psaIfShown();
  }

  /** Draws and patients per draw of the analysis: the attributes, within the validator's limits, or the defaults. */
  private get psaSize(): { draws: number; patientsPerDraw: number } {
    const int = (x: number | undefined, min: number, max: number, fallback: number) =>
      typeof x === 'number' && Number.isFinite(x) ? Math.max(min, Math.min(max, Math.round(x))) : fallback;
    return { draws: int(this.draws, 2, 100_000, DEFAULT_DRAWS), patientsPerDraw: int(this.patientsPerDraw, 1, 1e8, DEFAULT_PATIENTS_PER_DRAW) };
  }

  private get psaWtp(): number {
    return typeof this.wtp === 'number' && Number.isFinite(this.wtp) && this.wtp >= 0 ? this.wtp : DEFAULT_WTP;
  }

  /** The spread of the uncertain parameters: the user's, or the preset's trials'. */
  private get spec(): UncertaintySpec {
    return this.state.userSpec ?? presetSpec(presetOrDefault(this.state.presetName));
  }

  /** Starts the uncertainty analysis of the scenario shown if its view is shown and what it shows is out of date. */
  private psaIfShown(): void {
    if (!this.initialised || this.tab !== 'uncertainty') return;
    const spec = this.spec;
    const { draws, patientsPerDraw } = this.psaSize;
    const key = JSON.stringify([this.state.scenario, spec, draws, patientsPerDraw]);
    if (key === this.state.psaKey) return;
    const ps = psaScenario(this.state.scenario, spec, draws, patientsPerDraw);
    if (!ps.ok) {
      this.psaRunner.cancel();
      this.set({ psaKey: key, psaProgress: null, psaError: ps.errors.map((e) => e.message).join('; ') });
      return;
    }
    this.set({ psaKey: key, psaProgress: { stage: 'quick', done: 0, total: 1 }, psaError: null });
    this.psaRunner.run(ps.scenario);
  }

  private onPsa(e: PsaRunEvent): void {
    if (e.kind === 'progress') {
      this.set({ psaProgress: { stage: e.stage, done: e.done, total: e.total } });
    } else if (e.kind === 'result') {
      this.pendingPsa = { result: e.result, final: e.final, startedAt: e.startedAt };
      this.set({ psa: e.result, psaFinal: e.final, psaProgress: e.final ? null : this.state.psaProgress });
    } else {
      this.set({ psaError: e.error.message, psaProgress: null });
      this.dispatchEvent(new CustomEvent<ErrorDetail>('error', { detail: { source: 'psa', errors: [], message: e.error.message }, composed: true }));
    }
  }

  private onRun(e: RunEvent): void {
    if (e.kind === 'progress') {
      this.set({ progress: { stage: e.stage, done: e.done, total: e.total } });
    } else if (e.kind === 'result') {
      this.pendingResult = { result: e.result, final: e.final };
      this.set({ result: e.result, final: e.final, progress: e.final ? null : this.state.progress });
    } else {
      this.set({ runError: e.error.message, progress: null });
      this.dispatchEvent(new CustomEvent<ErrorDetail>('error', { detail: { source: 'run', errors: [], message: e.error.message }, composed: true }));
    }
  }

  protected override firstUpdated(): void {
    const outputs = this.renderRoot.querySelector('.outputs') ?? this;
    this.resizeObserver = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width ?? 640;
      // Steps of 20 px: a chart is redrawn when its width really changes, not on every pixel.
      const width = Math.max(260, Math.min(760, Math.floor(w / 20) * 20));
      if (width !== this.state.width) this.set({ width });
    });
    this.resizeObserver.observe(outputs);
  }

  protected override updated(): void {
    if (this.pendingResult) {
      const { result, final } = this.pendingResult;
      this.pendingResult = null;
      this.dispatchEvent(new CustomEvent<ResultDetail>('result', {
        detail: { result, final, elapsedMs: performance.now() - this.changedAt }, bubbles: true, composed: true,
      }));
    }
    if (this.pendingPsa) {
      const { result, final, startedAt } = this.pendingPsa;
      this.pendingPsa = null;
      this.dispatchEvent(new CustomEvent<PsaResultDetail>('psa-result', {
        detail: { result, final, elapsedMs: performance.now() - startedAt }, bubbles: true, composed: true,
      }));
    }
  }

  // ---------------------------------------------------------------------------------------
  // Files and links
  // ---------------------------------------------------------------------------------------

  private fileName(ext: string): string {
    const r = this.state.scenario.run;
    if (this.tab === 'uncertainty') {
      const psa = this.state.psa?.psa ?? this.psaSize;
      return `cgt-access-${this.state.presetName}-psa-${psa.draws}x${psa.patientsPerDraw}-seed${r.seed}.${ext}`;
    }
    return `cgt-access-${this.state.presetName}-${r.patients}-seed${r.seed}.${ext}`;
  }

  /** The PSA result file, with the decision curves over the WTP grid shown. */
  private psaForDownload(): PsaResult | null {
    const r = this.state.psa;
    return r ? { ...r, ...this.curves(r) } : null;
  }

  private downloadPsaJson(): void {
    const r = this.psaForDownload();
    if (r) downloadText(`${JSON.stringify(r, null, 2)}\n`, this.fileName('psa.json'), 'application/json');
  }

  private downloadPsaCsv(): void {
    const r = this.psaForDownload();
    if (r) downloadText(psaResultToCsv(r), this.fileName('psa.csv'), 'text/csv');
  }

  private downloadResultJson(): void {
    if (this.state.result) downloadText(`${JSON.stringify(this.state.result, null, 2)}\n`, this.fileName('result.json'), 'application/json');
  }

  private downloadResultCsv(): void {
    if (this.state.result) downloadText(resultToCsv(this.state.result), this.fileName('result.csv'), 'text/csv');
  }

  private downloadScenario(): void {
    downloadText(`${JSON.stringify(this.state.scenario, null, 2)}\n`, this.fileName('scenario.json'), 'application/json');
  }

  /** Reads a scenario file; what fails (not JSON, not a valid scenario) is refused, the state kept. */
  async importFile(file: File): Promise<boolean> {
    if (file.size > 1_000_000) {
      this.refuse([{ path: '(root)', value: file.size, rule: 'a scenario file is at most 1 MB', message: `${file.name.slice(0, 60)}: a scenario file is at most 1 MB; got ${file.size} bytes` }], 'file');
      return false;
    }
    const parsed = parseJson(await file.text(), file.name.slice(0, 60));
    if (!parsed.ok) {
      this.refuse([parsed.error], 'file');
      return false;
    }
    this.lastEdit = null;
    // A file with uncertain numbers (MODEL.md version 2) also gives the spread of the uncertainty view, and its run.psa the size.
    const psa = validatePsaScenario(parsed.value, presetOrDefault(this.state.presetName).scenario);
    if (psa.ok && (psa.scenario.parameters.length > 0 || psa.scenario.same.length > 0)) {
      this.set({ userSpec: { parameters: psa.scenario.parameters, same: psa.scenario.same, origin: 'user' } });
      const run = (parsed.value as { run?: { psa?: unknown } }).run;
      if (run?.psa) {
        this.draws = psa.scenario.run.draws;
        this.patientsPerDraw = psa.scenario.run.patientsPerDraw;
      }
    }
    return this.applyPartial(parsed.value, 'file');
  }

  private async onFileInput(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) await this.importFile(file);
  }

  private readonly onDragOver = (e: DragEvent) => {
    if (this.view !== 'full' || !e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    if (!this.state.dropping) this.set({ dropping: true });
  };

  private readonly onDragLeave = () => {
    if (this.state.dropping) this.set({ dropping: false });
  };

  private readonly onDrop = (e: DragEvent) => {
    if (this.view !== 'full') return;
    e.preventDefault();
    this.set({ dropping: false });
    const file = e.dataTransfer?.files[0];
    if (file) void this.importFile(file);
  };

  private async copyLink(): Promise<void> {
    if (this.hash) this.writeHash();
    try {
      await navigator.clipboard.writeText(window.location.href);
      this.set({ notice: 'Link copied. It restores this scenario exactly.' });
    } catch {
      this.set({ notice: 'Copy the address in the address bar: it holds this scenario.' });
    }
  }

  private async saveChart(id: string, title: string, legend: LegendItem[], format: 'svg' | 'png'): Promise<void> {
    const svg = this.renderRoot.querySelector(`#chart-${id} svg`) as SVGSVGElement | null;
    if (!svg) return;
    const doc = standaloneSvg(svg, title, legend);
    if (format === 'svg') downloadText(svgText(doc), this.fileName(`${id}.svg`), 'image/svg+xml');
    else downloadBlob(await pngBlob(doc), this.fileName(`${id}.png`));
  }

  // ---------------------------------------------------------------------------------------
  // Rendering: a function of the state and the public properties
  // ---------------------------------------------------------------------------------------

  private get formatter(): Formatter {
    return new Formatter(this.locale || navigator.language || 'en-US', this.currency || 'USD');
  }

  private get shownFigures(): Set<Figure> {
    if (!this.figures) return new Set(ALL_FIGURES);
    return new Set(this.figures.split(/\s+/).filter((f): f is Figure => (ALL_FIGURES as string[]).includes(f)));
  }

  override render(): TemplateResult {
    const f = this.formatter;
    const compact = this.view === 'compact';
    const preset = presetOrDefault(this.state.presetName);
    return html`
      <div class=${this.state.dropping ? 'dropping' : ''}>
        ${compact ? nothing : this.renderToolbar(preset)}
        ${compact ? nothing : html`<p class="preset-description">${preset.description}</p>`}
        ${this.renderErrors()}
        ${compact
          ? html`<div class="outputs" part="outputs">${this.tab === 'uncertainty'
            ? this.renderUncertainty(f, preset)
            : html`${this.renderStatus(f)}${this.renderOutputs(f)}${this.renderCompactFoot(preset, f)}`}</div>`
          : html`<div class="layout">
              <section class="inputs" part="inputs" aria-labelledby="inputs-title">
                <h2 id="inputs-title">Parameters</h2>
                <p class="hint">Move a slider or type a value. Both arms follow the same simulated patients. Hover or focus a control for the source of its preset value; ▲ marks the preset value.</p>
                ${guard([this.state.scenario, this.state.presetName, this.state.errors, this.currency, f.locale], () => this.renderInputs(preset, f))}
                ${this.renderStickySummary(f)}
              </section>
              <section class="outputs" part="outputs" aria-labelledby="outputs-title">
                <h2 id="outputs-title">Results per year</h2>
                ${this.renderTabs()}
                <div class="tabpanel" role="tabpanel" id="panel-${this.tab === 'uncertainty' ? 'uncertainty' : 'results'}" aria-labelledby="tab-${this.tab === 'uncertainty' ? 'uncertainty' : 'results'}">
                  ${this.tab === 'uncertainty'
                    ? this.renderUncertainty(f, preset)
                    : html`${this.renderStatus(f)}${this.renderOutputs(f)}`}
                </div>
              </section>
            </div>`}
      </div>
    `;
  }

  private renderToolbar(preset: Preset): TemplateResult {
    const hasResult = this.state.result !== null;
    return html`
      <div class="toolbar" part="toolbar" role="toolbar" aria-label="Scenario">
        <div class="group">
          <label for="preset">Preset</label>
          <select id="preset" .value=${live(preset.name)} @change=${(e: Event) => this.selectPreset((e.target as HTMLSelectElement).value)}>
            ${presets.map((p) => html`<option value=${p.name} ?selected=${p.name === preset.name}>${p.title}</option>`)}
          </select>
          <button @click=${this.reset}>Reset</button>
          <button @click=${this.undo} ?disabled=${this.state.undo.length === 0}>Undo</button>
        </div>
        <span class="spacer"></span>
        <div class="group">
          ${this.hash ? html`<button @click=${this.copyLink}>Copy link</button>` : nothing}
          <button @click=${this.downloadResultJson} ?disabled=${!hasResult}>Result JSON</button>
          <button @click=${this.downloadResultCsv} ?disabled=${!hasResult}>Result CSV</button>
          <button @click=${this.downloadScenario}>Save scenario</button>
          <label class="file-label">Import scenario…
            <input class="visually-hidden" type="file" accept="application/json,.json" @change=${this.onFileInput}>
          </label>
        </div>
        ${this.state.notice ? html`<p class="notice" role="status">${this.state.notice}</p>` : nothing}
      </div>`;
  }

  private renderErrors(): TemplateResult | typeof nothing {
    const { errors, errorSource } = this.state;
    if (!errors.length || !errorSource) return nothing;
    return html`
      <div class="errors" part="errors" role="alert">
        <strong>${SOURCE_WORDS[errorSource]}; the scenario shown is unchanged.</strong>
        <ul>${errors.map((e) => html`<li><code>${e.path}</code>: ${e.rule}${e.value === undefined ? '' : html`; got <code>${showValue(e.value)}</code>`}</li>`)}</ul>
      </div>`;
  }

  private renderStatus(f: Formatter): TemplateResult {
    const p = this.state.progress;
    const text = this.state.runError
      ? `The run failed: ${this.state.runError}`
      : p === null
        ? this.state.result ? `${f.number(this.state.result.patients, 'patients', 0)} simulated patients per arm, seed ${this.state.result.seed}.` : ''
        : p.stage === 'quick' ? 'Running a quick first pass…' : `Refining to ${f.number(p.total, 'patients', 0)} patients…`;
    return html`<div class="status no-print">
      <span role="status">${text}</span>
      ${p && p.stage === 'refine' ? html`<progress max=${p.total} .value=${p.done} aria-label="Progress of the refinement"></progress>` : nothing}
    </div>`;
  }

  // Inputs ---------------------------------------------------------------------------------

  private renderInputs(preset: Preset, f: Formatter): TemplateResult {
    return html`
      <div class="arm-heads" aria-hidden="true">
        <span>Parameter</span>
        <span class="commercial">Commercial (centralised)</span>
        <span class="poc">Point of care (hospital)</span>
      </div>
      ${ARM_GROUPS.map((g) => html`
        <fieldset>
          <legend>${g.title}</legend>
          ${g.keys.map((key) => this.renderArmRow(key, ARM_FIELDS[key], preset, f))}
        </fieldset>`)}
      <fieldset>
        <legend>Cohort (both arms)</legend>
        ${COHORT_KEYS.map((key) => this.renderCohortRow(key, COHORT_FIELDS[key], preset, f))}
      </fieldset>
      <fieldset>
        <legend>Simulation</legend>
        ${this.renderRunRows(f)}
      </fieldset>`;
  }

  private renderArmRow(key: string, spec: FieldSpec, preset: Preset, f: Formatter): TemplateResult {
    return html`
      <div class="row" role="group" aria-labelledby=${`label-${key}`}>
        <div class="param"><span id=${`label-${key}`}>${labelOf(key)}</span><span class="unit">${unitLabel(spec, this.currency)}</span></div>
        ${ARMS.map((arm) => html`<div class="cell ${arm} ${this.cellClasses(`arms.${arm}.${key}`, preset)}">
          ${this.renderControls(`arms.${arm}.${key}`, spec, preset, `${labelOf(key)}, ${ARM_LABELS[arm]}`, ARMS.map((a) => `arms.${a}.${key}`))}
        </div>`)}
      </div>`;
  }

  private renderCohortRow(key: string, spec: FieldSpec, preset: Preset, _f: Formatter): TemplateResult {
    const path = `cohort.${key}`;
    return html`
      <div class="row cohort" role="group" aria-labelledby=${`label-${key}`}>
        <div class="param"><span id=${`label-${key}`}>${labelOf(key)}</span><span class="unit">${unitLabel(spec, this.currency)}</span></div>
        <div class="cell ${this.cellClasses(path, preset)}">${this.renderControls(path, spec, preset, labelOf(key), [path])}</div>
      </div>`;
  }

  private renderRunRows(f: Formatter): TemplateResult {
    const run = this.state.scenario.run;
    const choices = PATIENT_CHOICES.includes(run.patients) ? PATIENT_CHOICES : [...PATIENT_CHOICES, run.patients].sort((a, b) => a - b);
    return html`
      <div class="row cohort">
        <div class="param"><label for="run-patients">${labelOf('patients')}</label><span class="unit">first 100,000, then refined</span></div>
        <div class="cell"><select id="run-patients" .value=${live(String(run.patients))} @change=${(e: Event) => this.edit('run.patients', Number((e.target as HTMLSelectElement).value))}>
          ${choices.map((n) => html`<option value=${n} ?selected=${n === run.patients}>${f.number(n, 'patients', 0)}</option>`)}
        </select></div>
      </div>
      <div class="row cohort">
        <div class="param"><label for="run-seed">${labelOf('seed')}</label><span class="unit">integer in [0, 2³²)</span></div>
        <div class="cell ${this.errorFor('run.seed') ? 'invalid' : ''}"><div class="ctl"><input id="run-seed" class="num-field" type="number" min="0" step="1" .value=${live(String(run.seed))}
          @change=${(e: Event) => this.edit('run.seed', numberOf((e.target as HTMLInputElement).value))}></div>
          ${this.renderFieldError('run.seed')}</div>
      </div>`;
  }

  private cellClasses(path: string, preset: Preset): string {
    const changed = JSON.stringify(getPath(this.state.scenario, path)) !== JSON.stringify(getPath(preset.scenario, path));
    return `${changed ? 'changed' : ''} ${this.errorFor(path) ? 'invalid' : ''}`;
  }

  private errorFor(path: string): ValidationError | undefined {
    return this.state.errorSource === 'input' || this.state.errorSource === 'file' || this.state.errorSource === 'link'
      ? this.state.errors.find((e) => e.path === path || e.path.startsWith(`${path}.`))
      : undefined;
  }

  private renderFieldError(path: string): TemplateResult | typeof nothing {
    const e = this.errorFor(path);
    return e ? html`<span class="field-error">${e.message}</span>` : nothing;
  }

  /** Slider(s), number field(s) or select for the field at `path`, with its source as a tooltip. */
  private renderControls(path: string, spec: FieldSpec, preset: Preset, label: string, rangePaths: string[]): TemplateResult {
    const tipId = `tip-${path}`;
    const source = preset.sources[path] ?? 'not given';
    const presetValue = getPath(preset.scenario, path);
    const tip = html`<span class="tip" role="tooltip" id=${tipId}>Preset value: ${describe(presetValue)}. Source: ${source}. ${spec.doc}.</span>`;
    if (spec.kind === 'enum') {
      const value = String(getPath(this.state.scenario, path));
      return html`
        <select aria-label=${label} aria-describedby=${tipId} data-path=${path} .value=${live(value)}
          @change=${(e: Event) => this.edit(path, (e.target as HTMLSelectElement).value)}>
          ${spec.values.map((v) => html`<option value=${v} ?selected=${v === value}>${PAYMENT_LABELS[v] ?? v}</option>`)}
        </select>${tip}${this.renderFieldError(path)}`;
    }
    if (spec.kind === 'duration') {
      return html`${(['median', 'p90'] as const).map((part) => {
        const values = rangePaths.flatMap((p) => [getPath(preset.scenario, `${p}.median`), getPath(preset.scenario, `${p}.p90`)]) as number[];
        return this.renderSlider(`${path}.${part}`, spec, sliderRange(spec, values, part), `${label}, ${part === 'median' ? 'median' : '90th percentile'}`, tipId, part === 'median' ? 'median' : 'p90', getPath(preset.scenario, `${path}.${part}`) as number);
      })}${tip}${this.renderFieldError(path)}`;
    }
    const values = rangePaths.map((p) => getPath(preset.scenario, p)) as number[];
    return html`${this.renderSlider(path, spec, sliderRange(spec, values), label, tipId, undefined, presetValue as number)}${tip}${this.renderFieldError(path)}`;
  }

  private renderSlider(path: string, spec: FieldSpec, range: { min: number; max: number; step: number }, label: string, tipId: string, sub: string | undefined, presetValue: number): TemplateResult {
    const value = getPath(this.state.scenario, path) as number;
    const frac = Math.max(0, Math.min(1, (presetValue - range.min) / (range.max - range.min)));
    const integer = spec.kind === 'integer';
    return html`
      <div class=${sub ? 'ctl has-sub' : 'ctl'}>
        ${sub ? html`<span class="sub" aria-hidden="true">${sub}</span>` : nothing}
        <div class="slider">
          <input type="range" data-path=${path} min=${range.min} max=${range.max} step=${range.step} .value=${live(String(value))}
            aria-label=${label} aria-describedby=${tipId} aria-valuetext=${String(value)}
            @input=${(e: Event) => this.edit(path, Number((e.target as HTMLInputElement).value))}>
          <span class="mark" style="left: calc(8px + ${frac} * (100% - 16px))" title=${`preset value ${presetValue}`}></span>
        </div>
        <input class="num-field" type="number" data-path=${path} step=${integer ? '1' : 'any'} min=${ifDefined(spec.kind === 'probability' ? 0 : undefined)} max=${ifDefined(spec.kind === 'probability' ? 1 : undefined)}
          .value=${live(String(value))} aria-label=${`${label} (number)`} aria-describedby=${tipId}
          @change=${(e: Event) => this.edit(path, numberOf((e.target as HTMLInputElement).value))}>
      </div>`;
  }

  /** On a narrow screen the results are below the inputs: the key numbers stay in view. */
  private renderStickySummary(f: Formatter): TemplateResult | typeof nothing {
    const r = this.state.result;
    if (!r) return nothing;
    const c = r.arms.commercial;
    const p = r.arms.poc;
    return html`<div class="sticky-summary" aria-hidden="true">
      <span>Infused/year: <b class="commercial-text">${f.number(c.funnel.infused.value, 'patients', 0)}</b> vs <b class="poc-text">${f.number(p.funnel.infused.value, 'patients', 0)}</b></span>
      <span>Median wait: <b class="commercial-text">${f.number(c.v2v.median.value, 'days', 0)}</b> vs <b class="poc-text">${f.number(p.v2v.median.value, 'days', 0)}</b> days</span>
      ${this.state.progress ? html`<span>…</span>` : nothing}
    </div>`;
  }

  // Outputs --------------------------------------------------------------------------------

  private renderOutputs(f: Formatter): TemplateResult {
    const r = this.state.result;
    if (!r) return html`<p class="pending">Simulating…</p>`;
    const shown = this.shownFigures;
    return html`
      ${shown.has('headline') ? this.renderHeadline(r, f) : nothing}
      ${shown.has('funnel') ? this.renderFunnel(r, f) : nothing}
      ${shown.has('v2v') ? this.renderV2v(r, f) : nothing}
      ${shown.has('costs') ? this.renderCosts(r, f) : nothing}`;
  }

  private renderHeadline(r: Result, f: Formatter): TemplateResult {
    const rows = headlineRows(r);
    const cell = (e: { value: number | null; mcse: number | null } | null, unit: Unit, cls: string, bound = false) => {
      if (!e) return html`<td class=${cls}></td>`;
      const s = f.estimate(e, unit);
      return html`<td class=${cls}><span class="value">${s.value}</span>${s.mcse === null ? nothing : html`<span class="mcse">± ${s.mcse}${bound ? ' †' : ''} MCSE</span>`}</td>`;
    };
    return html`
      <table class="headline" part="headline">
        <caption>Headline numbers (per cohort of ${f.number(r.scenario.cohort.eligiblePerYear, 'patients', 0)} eligible patients a year)</caption>
        <thead><tr><th scope="col">Measure</th><th scope="col" class="commercial-text">Commercial</th><th scope="col" class="poc-text">Point of care</th><th scope="col">Difference (POC − commercial)</th></tr></thead>
        <tbody>
          ${rows.map((row) => html`<tr data-id=${row.id}>
            <th scope="row">${row.label}</th>
            ${cell(row.commercial, row.unit, 'commercial-text')}${cell(row.poc, row.unit, 'poc-text')}${cell(row.difference, row.unit, '', row.differenceBound)}
          </tr>`)}
        </tbody>
      </table>
      <p class="footnote">± is the Monte Carlo standard error (MCSE) of each number. † Bound on the MCSE, taking the arms as independent: they share their random patients, so the true MCSE is smaller.</p>`;
  }

  /** A chart, drawn again only when its inputs change (result, width, locale, currency, and `extra`). */
  private chart(id: string, r: object, f: Formatter, draw: () => Element, extra = ''): Element {
    const key = `${this.state.width}|${f.locale}|${f.currency}|${extra}`;
    const cached = this.chartCache.get(id);
    if (cached && cached.key === key && (cached.el as unknown as { __result?: object }).__result === r) return cached.el;
    const el = draw();
    // Plot names each mark's group with aria-label; on a <g> without a role that is not
    // permitted ARIA. The figure's text alternative describes the chart instead.
    for (const g of el.querySelectorAll('g[aria-label]')) g.removeAttribute('aria-label');
    (el as unknown as { __result?: object }).__result = r;
    this.chartCache.set(id, { key, el });
    return el;
  }

  private toggleTable(id: string, open: boolean): void {
    if (open === this.state.openTables.has(id)) return;
    const next = new Set(this.state.openTables);
    if (open) next.add(id);
    else next.delete(id);
    this.set({ openTables: next });
  }

  private figure(id: string, title: string, summary: string, legend: LegendItem[], chart: Element, table: () => TemplateResult, csv?: () => string): TemplateResult {
    const open = this.state.openTables.has(id);
    return html`
      <figure part="figure" aria-labelledby=${`title-${id}`}>
        <figcaption>
          <h3 id=${`title-${id}`}>${title}</h3>
          <p class="summary" id=${`summary-${id}`}>${summary}</p>
        </figcaption>
        <div class="legend" aria-hidden="true">${legend.map((l) => html`<span><i style=${`background:${l.color}`}></i>${l.label}</span>`)}</div>
        <div class="chart" id=${`chart-${id}`} role="img" aria-labelledby=${`title-${id} summary-${id}`}>${chart}</div>
        <div class="fig-actions">
          <button @click=${() => this.saveChart(id, title, legend, 'svg')} aria-label=${`Save ${title} as SVG`}>SVG</button>
          <button @click=${() => this.saveChart(id, title, legend, 'png')} aria-label=${`Save ${title} as PNG`}>PNG</button>
          ${csv ? html`<button @click=${() => downloadText(csv(), this.fileName(`${id}.csv`), 'text/csv')} aria-label=${`Save the data of ${title} as CSV`}>CSV</button>` : nothing}
        </div>
        <details ?open=${open} @toggle=${(e: Event) => this.toggleTable(id, (e.target as HTMLDetailsElement).open)}>
          <summary>Table of ${title.toLowerCase()}</summary>
          <div class="table-wrap">${open ? table() : nothing}</div>
        </details>
      </figure>`;
  }

  private armLegend(): LegendItem[] {
    return [{ label: ARM_LABELS.commercial, color: ARM_COLORS.commercial }, { label: ARM_LABELS.poc, color: ARM_COLORS.poc }];
  }

  private renderFunnel(r: Result, f: Formatter): TemplateResult {
    const c = r.arms.commercial;
    const p = r.arms.poc;
    const biggest = (arm: ArmName) => {
      const lost = r.arms[arm].lost;
      const [reason, e] = Object.entries(lost).sort((a, b) => (b[1].value ?? 0) - (a[1].value ?? 0))[0];
      return `${OUTPUT_LABELS[reason]} (${f.number(e.value, 'patients', 0)})`;
    };
    const summary = `Of ${f.number(c.funnel.eligible.value, 'patients', 0)} eligible patients a year, commercial manufacturing infuses ${f.estimateText(c.funnel.infused, 'patients')} and point of care ${f.estimateText(p.funnel.infused, 'patients')}. The largest loss is ${biggest('commercial')} for commercial, ${biggest('poc')} for point of care.`;
    const width = this.state.width;
    const funnel = this.chart('funnel', r, f, () => funnelChart(r, f, width));
    const fate = this.chart('fate', r, f, () => fateChart(r, f, width));
    const fates = ['infused', ...Object.keys(c.lost).map((k) => `lost: ${OUTPUT_LABELS[k]}`)];
    const fateColors = ['#000000', ...CATEGORY_COLORS];
    const table = () => {
      const rows = funnelRows(r);
      const fatesRows = fateRows(r);
      return html`
      <table class="data">
        <thead><tr><th scope="col">Step</th><th scope="col">Commercial</th><th scope="col">Point of care</th></tr></thead>
        <tbody>
          ${FUNNEL_STEPS.map((s, i) => html`<tr><th scope="row">${OUTPUT_LABELS[s]}</th>
            <td>${f.estimateText({ value: rows[2 * i].value, mcse: rows[2 * i].mcse }, 'patients')}</td>
            <td>${f.estimateText({ value: rows[2 * i + 1].value, mcse: rows[2 * i + 1].mcse }, 'patients')}</td></tr>`)}
          ${fates.slice(1).map((fate, i) => html`<tr><th scope="row">${fate}</th>
            <td>${f.estimateText(fatesRows[i + 1], 'patients')}</td>
            <td>${f.estimateText(fatesRows[fates.length + i + 1], 'patients')}</td></tr>`)}
        </tbody>
      </table>`;
    };
    return html`
      ${this.figure('funnel', 'Funnel: patients per year at each step', summary, this.armLegend(), funnel, table)}
      ${this.figure('fate', 'Where the eligible patients go', 'Each bar is one arm\'s eligible patients per year: infused (black), or lost, coloured by reason. The table of the funnel lists the same numbers.', fates.map((l, i) => ({ label: l, color: fateColors[i] })), fate, () => html`<p>The table of the funnel above lists the same numbers.</p>`)}`;
  }

  private renderV2v(r: Result, f: Formatter): TemplateResult {
    const c = r.arms.commercial.v2v;
    const p = r.arms.poc.v2v;
    const summary = `Median vein-to-vein time: commercial ${f.estimateText(c.median, 'days')} days, point of care ${f.estimateText(p.median, 'days')} days; 90% of infused patients within ${f.number(c.p90.value, 'days', 0)} and ${f.number(p.p90.value, 'days', 0)} days. Beyond 180 days: ${f.number(c.histogram.at(-1) ?? 0, 'patients', 1)} and ${f.number(p.histogram.at(-1) ?? 0, 'patients', 1)} patients a year.`;
    const chart = this.chart('v2v', r, f, () => v2vChart(r, f, this.state.width));
    const stats = ['mean', 'p10', 'median', 'p90'] as const;
    const table = () => html`
      <table class="data">
        <thead><tr><th scope="col">Days</th><th scope="col">Commercial</th><th scope="col">Point of care</th></tr></thead>
        <tbody>
          ${stats.map((s) => html`<tr><th scope="row">${OUTPUT_LABELS[s]}</th><td>${f.estimateText(c[s], 'days')}</td><td>${f.estimateText(p[s], 'days')}</td></tr>`)}
          ${c.histogram.map((n, day) => (n > 0 || p.histogram[day] > 0) ? html`<tr><th scope="row">${day === 180 ? '≥ 180' : `${day}–${day + 1}`}</th><td>${f.number(n, 'patients', 2)}</td><td>${f.number(p.histogram[day], 'patients', 2)}</td></tr>` : nothing)}
        </tbody>
      </table>`;
    return this.figure('v2v', 'Vein-to-vein time of infused patients', summary, this.armLegend(), chart, table);
  }

  private renderCosts(r: Result, f: Formatter): TemplateResult {
    const c = r.arms.commercial.costs;
    const p = r.arms.poc.costs;
    const share = (x: number | null, t: number | null) => (x !== null && t ? Math.round((100 * x) / t) : 0);
    const summary = `Payer's cost per year: commercial ${f.number(c.total.value, 'money', 0)}, point of care ${f.number(p.total.value, 'money', 0)} (difference ${f.number(r.difference.totalCost.value, 'money', 0)}). The product is ${share(c.product.value, c.total.value)}% of the commercial cost and ${share(p.product.value, p.total.value)}% of the point-of-care cost.`;
    const chart = this.chart('costs', r, f, () => costChart(r, f, this.state.width));
    const colors = [CATEGORY_COLORS[4], CATEGORY_COLORS[0], CATEGORY_COLORS[1], CATEGORY_COLORS[2], CATEGORY_COLORS[6], CATEGORY_COLORS[5]];
    const legend = COST_COMPONENTS.map((k, i) => ({ label: OUTPUT_LABELS[k], color: colors[i] }));
    const extra = ['total', 'perEligible', 'perInfused', 'perCompleteResponse', 'perAlive1y'] as const;
    const table = () => {
      const rows = costRows(r);
      return html`
      <table class="data">
        <thead><tr><th scope="col">Cost (${f.currency})</th><th scope="col">Commercial</th><th scope="col">Point of care</th></tr></thead>
        <tbody>
          ${COST_COMPONENTS.map((k, i) => html`<tr><th scope="row">${OUTPUT_LABELS[k]}</th><td>${f.estimateText(rows[i], 'money')}</td><td>${f.estimateText(rows[COST_COMPONENTS.length + i], 'money')}</td></tr>`)}
          ${extra.map((k) => html`<tr><th scope="row">${OUTPUT_LABELS[k]}</th><td>${f.estimateText(c[k], 'money')}</td><td>${f.estimateText(p[k], 'money')}</td></tr>`)}
        </tbody>
      </table>`;
    };
    return this.figure('costs', 'Cost per year by component', summary, legend, chart, table);
  }

  // Uncertainty --------------------------------------------------------------------------------

  private selectTab(tab: Tab, focus = false): void {
    if (tab === this.tab) return;
    this.tab = tab;
    if (focus) void this.updateComplete.then(() => (this.renderRoot.querySelector(`#tab-${tab}`) as HTMLElement | null)?.focus());
  }

  private onTabKey(e: KeyboardEvent): void {
    const i = TABS.findIndex((t) => t.id === this.tab);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    this.selectTab(TABS[(next + TABS.length) % TABS.length].id, true);
  }

  private renderTabs(): TemplateResult {
    const current = this.tab === 'uncertainty' ? 'uncertainty' : 'results';
    return html`<div class="tabs no-print" role="tablist" aria-label="Results" @keydown=${this.onTabKey}>
      ${TABS.map((t) => html`<button role="tab" id=${`tab-${t.id}`} aria-selected=${t.id === current ? 'true' : 'false'}
        aria-controls=${ifDefined(t.id === current ? `panel-${t.id}` : undefined)} tabindex=${t.id === current ? 0 : -1}
        @click=${() => this.selectTab(t.id)}>${t.label}</button>`)}
    </div>`;
  }

  /**
   * The decision curves over a WTP grid from 0 to twice the WTP chosen or three times the
   * mean extra cost per extra patient alive (where the curves turn), whichever is larger.
   */
  private curves(r: PsaResult): DecisionCurves {
    const dAlive = r.difference.alive1y.mean ?? 0;
    const dCost = r.difference.totalCost.mean ?? 0;
    const icer = dAlive > 0 && dCost > 0 ? dCost / dAlive : 0;
    const top = niceCeil(Math.max(2 * this.psaWtp, 3 * icer, 10_000));
    const c = this.curvesCache;
    if (c && c.result === r && c.top === top) return c.curves;
    const curves = decisionCurves(r.cePlane.extraAlive1y, r.cePlane.extraCost, wtpGrid(0, top, top / WTP_POINTS));
    this.curvesCache = { result: r, top, curves };
    return curves;
  }

  /** Each uncertain parameter's EVPPI alone, for a result (the regressions made once per result). */
  private parameterEvppi(r: PsaResult): ParameterEvppi[] {
    if (this.evppiCache?.result !== r) this.evppiCache = { result: r, each: parameterEvppi(r) };
    return this.evppiCache.each;
  }

  private setWtp(value: unknown): void {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) this.wtp = value;
    else this.requestUpdate();
  }

  private renderPsaControls(f: Formatter): TemplateResult {
    const { draws, patientsPerDraw } = this.psaSize;
    const withCurrent = (choices: number[], n: number) => (choices.includes(n) ? choices : [...choices, n].sort((a, b) => a - b));
    const wtp = this.psaWtp;
    return html`<div class="psa-controls no-print" role="group" aria-label="Uncertainty analysis settings">
      <div class="psa-control">
        <label for="psa-draws">Parameter draws</label>
        <select id="psa-draws" .value=${live(String(draws))} @change=${(e: Event) => { this.draws = Number((e.target as HTMLSelectElement).value); }}>
          ${withCurrent(DRAW_CHOICES, draws).map((n) => html`<option value=${n} ?selected=${n === draws}>${f.number(n, 'patients', 0)}</option>`)}
        </select>
      </div>
      <div class="psa-control">
        <label for="psa-patients">Patients per arm in each draw</label>
        <select id="psa-patients" .value=${live(String(patientsPerDraw))} @change=${(e: Event) => { this.patientsPerDraw = Number((e.target as HTMLSelectElement).value); }}>
          ${withCurrent(PATIENTS_PER_DRAW_CHOICES, patientsPerDraw).map((n) => html`<option value=${n} ?selected=${n === patientsPerDraw}>${f.number(n, 'patients', 0)}</option>`)}
        </select>
      </div>
      <div class="psa-control wtp">
        <label for="psa-wtp">Willingness to pay per extra patient alive at 1 year (${f.currency})</label>
        <div class="ctl">
          <input type="range" min=${WTP_SLIDER.min} max=${WTP_SLIDER.max} step=${WTP_SLIDER.step} .value=${live(String(Math.min(wtp, WTP_SLIDER.max)))}
            aria-label="Willingness to pay per extra patient alive at 1 year (slider)" aria-valuetext=${f.number(wtp, 'money', 0)}
            @input=${(e: Event) => this.setWtp(Number((e.target as HTMLInputElement).value))}>
          <input id="psa-wtp" class="num-field" type="number" min="0" step="any" .value=${live(String(wtp))}
            @change=${(e: Event) => this.setWtp(numberOf((e.target as HTMLInputElement).value))}>
        </div>
      </div>
    </div>`;
  }

  private renderPsaStatus(f: Formatter): TemplateResult {
    const p = this.state.psaProgress;
    const r = this.state.psa;
    const { draws, patientsPerDraw } = this.psaSize;
    const text = this.state.psaError
      ? `The uncertainty analysis failed: ${this.state.psaError}`
      : p === null
        ? r ? `${f.number(r.psa.draws, 'patients', 0)} parameter draws of ${f.number(r.psa.patientsPerDraw, 'patients', 0)} patients per arm, seed ${r.seed}.` : ''
        : p.stage === 'quick'
          ? `Drawing the first ${f.number(Math.min(QUICK_DRAWS, draws), 'patients', 0)} parameter sets…`
          : `Refining to ${f.number(draws, 'patients', 0)} draws of ${f.number(patientsPerDraw, 'patients', 0)} patients…`;
    return html`<div class="status no-print">
      <span role="status">${text}</span>
      ${p && p.total > 1 ? html`<progress max=${p.total} .value=${p.done} aria-label="Progress of the uncertainty analysis"></progress>` : nothing}
    </div>`;
  }

  private renderUncertainty(f: Formatter, preset: Preset): TemplateResult {
    const r = this.state.psa;
    const spec = this.spec;
    return html`<div class="uncertainty">
      ${this.renderPsaControls(f)}
      ${this.renderSpec(spec, preset, f)}
      ${this.renderPsaStatus(f)}
      ${r === null
        ? html`<p class="pending">${this.state.psaError ? '' : 'Drawing the uncertain parameters…'}</p>`
        : html`
          ${this.renderProbabilities(r, f)}
          ${this.renderPlane(r, f)}
          ${this.renderAcceptability(r, f)}
          ${this.renderEvpi(r, f)}
          ${this.renderTornado(r, f)}
          <p class="downloads no-print">
            <button @click=${this.downloadPsaJson}>Uncertainty JSON</button>
            <button @click=${this.downloadPsaCsv}>Uncertainty CSV</button>
          </p>`}
    </div>`;
  }

  private renderSpec(spec: UncertaintySpec, preset: Preset, f: Formatter): TemplateResult {
    const describeParameter = (p: UncertaintySpec['parameters'][number]) => {
      switch (p.distribution) {
        case 'beta': return `Beta, effective sample size n = ${f.number(p.n, 'patients', 0)}`;
        case 'logNormal': return `log-normal, 90th percentile ${f.number(p.p90 / p.value, 'patients', 2)} × the value`;
        case 'durationScale': return `duration scaled by a log-normal factor, 90th percentile ${f.number(p.factorP90, 'patients', 2)}`;
      }
    };
    const origin = spec.origin === 'user'
      ? 'your file'
      : `the patient counts of the trials behind the ${preset.title} preset (Table 2 of the paper)`;
    return html`<details class="spec">
      <summary>${spec.parameters.length} uncertain parameters${spec.same.length ? `, ${spec.same.length} taken equal in both arms` : ''}, from ${origin}</summary>
      <p class="hint">Each uncertain parameter is centred on the value set in the parameters; everything else is fixed.
        A scenario file with uncertain numbers (<code>{ "value": 0.56, "n": 1297 }</code>, <code>{ "value": 373000, "p90": 420000 }</code>,
        a duration's <code>uncertainty</code>, <code>"same"</code>) imported here replaces this spread.</p>
      ${spec.origin === 'user' ? html`<button @click=${() => { this.set({ userSpec: null }); this.psaIfShown(); }}>Use the preset's uncertainty</button>` : nothing}
      <ul>
        ${spec.parameters.map((p) => html`<li>${parameterLabel(p.path)}: ${describeParameter(p)}</li>`)}
        ${spec.same.map((key) => html`<li>${parameterLabel(`arms.poc.${key}`)}: the commercial arm's value in every draw</li>`)}
      </ul>
    </details>`;
  }

  private renderProbabilities(r: PsaResult, f: Formatter): TemplateResult {
    const pct = (x: number) => `${f.number(100 * x, 'patients', 1)}%`;
    const wtp = this.psaWtp;
    let ce = 0;
    const { extraAlive1y: a, extraCost: c } = r.cePlane;
    for (let i = 0; i < a.length; i++) if (wtp * a[i] - c[i] > 0) ce++;
    const rows: { id: string; label: string; value: number }[] = [
      { id: 'pocInfusesMore', label: 'Point of care infuses more patients', value: r.probabilities.pocInfusesMore },
      { id: 'pocCostsLess', label: 'Point of care costs less', value: r.probabilities.pocCostsLess },
      { id: 'both', label: 'Both: more patients infused for less', value: r.probabilities.both },
      { id: 'costEffective', label: `Point of care cost-effective at ${f.number(wtp, 'money', 0)} per extra patient alive at 1 year`, value: a.length ? ce / a.length : 0 },
    ];
    const interval = (s: PsaStatistic, unit: Unit, d: number) => `${f.number(s.mean, unit, d)} (95% interval ${f.number(s.p025, unit, d)} to ${f.number(s.p975, unit, d)})`;
    return html`
      <table class="headline probabilities" part="headline">
        <caption>Probability over ${f.number(r.psa.draws, 'patients', 0)} parameter draws${this.state.psaFinal ? '' : ' (first pass)'}</caption>
        <tbody>
          ${rows.map((row) => html`<tr data-id=${row.id}><th scope="row">${row.label}</th><td><span class="value">${pct(row.value)}</span></td></tr>`)}
        </tbody>
      </table>
      <table class="headline differences">
        <caption>Point of care − commercial, per year: mean over draws</caption>
        <tbody>
          <tr data-id="dInfused"><th scope="row">Extra patients infused</th><td>${interval(r.difference.infused, 'patients', 1)}</td></tr>
          <tr data-id="dAlive1y"><th scope="row">Extra patients alive at 1 year</th><td>${interval(r.difference.alive1y, 'patients', 1)}</td></tr>
          <tr data-id="dCost"><th scope="row">Extra cost</th><td>${interval(r.difference.totalCost, 'money', 0)}</td></tr>
        </tbody>
      </table>`;
  }

  private renderPlane(r: PsaResult, f: Formatter): TemplateResult {
    const wtp = this.psaWtp;
    const S = r.cePlane.extraAlive1y.length;
    const quadrant = (fn: (a: number, c: number) => boolean) => {
      let n = 0;
      for (let i = 0; i < S; i++) if (fn(r.cePlane.extraAlive1y[i], r.cePlane.extraCost[i])) n++;
      return `${f.number((100 * n) / S, 'patients', 0)}%`;
    };
    const summary = `Each point is one draw of the uncertain parameters: extra patients alive at 1 year (right: point of care saves more) against extra cost (up: point of care costs more), per year. ${quadrant((a, c) => a > 0 && c < 0)} of draws lie in the lower right (more alive for less), ${quadrant((a, c) => a > 0 && c >= 0)} in the upper right (more alive for more). Below the dashed line of ${f.number(wtp, 'money', 0)} per extra patient alive, point of care is cost-effective.${S > MAX_PLANE_POINTS ? ` ${f.number(MAX_PLANE_POINTS, 'patients', 0)} of the ${f.number(S, 'patients', 0)} draws are drawn (every ${Math.ceil(S / MAX_PLANE_POINTS)}th); the table and CSV have all.` : ''}`;
    const chart = this.chart('ce-plane', r, f, () => planeChart(r, wtp, f, this.state.width), String(wtp));
    const stat = (label: string, s: PsaStatistic, unit: Unit, d: number) => html`<tr><th scope="row">${label}</th>
      ${[s.mean, s.sd, s.p025, s.p50, s.p975].map((x) => html`<td>${f.number(x, unit, d)}</td>`)}</tr>`;
    const table = () => html`
      <table class="data">
        <thead><tr><th scope="col">Per year, over draws</th><th scope="col">Mean</th><th scope="col">SD</th><th scope="col">2.5%</th><th scope="col">Median</th><th scope="col">97.5%</th></tr></thead>
        <tbody>
          ${stat('Extra patients alive at 1 year', r.difference.alive1y, 'patients', 2)}
          ${stat(`Extra cost (${f.currency})`, r.difference.totalCost, 'money', 0)}
        </tbody>
      </table>
      <table class="data">
        <caption>The first ${Math.min(50, S)} of ${f.number(S, 'patients', 0)} draws (the CSV has every draw)</caption>
        <thead><tr><th scope="col">Draw</th><th scope="col">Extra alive at 1 year</th><th scope="col">Extra cost</th></tr></thead>
        <tbody>${r.cePlane.extraAlive1y.slice(0, 50).map((a, i) => html`<tr><th scope="row">${i + 1}</th><td>${f.number(a, 'patients', 2)}</td><td>${f.number(r.cePlane.extraCost[i], 'money', 0)}</td></tr>`)}</tbody>
      </table>`;
    const legend = [{ label: 'one parameter draw', color: PLANE_COLOR }, { label: `willingness to pay ${f.compactMoney(wtp)} (dashed), mean (cross)`, color: FRONTIER_COLOR }];
    return this.figure('ce-plane', 'Cost-effectiveness plane', summary, legend, chart, table, () => planeCsv(r));
  }

  private renderAcceptability(r: PsaResult, f: Formatter): TemplateResult {
    const c = this.curves(r);
    const wtp = this.psaWtp;
    const i = nearestIndex(c.wtp, wtp);
    const summary = `The share of draws in which each arm has the larger net monetary benefit (willingness to pay × patients alive at 1 year − cost), against willingness to pay per extra patient alive at 1 year. At ${f.number(c.wtp[i], 'money', 0)}: point of care ${f.number(100 * c.acceptability.poc[i], 'patients', 1)}%, commercial ${f.number(100 * c.acceptability.commercial[i], 'patients', 1)}%. The wide grey line is the frontier: the arm with the larger expected net benefit (${c.frontier.arm[i] === 'poc' ? 'point of care' : 'commercial'} at this willingness to pay).`;
    const chart = this.chart('ceac', r, f, () => acceptabilityChart(c, wtp, f, this.state.width), `${wtp}|${c.wtp.at(-1)}`);
    const table = () => html`
      <table class="data">
        <thead><tr><th scope="col">WTP (${f.currency})</th><th scope="col">Commercial</th><th scope="col">Point of care</th><th scope="col">Frontier arm</th></tr></thead>
        <tbody>${c.wtp.map((w, k) => html`<tr><th scope="row">${f.number(w, 'money', 0)}</th><td>${f.number(100 * c.acceptability.commercial[k], 'patients', 1)}%</td><td>${f.number(100 * c.acceptability.poc[k], 'patients', 1)}%</td><td>${ARM_LABELS[c.frontier.arm[k]]}</td></tr>`)}</tbody>
      </table>`;
    const legend = [...this.armLegend(), { label: 'frontier (wide grey)', color: '#c4c4c4' }];
    return this.figure('ceac', 'Acceptability curves', summary, legend, chart, table, () => acceptabilityCsv(c));
  }

  private renderEvpi(r: PsaResult, f: Formatter): TemplateResult {
    const c = this.curves(r);
    const wtp = this.psaWtp;
    const i = nearestIndex(c.wtp, wtp);
    let peak = 0;
    for (let k = 1; k < c.evpi.length; k++) if (c.evpi[k] > c.evpi[peak]) peak = k;
    const summary = `The expected value of perfect information per year: what removing all the parameter uncertainty would be worth to the decision, E[max over arms of net benefit] − max over arms of E[net benefit]. At ${f.number(c.wtp[i], 'money', 0)}: ${f.number(c.evpi[i], 'money', 0)} per year; largest, ${f.number(c.evpi[peak], 'money', 0)}, at ${f.number(c.wtp[peak], 'money', 0)}.`;
    const chart = this.chart('evpi', r, f, () => evpiChart(c, wtp, f, this.state.width), `${wtp}|${c.wtp.at(-1)}`);
    // Each parameter alone (EVPPI) at the WTP line: which uncertainty would be worth resolving.
    const each = this.parameterEvppi(r).map((e) => ({ parameter: e.parameter, value: e.at(c.wtp[i]) })).sort((a, b) => b.value - a.value);
    const top = each.filter((e) => e.value > 0).slice(0, 3);
    const partial = each.length === 0
      ? ` (Too few draws to estimate what each parameter alone is worth.)`
      : top.length === 0
        ? ` Knowing any one parameter exactly would not change the decision at ${f.number(c.wtp[i], 'money', 0)} (EVPPI 0).`
        : ` Knowing one parameter exactly (EVPPI, at ${f.number(c.wtp[i], 'money', 0)}): ${top.map((e) => `${parameterLabel(e.parameter)} ${f.number(e.value, 'money', 0)}`).join(', ')} per year; the table lists every parameter.`;
    const table = () => html`
      ${each.length ? html`<table class="data evppi">
        <caption>Expected value of partial perfect information (EVPPI) per year of each parameter alone, at ${f.number(c.wtp[i], 'money', 0)} per extra patient alive at 1 year (nonparametric regression, Strong, Oakley &amp; Brennan 2014)</caption>
        <thead><tr><th scope="col">Parameter</th><th scope="col">EVPPI per year</th></tr></thead>
        <tbody>${each.map((e) => html`<tr><th scope="row">${parameterLabel(e.parameter)}</th><td>${f.number(e.value, 'money', 0)}</td></tr>`)}</tbody>
      </table>` : nothing}
      <table class="data">
        <caption>EVPI per year over the willingness to pay</caption>
        <thead><tr><th scope="col">WTP (${f.currency})</th><th scope="col">EVPI per year</th><th scope="col">Expected incremental net benefit</th></tr></thead>
        <tbody>${c.wtp.map((w, k) => html`<tr><th scope="row">${f.number(w, 'money', 0)}</th><td>${f.number(c.evpi[k], 'money', 0)}</td><td>${f.number(c.expectedIncrementalNetBenefit[k], 'money', 0)}</td></tr>`)}</tbody>
      </table>`;
    return this.figure('evpi', 'Expected value of perfect information', summary + partial, [{ label: 'EVPI per year', color: '#CC79A7' }], chart, table, () => evpiCsv(c));
  }

  private renderTornado(r: PsaResult, f: Formatter): TemplateResult {
    const t = r.tornado;
    if (!t || t.bars.length === 0) {
      return html`<p class="hint">No tornado: the scenario has no uncertain parameter.</p>`;
    }
    const output = tornadoOutputLabel(t.output, f.currency);
    const top = t.bars[0];
    const money = t.output === 'difference.totalCost' || t.output === 'netBenefit';
    const num = (x: number | null) => (money ? f.number(x, 'money', 0) : f.number(x, 'patients', 2));
    const summary = `${output}, with each uncertain parameter in turn at the 2.5th (blue) and the 97.5th (orange) percentile of its distribution and the others at their central values, on ${f.number(t.patients, 'patients', 0)} patients per arm; base case ${num(t.base)}. Each bar is labelled with the two values the parameter took. The largest swing, ${num(top.swing)}, is ${parameterLabel(top.parameter)}.${t.bars.length > MAX_TORNADO_BARS ? ` The ${MAX_TORNADO_BARS} largest of ${t.bars.length} are drawn; the table lists all.` : ''}`;
    const chart = this.chart('tornado', r, f, () => tornadoChart(r, f, this.state.width), String(t.bars.length));
    const table = () => html`
      <table class="data">
        <thead><tr><th scope="col">Parameter</th><th scope="col">At 2.5th percentile</th><th scope="col">Output</th><th scope="col">At 97.5th percentile</th><th scope="col">Output</th><th scope="col">Swing</th></tr></thead>
        <tbody>${t.bars.map((b) => html`<tr><th scope="row">${parameterLabel(b.parameter)}</th>
          <td>${parameterValue(b.parameter, b.low.value, f)}</td><td>${num(b.low.output)}</td>
          <td>${parameterValue(b.parameter, b.high.value, f)}</td><td>${num(b.high.output)}</td><td>${num(b.swing)}</td></tr>`)}</tbody>
      </table>`;
    const legend = [{ label: 'parameter at its 2.5th percentile', color: LOW_COLOR }, { label: 'at its 97.5th percentile', color: HIGH_COLOR }];
    return this.figure('tornado', 'Tornado: one-way sensitivity', summary, legend, chart, table, () => tornadoCsv(r));
  }

  private renderCompactFoot(preset: Preset, f: Formatter): TemplateResult {
    const r = this.state.result;
    return html`<p class="compact-foot">Scenario: ${preset.title}. ${r ? `${f.number(r.patients, 'patients', 0)} simulated patients per arm, seed ${r.seed}; ± is the Monte Carlo standard error.` : ''}
      ${r ? html`<button class="no-print" @click=${this.downloadResultCsv}>Download CSV</button>` : nothing}</p>`;
  }
}

/** 1, 2 or 5 times a power of ten, at least x. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** The index of the grid value nearest to x. */
function nearestIndex(grid: readonly number[], x: number): number {
  let best = 0;
  for (let i = 1; i < grid.length; i++) if (Math.abs(grid[i] - x) < Math.abs(grid[best] - x)) best = i;
  return best;
}

/** Text of a number field as a number; what is not one stays text, for the validator to name. */
function numberOf(text: string): unknown {
  const n = Number(text);
  return text.trim() !== '' && !Number.isNaN(n) ? n : text;
}

function parseJson(text: string, what: string): { ok: true; value: unknown } | { ok: false; error: ValidationError } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { path: '(root)', value: undefined, rule: `${what} is not valid JSON (${reason.slice(0, 120)})`, message: `${what}: not valid JSON (${reason.slice(0, 120)})` } };
  }
}

/** A short, safe rendering of a value (as text, never markup). */
function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function describe(v: unknown): string {
  if (v && typeof v === 'object' && 'median' in v) {
    const d = v as { median: number; p90: number };
    return `median ${d.median} days, 90th percentile ${d.p90} days`;
  }
  return typeof v === 'string' ? (PAYMENT_LABELS[v] ? `per ${PAYMENT_LABELS[v]}` : v) : String(v);
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
