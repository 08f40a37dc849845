/**
 * The outputs of one draw, as a flat list: every estimate of the result file (both arms'
 * funnel, lost, manufacturing, adverse events, vein-to-vein summary and costs, then the
 * difference), by dotted path, in the result file's order. The histogram is left out.
 */

import type { Result } from '../scenario/types.js';

function isEstimate(v: unknown): v is { value: number | null; mcse: number | null } {
  return typeof v === 'object' && v !== null && 'value' in v && 'mcse' in v;
}

function walk(node: unknown, path: string, out: [string, number | null][]): void {
  if (isEstimate(node)) {
    out.push([path, node.value]);
    return;
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`, out);
}

/** Every output of a result by path (`arms.poc.funnel.infused`, `difference.alive1y`), value or null. */
export function resultOutputs(r: Result): [string, number | null][] {
  const out: [string, number | null][] = [];
  walk(r.arms, 'arms', out);
  walk(r.difference, 'difference', out);
  return out;
}

function walkValues(node: unknown, fn: (value: number | null) => void): void {
  if (isEstimate(node)) {
    fn(node.value);
    return;
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  for (const k in node) walkValues((node as Record<string, unknown>)[k], fn);
}

/** The values of resultOutputs(r), in the same order, without their paths (nothing allocated per output). */
export function forEachOutput(r: Result, fn: (value: number | null) => void): void {
  walkValues(r.arms, fn);
  walkValues(r.difference, fn);
}

/** The value of one output of a result by path; undefined for a path that is not an output. */
export function outputAt(r: Result, path: string): number | null | undefined {
  let node: unknown = r;
  for (const k of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, k)) return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return isEstimate(node) ? node.value : undefined;
}
