/** The `detail` of the element's events. */

import type { PsaResult } from '../../../src/psa/result.js';
import type { Result, Scenario } from '../../../src/scenario/types.js';
import type { ValidationError } from '../../../src/scenario/validate.js';
import type { RunResultDetail } from '../runs/run-controller.js';
import type { ChangeSource } from '../state/explorer-state.js';

export type { ChangeSource } from '../state/explorer-state.js';

export interface ScenarioChangeDetail {
  /** The full scenario now shown (a copy). */
  scenario: Scenario;
  /** The preset it starts from. */
  preset: string;
  source: ChangeSource;
}

/** `result`: a result was drawn; `final` is false for the quick first pass, true once the scenario's patient count is done. */
export type ResultDetail = RunResultDetail<Result>;

/** `psa-result`: an uncertainty analysis was drawn; `final` is false for the quick pass of the first draws. */
export type PsaResultDetail = RunResultDetail<PsaResult>;

export interface ErrorDetail {
  source: ChangeSource | 'run' | 'psa' | string;
  /** The validator's errors (empty for a failed run). */
  errors: ValidationError[];
  message: string;
}
