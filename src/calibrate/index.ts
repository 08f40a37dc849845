/** Calibration of the model to observed access (MODEL.md, "Calibration"): bounded least squares on the exact expectations. */

export {
  calibrate, CalibrationError, MAX_CALIBRATION_PARAMETERS, MAX_CALIBRATION_TARGETS, EXACT_RESIDUAL,
  type CalibrationRequest, type CalibrationOptions, type CalibrationResult, type FitKind, type Determination,
} from './calibrate.js';
export { TARGETS, TARGET_NAMES, type TargetSpec } from './targets.js';
export { calibratablePaths, type CalibrationIssue } from './parameters.js';
export { plausibleRange, type PlausibleRange } from './plausible.js';
export { solveLeastSquares, project, type LeastSquaresProblem, type LeastSquaresSolution, type PairConstraint, type StopReason } from './solver.js';
