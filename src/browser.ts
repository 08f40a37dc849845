/**
 * The library in a browser: the same API as `index.ts` (minus what needs Node), with the
 * shared worker pools on module web workers. Import this module, not `index.ts`, from code
 * that a bundler builds for browsers.
 */

import { setPlatform } from './engine/pools.js';
import { browserPlatform } from './engine/platform-browser.js';

setPlatform(browserPlatform);

export { simulate, ENGINES, type Engine, type SimulateOptions, type Progress } from './simulate.js';
export { getPool, closePools } from './engine/pools.js';
export { browserPlatform } from './engine/platform-browser.js';
export { defaultScenario, cloneScenario } from './scenario/defaults.js';
export {
  validateScenario, resolveScenario, ScenarioError, type Validation, type ValidationError,
} from './scenario/validate.js';
export { presets, presetNames, getPreset, type Preset } from './presets/index.js';
export { resultToCsv } from './format/csv.js';
export type * from './scenario/types.js';
export { ARM_NAMES, LOST_REASONS, PAYMENTS } from './scenario/types.js';
