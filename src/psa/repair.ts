/**
 * MODEL.md's consistency repairs after a parameter draw, per arm: pCr = min(pCr, pOrr)
 * (a complete response is an overall response), pPfs1 = min(pPfs1, pOs1) (progression-free
 * implies alive), and if pInSpec + pOos > 1 both divided by their sum.
 */

import type { Arm, Scenario } from '../scenario/types.js';

export function repairArm(arm: Arm): void {
  if (arm.pCr > arm.pOrr) arm.pCr = arm.pOrr;
  if (arm.pPfs1 > arm.pOs1) arm.pPfs1 = arm.pOs1;
  const sum = arm.pInSpec + arm.pOos;
  if (sum > 1) {
    arm.pInSpec /= sum;
    arm.pOos /= sum;
  }
}

/** Repairs both arms of a scenario in place. */
export function repairScenario(s: Scenario): void {
  repairArm(s.arms.commercial);
  repairArm(s.arms.poc);
}
