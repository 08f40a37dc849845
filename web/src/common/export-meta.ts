/**
 * What every file the explorer exports says about itself (issue 22): the tool and its version,
 * the preset, seed, size (patients per arm, or replicates of a cohort-years run), engine, date,
 * currency and units. One builder (`exportMeta`), written three ways: JSON as a top-level
 * `meta` object (results, budgets and analyses only; a saved scenario stays a scenario file, which
 * the validator refuses with unknown fields), CSV as leading `# key: value` comment lines before
 * the header, and SVG as a <metadata> element.
 */

import { version } from '../../../package.json';
import type { Scenario } from '../../../src/scenario/types.js';

export const TOOL = 'cgt-access';
export const TOOL_VERSION: string = version;

export interface ExportMeta {
  tool: string;
  version: string;
  preset: string;
  seed: number;
  /** Simulated patients per arm (a version 1 run). */
  patients?: number;
  /** Replicates of a cohort-years run (MODEL.md v2, `run.years`). */
  replicates?: number;
  engine: string | null;
  /** When the file was made (ISO 8601, UTC). */
  date: string;
  currency: string;
  /** What the numbers are measured in. */
  units: string;
  /** Further facts of one export (e.g. an uncertainty analysis's draws). */
  [key: string]: string | number | null | undefined;
}

export interface MetaSource {
  preset: string;
  scenario: Scenario;
  /** The run the file is made from (its seed, patients and engine win over the scenario's). */
  result?: { seed: number; patients: number; engine: string } | null;
  currency: string;
  units?: string;
  date?: Date;
}

/** The units every export shares; an export with other quantities says so in its own `units`. */
export function defaultUnits(currency: string): string {
  return `money in ${currency} (undiscounted unless named discounted); patients and QALYs per arm as counts or per eligible patient, as each column names`;
}

export function exportMeta(s: MetaSource, extra: Record<string, string | number> = {}): ExportMeta {
  const run = s.scenario.run;
  const size = run.years ? { replicates: run.years.replicates } : { patients: s.result?.patients ?? run.patients };
  return {
    tool: TOOL,
    version: TOOL_VERSION,
    preset: s.preset,
    seed: s.result?.seed ?? run.seed,
    ...size,
    engine: s.result?.engine ?? null,
    date: (s.date ?? new Date()).toISOString(),
    currency: s.currency,
    units: s.units ?? defaultUnits(s.currency),
    ...extra,
  };
}

const entries = (m: ExportMeta) => Object.entries(m).filter(([, v]) => v !== undefined) as [string, string | number | null][];

/** JSON with `meta` first, then the value's own fields. */
export function jsonWithMeta(meta: ExportMeta, value: object): string {
  return `${JSON.stringify({ meta, ...value }, null, 2)}\n`;
}

/** `# key: value` lines before the CSV's header (a reader skips them: pandas `comment='#'`, R `comment.char = '#'`). */
export function csvWithMeta(meta: ExportMeta, csv: string): string {
  const lines = entries(meta).map(([k, v]) => `# ${k}: ${String(v ?? '').replace(/[\r\n]+/g, ' ')}`);
  return `${lines.join('\n')}\n${csv}`;
}

/** The metadata as the text of an SVG's <metadata> (and a <desc> for readers that show it). */
export function metaText(meta: ExportMeta): string {
  return entries(meta).map(([k, v]) => `${k}: ${v ?? ''}`).join('\n');
}
