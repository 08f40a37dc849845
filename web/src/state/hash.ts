/**
 * The scenario in the URL hash: the preset's name and the leaves that differ from it,
 * `#preset=zuma-1&arms.poc.pReferral=0.9&run.seed=7`, readable and exact (numbers are written
 * with `String`, which round-trips every double; a list, such as `budget.uptake`, as JSON text,
 * `budget.uptake=[0.1,0.5,0.8]`). An optional section (`budget`, an arm's `pricing`) that the
 * preset lacks is written leaf by leaf like any other. Decoding builds a partial scenario that
 * the validator then checks like any scenario file; nothing of the URL is used otherwise.
 *
 * Beside the scenario, the screen (`LinkSettings`, each only when it is not the default): the
 * open tab, `tab=uncertainty`, and the uncertainty analysis's `psa.draws`,
 * `psa.patientsPerDraw`, `psa.effect` (`alive1y` or `qalys`) and `psa.wtp` (per unit of that
 * effect). Links without them (the older form) open as before.
 */

import { JSON_NUMBER, readNumber } from '../../../src/scenario/number.js';
import { MAX_WTP } from '../../../src/psa/voi.js';
import { MAX_DRAWS, MAX_PATIENTS_PER_DRAW, MIN_DRAWS, PSA_EFFECTS, type PsaEffect } from '../../../src/scenario/uncertain.js';
import type { ValidationError } from '../../../src/scenario/validate.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { diffLeaves, getPath, leafPaths, setPath } from './paths.js';

/** What a link holds of the screen besides the scenario (absent: the element's own setting). */
export interface LinkSettings {
  /** The open tab (a registered view's id). */
  tab?: string;
  draws?: number;
  patientsPerDraw?: number;
  effect?: PsaEffect;
  /** Willingness to pay per unit of `effect` (per extra patient alive at one year, or per QALY gained). */
  wtp?: number;
}

/** The keys of the settings in a link, in the order they are written. */
export const SETTING_KEYS: Readonly<Record<keyof LinkSettings, string>> = Object.freeze({
  tab: 'tab', draws: 'psa.draws', patientsPerDraw: 'psa.patientsPerDraw', effect: 'psa.effect', wtp: 'psa.wtp',
});

const SETTING_OF = new Map(Object.entries(SETTING_KEYS).map(([k, v]) => [v, k as keyof LinkSettings]));

/** Reads one setting: its value, or the rule it breaks. */
function readSetting(name: keyof LinkSettings, raw: string): { value: LinkSettings[keyof LinkSettings] } | { rule: string } {
  const x = readNumber(raw);
  const int = (min: number, max: number) => (x !== undefined && Number.isInteger(x) && x >= min && x <= max ? { value: x } : { rule: `must be an integer from ${min} to ${max}` });
  switch (name) {
    case 'tab': return /^[a-z][a-z0-9-]{0,39}$/.test(raw) ? { value: raw } : { rule: 'must be the name of a view (such as uncertainty)' };
    case 'draws': return int(MIN_DRAWS, MAX_DRAWS);
    case 'patientsPerDraw': return int(1, MAX_PATIENTS_PER_DRAW);
    case 'effect': return (PSA_EFFECTS as readonly string[]).includes(raw) ? { value: raw as PsaEffect } : { rule: `must be one of ${PSA_EFFECTS.join(', ')}` };
    case 'wtp': return x !== undefined && x >= 0 && x <= MAX_WTP ? { value: x } : { rule: `must be a number from 0 to ${MAX_WTP}` };
  }
}

/** A key as the page shows it: quoted, at most 60 characters. */
const showKey = (key: string) => JSON.stringify(key.length > 60 ? `${key.slice(0, 57)}...` : key);

/** A field path: names of letters, digits and `_` joined by dots (`arms.poc.pReferral`). */
const FIELD_PATH = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

export function encodeHash(presetName: string, scenario: Scenario, presetScenario: Scenario, settings: LinkSettings = {}): string {
  const params = new URLSearchParams();
  params.set('preset', presetName);
  for (const [name, key] of Object.entries(SETTING_KEYS)) {
    const v = settings[name as keyof LinkSettings];
    if (v !== undefined) params.set(key, String(v));
  }
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
  /** The screen's settings the hash gives (valid ones only). */
  settings: LinkSettings;
  /** Problems of the hash itself (a key given twice, a key both a value and an object, a bad setting). */
  errors: ValidationError[];
}

/** Identical messages once each, with how many times they came (`...; 40 times in the link`). */
export function dedupeErrors(errors: readonly ValidationError[]): ValidationError[] {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e.message, (counts.get(e.message) ?? 0) + 1);
  const out: ValidationError[] = [];
  for (const e of errors) {
    const n = counts.get(e.message);
    if (n === undefined) continue;
    counts.delete(e.message);
    out.push(n > 1 ? { ...e, message: `${e.message} (${n} times)` } : e);
  }
  return out;
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
  const settings: LinkSettings = {};
  const errors: ValidationError[] = [];
  const counts = new Map<string, number>();
  for (const [key] of params) counts.set(key, (counts.get(key) ?? 0) + 1);
  const seen = new Set<string>();
  let presetName = 'default';
  for (const [key, raw] of params) {
    if (seen.has(key)) continue;
    seen.add(key);
    const times = counts.get(key) ?? 1;
    if (times > 1) {
      // Once per key, however long the link: which of the values was meant is not ours to guess.
      errors.push({ path: key, value: raw, rule: 'given more than once in the link', message: `${FIELD_PATH.test(key) ? key : `the link's key ${showKey(key)}`}: given ${times} times in the link; give it once` });
      continue;
    }
    if (key === 'preset') {
      presetName = raw;
      continue;
    }
    const setting = SETTING_OF.get(key);
    if (setting) {
      const r = readSetting(setting, raw);
      if ('rule' in r) errors.push({ path: key, value: raw, rule: r.rule, message: `${key}: ${r.rule}; got ${JSON.stringify(raw.slice(0, 40))}` });
      else (settings as Record<string, unknown>)[setting] = r.value;
      continue;
    }
    if (!FIELD_PATH.test(key)) {
      // E.g. a scenario file pasted after the # (`{"arms":...}`): not a key=value link at all.
      const json = /^\s*[[{]/.test(key);
      errors.push({
        path: key, value: raw, rule: 'not a field path',
        message: `the link's key ${showKey(key)} is not a field path (such as arms.poc.pReferral=0.9)${json ? '; a scenario file (JSON) cannot be pasted into a link: import it as a file' : ''}`,
      });
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
  return { presetName, partial, settings, errors };
}
