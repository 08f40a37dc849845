/**
 * The inputs as data: every scenario field with a short label, grouped in the order of the
 * funnel, and the range of its slider. Built from the field table (`src/scenario/fields.ts`),
 * so a field added there shows up here (in "Other") without touching the element.
 */

import { ARM_FIELDS, COHORT_FIELDS, type FieldSpec } from '../../../src/scenario/fields.js';

export interface ParamGroup {
  id: string;
  title: string;
  keys: string[];
}

const ARM_ORDER: ParamGroup[] = [
  { id: 'referral', title: 'Referral', keys: ['pReferral'] },
  { id: 'funding', title: 'Funding', keys: ['adminDays', 'pFunding'] },
  { id: 'apheresis', title: 'Apheresis', keys: ['slotWaitDays', 'pApheresis'] },
  { id: 'manufacturing', title: 'Manufacturing', keys: ['mfgDays', 'pInSpec', 'pOos', 'pOosReleased', 'pRetry', 'maxAttempts', 'reapheresisDays'] },
  { id: 'logistics', title: 'Logistics', keys: ['logisticsDays'] },
  { id: 'outcomes', title: 'Outcomes after infusion', keys: ['pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3'] },
  { id: 'costs', title: 'Costs', keys: ['payment', 'price', 'apheresisCost', 'bridgingCostPerDay', 'infusionCost', 'crsCost', 'icansCost', 'fixedCostPerYear'] },
];

/** The arm's fields by funnel step; fields the table knows but this list does not go last. */
export const ARM_GROUPS: ParamGroup[] = (() => {
  const listed = new Set(ARM_ORDER.flatMap((g) => g.keys));
  const groups = ARM_ORDER.map((g) => ({ ...g, keys: g.keys.filter((k) => Object.hasOwn(ARM_FIELDS, k)) }));
  const rest = Object.keys(ARM_FIELDS).filter((k) => !listed.has(k));
  return rest.length ? [...groups, { id: 'other', title: 'Other', keys: rest }] : groups;
})();

export const COHORT_KEYS: string[] = Object.keys(COHORT_FIELDS);

export const LABELS: Record<string, string> = {
  pReferral: 'Referred to a treating centre',
  adminDays: 'Time to funding decision',
  pFunding: 'Funding granted',
  slotWaitDays: 'Wait for an apheresis slot',
  pApheresis: 'Apheresis collects cells',
  mfgDays: 'Manufacturing time per attempt',
  pInSpec: 'Product in specification',
  pOos: 'Product out of specification (OOS)',
  pOosReleased: 'OOS product released',
  pRetry: 'Retry after a failed attempt',
  maxAttempts: 'Most manufacturing attempts',
  reapheresisDays: 'Time to re-apheresis',
  logisticsDays: 'Shipping, release and conditioning',
  pOrr: 'Overall response',
  pCr: 'Complete response',
  pOs1: 'Alive at 1 year',
  pPfs1: 'Progression-free at 1 year',
  pCrs3: 'CRS grade ≥ 3',
  pIcans3: 'ICANS grade ≥ 3',
  payment: 'Product paid per',
  price: 'Product price',
  apheresisCost: 'Cost of an apheresis',
  bridgingCostPerDay: 'Bridging therapy per day',
  infusionCost: 'Infusion and hospital stay',
  crsCost: 'Cost of a CRS grade ≥ 3',
  icansCost: 'Cost of an ICANS grade ≥ 3',
  fixedCostPerYear: 'Fixed cost per year (facility)',
  eligiblePerYear: 'Eligible patients per year',
  untreatedMedianSurvivalDays: 'Median days to progression without CAR-T',
  bridgingHazardRatio: 'Hazard ratio of progression on bridging',
  pOs1Untreated: 'Alive at 1 year without infusion',
  lifeYearsRemission: 'Life expectancy after year 1, in remission',
  lifeYearsProgressed: 'Life expectancy after year 1, progressed',
  utilityRemission: 'Utility in remission',
  utilityProgressed: 'Utility when progressed (or dead in year 1)',
  discountRate: 'Discount rate of life-years and QALYs',
  annualCostProgressed: 'Yearly cost of a progressed patient after year 1',
  wtp: 'Willingness to pay per QALY',
  patients: 'Patients simulated per arm',
  seed: 'Seed',
};

export const PAYMENT_LABELS: Record<string, string> = {
  perInfusion: 'infusion',
  perAttempt: 'manufacturing attempt',
  perResponse: 'response',
};

export const labelOf = (key: string): string => LABELS[key] ?? key;

/** Units of fields whose kind alone does not say it (money per what, mean years). */
const UNITS: Record<string, (currency: string) => string> = {
  lifeYearsRemission: () => 'years (mean)',
  lifeYearsProgressed: () => 'years (mean)',
  annualCostProgressed: (c) => `${c} per life-year`,
  wtp: (c) => `${c} per QALY`,
  fixedCostPerYear: (c) => `${c} per year`,
};

/** The unit shown beside a field's control (`key`: the field's name, for units its kind does not say). */
export function unitLabel(spec: FieldSpec, currency: string, key?: string): string {
  const own = key !== undefined ? UNITS[key] : undefined;
  if (own) return own(currency);
  switch (spec.kind) {
    case 'probability': return spec.noun === 'a utility' ? 'utility (0 = dead, 1 = full health)' : 'probability (0–1)';
    case 'duration': return 'days';
    case 'money': return currency;
    case 'positive': return spec.unit === 'years' ? 'years' : spec.unit === 'patients' ? 'patients per year' : spec.unit === 'money' ? currency : 'days';
    case 'nonNegative': return spec.unit === 'money' ? currency : '×';
    case 'rate': return 'per year (0.03 = 3%)';
    case 'growth': return 'per year (0.03 = 3%)';
    case 'integer': return '';
    default: return '';
  }
}

/** Slider tops for fields whose preset value may be 0 or far below what a user will try. */
const SLIDER_FLOOR: Record<string, number> = { annualCostProgressed: 100_000, wtp: 200_000 };

export interface SliderRange {
  min: number;
  max: number;
  step: number;
}

/** 1, 2 or 5 times a power of ten, at least x. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/**
 * The slider's range for a field whose preset values (both arms) are `values`: wide enough to
 * hold them with room to move. The number field beside it accepts anything the rules accept.
 */
export function sliderRange(spec: FieldSpec, values: number[], part?: 'median' | 'p90', key?: string): SliderRange {
  const top = Math.max(0, ...values.filter(Number.isFinite));
  switch (spec.kind) {
    case 'probability': return { min: 0, max: 1, step: 0.01 };
    case 'duration': return { min: spec.medianPositive && part === 'median' ? 1 : 0, max: niceCeil(Math.max(30, 2 * top)), step: 1 };
    case 'money': {
      const max = niceCeil(Math.max(key !== undefined ? SLIDER_FLOOR[key] ?? 1000 : 1000, 2 * top));
      return { min: 0, max, step: max / 200 };
    }
    case 'rate': return { min: 0, max: 0.15, step: 0.005 };
    case 'growth': return { min: -0.2, max: 0.3, step: 0.01 };
    case 'integer': {
      if (spec.max - spec.min <= 10) return { min: spec.min, max: spec.max, step: 1 };
      return { min: spec.min, max: niceCeil(Math.max(10, 3 * top)), step: 1 };
    }
    case 'positive':
      // Life expectancies in years (from 0.1); durations in days.
      if (spec.unit === 'years') return { min: 0.1, max: niceCeil(Math.max(20, 2 * top)), step: 0.1 };
      return { min: 1, max: niceCeil(Math.max(365, 3 * top)), step: 1 };
    case 'nonNegative': return { min: 0, max: niceCeil(Math.max(2, 2 * top)), step: 0.05 };
    default: return { min: 0, max: 1, step: 1 };
  }
}
