/**
 * The planner's table (MODEL.md v2, "the `lines` sweep gives the answer at each c"): one
 * arm's scenario run at c = from .. to manufacturing lines, the other arm as given, each run
 * on the same streams (common random numbers across c too), and per c the patients infused,
 * lost while queued, the first-attempt wait (mean, p90) and the utilisation, with MCSE.
 */

import { checkNumber } from '../arguments.js';
import { abortError, type Progress } from '../model/run-options.js';
import { checkBoolean, checkEnum, checkFunction, checkPool, checkSignal, checkWorkers, readOptions } from '../options.js';
import { showAny } from '../scenario/show.js';
import { MAX_LINES } from '../scenario/fields.js';
import { cloneScenario, defaultScenario } from '../scenario/defaults.js';
import { ARM_NAMES, type ArmName, type Estimate, type Scenario } from '../scenario/types.js';
import { resolveScenario } from '../scenario/validate.js';
import { ENGINES, simulate, type SimulateOptions } from '../simulate.js';
import { machine } from '../engine/pools.js';
import { planYears } from '../queue/limits.js';

/** Most values of c in one sweep. */
export const MAX_SWEEP_LINES = 1000;

export interface LinesRow {
  lines: number;
  infused: Estimate;
  lostWhileQueued: Estimate;
  waitFirstMean: Estimate;
  waitFirstP90: Estimate;
  utilisation: Estimate;
  /**
   * Why the waits are null, when they are: no patient reached the queue for a line (none
   * referred and funded, or every one lost before a line was free for them). Absent otherwise.
   */
  note?: string;
}

/** The reason a row's waits are null (no first attempt waited for a line), from the arm's scenario. */
export function noWaitNote(arm: Scenario['arms'][ArmName]): string {
  return arm.pReferral * arm.pFunding === 0
    ? `no patient reaches the queue: pReferral x pFunding = ${arm.pReferral * arm.pFunding}, so no wait to report`
    : 'no patient reached the queue in the reported year (each was lost before a line), so no wait to report';
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
  /** Called with each c's row as soon as it is run (before the sweep's end), for a progressive display. */
  onRow?: (row: LinesRow) => void;
  /**
   * The c run first; the others follow by their distance from it (nearer first), so that a
   * display refining row by row firms up around the c that matters. The rows returned are in
   * the order of c whatever this is. Default: `from`.
   */
  first?: number;
}

/** The option names of `sweepLines`: its own and `simulate`'s. */
const LINES_OPTIONS = ['arm', 'from', 'to', 'engine', 'workers', 'pool', 'base', 'signal', 'onProgress', 'onRow', 'first', 'supersede'] as const;

/** Sweeps the lines of one arm; rejects with a TypeError or RangeError on bad options, a ScenarioError on a bad scenario. */
export async function sweepLines(scenario: unknown, options: LinesOptions): Promise<LinesSweep> {
  const o = readOptions(options, LINES_OPTIONS, 'sweepLines');
  if (o.arm === undefined) throw new TypeError(`sweepLines: options.arm is required (one of ${ARM_NAMES.join(', ')})`);
  const arm = checkEnum('arm', o.arm, ARM_NAMES) as ArmName;
  if (o.from === undefined) throw new TypeError(`sweepLines: options.from is required (an integer in [1, ${MAX_LINES}])`);
  if (o.to === undefined) throw new TypeError(`sweepLines: options.to is required (an integer in [1, ${MAX_LINES}], >= from)`);
  const from = checkNumber('sweepLines', 'from', o.from, { integer: true, min: 1, max: MAX_LINES });
  const to = checkNumber('sweepLines', 'to', o.to, { integer: true, min: 1, max: MAX_LINES });
  if (to < from) throw new RangeError(`sweepLines: to must be >= from (${from}); got ${to}`);
  if (to - from + 1 > MAX_SWEEP_LINES) throw new RangeError(`sweepLines: to: at most ${MAX_SWEEP_LINES} values of c in a sweep; got ${to - from + 1}`);
  const onProgress = checkFunction<(p: Progress) => void>('onProgress', o.onProgress);
  const onRow = checkFunction<(row: LinesRow) => void>('onRow', o.onRow);
  const first = o.first === undefined ? from : checkNumber('sweepLines', 'first', o.first, { integer: true, min: from, max: to });
  const signal = checkSignal(o.signal);
  // The options simulate takes, checked here too: the sweep's limits below need them before any run.
  const engine0 = checkEnum('engine', o.engine, ENGINES) ?? 'wasm';
  const workers = checkWorkers(o.workers);
  const pool = checkPool(o.pool);
  checkBoolean('supersede', o.supersede);
  if (o.base !== undefined && (typeof o.base !== 'object' || o.base === null || Array.isArray(o.base))) {
    throw new TypeError(`sweepLines: base must be a scenario (an object); got ${showAny(o.base)}`);
  }
  const base = resolveScenario({ arms: { [arm]: { capacity: { lines: from } } } }, resolveScenario(scenario, (o.base as Scenario | undefined) ?? defaultScenario));
  const count = to - from + 1;
  // The whole sweep's limits before its first run (queue/limits.ts): each run's memory at the
  // most lines, and the time of all of them.
  const m = await machine();
  const widest: Scenario = { ...base, arms: { ...base.arms, [arm]: { ...base.arms[arm], capacity: { lines: to } } } };
  planYears(widest, engine0, pool?.size ?? workers ?? m.cores, m, count);
  // Only simulate's own options go on (it refuses names it does not know).
  const simulateOptions: SimulateOptions = {};
  for (const k of ['engine', 'workers', 'pool', 'supersede'] as const) {
    if (o[k] !== undefined) (simulateOptions as Record<string, unknown>)[k] = o[k];
  }
  if (signal) simulateOptions.signal = signal;
  const rows: LinesRow[] = [];
  let engine: string = (o.engine as string | undefined) ?? 'wasm';
  const order = Array.from({ length: count }, (_, i) => from + i).sort((a, b) => Math.abs(a - first) - Math.abs(b - first) || a - b);
  for (const [k, c] of order.entries()) {
    if (signal?.aborted) throw abortError(signal);
    const result = await simulate({ arms: { [arm]: { capacity: { lines: c } } } }, {
      ...simulateOptions,
      base,
      onProgress: onProgress && ((p) => onProgress({ done: k * p.total + p.done, total: count * p.total })),
    });
    engine = result.engine;
    const a = result.arms[arm];
    const q = a.queue!;
    const row: LinesRow = {
      lines: c,
      infused: a.funnel.infused,
      lostWhileQueued: q.lostWhileQueued,
      waitFirstMean: q.waitFirst.mean,
      waitFirstP90: q.waitFirst.p90,
      utilisation: q.utilisation,
    };
    if (row.waitFirstMean.value === null || row.waitFirstP90.value === null) row.note = noWaitNote(result.scenario.arms[arm]);
    rows.push(row);
    onRow?.(row);
  }
  rows.sort((a, b) => a.lines - b.lines);
  const swept = cloneScenario(base);
  delete swept.arms[arm].capacity;
  return { arm, scenario: swept, engine, rows };
}

const COLUMNS = ['infused', 'lostWhileQueued', 'waitFirstMean', 'waitFirstP90', 'utilisation'] as const;

/** CSV: lines, then value and MCSE of each column (empty for null), then the note saying why a value is null (quoted; empty without). */
export function linesToCsv(s: LinesSweep): string {
  const num = (x: number | null) => (x === null ? '' : String(x));
  const text = (t: string | undefined) => (t === undefined ? '' : `"${t.replace(/"/g, '""')}"`);
  const head = ['lines', ...COLUMNS.flatMap((c) => [c, `${c}Mcse`]), 'note'].join(',');
  const body = s.rows.map((r) => [String(r.lines), ...COLUMNS.flatMap((c) => [num(r[c].value), num(r[c].mcse)]), text(r.note)].join(','));
  return `${[head, ...body].join('\n')}\n`;
}

export { COLUMNS as LINES_COLUMNS };
