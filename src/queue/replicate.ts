/**
 * The reference discrete-event simulation of one replicate of cohort-years (MODEL.md v2,
 * "Manufacturing capacity and queues"), plain and step by step: the wasm engine
 * (assembly/queue/) is held to it.
 *
 * W + 1 yearly cohorts of N patients arrive; patient p = y N + i becomes eligible on day
 * e = 365 (y + U_arr) and runs version 1's journey from e, both arms on the same numbers. In an
 * arm with c lines, the manufacturing attempts wait for a line: attempt k is ready at r_k
 * (r_1 = t_fund + T_slot; r_(k+1) = end of attempt k + T_reaph,k), the lines take ready attempts
 * first come, first served in order of r (ties: earlier e, then smaller (y, i)), and attempt k
 * starts at s_k = max(r_k, the time a line is first free). Taking the attempts from a heap in
 * increasing r, each on the line that is first free (a heap of free times), is exact because
 * every retry is ready after its attempt started. An arm without capacity has unlimited lines
 * (every s_k = r_k): version 1 on these streams.
 *
 * Times of a patient are kept relative to its eligibility, as version 1 computes them (an
 * attempt that did not wait starts at its relative ready time itself), and absolute for the
 * lines. Only the patients of year W are tallied.
 */

import { uniform } from '../distributions/index.js';
import { logNormal } from '../distributions/lognormal.js';
import { newFunnelOutcome, tallyPatient, type PairOutcome } from '../model/patient-tally.js';
import { ARM_OFFSET, P, PATIENTS_SLOT, REMISSION, stateSlot } from '../model/tally.js';
import { PatientDraws } from '../model/draws.js';
import { armModel, cohortModel, type ArmModel, type CohortModel } from '../model/arm-model.js';
import { WORDS_PER_PATIENT } from '../random/stream.js';
import type { ArmName, Scenario } from '../scenario/types.js';
import { ReadyHeap, TimeHeap } from './heap.js';
import { Q, QUEUE_HIST, QUEUE_OFFSET, REPLICATE_TALLY_SIZE, waitBin } from '../model/queue-layout.js';
import { DAYS_PER_YEAR, WORD_ARRIVAL, capacityWords } from './stream.js';

/** What a replicate needs of a scenario with capacity (or run.years). */
export interface YearsModel {
  readonly commercial: ArmModel;
  readonly poc: ArmModel;
  /** Lines of each arm; Infinity without capacity. */
  readonly lines: Record<ArmName, number>;
  readonly cohort: CohortModel;
  readonly seed: number;
  /** Patients per cohort (eligiblePerYear). */
  readonly patients: number;
  readonly warmupYears: number;
  readonly replicates: number;
}

export function yearsModel(s: Scenario): YearsModel {
  const years = s.run.years;
  if (!years) throw new Error('cgt-access: a cohort-years run needs run.years');
  return {
    commercial: armModel(s.arms.commercial),
    poc: armModel(s.arms.poc),
    lines: {
      commercial: s.arms.commercial.capacity?.lines ?? Infinity,
      poc: s.arms.poc.capacity?.lines ?? Infinity,
    },
    cohort: cohortModel(s.cohort),
    seed: s.run.seed,
    patients: s.cohort.eligiblePerYear,
    warmupYears: years.warmupYears,
    replicates: years.replicates,
  };
}

// A patient's funnel in one arm, as flags.
const REFERRED = 1;
const ALIVE_AT_FUNDING = 2;
const FUNDED = 4;
const ALIVE_AT_APHERESIS = 8;
const APHERESED = 16;
const MANUFACTURED = 32;
const LOST_WHILE_QUEUED = 64;

/** One replicate at a time (arrays reused from one replicate to the next). */
export class ReplicateSimulator {
  private readonly total: number;
  private readonly words: Uint32Array;
  private readonly e: Float64Array;
  private readonly flags: Uint8Array;
  private readonly attempt: Uint8Array; // index k of the pending or last attempt
  private readonly attempts: Uint8Array;
  private readonly retryWaits: Uint8Array;
  private readonly ready: Float64Array; // relative ready time of the pending attempt
  private readonly tA: Float64Array;
  private readonly end: Float64Array; // relative end of the last attempt
  private readonly waitFirst: Float64Array;
  private readonly waitRetry: Float64Array;
  /** A reported patient's cost and one-year state in the commercial arm (tallied first), for the pair slots. */
  private readonly pairCost: Float64Array;
  private readonly pairState: Uint8Array;
  private readonly draws = new PatientDraws();
  private readonly queue: ReadyHeap;
  private readonly lines = new TimeHeap();

  constructor(private readonly m: YearsModel) {
    const n = (m.warmupYears + 1) * m.patients;
    this.total = n;
    this.words = new Uint32Array(n * WORDS_PER_PATIENT);
    this.e = new Float64Array(n);
    this.flags = new Uint8Array(n);
    this.attempt = new Uint8Array(n);
    this.attempts = new Uint8Array(n);
    this.retryWaits = new Uint8Array(n);
    this.ready = new Float64Array(n);
    this.tA = new Float64Array(n);
    this.end = new Float64Array(n);
    this.waitFirst = new Float64Array(n);
    this.waitRetry = new Float64Array(n);
    this.pairCost = new Float64Array(n);
    this.pairState = new Uint8Array(n);
    this.queue = new ReadyHeap(() => this.e);
  }

  private decode(p: number): PatientDraws {
    this.draws.decode(this.words.subarray(p * WORDS_PER_PATIENT, (p + 1) * WORDS_PER_PATIENT));
    return this.draws;
  }

  /** The tally of replicate r (a pure function of the model and r). */
  run(r: number): Float64Array {
    const m = this.m;
    const N = m.patients;
    for (let y = 0; y <= m.warmupYears; y++) {
      for (let i = 0; i < N; i++) {
        const p = y * N + i;
        capacityWords(m.seed, r, y, i, this.words, p * WORDS_PER_PATIENT);
        this.e[p] = DAYS_PER_YEAR * (y + uniform(this.words[p * WORDS_PER_PATIENT + WORD_ARRIVAL]));
      }
    }
    const tally = new Float64Array(REPLICATE_TALLY_SIZE);
    for (const name of ['commercial', 'poc'] as const) {
      const busy = this.simulateArm(m[name], m.lines[name]);
      this.tallyArm(tally, name, m[name], busy);
    }
    tally[PATIENTS_SLOT] = N;
    return tally;
  }

  /** The queue of one arm over all patients of the replicate; returns the line-days busy in the reported year. */
  private simulateArm(arm: ArmModel, lineCount: number): number {
    const { lambda } = this.m.cohort;
    const yearStart = DAYS_PER_YEAR * this.m.warmupYears;
    const yearEnd = yearStart + DAYS_PER_YEAR;
    const queue = this.queue;
    const lines = this.lines;
    queue.clear();
    lines.clear();
    this.flags.fill(0);
    this.attempts.fill(0);
    this.retryWaits.fill(0);
    this.waitRetry.fill(0);
    // Steps 1 and 2 of the journey, and the first attempt into the queue.
    for (let p = 0; p < this.total; p++) {
      const d = this.decode(p);
      if (!(d.uRef < arm.pReferral)) continue;
      let f = REFERRED;
      const tFund = logNormal(arm.admin, d.zAdmin);
      if (d.clock > lambda * tFund) {
        f |= ALIVE_AT_FUNDING;
        if (d.uFund < arm.pFunding) {
          f |= FUNDED;
          const r1 = tFund + logNormal(arm.slot, d.zSlot);
          this.ready[p] = r1;
          this.attempt[p] = 0;
          queue.push(this.e[p] + r1, p);
        }
      }
      this.flags[p] = f;
    }
    // First come, first served over the ready attempts.
    let unused = lineCount; // lines never used yet: free since the start
    let busy = 0;
    while (queue.size > 0) {
      const r = queue.topTime();
      const p = queue.topPatient();
      queue.pop();
      const k = this.attempt[p];
      const free = unused > 0 ? -Infinity : lines.min();
      // s = max(r, free); relative to e, the ready time itself when the attempt did not wait.
      const waited = free > r;
      const s = waited ? free : r;
      const start = waited ? free - this.e[p] : this.ready[p];
      const wait = waited ? free - r : 0;
      const d = this.decode(p);
      if (k === 0) {
        // The alive-and-fit check at apheresis, t_a = s_1 (hazard lambda t before apheresis).
        if (!(d.clock > lambda * start)) {
          if (d.clock > lambda * this.ready[p]) this.flags[p] |= LOST_WHILE_QUEUED;
          continue;
        }
        this.flags[p] |= ALIVE_AT_APHERESIS;
        this.waitFirst[p] = wait;
        this.tA[p] = start;
        if (!(d.uAph < arm.pApheresis)) continue;
        this.flags[p] |= APHERESED;
      } else {
        this.retryWaits[p] += 1;
        this.waitRetry[p] += wait;
      }
      // The attempt takes the line first free, busy until s + T_mfg,k.
      const mfg = logNormal(arm.mfg, d.zMfg[k]);
      const lineFree = s + mfg;
      if (unused > 0) {
        unused--;
        lines.push(lineFree);
      } else {
        lines.replaceMin(lineFree);
      }
      const overlap = Math.min(lineFree, yearEnd) - Math.max(s, yearStart);
      if (overlap > 0) busy += overlap;
      this.attempts[p] = k + 1;
      const end = start + mfg;
      this.end[p] = end;
      const u = d.uOut[k];
      if (u < arm.pInSpec || (u < arm.pInSpecOrOos && d.uRel[k] < arm.pOosReleased)) {
        this.flags[p] |= MANUFACTURED;
        continue;
      }
      // A failure (or an OOS product not released): retry after a new apheresis?
      if (k + 1 < arm.maxAttempts && d.uRetry[k] < arm.pRetry) {
        const next = end + logNormal(arm.reapheresis, d.zReaph[k]);
        this.ready[p] = next;
        this.attempt[p] = k + 1;
        queue.push(this.e[p] + next, p);
      }
    }
    return busy;
  }

  /** Infusion, outcomes and costs of the reported year's patients, into arm `name`'s blocks. */
  private tallyArm(tally: Float64Array, name: ArmName, arm: ArmModel, busy: number): void {
    const m = this.m;
    const c = m.cohort;
    const o = ARM_OFFSET[name];
    const q = QUEUE_OFFSET[name];
    const f = newFunnelOutcome();
    const pair: PairOutcome = { infused: 0, completeResponse: 0, alive1y: 0, state: 0, cost: 0 };
    const from = m.warmupYears * m.patients;
    for (let p = from; p < from + m.patients; p++) {
      const d = this.decode(p);
      const flags = this.flags[p];
      f.referred = flags & REFERRED ? 1 : 0;
      f.aliveAtFunding = flags & ALIVE_AT_FUNDING ? 1 : 0;
      f.funded = flags & FUNDED ? 1 : 0;
      f.aliveAtApheresis = flags & ALIVE_AT_APHERESIS ? 1 : 0;
      f.apheresed = flags & APHERESED ? 1 : 0;
      f.manufactured = flags & MANUFACTURED ? 1 : 0;
      f.infused = 0;
      f.v2v = 0;
      f.attempts = this.attempts[p];
      f.reaphereses = f.attempts > 0 ? f.attempts - 1 : 0;
      f.oosReleased = 0;
      f.bridgingDays = 0;
      if (f.apheresed) {
        const E = d.clock;
        const tA = this.tA[p];
        const t = this.end[p];
        const k = f.attempts - 1;
        if (f.manufactured && !(d.uOut[k] < arm.pInSpec)) f.oosReleased = 1;
        const tP = tA + (E - c.lambda * tA) / c.lambdaBridging;
        let bridgingEnd = t;
        if (f.manufactured) {
          const tI = t + logNormal(arm.logistics, d.zLog);
          bridgingEnd = tI;
          const H = c.lambda * tA + (tI > tA ? c.lambdaBridging * (tI - tA) : 0);
          if (E > H) {
            f.infused = 1;
            f.v2v = tI - tA;
          }
        }
        f.bridgingDays = Math.max(0, Math.min(bridgingEnd, tP) - tA);
      }
      tallyPatient(tally, o, arm, c, d, f, pair);
      // The pair slots (MODEL.md v2, the 3 x 3 table of one-year states): poc after commercial.
      // The commercial arm keeps its state (bits 0-1), infused (bit 2) and complete response (bit 3).
      if (name === 'commercial') {
        this.pairCost[p] = pair.cost;
        this.pairState[p] = pair.state | (pair.infused << 2) | (pair.completeResponse << 3);
      } else {
        const packed = this.pairState[p];
        const com = packed & 3;
        const dInf = pair.infused - ((packed >> 2) & 1);
        const dCr = pair.completeResponse - ((packed >> 3) & 1);
        const dAlive = pair.alive1y - (com === 0 ? 0 : 1);
        const dCost = pair.cost - this.pairCost[p];
        tally[P.dInfusedSq] += dInf * dInf;
        tally[P.dCompleteResponsesSq] += dCr * dCr;
        tally[P.dAlive1ySq] += dAlive * dAlive;
        tally[P.dCost] += dCost;
        tally[P.dCostSq] += dCost * dCost;
        tally[P.dCostXdAlive1y] += dCost * dAlive;
        tally[P.dCostXdRemission] += dCost * ((pair.state === REMISSION ? 1 : 0) - (com === REMISSION ? 1 : 0));
        tally[stateSlot(com, pair.state)] += 1;
      }
      if (flags & LOST_WHILE_QUEUED) tally[q + Q.lostWhileQueued] += 1;
      if (f.aliveAtApheresis) {
        const w = this.waitFirst[p];
        tally[q + Q.waitFirstCount] += 1;
        tally[q + Q.waitFirstSum] += w;
        tally[q + Q.waitFirstSq] += w * w;
        tally[q + QUEUE_HIST + waitBin(w)] += 1;
      }
      tally[q + Q.waitRetryCount] += this.retryWaits[p];
      tally[q + Q.waitRetrySum] += this.waitRetry[p];
    }
    tally[q + Q.busyLineDays] = busy;
  }
}
