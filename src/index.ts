/**
 * cgt-access: patient access to personalised cell therapy (CAR-T) under centralised
 * commercial versus point-of-care manufacturing, by Monte Carlo simulation of MODEL.md.
 *
 *   import { simulate } from 'cgt-access';
 *   const result = await simulate({ arms: { poc: { pReferral: 0.9 } } });
 *   result.arms.poc.funnel.infused; // { value, mcse } per cohort
 */

export { simulate, ENGINES, type Engine, type SimulateOptions, type Progress } from './simulate.js';
export { KernelPool } from './engine/pool.js';
export { getPool, closePools } from './engine/pools.js';
export { defaultScenario } from './scenario/defaults.js';
export {
  validateScenario, resolveScenario, ScenarioError, type Validation, type ValidationError,
} from './scenario/validate.js';
export { scenarioJsonSchema } from './scenario/schema.js';
export { presets, presetNames, getPreset, type Preset, type PresetDefinition } from './presets/index.js';
export type * from './scenario/types.js';
export { ARM_NAMES, LOST_REASONS, PAYMENTS } from './scenario/types.js';
export { CHUNK_PATIENTS } from './random/stream.js';
export { simulatePsa, runPsa, type PsaOptions } from './psa/simulate.js';
export { validatePsaScenario, resolvePsaScenario, type PsaScenario, type PsaValidation } from './psa/validate.js';
export type { PresetUncertainty } from './psa/presets.js';
export { wtpGrid, DEFAULT_WTP, type DecisionCurves } from './psa/voi.js';
export { EVPPI_METHOD } from './psa/evppi.js';
export type { EvppiGroup, EvppiCurve, ParameterEvppi } from './psa/evppi-groups.js';
export type { PsaResult, PsaParameter, StatisticsOf } from './psa/result.js';
export type { PsaStatistic } from './psa/statistics.js';
export type { Tornado, TornadoBar } from './psa/tornado.js';
export type { UncertainParameter, PsaRun } from './scenario/uncertain.js';
// MODEL.md v2: life-years and QALYs, price parity, the cost-recovery price, budget impact (functions of a run's counts).
export type { StateValues } from './economics/life.js';
export type { DifferenceLifetime } from './economics/value.js';
export type { CostRecoverySolution, PricingRates } from './economics/pricing.js';
export {
  viciousCircle, logGrid,
  type PricedRun, type ViciousCircle, type CirclePoint,
} from './economics/cost-recovery.js';
export { budgetImpact, BUDGET_QUANTITIES, type BudgetImpact, type BudgetYear, type BudgetWorlds, type BudgetQuantity } from './economics/budget.js';
export { ONE_YEAR_STATES } from './model/tally.js';
export { PRICING_RULES } from './scenario/types.js';
export { DEFAULT_PRICING, DEFAULT_BUDGET } from './scenario/defaults.js';
export { DEFAULT_WTP_QALY } from './psa/voi.js';
export type { PsaEffect } from './scenario/uncertain.js';
export {
  expected, EXACT_ENGINE,
  type ArmExpectation, type ExpectedOptions, type ScenarioExpectation, type DurationTransforms,
} from './exact/index.js';
export {
  calibrate, CalibrationError, TARGET_NAMES, CANONICAL_TARGET_NAMES, TARGET_ALIASES,
  type CalibrationRequest, type CalibrationOptions, type CalibrationResult, type CalibrationIssue, type TargetCount,
} from './calibrate/index.js';
export { sweepLines, type LinesSweep, type LinesRow, type LinesOptions } from './analyses/lines.js';
// The functions of counts, scenarios and draws, checked at the edge (src/edges.ts): each reads its
// arguments once and throws a TypeError or RangeError naming the function, the argument and the rule.
export {
  stateValues, discountedYears, discountedTail, stateSlot, armStates, tableSum, withLaterCosts,
  armLifetime, differenceLifetime, priceParity, pricingRates, resolvedPricing, fundingAt,
  costRecoveryMap, solveCostRecovery, pricedArms, ratesScenario, runWithPricing,
  cloneScenario, isCohortYears, mergeScenarioFiles, calibratablePaths, summarise,
  armExpectation, scenarioExpectation, durationTransforms, linesToCsv, drawScenario,
  decisionCurves, evppiBasis, evppiFromDraws, parameterEvppi, presetUncertaintyFile,
  presetUncertainty, simulateTally,
} from './edges.js';
