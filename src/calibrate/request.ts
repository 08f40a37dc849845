/**
 * A calibration request read at the edge (`calibrate`): the arm, the targets (values or counts)
 * and the parameter paths, each read once, every fault collected as an issue.
 */

import { isPlain } from '../options.js';
import { nearestName } from '../scenario/nearest.js';
import { quote, safeText, showAny } from '../scenario/show.js';
import { ARM_NAMES, type ArmName } from '../scenario/types.js';
import { issue, type CalibrationIssue } from './parameters.js';
import { CANONICAL_TARGET_NAMES, TARGET_NAMES, targetNamed } from './targets.js';

/** Most parameters one calibration fits. */
export const MAX_CALIBRATION_PARAMETERS = 12;
/** Most targets one calibration fits. */
export const MAX_CALIBRATION_TARGETS = 40;
/** An observed share as counts: `count` patients of `of` (integers, 0 <= count <= of, of >= 1). */
export interface TargetCount { count: number; of: number }

/** The largest `of` of a count target. */
export const MAX_COUNT_OF = 1e9;

/** A request as read at the edge: each field, and each target's value, read once. */
interface ReadRequest {
  /** Undefined when the request names no known arm. */
  arm?: ArmName;
  /** Name, observed value (count / of for counts), and the counts when given so. */
  targets: [string, number, TargetCount | null][];
  parameters: string[];
}

/**
 * Reads a request once (a getter is called once, and what it gave is what is checked and
 * fitted): a TypeError when it is not an object of the known fields, else every fault as an
 * issue (thrown together by `calibrate`).
 */
export function readRequest(request: unknown): ReadRequest & { issues: CalibrationIssue[] } {
  if (!isPlain(request)) throw new TypeError(`calibrate: the request must be an object { arm, targets, parameters }; got ${showAny(request)}`);
  const known = ['arm', 'targets', 'parameters'];
  const fields: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(request)) {
    if (typeof key === 'symbol' || !known.includes(key)) {
      const near = typeof key === 'string' ? nearestName(key, known) : undefined;
      throw new TypeError(`calibrate: unknown field ${typeof key === 'symbol' ? 'a symbol key' : quote(key)} of the request${near ? ` (did you mean ${near}?)` : ''}; its fields are ${known.join(', ')}`);
    }
    fields[key] = request[key];
  }
  const out: CalibrationIssue[] = [];
  const arm = fields.arm;
  const armName = typeof arm === 'string' && (ARM_NAMES as readonly string[]).includes(arm) ? arm as ArmName : undefined;
  if (!armName) out.push(issue('arm', undefined, `must be one of ${ARM_NAMES.join(', ')}; got ${showAny(arm)}`));
  const given_: [string, unknown][] = [];
  const given = fields.targets;
  if (given !== undefined && !isPlain(given)) {
    out.push(issue('targets', undefined, `must be an object of observed values by target name (e.g. { "perEligible.infused": 0.17 } or { "perFunded.anyManufacturingFailure": { count: 38, of: 981 } }); got ${showAny(given)}`));
  } else if (given !== undefined) {
    for (const key of Reflect.ownKeys(given)) {
      if (typeof key === 'symbol') {
        out.push(issue('targets', undefined, 'a symbol key is not a target name'));
        continue;
      }
      given_.push([key, given[key]]);
    }
  }
  if (given_.length === 0 && out.every((i) => i.path !== 'targets')) {
    out.push(issue('targets', undefined, `at least one target is needed (e.g. perEligible.infused=0.17); targets: ${CANONICAL_TARGET_NAMES.join(', ')}`));
  }
  if (given_.length > MAX_CALIBRATION_TARGETS) out.push(issue('targets', undefined, `at most ${MAX_CALIBRATION_TARGETS} targets; got ${given_.length}`));
  const targets: [string, number, TargetCount | null][] = [];
  for (const [name, raw] of given_) {
    const spec = targetNamed(name);
    // Counts read once: { count, of } of own data fields only.
    let counts: TargetCount | null = null;
    let countsBad: string | null = null;
    if (isPlain(raw)) {
      const keys = Reflect.ownKeys(raw);
      const c = Object.getOwnPropertyDescriptor(raw, 'count');
      const o = Object.getOwnPropertyDescriptor(raw, 'of');
      const k = c && 'value' in c ? c.value : undefined;
      const n = o && 'value' in o ? o.value : undefined;
      if (keys.length !== 2 || !c || !o || !('value' in c) || !('value' in o)) countsBad = `counts must be an object { count, of } of exactly those two numbers; got ${showAny(raw)}`;
      else if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_COUNT_OF) countsBad = `counts: of must be an integer from 1 to ${MAX_COUNT_OF}; got ${showAny(n)}`;
      else if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > n) countsBad = `counts: count must be an integer from 0 to of (${n}); got ${showAny(k)}`;
      else counts = { count: k, of: n };
    }
    if (!spec) {
      const near = nearestName(name, TARGET_NAMES);
      out.push(issue(safeText(name), undefined, `unknown target${near ? ` (did you mean ${near}?)` : ''}; targets: perEligible.*, perFunded.*, perCollected.* (each named with its denominator), or the older names infusedFraction, lossAfterApheresis, manufacturingFailure, funnel.*, lost.*, manufacturing.* (per eligible patient)`));
    } else if (countsBad !== null) {
      out.push(issue(name, undefined, countsBad));
    } else if (counts !== null) {
      if (!spec.share) out.push(issue(name, undefined, `cannot be given as counts: it is a mean count per patient (${spec.doc}), not a share of patients; give it as a number`));
      else targets.push([name, counts.count / counts.of, counts]);
    } else if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < spec.min || raw > spec.max) {
      out.push(issue(name, undefined, `must be a number in [${spec.min}, ${spec.max}] (${spec.doc})${spec.share ? ' or counts { count, of }' : ''}; got ${showAny(raw)}`));
    } else {
      targets.push([name, raw, null]);
    }
  }
  const asCounts = targets.filter((t) => t[2] !== null).map((t) => t[0]);
  const asValues = targets.filter((t) => t[2] === null).map((t) => t[0]);
  if (asCounts.length > 0 && asValues.length > 0) {
    out.push(issue('targets', undefined, `give every target as counts (fitted by maximum likelihood) or every one as a value (least squares), not a mix: counts for ${asCounts.join(', ')}; values for ${asValues.join(', ')}`));
  }
  const parameters: string[] = [];
  const list = fields.parameters;
  if (list !== undefined && !Array.isArray(list)) {
    out.push(issue('parameters', undefined, `must be an array of parameter paths (e.g. ["arms.${armName ?? 'poc'}.pReferral"]); got ${showAny(list)}`));
  } else if (list !== undefined) {
    const copy = Array.from(list as unknown[]);
    copy.forEach((p, i) => {
      if (typeof p === 'string') parameters.push(p);
      else out.push(issue(`parameters[${i}]`, undefined, `must be a parameter path (a string); got ${showAny(p)}`));
    });
    if (copy.length > MAX_CALIBRATION_PARAMETERS) {
      out.push(issue('parameters', undefined, `at most ${MAX_CALIBRATION_PARAMETERS} parameters can be fitted at once; got ${copy.length}`));
    }
  }
  if (parameters.length === 0 && out.every((i) => !i.path.startsWith('parameters'))) {
    out.push(issue('parameters', undefined, `at least one parameter to fit is needed (e.g. arms.${armName ?? 'poc'}.pReferral)`));
  }
  return { arm: armName, targets, parameters: parameters.length <= MAX_CALIBRATION_PARAMETERS ? parameters : [], issues: out };
}
