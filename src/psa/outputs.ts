/**
 * The outputs of one draw, as a flat list: every estimate of the result file (both arms'
 * funnel, lost, manufacturing, adverse events, vein-to-vein summary and costs, then the
 * difference), by dotted path, in the result file's order. The histogram is left out.
 */

import type { Result } from '../scenario/types.js';

function isEstimate(v: unknown): v is { value: number | null; mcse: number | null } {
  return typeof v === 'object' && v !== null && 'value' in v && 'mcse' in v;
}

/** Calls fn for every estimate below node, in order; `path` is built only when asked for (non-null). */
function walk(node: unknown, path: string | null, fn: (path: string | null, value: number | null) => void): void {
  if (isEstimate(node)) {
    fn(path, node.value);
    return;
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  for (const k in node) walk((node as Record<string, unknown>)[k], path === null ? null : `${path}.${k}`, fn);
}

/** Every output of a result by path (`arms.poc.funnel.infused`, `difference.alive1y`), value or null. */
export function resultOutputs(r: Result): [string, number | null][] {
  const out: [string, number | null][] = [];
  const push = (path: string | null, value: number | null) => { out.push([path as string, value]); };
  walk(r.arms, 'arms', push);
  walk(r.difference, 'difference', push);
  return out;
}

/** The values of resultOutputs(r), in the same order, without their paths (no path strings built). */
export function forEachOutput(r: Result, fn: (value: number | null) => void): void {
  const each = (_path: string | null, value: number | null) => fn(value);
  walk(r.arms, null, each);
  walk(r.difference, null, each);
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
