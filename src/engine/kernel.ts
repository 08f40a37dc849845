/**
 * The wasm kernel from TypeScript: compile the module once, instantiate it (one instance per
 * worker), write a scenario's parameters into its memory, run chunks, read tallies back.
 * The parameter layout mirrors assembly/kernel/layout.ts.
 */

import { standardExponential, uniform } from '../distributions/index.js';
import { armModel, cohortModel, type ArmModel, type CohortModel } from '../reference/model.js';
import type { Scenario } from '../scenario/types.js';
import { TALLY_SIZE } from './tally.js';

export interface KernelExports {
  memory: WebAssembly.Memory;
  paramsPtr(): number;
  paramsSize(): number;
  tallyPtr(): number;
  tallySize(): number;
  runChunk(seed: number, chunk: number, count: number): void;
}

const ARM_PARAMS = 49;
/** The length of a scenario's parameter block (`kernelParams`). */
export const KERNEL_PARAMS_SIZE = 2 * ARM_PARAMS + 3;
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
 * Writes at p[o ..] the survival checks of an arm whose times are fixed, with the reference's
 * arithmetic (src/reference/journey.ts): fixFund, fixAph, fixInf, wFund, wAph, wInf[4], v2v[4].
 */
function fixedChecks(p: Float64Array, o: number, m: ArmModel, c: CohortModel): void {
  const fixFund = m.admin.sigma === 0;
  const fixAph = fixFund && m.slot.sigma === 0;
  const fixInf = fixAph && m.mfg.sigma === 0 && m.logistics.sigma === 0 && (m.reapheresis.sigma === 0 || m.maxAttempts === 1);
  const tFund = m.admin.median;
  const tA = tFund + m.slot.median;
  p[o] = fixFund ? 1 : 0;
  p[o + 1] = fixAph ? 1 : 0;
  p[o + 2] = fixInf ? 1 : 0;
  p[o + 3] = fixFund ? clockBound(c.lambda * tFund) : 0;
  p[o + 4] = fixAph ? clockBound(c.lambda * tA) : 0;
  if (fixInf) {
    let t = tA;
    for (let k = 0; k < 4; k++) {
      if (k > 0) t += m.reapheresis.median;
      t += m.mfg.median;
      const tI = t + m.logistics.median;
      p[o + 5 + k] = clockBound(c.lambda * tA + (tI > tA ? c.lambdaBridging * (tI - tA) : 0));
      p[o + 9 + k] = tI - tA;
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
    p[o] = m.pReferral;
    p[o + 1] = m.pFunding;
    p[o + 2] = m.pApheresis;
    p[o + 3] = m.pInSpec;
    p[o + 4] = m.pInSpecOrOos;
    p[o + 5] = m.pOosReleased;
    p[o + 6] = m.pRetry;
    p[o + 7] = m.maxAttempts;
    p[o + 8] = m.pOrr;
    p[o + 9] = m.pCr;
    p[o + 10] = m.pOs1;
    p[o + 11] = m.pPfs1;
    p[o + 12] = m.pCrs3;
    p[o + 13] = m.pIcans3;
    p[o + 14] = PAYMENT_CODE[m.payment];
    p[o + 15] = m.price;
    p[o + 16] = m.apheresisCost;
    p[o + 17] = m.bridgingCostPerDay;
    p[o + 18] = m.infusionCost;
    p[o + 19] = m.crsCost;
    p[o + 20] = m.icansCost;
    let at = o + 21;
    for (const d of [m.admin, m.slot, m.mfg, m.reapheresis, m.logistics]) {
      p[at++] = d.median;
      p[at++] = d.mu;
      p[at++] = d.sigma;
    }
    fixedChecks(p, o + 36, m, c);
  };
  arm(armModel(s.arms.commercial), 0);
  arm(armModel(s.arms.poc), ARM_PARAMS);
  p[2 * ARM_PARAMS] = c.lambda;
  p[2 * ARM_PARAMS + 1] = c.lambdaBridging;
  p[2 * ARM_PARAMS + 2] = c.pOs1Untreated;
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
