/**
 * The scenario and result files of MODEL.md version 1, with the model's names.
 * Time in days, money in the scenario's currency, probabilities in [0, 1].
 */

/** A duration between patients: log-normal by median and 90th percentile (days); p90 == median is fixed. */
export interface Duration {
  median: number;
  p90: number;
}

/** How the product is paid for (MODEL.md, Costs). */
export type Payment = 'perInfusion' | 'perAttempt' | 'perResponse';

export const PAYMENTS: readonly Payment[] = ['perInfusion', 'perAttempt', 'perResponse'];

/** The parameters of one arm (commercial or point-of-care manufacturing). */
export interface Arm {
  pReferral: number;
  adminDays: Duration;
  pFunding: number;
  slotWaitDays: Duration;
  pApheresis: number;
  mfgDays: Duration;
  pInSpec: number;
  pOos: number;
  pOosReleased: number;
  pRetry: number;
  maxAttempts: number;
  reapheresisDays: Duration;
  logisticsDays: Duration;
  pOrr: number;
  pCr: number;
  pOs1: number;
  pPfs1: number;
  pCrs3: number;
  pIcans3: number;
  payment: Payment;
  price: number;
  apheresisCost: number;
  bridgingCostPerDay: number;
  infusionCost: number;
  crsCost: number;
  icansCost: number;
  fixedCostPerYear: number;
  /** MODEL.md v2, "Price": the price solved for cost recovery instead of `price` (absent: `price` as given). */
  pricing?: Pricing;
  /** Manufacturing lines of the arm (MODEL.md v2, capacity and queues); absent: unlimited (version 1). */
  capacity?: Capacity;
}

/**
 * The cost-recovery price rule (MODEL.md v2, "Price"): the maker recovers `rdCost` over
 * `horizonYears`, plus its cost of goods, with a margin, from the whole market.
 */
export interface Pricing {
  rule: 'costRecovery';
  /** Development cost to recover (money). */
  rdCost: number;
  /** Years over which it is recovered. */
  horizonYears: number;
  /** Margin on cost (0.2 = 20%). */
  margin: number;
  /** The maker's cost of goods per manufacturing attempt. */
  cogsPerAttempt: number;
  /** Eligible patients per year in the whole market (all countries). */
  marketEligiblePerYear: number;
  /** Elasticity of funding to price: pFunding(price) = min(1, pFunding (priceRef / price)^elasticity). */
  elasticity: number;
  /** Reference price of the elasticity (absent: the arm's `price`). */
  priceRef?: number;
}

export const PRICING_RULES: readonly Pricing['rule'][] = ['costRecovery'];

/** Budget impact over years (MODEL.md v2, "Budget impact"). */
export interface Budget {
  /** Years H, 1 to 30. */
  years: number;
  /** Growth of the eligible patients per year, g > -1: N_y = eligiblePerYear (1 + g)^(y - 1). */
  eligibleGrowth: number;
  /** Share of eligible patients treated on the poc arm in years 1 .. H, each in [0, 1]. */
  uptake: number[];
  /** Discount rate of the budget, in [0, 1) (0: undiscounted, as budget impact usually is). */
  discountRate: number;
}

/** Manufacturing capacity of an arm: c lines, each making one batch at a time. */
export interface Capacity {
  lines: number;
}

/** Cohort-years of a run with capacity: R replicates of W warm-up years and one reported year. */
export interface Years {
  replicates: number;
  warmupYears: number;
}

/** The yearly cohort, shared by both arms. */
export interface Cohort {
  eligiblePerYear: number;
  untreatedMedianSurvivalDays: number;
  bridgingHazardRatio: number;
  pOs1Untreated: number;
  /** MODEL.md v2, "Life-years and QALYs": mean years lived after year one in remission. */
  lifeYearsRemission: number;
  /** Mean years lived after year one when progressed. */
  lifeYearsProgressed: number;
  /** Utility in remission (whole life, year one included). */
  utilityRemission: number;
  /** Utility otherwise (progressed, or dead within the year). */
  utilityProgressed: number;
  /** Discount rate of life-years and QALYs, continuous from eligibility at ln(1 + rate). */
  discountRate: number;
  /** Cost per discounted life-year lived after year one by progressed patients. */
  annualCostProgressed: number;
  /** Willingness to pay per QALY (price parity). */
  wtp: number;
}

/** How many patients to simulate per arm, and the seed of the random streams. */
export interface Run {
  patients: number;
  seed: number;
  /** Cohort-years (MODEL.md v2): present when either arm has `capacity` (or when given). */
  years?: Years;
}

export type ArmName = 'commercial' | 'poc';
export const ARM_NAMES: readonly ArmName[] = ['commercial', 'poc'];

/** A full scenario: every field present. */
export interface Scenario {
  cohort: Cohort;
  arms: { commercial: Arm; poc: Arm };
  run: Run;
  /** MODEL.md v2, "Budget impact" (absent: no budget). */
  budget?: Budget;
}

/** Recursively optional: what a scenario file may contain. */
export type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** A scenario file: every field optional, missing ones take the defaults. */
export type PartialScenario = DeepPartial<Scenario>;

/** An estimate scaled to one cohort, with its Monte Carlo standard error. */
export interface Estimate {
  value: number | null;
  mcse: number | null;
}

export interface Funnel {
  eligible: Estimate;
  referred: Estimate;
  funded: Estimate;
  apheresed: Estimate;
  infused: Estimate;
  responses: Estimate;
  completeResponses: Estimate;
  progressionFree1y: Estimate;
  alive1y: Estimate;
}

/** Reasons a patient is lost before infusion, in funnel order. */
export type LostReason =
  | 'notReferred'
  | 'progressedBeforeFunding'
  | 'notFunded'
  | 'progressedBeforeApheresis'
  | 'apheresisFailed'
  | 'manufacturingFailed'
  | 'progressedBeforeInfusion';

export const LOST_REASONS: readonly LostReason[] = [
  'notReferred',
  'progressedBeforeFunding',
  'notFunded',
  'progressedBeforeApheresis',
  'apheresisFailed',
  'manufacturingFailed',
  'progressedBeforeInfusion',
];

export type Lost = Record<LostReason, Estimate>;

export interface Manufacturing {
  attempts: Estimate;
  reaphereses: Estimate;
  oosReleased: Estimate;
}

export interface AdverseEvents {
  crs3: Estimate;
  icans3: Estimate;
}

/** Vein-to-vein time of infused patients (days). */
export interface VeinToVein {
  mean: Estimate;
  median: Estimate;
  p10: Estimate;
  p90: Estimate;
  /** Infused patients per cohort in one-day bins [0,1) .. [179,180), then >= 180 (181 numbers). */
  histogram: number[];
}

export interface Costs {
  product: Estimate;
  apheresis: Estimate;
  bridging: Estimate;
  infusion: Estimate;
  adverseEvents: Estimate;
  fixed: Estimate;
  total: Estimate;
  perEligible: Estimate;
  perInfused: Estimate;
  perCompleteResponse: Estimate;
  perAlive1y: Estimate;
}

export interface ArmResult {
  funnel: Funnel;
  lost: Lost;
  manufacturing: Manufacturing;
  adverseEvents: AdverseEvents;
  v2v: VeinToVein;
  costs: Costs;
  /** MODEL.md v2, "Life-years and QALYs". */
  lifetime: ArmLifetime;
  /** MODEL.md v2, "Price". */
  price: ArmPrice;
  /** The queue for manufacturing lines: only for an arm with `capacity` (MODEL.md v2). */
  queue?: Queue;
}

/** Life-years and QALYs of an arm per cohort (discounted), MODEL.md v2. */
export interface ArmLifetime {
  lifeYears: Estimate;
  qalys: Estimate;
  /** costs.total / qalys, null when no QALY. */
  costPerQaly: Estimate;
  /** Cost after year one of progressed patients (cohort.annualCostProgressed), included in costs.total. */
  costAfterYear1: Estimate;
}

/** Price of an arm, MODEL.md v2, "Price". */
export interface ArmPrice {
  /** The price (in the arm's payment unit) at which its net monetary benefit at cohort.wtp equals the other arm's; null where the arm pays no units. */
  parity: Estimate;
  /** Present for an arm with `pricing`: its solved cost-recovery price (the arm is reported at it). */
  costRecovery?: CostRecovery;
}

/** The cost-recovery price of an arm (MODEL.md v2, "Price"). */
export interface CostRecovery {
  /** False when the market does not sustain the product (no positive price recovers the cost). */
  sustained: boolean;
  /** The smallest positive solution, with its MCSE; null when not sustained. */
  price: Estimate;
  /** pFunding at that price (the arm is reported at it); 0 when not sustained (no product, nobody funded). */
  pFunding: number;
  /** The pricing used, every default filled in. */
  pricing: Required<Pricing>;
  /** Manufacturing attempts and units paid per eligible patient at pFunding = 1 (the run's rates). */
  attemptsPerEligible: Estimate;
  unitsPerEligible: Estimate;
  /** In words: the price, or why the market does not sustain the product. */
  note: string;
}

/** Wait time of an attempt for a manufacturing line, s_k - r_k (days). */
export interface Wait {
  mean: Estimate;
  median: Estimate;
  p90: Estimate;
}

/** The queue block of an arm with capacity, for the patients of the reported year, per cohort. */
export interface Queue {
  /** Lost as progressedBeforeApheresis after becoming ready for a line (r_1 <= t_p < s_1). */
  lostWhileQueued: Estimate;
  /** s_1 - r_1 of patients alive at s_1 (collected or not). */
  waitFirst: Wait;
  /** s_k - r_k over every retry (k >= 2), pooled. */
  waitRetry: { mean: Estimate };
  /** Line-days busy within the reported year divided by lines x 365. */
  utilisation: Estimate;
  /** Line-days busy (by any patient) within the reported year. */
  busyLineDays: Estimate;
  /** A first estimate of the lines needed: the fewest that keep each line at most 85% busy: ceil(busy line-days / (0.85 x 365)) (MODEL.md v2). */
  linesNeeded: Estimate;
}

/** Point-of-care minus commercial, on the same patients. */
export interface Difference {
  infused: Estimate;
  completeResponses: Estimate;
  alive1y: Estimate;
  totalCost: Estimate;
  costPerExtraAlive1y: Estimate;
  /** MODEL.md v2: extra discounted life-years and QALYs, and extra cost per extra QALY (null when extra QALYs are 0). */
  lifeYears: Estimate;
  qalys: Estimate;
  costPerQalyGained: Estimate;
}

/** The result file of one run. */
export interface Result {
  scenario: Scenario;
  patients: number;
  seed: number;
  engine: string;
  arms: { commercial: ArmResult; poc: ArmResult };
  difference: Difference;
}
