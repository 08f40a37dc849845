/**
 * The scenario's fields as data: what each is, its rule and its unit. Validation
 * (`validate.ts`), the JSON Schema (`schema.ts`) and the CLI's `--set` all read this one
 * table, so they cannot drift apart.
 */

import { DEFAULT_BUDGET, DEFAULT_PRICING } from './defaults.js';
import { valuesOf } from './sourced.js';
import { PAYMENTS, PRICING_RULES } from './types.js';

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

/** Longest life expectancy after year one, in years (MODEL.md v2). */
export const MAX_LIFE_YEARS = 100;
/** Longest budget horizon in years (MODEL.md v2, "Budget impact"). */
export const MAX_BUDGET_YEARS = 30;
/** Largest market of the cost-recovery price, eligible patients per year. */
export const MAX_MARKET = 1e10;
/** Largest margin and elasticity of the cost-recovery price. */
export const MAX_MARGIN = 100;
export const MAX_ELASTICITY = 100;
/** Largest horizon of the cost-recovery price, in years. */
export const MAX_HORIZON_YEARS = 100;
/** Largest yearly growth of the eligible patients of a budget (10 = elevenfold a year). */
export const MAX_GROWTH = 10;

export type FieldSpec =
  | {
    kind: 'object'; fields: Record<string, FieldSpec>; doc: string;
    /** An object the scenario may leave out (no default of its own: `pricing`, `budget`). */
    optional?: boolean;
    /** Fields of an optional object a scenario must give when it gives the object. */
    required?: readonly string[];
    /** Values of an optional object's fields that the scenario leaves out (others stay absent). */
    defaults?: Readonly<Record<string, unknown>>;
    /** An optional object that null removes (an arm's `capacity`: null is unlimited lines). */
    nullable?: boolean;
  }
  | { kind: 'probability'; doc: string; noun?: string }
  | { kind: 'duration'; medianPositive: boolean; doc: string }
  | { kind: 'money'; doc: string }
  | { kind: 'integer'; min: number; max: number; maxExclusive?: boolean; doc: string }
  | { kind: 'positive'; max: number; doc: string; unit?: string }
  | { kind: 'nonNegative'; max?: number; doc: string; unit?: string }
  /** A rate in [0, 1) (a discount rate). */
  | { kind: 'rate'; doc: string }
  /** A number > -1 and <= max (a growth rate). */
  | { kind: 'growth'; max: number; doc: string }
  /** A list of probabilities (a budget's uptake per year). */
  | { kind: 'shares'; maxLength: number; doc: string }
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
 * MODEL.md v2, "Price": an arm's optional cost-recovery pricing. Kept out of ARM_FIELDS (the
 * arm's numbers, which the uncertain forms and the explorer's controls list) and added to the
 * arms of SCENARIO_SPEC, which validation, the schema and --set read.
 */
export const PRICING_SPEC: FieldSpec = {
  kind: 'object',
  optional: true,
  required: ['rule'],
  defaults: valuesOf(DEFAULT_PRICING),
  doc: 'MODEL.md v2: the price solved for cost recovery from the whole market (the vicious circle), instead of `price`',
  fields: {
    rule: { kind: 'enum', values: PRICING_RULES, doc: 'The pricing rule: "costRecovery"' },
    rdCost: { kind: 'nonNegative', max: MAX_MONEY, unit: 'money', doc: 'Development cost to recover (default 1.75e9, seed: 1.5-2 billion USD)' },
    horizonYears: { kind: 'positive', max: MAX_HORIZON_YEARS, unit: 'years', doc: 'Years over which the development cost is recovered (default 10)' },
    margin: { kind: 'nonNegative', max: MAX_MARGIN, unit: '', doc: 'Margin on cost, 0.2 = 20% (default 0.2)' },
    cogsPerAttempt: m('The maker\'s cost of goods per manufacturing attempt (default 100000)'),
    marketEligiblePerYear: { kind: 'positive', max: MAX_MARKET, unit: 'patients', doc: 'Eligible patients per year in the whole market, all countries (default 20000)' },
    elasticity: { kind: 'nonNegative', max: MAX_ELASTICITY, unit: '', doc: 'Elasticity of funding to price: pFunding(price) = min(1, pFunding (priceRef / price)^elasticity) (default 0)' },
    priceRef: { kind: 'positive', max: MAX_MONEY, unit: 'money', doc: 'Reference price of the elasticity (default: the arm\'s price)' },
  },
};

/**
 * An arm's manufacturing capacity (MODEL.md v2): an optional section of each arm, beside the
 * version 1 fields (ARM_FIELDS, which the explorer and the uncertain forms walk as numbers).
 */
export const CAPACITY_FIELD: FieldSpec = {
  kind: 'object',
  doc: 'Manufacturing lines (MODEL.md v2): devices in the hospital, or factory slots allotted to this health system. Absent or null: unlimited (version 1); with it the run is cohort-years (run.years)',
  optional: true,
  nullable: true,
  required: ['lines'],
  defaults: {},
  fields: {
    lines: { kind: 'integer', min: 1, max: MAX_LINES, doc: `Lines, each making one batch at a time (an integer in [1, ${MAX_LINES}]); required` },
  },
};

export const COHORT_FIELDS: Record<string, FieldSpec> = {
  eligiblePerYear: { kind: 'integer', min: 1, max: MAX_ELIGIBLE_PER_YEAR, doc: 'Patients eligible for the therapy per year (one cohort)' },
  untreatedMedianSurvivalDays: { kind: 'positive', max: MAX_DAYS, doc: `Median days to progression that rules out infusion, without bridging (> 0, at most ${MAX_DAYS})` },
  bridgingHazardRatio: { kind: 'nonNegative', max: MAX_HAZARD_RATIO, doc: `Hazard ratio of progression after apheresis (bridging therapy), 0 to ${MAX_HAZARD_RATIO}` },
  pOs1Untreated: p('Probability of being alive at one year without infusion'),
  lifeYearsRemission: { kind: 'positive', max: MAX_LIFE_YEARS, unit: 'years', doc: 'Mean years lived after year one by a patient in remission (exponential; MODEL.md v2)' },
  lifeYearsProgressed: { kind: 'positive', max: MAX_LIFE_YEARS, unit: 'years', doc: 'Mean years lived after year one by a progressed patient (exponential; MODEL.md v2)' },
  utilityRemission: { kind: 'probability', noun: 'a utility', doc: 'Utility of a patient in remission, whole life (MODEL.md v2)' },
  utilityProgressed: { kind: 'probability', noun: 'a utility', doc: 'Utility of every other patient, whole life (MODEL.md v2)' },
  discountRate: { kind: 'rate', doc: 'Discount rate of life-years and QALYs, in [0, 1) (continuous at ln(1 + rate); MODEL.md v2)' },
  annualCostProgressed: m('Cost per discounted life-year lived after year one by a progressed patient, added to costs.total (MODEL.md v2)'),
  wtp: m('Willingness to pay per QALY, for price parity (MODEL.md v2)'),
};

export const BUDGET_FIELDS: Record<string, FieldSpec> = {
  years: { kind: 'integer', min: 1, max: MAX_BUDGET_YEARS, doc: `Years of the budget, 1 to ${MAX_BUDGET_YEARS} (default: the length of uptake)` },
  eligibleGrowth: { kind: 'growth', max: MAX_GROWTH, doc: 'Yearly growth of the eligible patients, > -1 (default 0)' },
  uptake: { kind: 'shares', maxLength: MAX_BUDGET_YEARS, doc: 'Share of eligible patients treated on the poc arm in each year, each in [0, 1]: exactly `years` numbers' },
  discountRate: { kind: 'rate', doc: 'Discount rate of the budget, in [0, 1) (default 0: undiscounted)' },
};

export const RUN_FIELDS: Record<string, FieldSpec> = {
  patients: { kind: 'integer', min: 1, max: MAX_PATIENTS, doc: 'Patients simulated per arm' },
  seed: { kind: 'integer', min: 0, max: SEED_LIMIT, maxExclusive: true, doc: 'Seed of the random streams, an integer in [0, 2^32)' },
  years: {
    kind: 'object',
    doc: `Cohort-years of a run with capacity (MODEL.md v2): replicates of warmupYears + 1 yearly cohorts, the last one reported (default ${DEFAULT_YEARS.replicates} replicates, ${DEFAULT_YEARS.warmupYears} warm-up year; run.patients is not used). Null removes it (with capacity, the defaults come back)`,
    optional: true,
    nullable: true,
    defaults: { ...DEFAULT_YEARS },
    fields: {
      replicates: { kind: 'integer', min: 1, max: MAX_REPLICATES, doc: `Replicates R (an integer in [1, ${MAX_REPLICATES}])` },
      warmupYears: { kind: 'integer', min: 0, max: MAX_WARMUP_YEARS, doc: `Warm-up years W before the reported year (an integer in [0, ${MAX_WARMUP_YEARS}])` },
    },
  },
};

/** The fields of an arm in a scenario file: its numbers, its optional pricing and its optional capacity. */
export const ARM_SCENARIO_FIELDS: Record<string, FieldSpec> = { ...ARM_FIELDS, pricing: PRICING_SPEC, capacity: CAPACITY_FIELD };

export const SCENARIO_SPEC: FieldSpec = {
  kind: 'object',
  doc: 'A cgt-access scenario (MODEL.md version 1). Every field is optional; missing ones take the defaults.',
  fields: {
    cohort: { kind: 'object', doc: 'The yearly cohort, shared by both arms', fields: COHORT_FIELDS },
    arms: {
      kind: 'object',
      doc: 'The two manufacturing models, run on the same patients',
      fields: {
        commercial: { kind: 'object', doc: 'Centralised commercial manufacturing', fields: ARM_SCENARIO_FIELDS },
        poc: { kind: 'object', doc: 'Point-of-care manufacturing in the hospital', fields: ARM_SCENARIO_FIELDS },
      },
    },
    run: { kind: 'object', doc: 'Size and seed of the simulation', fields: RUN_FIELDS },
    budget: {
      kind: 'object', optional: true, required: ['uptake'], fields: BUDGET_FIELDS, defaults: valuesOf(DEFAULT_BUDGET),
      doc: 'MODEL.md v2: budget impact over years of bringing in the poc arm (`cgt-access budget`)',
    },
  },
};

/** Unit of a field, for tables and labels. */
export function unitOf(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'probability': return 'probability';
    case 'duration': return 'days';
    case 'money': return 'money';
    case 'positive': return spec.unit ?? 'days';
    case 'nonNegative': return spec.unit ?? '';
    case 'rate': return 'rate';
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
