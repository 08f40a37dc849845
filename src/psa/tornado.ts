/**
 * One-way sensitivity ("tornado"): each uncertain parameter in turn at the 2.5th and the
 * 97.5th percentile of its distribution, every other one at its central value ("same" fields
 * following the commercial arm, MODEL.md's repairs applied), on the same patients as the
 * base case; bars sorted by swing |output(high) - output(low)|, largest first. Each bar shows
 * the value the parameter actually took in the run (after the repairs), so only values the
 * parameter can take appear.
 */

import type { Result, Scenario } from '../scenario/types.js';
import { scenarioWith } from './draw.js';
import { outputAt } from './outputs.js';
import { parameterQuantile, type ParameterValue } from './parameter.js';
import type { PsaScenario } from './validate.js';

/** The output of the tornado: a result output path, or `netBenefit` (poc minus commercial at a WTP). */
export const NET_BENEFIT = 'netBenefit';
export const DEFAULT_TORNADO_OUTPUT = 'difference.alive1y';
/** WTP of the `netBenefit` tornado when none is given (per extra patient alive at one year). */
export const DEFAULT_TORNADO_WTP = 1_000_000;

export interface TornadoEnd {
  /** The parameter's value in this run (after the repairs): a number, or a duration's { median, p90 }. */
  value: ParameterValue;
  /** The output in this run (null where undefined, e.g. a ratio with a zero denominator). */
  output: number | null;
}

export interface TornadoBar {
  parameter: string;
  /** The parameter at the 2.5th percentile of its distribution. */
  low: TornadoEnd;
  /** The parameter at the 97.5th percentile. */
  high: TornadoEnd;
  /** |high.output - low.output|; null if either is null. */
  swing: number | null;
}

export interface Tornado {
  /** Which output: a result path (`difference.alive1y`) or `netBenefit`. */
  output: string;
  /** The WTP of a `netBenefit` tornado; null otherwise. */
  wtp: number | null;
  /** The output with every parameter at its central value. */
  base: number | null;
  /** Patients per arm of each run (the PSA's patients per draw, on the same patient streams). */
  patients: number;
  bars: TornadoBar[];
}

/** The output's value in a result. */
export function tornadoOutput(r: Result, output: string, wtp: number, effect: 'alive1y' | 'qalys' = 'alive1y'): number | null {
  if (output === NET_BENEFIT) return wtp * (r.difference[effect].value as number) - (r.difference.totalCost.value as number);
  return outputAt(r, output) ?? null;
}

function valueAt(s: Scenario, path: string): ParameterValue {
  let node: unknown = s;
  for (const k of path.split('.')) node = (node as Record<string, unknown>)[k];
  return typeof node === 'number' ? node : { ...(node as { median: number; p90: number }) };
}

/** The runs of the tornado: the base case, then each parameter's low and high. */
export function tornadoScenarios(ps: PsaScenario): Scenario[] {
  const out = [scenarioWith(ps, new Map())];
  for (const p of ps.parameters) {
    out.push(scenarioWith(ps, new Map([[p.path, parameterQuantile(p, 'low')]])));
    out.push(scenarioWith(ps, new Map([[p.path, parameterQuantile(p, 'high')]])));
  }
  return out;
}

/** The tornado from the results of `tornadoScenarios` (same order). */
export function tornadoFrom(ps: PsaScenario, results: readonly Result[], output: string, wtp: number): Tornado {
  const bars: TornadoBar[] = ps.parameters.map((p, i) => {
    const lo = results[1 + 2 * i];
    const hi = results[2 + 2 * i];
    const low = { value: valueAt(lo.scenario, p.path), output: tornadoOutput(lo, output, wtp, ps.run.effect) };
    const high = { value: valueAt(hi.scenario, p.path), output: tornadoOutput(hi, output, wtp, ps.run.effect) };
    const swing = low.output === null || high.output === null ? null : Math.abs(high.output - low.output);
    return { parameter: p.path, low, high, swing };
  });
  // Largest swing first; undefined swings last; ties keep the field-table order (sort is stable).
  bars.sort((a, b) => (b.swing ?? -1) - (a.swing ?? -1));
  return {
    output,
    wtp: output === NET_BENEFIT ? wtp : null,
    base: tornadoOutput(results[0], output, wtp, ps.run.effect),
    patients: ps.run.patientsPerDraw,
    bars,
  };
}
