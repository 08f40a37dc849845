/** Small helpers on values shared by the shell and the views. */

import type { ValidationError } from '../../../src/scenario/validate.js';
import { PAYMENT_LABELS } from './params.js';

/** 1, 2 or 5 times a power of ten, at least x. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** The index of the grid value nearest to x. */
export function nearestIndex(grid: readonly number[], x: number): number {
  let best = 0;
  for (let i = 1; i < grid.length; i++) if (Math.abs(grid[i] - x) < Math.abs(grid[best] - x)) best = i;
  return best;
}

/** Text of a number field as a number; what is not one stays text, for the validator to name. */
export function numberOf(text: string): unknown {
  const n = Number(text);
  return text.trim() !== '' && !Number.isNaN(n) ? n : text;
}

/** JSON text as a value, or an error naming `what` (a file, an attribute); a UTF-8 byte-order mark is skipped. */
export function parseJson(text: string, what: string): { ok: true; value: unknown } | { ok: false; error: ValidationError } {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { path: '(root)', value: undefined, rule: `${what} is not valid JSON (${reason.slice(0, 120)})`, message: `${what}: not valid JSON (${reason.slice(0, 120)})` } };
  }
}

/** A short, safe rendering of a value (as text, never markup). */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** A preset value in words, for the tooltip of its control. */
export function describe(v: unknown): string {
  if (v && typeof v === 'object' && 'median' in v) {
    const d = v as { median: number; p90: number };
    return `median ${d.median} days, 90th percentile ${d.p90} days`;
  }
  return typeof v === 'string' ? (PAYMENT_LABELS[v] ? `per ${PAYMENT_LABELS[v]}` : v) : String(v);
}
