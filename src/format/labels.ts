/** Words for people beside the model's names (tables, charts, the web component). */

export const GROUP_LABELS: Record<string, string> = {
  funnel: 'Funnel (patients per year)',
  lost: 'Lost before infusion, by reason (patients per year)',
  manufacturing: 'Manufacturing (per year)',
  adverseEvents: 'Adverse events, grade >= 3 (patients per year)',
  v2v: 'Vein-to-vein time of infused patients (days)',
  costs: 'Costs (payer, per year unless "per")',
  difference: 'Difference, point of care minus commercial (same patients)',
  queue: 'Queue for manufacturing lines (reported year; waits in days)',
};

export const OUTPUT_LABELS: Record<string, string> = {
  eligible: 'eligible',
  referred: 'referred',
  funded: 'funded',
  apheresed: 'apheresed (cells collected)',
  infused: 'infused',
  responses: 'overall responses',
  completeResponses: 'complete responses',
  progressionFree1y: 'progression-free at 1 year',
  alive1y: 'alive at 1 year',
  notReferred: 'not referred',
  progressedBeforeFunding: 'progressed before funding',
  notFunded: 'not funded',
  progressedBeforeApheresis: 'progressed before apheresis',
  apheresisFailed: 'apheresis failed',
  manufacturingFailed: 'manufacturing failed',
  progressedBeforeInfusion: 'progressed before infusion',
  attempts: 'manufacturing attempts',
  reaphereses: 're-aphereses',
  oosReleased: 'OOS products released',
  crs3: 'CRS grade >= 3',
  icans3: 'ICANS grade >= 3',
  mean: 'mean',
  median: 'median',
  p10: '10th percentile',
  p90: '90th percentile',
  product: 'product',
  apheresis: 'apheresis',
  bridging: 'bridging therapy',
  infusion: 'infusion and stay',
  adverseEvents: 'adverse events',
  fixed: 'fixed (facility)',
  total: 'total',
  perEligible: 'per eligible patient',
  perInfused: 'per patient infused',
  perCompleteResponse: 'per complete response',
  perAlive1y: 'per patient alive at 1 year',
  totalCost: 'total cost',
  costPerExtraAlive1y: 'extra cost per extra patient alive at 1 year',
};

/** The queue block's rows (capacity, MODEL.md v2), by their dotted names. */
export const QUEUE_LABELS: Record<string, string> = {
  lostWhileQueued: 'lost while queued',
  'waitFirst.mean': 'first-attempt wait, mean',
  'waitFirst.median': 'first-attempt wait, median',
  'waitFirst.p90': 'first-attempt wait, p90',
  'waitRetry.mean': 'retry wait, mean',
  utilisation: 'utilisation of the lines',
  busyLineDays: 'line-days busy',
  linesNeeded: 'lines needed (85% busy)',
};

export const ARM_LABELS = { commercial: 'commercial', poc: 'point of care' } as const;
