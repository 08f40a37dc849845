/**
 * The reference engine's unit of work: every patient of one chunk, both arms per patient
 * on the same random numbers, tallied into a fresh tally.
 */

import { ARM_OFFSET, P, PATIENTS_SLOT, REMISSION, newTally, stateSlot } from '../model/tally.js';
import { CHUNK_PATIENTS, WORDS_PER_PATIENT, chunkSize, patientWords } from '../random/stream.js';
import type { Scenario } from '../scenario/types.js';
import { PatientDraws } from '../model/draws.js';
import { journey, type PatientOutcome } from './journey.js';
import { armModel, cohortModel, type ArmModel, type CohortModel } from '../model/arm-model.js';

export interface RunModel {
  readonly commercial: ArmModel;
  readonly poc: ArmModel;
  readonly cohort: CohortModel;
  readonly seed: number;
  readonly patients: number;
}

export function runModel(s: Scenario): RunModel {
  return {
    commercial: armModel(s.arms.commercial),
    poc: armModel(s.arms.poc),
    cohort: cohortModel(s.cohort),
    seed: s.run.seed,
    patients: s.run.patients,
  };
}

/** The tally of chunk `chunk` of the run (a pure function of the scenario and the chunk index). */
export function tallyChunk(m: RunModel, chunk: number): Float64Array {
  const tally = newTally();
  const words = new Uint32Array(WORDS_PER_PATIENT);
  const draws = new PatientDraws();
  const com: PatientOutcome = { infused: 0, completeResponse: 0, alive1y: 0, state: 0, cost: 0 };
  const poc: PatientOutcome = { infused: 0, completeResponse: 0, alive1y: 0, state: 0, cost: 0 };
  const n = chunkSize(m.patients, chunk);
  if (n <= 0 || n > CHUNK_PATIENTS) throw new RangeError(`chunk ${chunk} is outside a run of ${m.patients} patients`);
  for (let i = 0; i < n; i++) {
    patientWords(m.seed, chunk, i, words);
    draws.decode(words);
    journey(m.commercial, m.cohort, draws, tally, ARM_OFFSET.commercial, com);
    journey(m.poc, m.cohort, draws, tally, ARM_OFFSET.poc, poc);
    const dInf = poc.infused - com.infused;
    const dCr = poc.completeResponse - com.completeResponse;
    const dAlive = poc.alive1y - com.alive1y;
    const dCost = poc.cost - com.cost;
    tally[P.dInfusedSq] += dInf * dInf;
    tally[P.dCompleteResponsesSq] += dCr * dCr;
    tally[P.dAlive1ySq] += dAlive * dAlive;
    tally[P.dCost] += dCost;
    tally[P.dCostSq] += dCost * dCost;
    tally[P.dCostXdAlive1y] += dCost * dAlive;
    tally[P.dCostXdRemission] += dCost * ((poc.state === REMISSION ? 1 : 0) - (com.state === REMISSION ? 1 : 0));
    tally[stateSlot(com.state, poc.state)] += 1;
  }
  tally[PATIENTS_SLOT] = n;
  return tally;
}

