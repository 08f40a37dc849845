/**
 * The tally of a run: what the journey accumulates, as one flat Float64Array with named
 * slots, so that any engine (the TypeScript reference, the wasm kernel) writes the same
 * layout and the summariser reads it. Counts are integers held exactly in float64 (up to
 * 2^53); sums of durations and money are float64. Tallies of chunks are added slot by slot,
 * in chunk order, so a run's floating-point sums do not depend on who computed which chunk.
 *
 * Per arm (commercial first, then poc), "patient" means one simulated patient, and a sum
 * written "x^2" is the sum over patients of the square of that patient's x.
 */

export const ARM_SLOTS = [
  'referred', // passed referral
  'aliveAtFunding', // referred and alive-and-fit at the funding decision
  'funded',
  'aliveAtApheresis', // funded and alive-and-fit at apheresis (one apheresis procedure each)
  'apheresed', // cells collected
  'manufactured', // a product released for infusion (in specification, or OOS released)
  'infused',
  'responses',
  'completeResponses',
  'progressionFree1y',
  'alive1y', // all patients, infused or not
  'crs3',
  'icans3',
  'attempts', 'attemptsSq',
  'reaphereses', 'reapheresesSq',
  'oosReleased', 'oosReleasedSq',
  'v2vSum', 'v2vSq', // vein-to-vein days of infused patients
  'productCost', 'productCostSq',
  'apheresisCost', 'apheresisCostSq',
  'bridgingCost', 'bridgingCostSq',
  'infusionCost', 'infusionCostSq',
  'adverseEventsCost', 'adverseEventsCostSq',
  'cost', 'costSq', // a patient's variable cost (all components but the fixed one)
  'costXInfused', 'costXCompleteResponse', 'costXAlive1y', // sums of cost times an indicator
  // Economics (MODEL.md v2, "Life-years and QALYs", "Price"): what life-years, QALYs, price
  // parity and the cost-recovery price need of an arm beyond version 1's slots. Units paid
  // (infusions, attempts or responses, by the arm's payment), their squares, attempts times
  // units paid, and cost times remission (infused and progression-free at one year); infused
  // patients alive at one year, complete responses alive and in remission at one year (for the
  // cost after year one of progressed patients in the costs per infused and per complete response).
  'paidUnits', 'paidUnitsSq', 'attemptsXPaidUnits', 'costXRemission',
  'infusedAlive1y', 'completeResponsesAlive1y', 'completeResponsesRemission',
] as const;

export type ArmSlot = (typeof ARM_SLOTS)[number];

/** One-day bins [0,1) .. [179,180), then >= 180. */
export const V2V_BINS = 181;
export const V2V_OVERFLOW_BIN = 180;

/** Sums over patients of poc minus commercial (d = poc - commercial, per patient). */
export const PAIR_SLOTS = [
  'dInfusedSq', 'dCompleteResponsesSq', 'dAlive1ySq',
  'dCost', 'dCostSq', 'dCostXdAlive1y',
  // Economics (MODEL.md v2, "Life-years and QALYs"): the sum of d cost times d remission, and
  // the 3 x 3 table of one-year states (commercial's state, then poc's: dead, progressed,
  // remission), counts of patients. Every life-year and QALY, per arm and between arms, and
  // their MCSE are functions of these counts (src/economics/). Any engine fills these slots.
  'dCostXdRemission',
  'stateDeadDead', 'stateDeadProgressed', 'stateDeadRemission',
  'stateProgressedDead', 'stateProgressedProgressed', 'stateProgressedRemission',
  'stateRemissionDead', 'stateRemissionProgressed', 'stateRemissionRemission',
] as const;

export type PairSlot = (typeof PAIR_SLOTS)[number];

/** Offsets of the arm slots inside an arm's block. */
export const A = Object.fromEntries(ARM_SLOTS.map((name, i) => [name, i])) as Record<ArmSlot, number>;
/** Offset of the histogram inside an arm's block. */
export const ARM_HIST = ARM_SLOTS.length;
/** Size of an arm's block. */
export const ARM_SIZE = ARM_SLOTS.length + V2V_BINS;
/** Offsets of the arms' blocks. */
export const ARM_OFFSET = { commercial: 0, poc: ARM_SIZE } as const;
/** Offset of the pair block. */
export const PAIR_OFFSET = 2 * ARM_SIZE;
export const P = Object.fromEntries(PAIR_SLOTS.map((name, i) => [name, PAIR_OFFSET + i])) as Record<PairSlot, number>;
/** One-year states (MODEL.md v2, "Life-years and QALYs"), in the order of the state table. */
export const ONE_YEAR_STATES = ['dead', 'progressed', 'remission'] as const;
export type OneYearState = (typeof ONE_YEAR_STATES)[number];
/** State codes: 0 dead, 1 progressed (alive, not in remission), 2 remission. */
export const DEAD = 0;
export const PROGRESSED = 1;
export const REMISSION = 2;
/** Slot of the state table's cell (commercial in state c, poc in state p). */
export function stateSlot(c: number, p: number): number {
  return P.stateDeadDead + 3 * c + p;
}

/** Slot holding the number of patients tallied. */
export const PATIENTS_SLOT = PAIR_OFFSET + PAIR_SLOTS.length;
/** Length of a tally. */
export const TALLY_SIZE = PATIENTS_SLOT + 1;

export function newTally(): Float64Array {
  return new Float64Array(TALLY_SIZE);
}

/** total += part, slot by slot (call in chunk order). */
export function addTally(total: Float64Array, part: Float64Array): void {
  for (let i = 0; i < TALLY_SIZE; i++) total[i] += part[i];
}
