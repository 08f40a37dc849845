/**
 * Exact expectations of MODEL.md version 1 (numerical integration, no Monte Carlo noise):
 * per arm per eligible patient (`armExpectation`), and the result file of a scenario
 * (`expected`). Free of DOM and Node APIs: the browser imports it as it is.
 */

export { durationTransforms, fixedTransforms, clearTransformCache, type DurationTransforms } from './lognormal.js';
export { armExpectation, hazards, type ArmExpectation, type ExactOptions } from './arm.js';
export {
  expected, expectedResult, expectedValues, scenarioExpectation, checkExactScenario, EXACT_ENGINE, EXPECTED_OUTPUT_PATHS,
  type ExpectedOptions, type ScenarioExpectation,
} from './expected.js';
