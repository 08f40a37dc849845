/**
 * The planner's table (MODEL.md v2, "the `lines` sweep gives the answer at each c"): one
 * arm's scenario run at c = from .. to manufacturing lines, the other arm as given, each run
 * on the same streams (common random numbers across c too), and per c the patients infused,
 * lost while queued, the first-attempt wait (mean, p90) and the utilisation, with MCSE.
 */

import { abortError, type Progress } from '../engine/run-options.js';
import { MAX_LINES } from '../scenario/fields.js';
import { cloneScenario, defaultScenario } from '../scenario/defaults.js';
import { ARM_NAMES, type ArmName, type Estimate, type Scenario } from '../scenario/types.js';
import { resolveScenario } from '../scenario/validate.js';
import { simulate, type SimulateOptions } from '../simulate.js';
import { machine } from '../engine/pools.js';
import { planYears } from './limits.js';

/** Most values of c in one sweep. */
export const MAX_SWEEP_LINES = 1000;

export interface LinesRow {
  lines: number;
  infused: Estimate;
  lostWhileQueued: Estimate;
  waitFirstMean: Estimate;
  waitFirstP90: Estimate;
  utilisation: Estimate;
}

export interface LinesSweep {
  arm: ArmName;
  /** The scenario swept (after defaults; its `arm` capacity is each row's). */
  scenario: Scenario;
  engine: string;
  rows: LinesRow[];
}

export interface LinesOptions extends Omit<SimulateOptions, 'onProgress'> {
  arm: ArmName;
  from: number;
  to: number;
  /** Called after every replicate of every c: replicates x eligiblePerYear x (values of c). */
  onProgress?: (p: Progress) => void;
}

/** Sweeps the lines of one arm; rejects with a RangeError on bad options, a ScenarioError on a bad scenario. */
export async function sweepLines(scenario: unknown, options: LinesOptions): Promise<LinesSweep> {
  const { arm, from, to } = options;
  if (!ARM_NAMES.includes(arm)) throw new RangeError(`arm: must be one of ${ARM_NAMES.join(', ')}; got ${JSON.stringify(arm)}`);
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_LINES) throw new RangeError(`${name}: must be an integer in [1, ${MAX_LINES}]; got ${v}`);
  }
  if (to < from) throw new RangeError(`to: must be >= from (${from}); got ${to}`);
  if (to - from + 1 > MAX_SWEEP_LINES) throw new RangeError(`to: at most ${MAX_SWEEP_LINES} values of c in a sweep; got ${to - from + 1}`);
  const base = resolveScenario({ arms: { [arm]: { capacity: { lines: from } } } }, resolveScenario(scenario, options.base ?? defaultScenario));
  const count = to - from + 1;
  // The whole sweep's limits before its first run (queue/limits.ts): each run's memory at the
  // most lines, and the time of all of them.
  const m = await machine();
  const widest: Scenario = { ...base, arms: { ...base.arms, [arm]: { ...base.arms[arm], capacity: { lines: to } } } };
  planYears(widest, options.engine ?? 'wasm', options.pool?.size ?? options.workers ?? m.cores, m, count);
  // Only simulate's own options go on (it refuses names it does not know).
  const simulateOptions: SimulateOptions = {};
  for (const k of ['engine', 'workers', 'pool', 'signal', 'supersede'] as const) {
    if (options[k] !== undefined) (simulateOptions as Record<string, unknown>)[k] = options[k];
  }
  const rows: LinesRow[] = [];
  let engine: string = options.engine ?? 'wasm';
  for (let c = from; c <= to; c++) {
    if (options.signal?.aborted) throw abortError(options.signal);
    const k = c - from;
    const result = await simulate({ arms: { [arm]: { capacity: { lines: c } } } }, {
      ...simulateOptions,
      base,
      onProgress: options.onProgress && ((p) => options.onProgress!({ done: k * p.total + p.done, total: count * p.total })),
    });
    engine = result.engine;
    const a = result.arms[arm];
    const q = a.queue!;
    rows.push({
      lines: c,
      infused: a.funnel.infused,
      lostWhileQueued: q.lostWhileQueued,
      waitFirstMean: q.waitFirst.mean,
      waitFirstP90: q.waitFirst.p90,
      utilisation: q.utilisation,
    });
  }
  const swept = cloneScenario(base);
  delete swept.arms[arm].capacity;
  return { arm, scenario: swept, engine, rows };
}

const COLUMNS = ['infused', 'lostWhileQueued', 'waitFirstMean', 'waitFirstP90', 'utilisation'] as const;

/** CSV: lines, then value and MCSE of each column (empty for null). */
export function linesToCsv(s: LinesSweep): string {
  const num = (x: number | null) => (x === null ? '' : String(x));
  const head = ['lines', ...COLUMNS.flatMap((c) => [c, `${c}Mcse`])].join(',');
  const body = s.rows.map((r) => [String(r.lines), ...COLUMNS.flatMap((c) => [num(r[c].value), num(r[c].mcse)])].join(','));
  return `${[head, ...body].join('\n')}\n`;
}

export { COLUMNS as LINES_COLUMNS };
