/**
 * The cohort-years engine in a worker: the wasm module of assembly/queue/ (its own instance and
 * memory), given a run's parameter block, runs replicates and hands back their tallies
 * (model/queue-layout.ts). The module imports the host's Math.log (and log2), so that its disease
 * clocks are the TypeScript reference's to the bit (see assembly/queue/replicate.ts).
 */

import { REPLICATE_TALLY_SIZE } from '../model/queue-layout.js';
import { YC, YEARS_COHORT, YEARS_PARAMS_SIZE } from '../model/queue-params.js';

/** Bytes of the engine's per-patient arrays (assembly/queue/replicate.ts, layout): words, times, draws, flags, heaps. */
const BYTES_PER_PATIENT = 128 + 14 * 8 + 2 * 4 + 7 + 32;

interface YearsExports {
  memory: WebAssembly.Memory;
  paramsPtr(): number;
  paramsSize(): number;
  tallyPtr(): number;
  tallySize(): number;
  layout(): void;
  runReplicate(r: number): void;
}

/** The host functions the module imports (env."Math.log", ...). */
export function yearsImports(): WebAssembly.Imports {
  return {
    env: {
      'Math.log': Math.log, 'Math.exp': Math.exp, 'Math.cos': Math.cos, 'Math.sin': Math.sin, 'Math.log2': Math.log2,
      abort: () => { throw new Error('cgt-access queue engine: abort'); },
    },
  };
}

export class YearsEngine {
  private readonly k: YearsExports;
  private params?: Float64Array;

  constructor(module: WebAssembly.Module) {
    this.k = new WebAssembly.Instance(module, yearsImports()).exports as unknown as YearsExports;
    if (this.k.tallySize() !== REPLICATE_TALLY_SIZE || this.k.paramsSize() !== YEARS_PARAMS_SIZE) {
      throw new Error('cgt-access queue engine: layout differs from the library\'s (stale build?)');
    }
  }

  /** Sets a run's parameters (and lays out its arrays) unless they are the ones already set. */
  setParams(params: Float64Array): void {
    if (params.length !== YEARS_PARAMS_SIZE) throw new Error('cgt-access queue engine: parameter block of the wrong size');
    const same = this.params !== undefined && this.params.every((v, i) => Object.is(v, params[i]));
    if (same) return;
    new Float64Array(this.k.memory.buffer, this.k.paramsPtr(), YEARS_PARAMS_SIZE).set(params);
    try {
      this.k.layout();
    } catch (e) {
      // The only trap of layout(): memory.grow refused (a replicate holds every patient of its W + 1 cohorts).
      const patients = (params[YEARS_COHORT + YC.warmupYears] + 1) * params[YEARS_COHORT + YC.patients];
      throw new RangeError(`cgt-access queue engine: a replicate of ${patients} patients needs about ${Math.ceil((patients * BYTES_PER_PATIENT) / 2 ** 20)} MiB `
        + `of wasm memory, more than this worker could get (${(e as Error).message}); use fewer eligible patients or warm-up years`);
    }
    this.params = params.slice();
  }

  /** The engine's tally, viewed in its memory (made again only when the memory has grown). */
  private tallyView?: Float64Array;

  /** The tally of replicate r, written into `out` at `offset` (REPLICATE_TALLY_SIZE numbers; nothing allocated). */
  runReplicate(r: number, out: Float64Array, offset = 0): void {
    if (!this.params) throw new Error('cgt-access queue engine: setParams first');
    this.k.runReplicate(r >>> 0);
    let view = this.tallyView;
    if (view === undefined || view.buffer !== this.k.memory.buffer) {
      view = this.tallyView = new Float64Array(this.k.memory.buffer, this.k.tallyPtr(), REPLICATE_TALLY_SIZE);
    }
    out.set(view, offset);
  }
}
