/**
 * One uncertain parameter: a draw from its distribution, its quantiles, and setting its
 * value into a scenario.
 */

import { Z90 } from '../distributions/lognormal.js';
import type { Duration, Scenario } from '../scenario/types.js';
import { betaOfValue } from './beta.js';
import { betaQuantile, Z975 } from './special.js';
import type { UncertainParameter } from '../scenario/uncertain.js';
import type { NormalSource } from './variates.js';

/** A parameter's value: a number, or a duration's { median, p90 }. */
export type ParameterValue = number | Duration;

/** sigma of the log-normal with median m and 90th percentile q: ln(q / m) / Phi^-1(0.9). */
function sigmaOf(median: number, p90: number): number {
  return Math.log(p90 / median) / Z90;
}

/** The duration (median, p90) of `p` scaled by `factor`. */
function scaled(p: Extract<UncertainParameter, { distribution: 'durationScale' }>, factor: number): Duration {
  return { median: p.median * factor, p90: p.p90 * factor };
}

/** A draw of the parameter from its distribution. */
export function drawParameter(p: UncertainParameter, rng: NormalSource): ParameterValue {
  switch (p.distribution) {
    case 'beta': return betaOfValue(p.value, p.n, rng);
    case 'logNormal': {
      const z = rng.next();
      return p.p90 === p.value ? p.value : p.value * Math.exp(sigmaOf(p.value, p.p90) * z);
    }
    case 'durationScale': {
      const z = rng.next();
      return p.factorP90 === 1 ? scaled(p, 1) : scaled(p, Math.exp(sigmaOf(1, p.factorP90) * z));
    }
  }
}

/** The central value of the parameter (the value written in the file). */
export function centralValue(p: UncertainParameter): ParameterValue {
  return p.distribution === 'durationScale' ? { median: p.median, p90: p.p90 } : p.value;
}

/**
 * The 2.5th (`low`) or 97.5th (`high`) percentile of the parameter's distribution: a value
 * it can take (in (0, 1) for a Beta, > 0 for a log-normal). For a duration, the duration
 * scaled by that percentile of its factor.
 */
export function parameterQuantile(p: UncertainParameter, which: 'low' | 'high'): ParameterValue {
  const z = which === 'low' ? -Z975 : Z975;
  switch (p.distribution) {
    case 'beta': return betaQuantile(which === 'low' ? 0.025 : 0.975, p.value * p.n, (1 - p.value) * p.n, z);
    case 'logNormal': return p.value * Math.exp(sigmaOf(p.value, p.p90) * z);
    case 'durationScale': return scaled(p, Math.exp(sigmaOf(1, p.factorP90) * z));
  }
}

/** Dotted paths split into their keys, once per path (a PSA sets its parameters in every draw). */
const PATH_KEYS = new Map<string, string[]>();

/** Sets the value at a dotted path of a scenario (`arms.poc.pCr`). */
export function setParameter(s: Scenario, path: string, value: ParameterValue): void {
  let keys = PATH_KEYS.get(path);
  if (!keys) PATH_KEYS.set(path, keys = path.split('.'));
  let node = s as unknown as Record<string, unknown>;
  const last = keys.length - 1;
  for (let i = 0; i < last; i++) node = node[keys[i]] as Record<string, unknown>;
  node[keys[last]] = typeof value === 'number' ? value : { ...value };
}
