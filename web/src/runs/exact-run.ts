/**
 * The exact "run": the exact expectations of the scenario shown (`src/exact`, synchronous,
 * tens of microseconds), computed by the shell on every accepted scenario before the point run
 * starts, so that a view can draw its expectations at once (the results view's first paint).
 * Capacity scenarios and cost-recovery pricing have no exact form: `result` is then null and
 * `reason` says why (the exact engine's RangeError), and views draw from the point run alone.
 *
 * `shown(point)` combines it with the point run into the result file a view draws: every output
 * that is an expectation is the exact value, with the run's MCSE beside it once the run of this
 * scenario is in (before that, `mcse` null and `scale` the last run's MCSE, which fixes the
 * digits shown, so nothing moves when the run comes in); what is not an expectation (the
 * vein-to-vein median and percentiles, the histogram) is the run's. Outputs where the run
 * differs from the exact value by more than 5 MCSE are listed in `disagreements` (a bug).
 */

import { expectedResult } from '../../../src/exact/expected.js';
import type { Estimate, Result, Scenario } from '../../../src/scenario/types.js';
import type { RunController } from './run-controller.js';

/** An estimate as shown: `scale` fixes its digits while its MCSE is pending; `off` flags a disagreement. */
export interface ShownEstimate extends Estimate {
  scale?: number | null;
  off?: boolean;
}

/** A run farther than this many MCSE from the exact value is flagged. */
export const DISAGREEMENT_MCSE = 5;

export interface Disagreement { path: string; exact: number; run: number; mcse: number }

export interface ShownPoint {
  /** The result file drawn (exact expectations with the run's MCSE and distributions; or the run's alone). */
  result: Result;
  /** What the charts of expectations are drawn from (changes with the scenario only, not with the run). */
  chartInput: Result;
  /** `exact`: the expectations are exact; `run`: no exact form, everything from the run. */
  source: 'exact' | 'run';
  /** The point run's result is of the scenario shown (else it is an earlier scenario's, or there is none). */
  runCurrent: boolean;
  /** Whether any point run result is in (current or earlier). */
  hasRun: boolean;
  disagreements: Disagreement[];
}

const isEstimate = (v: unknown): v is Estimate =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v && 'mcse' in v;

export class ExactRun {
  /** The exact result file of the scenario shown, or null (no exact form: see `reason`). */
  result: Result | null = null;
  /** Why there is no exact result (the exact engine's message), else null. */
  reason: string | null = null;
  /** The scenario it was computed for (the one handed to the point run too). */
  input: Scenario | null = null;
  /** Milliseconds the computation took. */
  elapsedMs = 0;
  private memo: { exact: Result | null; run: Result | null; current: boolean; shown: ShownPoint | null } | null = null;

  /** Computes the expectations of `scenario` (never throws: no exact form leaves `result` null). */
  compute(scenario: Scenario): void {
    const t0 = performance.now();
    this.input = scenario;
    try {
      this.result = expectedResult(scenario);
      this.reason = null;
    } catch (e) {
      this.result = null;
      this.reason = e instanceof Error ? e.message : String(e);
    }
    this.elapsedMs = performance.now() - t0;
  }

  /** What to draw from the exact values and the point run (the same object while neither changes). */
  shown(point: RunController<Scenario, Result>): ShownPoint | null {
    const run = point.result;
    const current = run !== null && point.resultInput === this.input;
    const m = this.memo;
    if (m && m.exact === this.result && m.run === run && m.current === current) return m.shown;
    const shown = this.combine(run, current);
    this.memo = { exact: this.result, run, current, shown };
    return shown;
  }

  private combine(run: Result | null, current: boolean): ShownPoint | null {
    const x = this.result;
    if (!x) return run ? { result: run, chartInput: run, source: 'run', runCurrent: current, hasRun: true, disagreements: [] } : null;
    const disagreements: Disagreement[] = [];
    const merge = (a: unknown, b: unknown, path: string): unknown => {
      if (isEstimate(a)) {
        const r = isEstimate(b) ? b : null;
        // Not an expectation (null in the exact result): the run's.
        if (a.value === null || a.mcse !== 0) return r ?? a;
        const out: ShownEstimate = { value: a.value, mcse: current && r ? r.mcse : null, scale: r?.mcse ?? null };
        if (current && r && r.value !== null && r.mcse !== null && Number.isFinite(r.value)) {
          const tolerance = DISAGREEMENT_MCSE * r.mcse + 1e-9 * Math.max(1, Math.abs(a.value));
          if (Math.abs(r.value - a.value) > tolerance) {
            out.off = true;
            disagreements.push({ path, exact: a.value, run: r.value, mcse: r.mcse });
          }
        }
        return out;
      }
      if (Array.isArray(a)) return Array.isArray(b) ? b : a;
      if (typeof a === 'object' && a !== null) {
        const o: Record<string, unknown> = {};
        const bo = typeof b === 'object' && b !== null ? (b as Record<string, unknown>) : {};
        for (const [k, v] of Object.entries(a)) o[k] = merge(v, bo[k], path ? `${path}.${k}` : k);
        return o;
      }
      return a;
    };
    const result = {
      ...x,
      arms: merge(x.arms, run?.arms, 'arms') as Result['arms'],
      difference: merge(x.difference, run?.difference, 'difference') as Result['difference'],
      patients: run?.patients ?? 0,
    };
    return { result, chartInput: x, source: 'exact', runCurrent: current, hasRun: run !== null, disagreements };
  }
}
