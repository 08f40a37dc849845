/**
 * The wasm kernel from TypeScript: compile the module once, instantiate it (one instance per
 * worker), write a scenario's parameters into its memory, run chunks, read tallies back.
 * The parameter layout is src/model/kernel-layout.ts (assembly/kernel/layout.ts is generated from it).
 */

import { standardExponential, uniform } from '../distributions/index.js';
import { armModel, cohortModel, type ArmModel, type CohortModel } from '../model/arm-model.js';
import type { Scenario } from '../scenario/types.js';
import { ARM_PARAMS, COHORT, KC, KERNEL_PARAMS_SIZE, KP } from '../model/kernel-layout.js';
import { TALLY_SIZE } from '../model/tally.js';

export { KERNEL_PARAMS_SIZE };

export interface KernelExports {
  memory: WebAssembly.Memory;
  paramsPtr(): number;
  paramsSize(): number;
  tallyPtr(): number;
  tallySize(): number;
  runChunk(seed: number, chunk: number, count: number): void;
}

const TWO_POW_32 = 4294967296;

/** The disease clock E of a clock word, exactly as the reference draws it. */
function clockOf(w: number): number {
  return standardExponential(uniform(w));
}

/**
 * The least clock word w with E(w) > h (2^32 when there is none). E is non-decreasing in w,
 * so "alive at a time with cumulative hazard h" is exactly "w >= clockBound(h)": the kernel
 * then decides a survival check with fixed times by comparing integers, on the reference's
 * own float64 arithmetic.
 */
export function clockBound(h: number): number {
  let lo = 0;
  let hi = TWO_POW_32;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (clockOf(mid) > h) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Writes into the arm's block at p[o ..] the survival checks of an arm whose times are fixed,
 * with the reference's
 * arithmetic (src/reference/journey.ts): fixFund, fixAph, fixInf, wFund, wAph, wInf[4], v2v[4].
 */
function fixedChecks(p: Float64Array, o: number, m: ArmModel, c: CohortModel): void {
  const fixFund = m.admin.sigma === 0;
  const fixAph = fixFund && m.slot.sigma === 0;
  const fixInf = fixAph && m.mfg.sigma === 0 && m.logistics.sigma === 0 && (m.reapheresis.sigma === 0 || m.maxAttempts === 1);
  const tFund = m.admin.median;
  const tA = tFund + m.slot.median;
  p[o + KP.fixFund] = fixFund ? 1 : 0;
  p[o + KP.fixAph] = fixAph ? 1 : 0;
  p[o + KP.fixInf] = fixInf ? 1 : 0;
  p[o + KP.wFund] = fixFund ? clockBound(c.lambda * tFund) : 0;
  p[o + KP.wAph] = fixAph ? clockBound(c.lambda * tA) : 0;
  if (fixInf) {
    let t = tA;
    for (let k = 0; k < 4; k++) {
      if (k > 0) t += m.reapheresis.median;
      t += m.mfg.median;
      const tI = t + m.logistics.median;
      p[o + KP.wInf + k] = clockBound(c.lambda * tA + (tI > tA ? c.lambdaBridging * (tI - tA) : 0));
      p[o + KP.v2vK + k] = tI - tA;
    }
  }
}

const PAYMENT_CODE = { perInfusion: 0, perAttempt: 1, perResponse: 2 } as const;

/**
 * The f64 parameter block of a scenario, as the kernel reads it (written field by field: a PSA
 * makes one per draw, on the main thread that the workers share the cores with).
 */
export function kernelParams(s: Scenario): Float64Array {
  const p = new Float64Array(KERNEL_PARAMS_SIZE);
  const c = cohortModel(s.cohort);
  const arm = (m: ArmModel, o: number) => {
    p[o + KP.pReferral] = m.pReferral;
    p[o + KP.pFunding] = m.pFunding;
    p[o + KP.pApheresis] = m.pApheresis;
    p[o + KP.pInSpec] = m.pInSpec;
    p[o + KP.pInSpecOrOos] = m.pInSpecOrOos;
    p[o + KP.pOosReleased] = m.pOosReleased;
    p[o + KP.pRetry] = m.pRetry;
    p[o + KP.maxAttempts] = m.maxAttempts;
    p[o + KP.pOrr] = m.pOrr;
    p[o + KP.pCr] = m.pCr;
    p[o + KP.pOs1] = m.pOs1;
    p[o + KP.pPfs1] = m.pPfs1;
    p[o + KP.pCrs3] = m.pCrs3;
    p[o + KP.pIcans3] = m.pIcans3;
    p[o + KP.payment] = PAYMENT_CODE[m.payment];
    p[o + KP.price] = m.price;
    p[o + KP.apheresisCost] = m.apheresisCost;
    p[o + KP.bridgingCostPerDay] = m.bridgingCostPerDay;
    p[o + KP.infusionCost] = m.infusionCost;
    p[o + KP.crsCost] = m.crsCost;
    p[o + KP.icansCost] = m.icansCost;
    for (const k of ['admin', 'slot', 'mfg', 'reapheresis', 'logistics'] as const) {
      const d = m[k];
      p[o + KP[k]] = d.median;
      p[o + KP[k] + 1] = d.mu;
      p[o + KP[k] + 2] = d.sigma;
    }
    fixedChecks(p, o, m, c);
  };
  arm(armModel(s.arms.commercial), 0);
  arm(armModel(s.arms.poc), ARM_PARAMS);
  p[COHORT + KC.lambda] = c.lambda;
  p[COHORT + KC.lambdaBridging] = c.lambdaBridging;
  p[COHORT + KC.pOs1Untreated] = c.pOs1Untreated;
  return p;
}

/** A kernel instance bound to one scenario at a time. */
export class Kernel {
  private readonly k: KernelExports;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {
      env: { abort: () => { throw new Error('cgt-access kernel: abort'); } },
    });
    this.k = instance.exports as unknown as KernelExports;
    if (this.k.tallySize() !== TALLY_SIZE) {
      throw new Error(`cgt-access kernel: tally of ${this.k.tallySize()} slots, expected ${TALLY_SIZE} (stale build?)`);
    }
  }

  setParams(params: Float64Array): void {
    if (params.length !== this.k.paramsSize()) throw new Error('cgt-access kernel: parameter block of the wrong size');
    new Float64Array(this.k.memory.buffer, this.k.paramsPtr(), params.length).set(params);
  }

  /** The tally of `count` patients of chunk `chunk` (a fresh copy). */
  runChunk(seed: number, chunk: number, count: number): Float64Array {
    const tally = new Float64Array(TALLY_SIZE);
    this.runChunkInto(seed, chunk, count, tally, 0);
    return tally;
  }

  /** The same, written into `out` at `offset` (no allocation: for tallies in shared memory). */
  runChunkInto(seed: number, chunk: number, count: number, out: Float64Array, offset: number): void {
    this.k.runChunk(seed >>> 0, chunk >>> 0, count);
    out.set(new Float64Array(this.k.memory.buffer, this.k.tallyPtr(), TALLY_SIZE), offset);
  }
}
