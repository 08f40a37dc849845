/** Calibration of the model to observed access (MODEL.md, "Calibration"): bounded least squares (maximum likelihood for counts) on the exact expectations. */

export {
  calibrate, CalibrationError, MAX_CALIBRATION_PARAMETERS, MAX_CALIBRATION_TARGETS, MAX_COUNT_OF, EXACT_RESIDUAL,
  type CalibrationRequest, type CalibrationOptions, type CalibrationResult, type FitKind, type FitMethod, type Determination, type TargetCount,
} from './calibrate.js';
export { TARGETS, TARGET_NAMES, CANONICAL_TARGET_NAMES, TARGET_ALIASES, type TargetSpec, type Denominator } from './targets.js';
export { calibratablePaths, type CalibrationIssue } from './parameters.js';
export { plausibleRange, type PlausibleRange } from './plausible.js';
export { solveLeastSquares, project, type LeastSquaresProblem, type LeastSquaresSolution, type PairConstraint, type StopReason } from './solver.js';
