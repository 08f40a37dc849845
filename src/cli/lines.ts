/**
 * `cgt-access lines`: the planner's "how many devices" table, one arm's lines swept from
 * --from to --to (MODEL.md v2, capacity and queues), as a table, JSON or CSV.
 */

import { formatEstimate } from '../format/number.js';
import { linesToCsv, sweepLines, type LinesSweep } from '../analyses/lines.js';
import { MAX_LINES } from '../scenario/fields.js';
import { ARM_NAMES, type ArmName } from '../scenario/types.js';
import type { Engine } from '../simulate.js';
import { UsageError } from './errors.js';
import { cliRun } from './interrupt.js';
import { writeOutput } from './io.js';
import { readNumber } from '../scenario/number.js';
import { quote } from '../scenario/show.js';
import type { CliIo } from './main.js';
import { scenarioFromArgs } from './scenario-args.js';

export interface LinesArgs {
  file?: string;
  preset?: string;
  sets: string[];
  seed?: string;
  arm?: string;
  from?: string;
  to?: string;
  replicates?: string;
  warmupYears?: string;
  engine?: Engine;
  workers?: number;
  format: 'table' | 'json' | 'csv';
  out?: string;
}

function integer(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = readNumber(text);
  if (n === undefined || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag}: must be an integer in [${min}, ${max}]; got ${quote(text)}`);
  }
  return n;
}

export function linesToTable(s: LinesSweep): string {
  const years = s.scenario.run.years!;
  const head = ['lines', 'infused', 'lost while queued', 'first wait, mean', 'first wait, p90', 'utilisation'];
  const rows = s.rows.map((r) => [String(r.lines), ...[r.infused, r.lostWhileQueued, r.waitFirstMean, r.waitFirstP90, r.utilisation].map(formatEstimate)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padStart(widths[i]) : c.padStart(widths[i] + 2))).join('');
  // A row whose waits are null says why after its cells (no bare '-').
  const noted = (r: LinesSweep['rows'][number], i: number) => (r.note ? `${line(rows[i])}  (${r.note})` : line(rows[i]));
  return [
    `cgt-access lines: the ${s.arm} arm at ${s.rows[0].lines} to ${s.rows[s.rows.length - 1].lines} manufacturing lines, ${years.replicates} replicates of ${years.warmupYears} warm-up year${years.warmupYears === 1 ? '' : 's'} and a reported year, seed ${s.scenario.run.seed}, ${s.engine} engine`,
    `Per cohort of ${s.scenario.cohort.eligiblePerYear} eligible patients a year, ± Monte Carlo standard error; waits in days (ready for a line to its start).`,
    '',
    line(head),
    ...s.rows.map(noted),
    '',
  ].join('\n');
}

export async function linesCli(args: LinesArgs, io: CliIo): Promise<number> {
  if (args.arm === undefined) throw new UsageError(`lines: --arm is required (${ARM_NAMES.join(' or ')}) (see 'cgt-access lines --help')`);
  if (!(ARM_NAMES as readonly string[]).includes(args.arm)) {
    throw new UsageError(`--arm: must be one of ${ARM_NAMES.join(', ')}; got ${quote(args.arm)}`);
  }
  const from = integer('--from', args.from, 1, 1, MAX_LINES);
  const to = integer('--to', args.to, Math.max(from, 12), 1, MAX_LINES);
  if (to < from) throw new UsageError(`--to: must be >= --from (${from}); got ${to}`);
  if (to - from + 1 > 1000) throw new UsageError(`--to: at most 1000 values of c in a sweep; got ${to - from + 1}`);
  const sets = [...args.sets];
  if (args.replicates !== undefined) sets.push(`run.years.replicates=${args.replicates}`);
  if (args.warmupYears !== undefined) sets.push(`run.years.warmupYears=${args.warmupYears}`);
  // The swept arm gets its lines for the validation (and run.years its defaults).
  sets.push(`arms.${args.arm}.capacity.lines=${from}`);
  const scenario = scenarioFromArgs({ file: args.file, preset: args.preset, sets, seed: args.seed }, io.stdin);
  const sweep = await cliRun(io, ({ signal, onProgress }) => sweepLines(scenario, {
    arm: args.arm as ArmName, from, to, engine: args.engine, workers: args.workers, signal, onProgress,
  }));
  const text = args.format === 'json' ? `${JSON.stringify(sweep, null, 2)}\n` : args.format === 'csv' ? linesToCsv(sweep) : linesToTable(sweep);
  if (args.out !== undefined) writeOutput(args.out, text);
  else io.stdout.write(text);
  return 0;
}
