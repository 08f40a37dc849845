/**
 * The version 1 kernel's parameter block, slot by slot: the one definition of it.
 * assembly/kernel/layout.ts is generated from this module (and src/model/tally.ts) by
 * scripts/gen-layouts.mjs; test/layouts.test.ts fails when the committed file is stale.
 *
 * Per arm (commercial at 0, poc at ARM_PARAMS): f64 slots, each entry [name, width]; then
 * the cohort.
 */

/** Offsets of a list of [name, width] slots laid end to end. */
export function slotOffsets<N extends string>(slots: readonly (readonly [N, number])[]): Record<N, number> {
  const at = {} as Record<N, number>;
  let o = 0;
  for (const [name, width] of slots) {
    at[name] = o;
    o += width;
  }
  return at;
}

/** Total width of a list of [name, width] slots. */
export function slotsWidth(slots: readonly (readonly [string, number])[]): number {
  return slots.reduce((n, [, width]) => n + width, 0);
}

/** An arm's model, the leading slots of both engines' arm parameters (src/model/queue-params.ts too). */
export const MODEL_ARM_SLOTS = [
  ['pReferral', 1], ['pFunding', 1], ['pApheresis', 1], ['pInSpec', 1], ['pInSpecOrOos', 1],
  ['pOosReleased', 1], ['pRetry', 1], ['maxAttempts', 1], ['pOrr', 1], ['pCr', 1], ['pOs1', 1],
  ['pPfs1', 1], ['pCrs3', 1], ['pIcans3', 1],
  ['payment', 1], // 0 perInfusion, 1 perAttempt, 2 perResponse
  ['price', 1], ['apheresisCost', 1], ['bridgingCostPerDay', 1], ['infusionCost', 1], ['crsCost', 1], ['icansCost', 1],
  // durations: (median, mu, sigma) each
  ['admin', 3], ['slot', 3], ['mfg', 3], ['reapheresis', 3], ['logistics', 3],
] as const;

export const KERNEL_ARM_SLOTS = [
  ...MODEL_ARM_SLOTS,
  // Survival checks whose times are fixed (every duration they depend on has sigma = 0), worked
  // out by the host in float64 exactly as the reference does: 1 when fixed, then the least clock
  // word w with E(w) > H(t) (as f64; 2^32 when none), for the funding and apheresis checks and the
  // infusion check after k = 1..4 attempts, and the vein-to-vein time after k attempts.
  ['fixFund', 1], ['fixAph', 1], ['fixInf', 1], ['wFund', 1], ['wAph', 1], ['wInf', 4], ['v2vK', 4],
] as const;
export type KernelArmSlot = (typeof KERNEL_ARM_SLOTS)[number][0];
/** Offsets of the slots inside an arm's parameters. */
export const KP = slotOffsets(KERNEL_ARM_SLOTS);
/** Width of an arm's parameters. */
export const ARM_PARAMS = slotsWidth(KERNEL_ARM_SLOTS);

export const KERNEL_COHORT_SLOTS = [['lambda', 1], ['lambdaBridging', 1], ['pOs1Untreated', 1]] as const;
/** Offset of the cohort's parameters. */
export const COHORT = 2 * ARM_PARAMS;
/** Offsets of the cohort's slots (from COHORT). */
export const KC = slotOffsets(KERNEL_COHORT_SLOTS);
/** The length of a scenario's parameter block (`kernelParams`). */
export const KERNEL_PARAMS_SIZE = COHORT + slotsWidth(KERNEL_COHORT_SLOTS);
