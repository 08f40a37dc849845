/**
 * The exact PSA's draws, a block at a time: draws from .. to - 1 of a PSA, each evaluated
 * exactly (src/exact), their outputs' values written column by column, output k of draw
 * from + i at `k * (to - from) + i`, the outputs in `EXPECTED_OUTPUT_PATHS`' order. The same
 * code runs on the main thread (`runPsa` with the exact engine) and in a pool's workers
 * (`KernelPool.runExactDraws`): a draw's values depend on (the PSA, d) alone, so a block is the
 * same bits wherever and in whatever pieces it is computed.
 */

import { FunnelKey } from '../exact/arm.js';
import {
  EXPECTED_OUTPUT_PATHS, expectedValues, scenarioExpectation, scenarioExpectationInto, type ScenarioExpectation,
} from '../exact/expected.js';
import type { ArmName } from '../scenario/types.js';
import { DrawFrame } from './draw.js';
import type { PsaScenario } from './validate.js';

/** Outputs per draw in a block (`EXPECTED_OUTPUT_PATHS.length`). */
export const EXACT_OUTPUTS = EXPECTED_OUTPUT_PATHS.length;

export class ExactDraws {
  private readonly frame: DrawFrame;
  private readonly x: ScenarioExpectation;
  /** Each arm's funnel evaluated again only when a draw changes a number it depends on. */
  private readonly keys: Record<ArmName, FunnelKey> = { commercial: new FunnelKey(), poc: new FunnelKey() };
  private readonly values = new Float64Array(EXACT_OUTPUTS);

  constructor(ps: PsaScenario) {
    // One scenario object overwritten by each draw, and every draw's expectations in the same
    // objects: nothing to collect per draw.
    this.frame = new DrawFrame(ps);
    this.x = scenarioExpectation(this.frame.scenario);
  }

  /** Draws from .. to - 1 into `out` (at least EXACT_OUTPUTS x (to - from) long), column by column. */
  block(from: number, to: number, out: Float64Array): void {
    const { frame, x, keys, values } = this;
    const count = to - from;
    for (let d = from; d < to; d++) {
      expectedValues(scenarioExpectationInto(frame.draw(d), x, keys), values);
      const i = d - from;
      for (let k = 0; k < EXACT_OUTPUTS; k++) out[k * count + i] = values[k];
    }
  }
}
