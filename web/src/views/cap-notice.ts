/**
 * The notice of a cohort-years run that a link or file made larger than the explorer starts on
 * its own (ExplorerState.runReplicates): what it asks, what runs, and the visitor's "Run all".
 * Shared by the results and capacity views.
 */

import { html, type TemplateResult } from 'lit';
import { yearsPatients } from '../state/explorer-state.js';
import type { ViewContext } from './context.js';

/** A link's or file's cohort-years beyond the limit: what it asks, what runs, and the visitor's way past the cap. */
export function yearsCapNotice(ctx: ViewContext): TemplateResult {
  const { f, state } = ctx;
  const years = state.scenario.run.years!;
  const perReplicate = state.scenario.cohort.eligiblePerYear * (years.warmupYears + 1);
  const runReplicates = state.runReplicates ?? 0;
  return html`<p class="notice confirm no-print">The scenario asks for ${f.number(years.replicates, 'patients', 0)} replicates of ${f.number(perReplicate, 'patients', 0)} patients (eligible a year × (warm-up years + 1)), ${f.number(yearsPatients(state.scenario) ?? 0, 'patients', 0)} patients per arm, which can take minutes or more and gigabytes of memory in this browser: ${runReplicates < 1
    ? 'nothing has been run.'
    : html`the results are refined to ${f.number(runReplicates, 'patients', 0)} replicates.`}
    <button @click=${() => state.confirmPatients()}>Run all ${f.number(years.replicates, 'patients', 0)} replicates</button></p>`;
}
