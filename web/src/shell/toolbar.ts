/** The shell's toolbar (preset, reset, undo, link, downloads, import), its error list and its tabs. */

import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { presets, type Preset } from '../../../src/presets/index.js';
import { showValue } from '../common/values.js';
import { SOURCE_WORDS, type ExplorerState } from '../state/explorer-state.js';
import { loadView, type ViewDefinition } from '../views/registry.js';

export interface ToolbarActions {
  copyLink?: () => void;
  resultJson: () => void;
  resultCsv: () => void;
  saveScenario: () => void;
  importFile: (file: File) => void;
}

export function renderToolbar(state: ExplorerState, preset: Preset, hasResult: boolean, a: ToolbarActions): TemplateResult {
  const onFile = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) a.importFile(file);
  };
  return html`
    <div class="toolbar" part="toolbar" role="toolbar" aria-label="Scenario">
      <div class="group">
        <label for="preset">Preset</label>
        <select id="preset" .value=${live(preset.name)} @change=${(e: Event) => state.selectPreset((e.target as HTMLSelectElement).value)}>
          ${presets.map((p) => html`<option value=${p.name} ?selected=${p.name === preset.name}>${p.title}</option>`)}
        </select>
        <button @click=${() => state.reset()}>Reset</button>
        <button @click=${() => state.undoLast()} ?disabled=${state.undo.length === 0}>Undo</button>
      </div>
      <span class="spacer"></span>
      <div class="group">
        ${a.copyLink ? html`<button @click=${a.copyLink}>Copy link</button>` : nothing}
        <button @click=${a.resultJson} ?disabled=${!hasResult}>Result JSON</button>
        <button @click=${a.resultCsv} ?disabled=${!hasResult}>Result CSV</button>
        <button @click=${a.saveScenario}>Save scenario</button>
        <label class="file-label">Import scenario…
          <input class="visually-hidden" type="file" accept="application/json,.json" @change=${onFile}>
        </label>
      </div>
      ${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : nothing}
    </div>`;
}

export function renderErrors(state: ExplorerState): TemplateResult | typeof nothing {
  const { errors, errorSource } = state;
  if (!errors.length || !errorSource) return nothing;
  return html`
    <div class="errors" part="errors" role="alert">
      <strong>${SOURCE_WORDS[errorSource]}; the scenario shown is unchanged.</strong>
      <ul>${errors.map((e) => html`<li><code>${e.path}</code>: ${e.rule}${e.value === undefined ? '' : html`; got <code>${showValue(e.value)}</code>`}</li>`)}
        ${state.omittedErrors ? html`<li>…and ${state.omittedErrors} more</li>` : nothing}</ul>
    </div>`;
}

/**
 * The tabs of the registered views (arrow keys, Home and End move between them). A view's code
 * starts loading when the pointer comes over its tab, a moment before the click.
 */
export function renderTabs(views: readonly ViewDefinition[], current: string, select: (id: string, focus: boolean) => void): TemplateResult {
  const onKey = (e: KeyboardEvent) => {
    const i = views.findIndex((t) => t.id === current);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? views.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    select(views[(next + views.length) % views.length].id, true);
  };
  return html`<div class="tabs no-print" role="tablist" aria-label="Results" @keydown=${onKey}>
    ${views.map((t) => html`<button role="tab" id=${`tab-${t.id}`} aria-selected=${t.id === current ? 'true' : 'false'}
      aria-controls=${ifDefined(t.id === current ? `panel-${t.id}` : undefined)} tabindex=${t.id === current ? 0 : -1}
      @pointerenter=${() => loadView(t)} @click=${() => select(t.id, false)}>${t.label}</button>`)}
  </div>`;
}
