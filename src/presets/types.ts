/**
 * Presets are data: a partial scenario in which every number stands beside its source.
 *
 *   arms: { poc: { pCr: sourced(0.70, 'seed Table 2, ref. 29 (Maschan et al., NHL, 23 pts)') } }
 *
 * What a preset does not set comes from the default scenario, with the default's sources.
 */

import type { SourcedArm, SourcedCohort } from '../scenario/sourced.js';

export { sourced, type Sourced, type SourcedArm, type SourcedCohort } from '../scenario/sourced.js';

export interface PresetDefinition {
  /** Identifier used by the CLI and the API (`--preset zuma-1`): lower case, digits, hyphens. */
  readonly name: string;
  /** One line for menus. */
  readonly title: string;
  /** What the preset represents, which arm is which product, and its caveats. */
  readonly description: string;
  readonly cohort?: SourcedCohort;
  readonly arms?: { readonly commercial?: SourcedArm; readonly poc?: SourcedArm };
}
