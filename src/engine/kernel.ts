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
 * The survival checks of an arm whose times are fixed, with the reference's arithmetic
 * (src/reference/journey.ts): [fixFund, fixAph, fixInf, wFund, wAph, wInf[4], v2v[4]].
 */
function fixedChecks(m: ArmModel, c: CohortModel): number[] {
  const fixFund = m.admin.sigma === 0;
  const fixAph = fixFund && m.slot.sigma === 0;
  const fixInf = fixAph && m.mfg.sigma === 0 && m.logistics.sigma === 0 && (m.reapheresis.sigma === 0 || m.maxAttempts === 1);
  const tFund = m.admin.median;
  const tA = tFund + m.slot.median;
  const wInf = [0, 0, 0, 0];
  const v2v = [0, 0, 0, 0];
  if (fixInf) {
    let t = tA;
    for (let k = 0; k < 4; k++) {
      if (k > 0) t += m.reapheresis.median;
      t += m.mfg.median;
      const tI = t + m.logistics.median;
      wInf[k] = clockBound(c.lambda * tA + (tI > tA ? c.lambdaBridging * (tI - tA) : 0));
      v2v[k] = tI - tA;
    }
  }
  return [
    fixFund ? 1 : 0, fixAph ? 1 : 0, fixInf ? 1 : 0,
    fixFund ? clockBound(c.lambda * tFund) : 0, fixAph ? clockBound(c.lambda * tA) : 0, ...wInf, ...v2v,
  ];
}
const PAYMENT_CODE = { perInfusion: 0, perAttempt: 1, perResponse: 2 } as const;

/** The f64 parameter block of a scenario, as the kernel reads it. */
export function kernelParams(s: Scenario): Float64Array {
  const p = new Float64Array(2 * ARM_PARAMS + 3);
  const c = cohortModel(s.cohort);
  const arm = (m: ArmModel, o: number) => {
    const values = [
      m.pReferral, m.pFunding, m.pApheresis, m.pInSpec, m.pInSpecOrOos, m.pOosReleased, m.pRetry, m.maxAttempts,
      m.pOrr, m.pCr, m.pOs1, m.pPfs1, m.pCrs3, m.pIcans3, PAYMENT_CODE[m.payment], m.price, m.apheresisCost,
      m.bridgingCostPerDay, m.infusionCost, m.crsCost, m.icansCost,
    ];
    p.set(values, o);
    [m.admin, m.slot, m.mfg, m.reapheresis, m.logistics].forEach((d, i) => p.set([d.median, d.mu, d.sigma], o + 21 + 3 * i));
    p.set(fixedChecks(m, c), o + 36);
  };
  arm(armModel(s.arms.commercial), 0);
  arm(armModel(s.arms.poc), ARM_PARAMS);
  p.set([c.lambda, c.lambdaBridging, c.pOs1Untreated], 2 * ARM_PARAMS);
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
    this.k.runChunk(seed >>> 0, chunk >>> 0, count);
    return new Float64Array(this.k.memory.buffer, this.k.tallyPtr(), TALLY_SIZE).slice();
  }

  /** The same, written into `out` at `offset` (no allocation: for tallies in shared memory). */
  runChunkInto(seed: number, chunk: number, count: number, out: Float64Array, offset: number): void {
    this.k.runChunk(seed >>> 0, chunk >>> 0, count);
    out.set(new Float64Array(this.k.memory.buffer, this.k.tallyPtr(), TALLY_SIZE), offset);
  }
}
