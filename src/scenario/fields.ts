/**
 * The scenario's fields as data: what each is, its rule and its unit. Validation
 * (`validate.ts`), the JSON Schema (`schema.ts`) and the CLI's `--set` all read this one
 * table, so they cannot drift apart.
 */

import { PAYMENTS } from './types.js';

/** Longest duration accepted anywhere (days): 100 years. */
export const MAX_DAYS = 36500;
/** Widest spread of a duration: p90 / median at most this (sigma about 10.8). */
export const MAX_DURATION_SPREAD = 1e6;
/** Largest money amount per unit (a price, a cost per event, per day, per year). */
export const MAX_MONEY = 1e12;
export const MAX_ELIGIBLE_PER_YEAR = 1e8;
export const MAX_PATIENTS = 1e10;
export const SEED_LIMIT = 2 ** 32;
/** Largest hazard ratio of progression after apheresis. */
export const MAX_HAZARD_RATIO = 1000;
/** Capacity and queues (MODEL.md v2): most lines of an arm, replicates, warm-up years, and cohort size. */
export const MAX_LINES = 1e6;
export const MAX_REPLICATES = 1e6;
export const MAX_WARMUP_YEARS = 10;
export const MAX_ELIGIBLE_PER_YEAR_WITH_CAPACITY = 1e6;
/** run.years when either arm has capacity and the file gives none (MODEL.md v2). */
export const DEFAULT_YEARS = { replicates: 200, warmupYears: 1 } as const;

export type FieldSpec =
  | {
    kind: 'object'; fields: Record<string, FieldSpec>; doc: string;
    /** May be absent (no default in the scenario); when given, missing fields take `defaults`. */
    optional?: { defaults: Record<string, unknown>; nullable?: boolean };
  }
  | { kind: 'probability'; doc: string }
  | { kind: 'duration'; medianPositive: boolean; doc: string }
  | { kind: 'money'; doc: string }
  | { kind: 'integer'; min: number; max: number; maxExclusive?: boolean; doc: string }
  | { kind: 'positive'; max: number; doc: string }
  | { kind: 'nonNegative'; max?: number; doc: string }
  | { kind: 'enum'; values: readonly string[]; doc: string };

const p = (doc: string): FieldSpec => ({ kind: 'probability', doc });
const d = (doc: string, medianPositive = false): FieldSpec => ({ kind: 'duration', medianPositive, doc });
const m = (doc: string): FieldSpec => ({ kind: 'money', doc });

/** The fields of one arm, in the order of the funnel. */
export const ARM_FIELDS: Record<string, FieldSpec> = {
  pReferral: p('Probability that an eligible patient is referred to a treating centre'),
  adminDays: d('Days from eligibility to the funding decision'),
  pFunding: p('Probability that funding is granted'),
  slotWaitDays: d('Days from the funding decision to apheresis (slot booking)'),
  pApheresis: p('Probability that apheresis collects usable cells'),
  mfgDays: d('Days one manufacturing attempt takes (median > 0)', true),
  pInSpec: p('Probability that an attempt gives a product in specification'),
  pOos: p('Probability that an attempt gives an out-of-specification product (pInSpec + pOos <= 1)'),
  pOosReleased: p('Probability that an out-of-specification product is released for infusion'),
  pRetry: p('Probability of a new apheresis and attempt after a failed one'),
  maxAttempts: { kind: 'integer', min: 1, max: 4, doc: 'Largest number of manufacturing attempts per patient (1 to 4)' },
  reapheresisDays: d('Days from a failed attempt to the next attempt (re-apheresis)'),
  logisticsDays: d('Days from the end of manufacturing to infusion (shipping, release, conditioning)'),
  pOrr: p('Probability of an overall response after infusion'),
  pCr: p('Probability of a complete response after infusion (pCr <= pOrr)'),
  pOs1: p('Probability of being alive one year after infusion'),
  pPfs1: p('Probability of being progression-free one year after infusion (pPfs1 <= pOs1)'),
  pCrs3: p('Probability of grade >= 3 cytokine release syndrome'),
  pIcans3: p('Probability of grade >= 3 ICANS'),
  payment: { kind: 'enum', values: PAYMENTS, doc: 'What the product price is paid for: each infusion, each attempt, or each response' },
  price: m('Product price, per infusion, attempt or response as `payment` says'),
  apheresisCost: m('Cost of one apheresis procedure'),
  bridgingCostPerDay: m('Cost of bridging therapy per day, from apheresis to infusion or progression'),
  infusionCost: m('Cost of administration and hospital stay per infused patient'),
  crsCost: m('Cost of one grade >= 3 CRS'),
  icansCost: m('Cost of one grade >= 3 ICANS'),
  fixedCostPerYear: m('Fixed cost per year of the arm (a point-of-care facility)'),
};

/**
 * An arm's manufacturing capacity (MODEL.md v2): an optional section of each arm, beside the
 * version 1 fields (ARM_FIELDS, which the explorer and the uncertain forms walk as numbers).
 */
export const CAPACITY_FIELD: FieldSpec = {
  kind: 'object',
  doc: 'Manufacturing lines (MODEL.md v2): devices in the hospital, or factory slots allotted to this health system. Absent or null: unlimited (version 1); with it the run is cohort-years (run.years)',
  optional: { defaults: {}, nullable: true },
  fields: {
    lines: { kind: 'integer', min: 1, max: MAX_LINES, doc: `Lines, each making one batch at a time (an integer in [1, ${MAX_LINES}]); required` },
  },
};

/** Every field of an arm in a scenario file: version 1's and the capacity. */
export const ARM_FILE_FIELDS: Record<string, FieldSpec> = { ...ARM_FIELDS, capacity: CAPACITY_FIELD };

export const COHORT_FIELDS: Record<string, FieldSpec> = {
  eligiblePerYear: { kind: 'integer', min: 1, max: MAX_ELIGIBLE_PER_YEAR, doc: 'Patients eligible for the therapy per year (one cohort)' },
  untreatedMedianSurvivalDays: { kind: 'positive', max: MAX_DAYS, doc: `Median days to progression that rules out infusion, without bridging (> 0, at most ${MAX_DAYS})` },
  bridgingHazardRatio: { kind: 'nonNegative', max: MAX_HAZARD_RATIO, doc: `Hazard ratio of progression after apheresis (bridging therapy), 0 to ${MAX_HAZARD_RATIO}` },
  pOs1Untreated: p('Probability of being alive at one year without infusion'),
};

export const RUN_FIELDS: Record<string, FieldSpec> = {
  patients: { kind: 'integer', min: 1, max: MAX_PATIENTS, doc: 'Patients simulated per arm' },
  seed: { kind: 'integer', min: 0, max: SEED_LIMIT, maxExclusive: true, doc: 'Seed of the random streams, an integer in [0, 2^32)' },
  years: {
    kind: 'object',
    doc: `Cohort-years of a run with capacity (MODEL.md v2): replicates of warmupYears + 1 yearly cohorts, the last one reported (default ${DEFAULT_YEARS.replicates} replicates, ${DEFAULT_YEARS.warmupYears} warm-up year; run.patients is not used)`,
    optional: { defaults: { ...DEFAULT_YEARS } },
    fields: {
      replicates: { kind: 'integer', min: 1, max: MAX_REPLICATES, doc: `Replicates R (an integer in [1, ${MAX_REPLICATES}])` },
      warmupYears: { kind: 'integer', min: 0, max: MAX_WARMUP_YEARS, doc: `Warm-up years W before the reported year (an integer in [0, ${MAX_WARMUP_YEARS}])` },
    },
  },
};

export const SCENARIO_SPEC: FieldSpec = {
  kind: 'object',
  doc: 'A cgt-access scenario (MODEL.md version 1). Every field is optional; missing ones take the defaults.',
  fields: {
    cohort: { kind: 'object', doc: 'The yearly cohort, shared by both arms', fields: COHORT_FIELDS },
    arms: {
      kind: 'object',
      doc: 'The two manufacturing models, run on the same patients',
      fields: {
        commercial: { kind: 'object', doc: 'Centralised commercial manufacturing', fields: ARM_FILE_FIELDS },
        poc: { kind: 'object', doc: 'Point-of-care manufacturing in the hospital', fields: ARM_FILE_FIELDS },
      },
    },
    run: { kind: 'object', doc: 'Size and seed of the simulation', fields: RUN_FIELDS },
  },
};

/** Unit of a field, for tables and labels. */
export function unitOf(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'probability': return 'probability';
    case 'duration': return 'days';
    case 'money': return 'money';
    case 'positive': return 'days';
    default: return '';
  }
}

/** The spec at a dotted path (`arms.poc.pReferral`), or undefined. */
export function specAt(path: string): FieldSpec | undefined {
  let spec: FieldSpec | undefined = SCENARIO_SPEC;
  for (const key of path.split('.')) {
    if (!spec) return undefined;
    if (spec.kind === 'object') spec = Object.hasOwn(spec.fields, key) ? spec.fields[key] : undefined;
    else if (spec.kind === 'duration') spec = key === 'median' || key === 'p90' ? { kind: 'nonNegative', doc: key } : undefined;
    else return undefined;
  }
  return spec;
}
