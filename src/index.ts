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
export { defaultScenario, cloneScenario } from './scenario/defaults.js';
export {
  validateScenario, resolveScenario, ScenarioError, type Validation, type ValidationError,
} from './scenario/validate.js';
export { scenarioJsonSchema } from './scenario/schema.js';
export { presets, presetNames, getPreset, type Preset, type PresetDefinition } from './presets/index.js';
export { summarise } from './summary/summarise.js';
export type * from './scenario/types.js';
export { ARM_NAMES, LOST_REASONS, PAYMENTS } from './scenario/types.js';
export { CHUNK_PATIENTS } from './random/stream.js';
export { simulatePsa, runPsa, type PsaOptions } from './psa/simulate.js';
export { validatePsaScenario, resolvePsaScenario, type PsaScenario, type PsaValidation } from './psa/validate.js';
export { presetUncertainty, presetUncertaintyFile, type PresetUncertainty } from './psa/presets.js';
export { mergeScenarioFiles } from './psa/merge.js';
export { drawScenario } from './psa/draw.js';
export { decisionCurves, wtpGrid, DEFAULT_WTP, type DecisionCurves } from './psa/voi.js';
export { evppiFromDraws, evppiBasis, EVPPI_METHOD } from './psa/evppi.js';
export { parameterEvppi } from './psa/evppi-groups.js';
export type { EvppiGroup, EvppiCurve, ParameterEvppi } from './psa/evppi-groups.js';
export type { PsaResult, PsaParameter, StatisticsOf } from './psa/result.js';
export type { PsaStatistic } from './psa/statistics.js';
export type { Tornado, TornadoBar } from './psa/tornado.js';
export type { UncertainParameter, PsaRun } from './scenario/uncertain.js';
export { sweepLines, linesToCsv, type LinesSweep, type LinesRow, type LinesOptions } from './queue/lines.js';
export { isCohortYears } from './simulate.js';
