/**
 * A value beside its source. Defaults and presets are written this way, so that every
 * number carries where it comes from: the seed paper's table or reference number
 * (`seed Table 2, ref. 24`), a public source named in full, or `assumption` with a word on why.
 */

import type { Arm, Cohort } from './types.js';

export interface Sourced<T> {
  readonly value: T;
  readonly source: string;
}

export function sourced<T>(value: T, source: string): Sourced<T> {
  return { value, source };
}

export type SourcedFields<T> = { [K in keyof T]: Sourced<T[K]> };
export type SourcedArm = Partial<SourcedFields<Arm>>;
export type SourcedCohort = Partial<SourcedFields<Cohort>>;

/** The plain values of a record of sourced values. */
export function valuesOf<T>(fields: Partial<SourcedFields<T>>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) {
    const f = fields[key];
    if (f) out[key] = structuredClone(f.value);
  }
  return out;
}
