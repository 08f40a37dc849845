/**
 * The wasm kernel from TypeScript: compile the module once, instantiate it (one instance per
 * worker), write a scenario's parameters into its memory, run chunks, read tallies back.
 * The parameter layout mirrors assembly/kernel/layout.ts.
 */

import { armModel, cohortModel, type ArmModel } from '../reference/model.js';
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

const ARM_PARAMS = 36;
const PAYMENT_CODE = { perInfusion: 0, perAttempt: 1, perResponse: 2 } as const;

/** The f64 parameter block of a scenario, as the kernel reads it. */
export function kernelParams(s: Scenario): Float64Array {
  const p = new Float64Array(2 * ARM_PARAMS + 3);
  const arm = (m: ArmModel, o: number) => {
    const values = [
      m.pReferral, m.pFunding, m.pApheresis, m.pInSpec, m.pInSpecOrOos, m.pOosReleased, m.pRetry, m.maxAttempts,
      m.pOrr, m.pCr, m.pOs1, m.pPfs1, m.pCrs3, m.pIcans3, PAYMENT_CODE[m.payment], m.price, m.apheresisCost,
      m.bridgingCostPerDay, m.infusionCost, m.crsCost, m.icansCost,
    ];
    p.set(values, o);
    [m.admin, m.slot, m.mfg, m.reapheresis, m.logistics].forEach((d, i) => p.set([d.median, d.mu, d.sigma], o + 21 + 3 * i));
  };
  arm(armModel(s.arms.commercial), 0);
  arm(armModel(s.arms.poc), ARM_PARAMS);
  const c = cohortModel(s.cohort);
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
}
