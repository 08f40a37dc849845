/**
 * The cohort-years engine of a worker: runs replicates of the run whose parameter block it was
 * given, writing each replicate's tally (queue/layout.ts).
 */

import { yearsModelOf } from './params.js';
import { ReplicateSimulator } from './replicate.js';

export class YearsEngine {
  private sim?: ReplicateSimulator;
  private params?: Float64Array;

  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  constructor(_module?: WebAssembly.Module) {}

  setParams(params: Float64Array): void {
    if (this.params && this.params.length === params.length && this.params.every((v, i) => Object.is(v, params[i]))) return;
    this.params = params.slice();
    this.sim = new ReplicateSimulator(yearsModelOf(params));
  }

  runReplicate(r: number, out: Float64Array): void {
    if (!this.sim) throw new Error('cgt-access: setParams first');
    out.set(this.sim.run(r));
  }
}
