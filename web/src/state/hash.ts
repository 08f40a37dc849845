/**
 * The scenario in the URL hash: the preset's name and the leaves that differ from it,
 * `#preset=zuma-1&arms.poc.pReferral=0.9&run.seed=7`, readable and exact (numbers are written
 * with `String`, which round-trips every double; a list, such as `budget.uptake`, as JSON text,
 * `budget.uptake=[0.1,0.5,0.8]`). An optional section (`budget`, an arm's `pricing`) that the
 * preset lacks is written leaf by leaf like any other. Decoding builds a partial scenario that
 * the validator then checks like any scenario file; nothing of the URL is used otherwise.
 */

import { JSON_NUMBER, readNumber } from '../../../src/scenario/number.js';
import type { ValidationError } from '../../../src/scenario/validate.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { diffLeaves, getPath, leafPaths, setPath } from './paths.js';

export function encodeHash(presetName: string, scenario: Scenario, presetScenario: Scenario): string {
  const params = new URLSearchParams();
  params.set('preset', presetName);
  for (const [path, value] of diffLeaves(scenario, presetScenario)) params.set(path, Array.isArray(value) ? JSON.stringify(value) : String(value));
  // An optional object of the preset that the scenario has removed (an arm's capacity, run.years): null.
  for (const path of removedObjects(scenario, presetScenario)) params.set(path, 'null');
  // Keep dots, commas and brackets readable; URLSearchParams escapes what must be.
  return params.toString().replace(/%2C/g, ',').replace(/%5B/g, '[').replace(/%5D/g, ']');
}

/** Paths of objects `base` has and `value` has not (the highest such, once each). */
function removedObjects(value: unknown, base: unknown): string[] {
  const out = new Set<string>();
  for (const leaf of leafPaths(base)) {
    if (getPath(value, leaf) !== undefined) continue;
    const parts = leaf.split('.');
    for (let i = 1; i < parts.length; i++) {
      const at = parts.slice(0, i).join('.');
      if (getPath(value, at) === undefined) {
        out.add(at);
        break;
      }
    }
  }
  return [...out];
}

export interface DecodedHash {
  presetName: string;
  /** The partial scenario the hash describes (to validate onto the preset). */
  partial: Record<string, unknown>;
  /** Problems of the hash itself (a key given twice, a key both a value and an object). */
  errors: ValidationError[];
}


/** A list of such numbers as JSON writes it (`[0.1,0.5]`, `[]`), without blanks. */
const JSON_NUMBER_LIST = new RegExp(`^\\[(?:${JSON_NUMBER.source.slice(1, -1)}(?:,${JSON_NUMBER.source.slice(1, -1)})*)?\\]$`);

/**
 * A text value as the JSON value it stands for: `null` as null, a number when it is written as
 * JSON writes numbers (`0x10`, ` 1`, `1e999` stay text, for the validator to refuse by name), a
 * list of numbers when it is a JSON list of such numbers (`[0.1,0.5]`; `[0x10]`, `[1e999]` stay
 * text), else the string.
 */
export function parseValue(raw: string): unknown {
  // `null` removes an optional object (an arm's capacity, run.years) that the preset has.
  if (raw === 'null') return null;
  if (JSON_NUMBER_LIST.test(raw)) {
    const list = JSON.parse(raw) as number[];
    return list.every(Number.isFinite) ? list : raw;
  }
  return readNumber(raw) ?? raw;
}

export function decodeHash(hash: string): DecodedHash | undefined {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.trim() === '') return undefined;
  const params = new URLSearchParams(text);
  let partial: Record<string, unknown> = {};
  const errors: ValidationError[] = [];
  const seen = new Set<string>();
  let presetName = 'default';
  for (const [key, raw] of params) {
    if (seen.has(key)) {
      errors.push({ path: key, value: raw, rule: 'given more than once in the link', message: `${key}: given more than once in the link` });
      continue;
    }
    seen.add(key);
    if (key === 'preset') {
      presetName = raw;
      continue;
    }
    // A key that is both a value and a group of values (`a.b=1&a.b.c=2`) cannot be read.
    const parts = key.split('.');
    const clash = parts.some((_, i) => {
      const at = getPath(partial, parts.slice(0, i + 1).join('.'));
      return i < parts.length - 1 ? at !== undefined && (typeof at !== 'object' || at === null) : at !== undefined;
    });
    if (clash || parts.some((p) => p === '')) {
      errors.push({ path: key, value: raw, rule: 'not a field path of a scenario', message: `${key}: not a field path of a scenario; got ${JSON.stringify(raw)}` });
      continue;
    }
    partial = setPath(partial, key, parseValue(raw));
  }
  return { presetName, partial, errors };
}
