/**
 * `cgt-access price` (the vicious circle: the cost-recovery price against the market size, from
 * one run) and `cgt-access budget` (budget impact over years), MODEL.md v2.
 */

import { budgetImpact } from '../economics/budget.js';
import { logGrid, MAX_MARKET_POINTS, ratesScenario, viciousCircle } from '../economics/cost-recovery.js';
import { budgetToCsv, budgetToTable, circleToCsv, circleToTable } from '../format/economics.js';
import { formatNumber } from '../format/number.js';
import { MAX_MARKET } from '../scenario/fields.js';
import { ARM_NAMES, type Scenario } from '../scenario/types.js';
import { simulate, simulateTally, type Engine } from '../simulate.js';
import { UsageError } from './errors.js';
import { writeOutput } from './io.js';
import { readNumber } from '../scenario/number.js';
import { quote } from '../scenario/show.js';
import { cliRun } from './interrupt.js';
import type { CliIo } from './main.js';

export { MAX_MARKET_POINTS };
export const DEFAULT_MARKETS = '10:1000000:21';

/** `FROM:TO[:POINTS]` -> a log grid of POINTS market sizes (default 21). */
export function parseMarkets(text: string): number[] {
  const parts = text.split(':');
  const nums = parts.map((p) => readNumber(p) ?? NaN);
  const rule = `must be FROM:TO or FROM:TO:POINTS with 0 < FROM <= TO <= ${MAX_MARKET} and 1 to ${MAX_MARKET_POINTS} points (a log grid), e.g. 10:1000000:50`;
  if ((parts.length !== 2 && parts.length !== 3) || !nums.every(Number.isFinite)) throw new UsageError(`--market: ${rule}; got ${quote(text)}`);
  const [from, to] = nums;
  const points = parts.length === 3 ? nums[2] : 21;
  if (!(from > 0) || to < from || to > MAX_MARKET || !Number.isInteger(points) || points < 1 || points > MAX_MARKET_POINTS) {
    throw new UsageError(`--market: ${rule}; got ${quote(text)}`);
  }
  return logGrid(from, to, from === to ? 1 : points);
}

export interface EconomicsArgs {
  scenario: Scenario;
  engine?: Engine;
  workers?: number;
  format: 'table' | 'json' | 'csv';
  out?: string;
}

function emit(io: CliIo, out: string | undefined, text: string): number {
  if (out !== undefined) writeOutput(out, text);
  else io.stdout.write(text);
  return 0;
}

/** The vicious circle over `markets`: one run of the scenario with both arms' pFunding at 1. */
export async function priceCli(a: EconomicsArgs & { markets: number[] }, io: CliIo): Promise<number> {
  const s = a.scenario;
  const rates = ratesScenario(s, ARM_NAMES);
  const tally = await cliRun(io, ({ signal, onProgress }) => simulateTally(rates, { engine: a.engine, workers: a.workers, signal, onProgress }));
  const circle = viciousCircle(s, tally, a.markets);
  const header = `cgt-access price: the cost-recovery price against the market size (MODEL.md v2, the vicious circle), from one run of ${formatNumber(s.run.patients, 0)} patients per arm (pFunding at 1), seed ${s.run.seed}; the scenario's cohort has ${formatNumber(s.cohort.eligiblePerYear, 0)} eligible patients a year.`;
  const text = a.format === 'json'
    ? `${JSON.stringify({ scenario: s, patients: s.run.patients, seed: s.run.seed, engine: a.engine ?? 'wasm', ...circle }, null, 2)}\n`
    : a.format === 'csv' ? circleToCsv(circle) : circleToTable(circle, header);
  return emit(io, a.out, text);
}

/** The budget impact of the scenario's `budget`. */
export async function budgetCli(a: EconomicsArgs, io: CliIo): Promise<number> {
  const s = a.scenario;
  if (!s.budget) {
    throw new UsageError('budget: missing; the scenario must give budget { "years", "uptake": [one share per year], "eligibleGrowth", "discountRate" }, e.g. --set \'budget={"uptake":[0.1,0.3,0.5,0.7,0.8]}\'');
  }
  const result = await cliRun(io, ({ signal, onProgress }) => simulate(s, { engine: a.engine, workers: a.workers, signal, onProgress }));
  const b = budgetImpact(result);
  const header = `cgt-access budget: budget impact of point-of-care manufacturing (MODEL.md v2), from one run of ${formatNumber(result.patients, 0)} patients per arm, seed ${result.seed}, ${result.engine} engine.`;
  const text = a.format === 'json'
    ? `${JSON.stringify({ scenario: result.scenario, patients: result.patients, seed: result.seed, engine: result.engine, ...b }, null, 2)}\n`
    : a.format === 'csv' ? budgetToCsv(b) : budgetToTable(b, header);
  return emit(io, a.out, text);
}
