/**
 * The random stream of the parameter draws of a probabilistic sensitivity analysis (PSA).
 *
 * Parameter k (its fixed `slot`, see `slots.ts`) of draw d takes its 32-bit words, one after
 * another, from Philox4x32-10 blocks
 *
 *   block n = Philox4x32-10(counter = [n, slot, d, 0], key = [seed, STREAM_PARAMETERS])
 *
 * so a draw depends on (seed, d) only, never on the number of workers or on which other
 * parameters are uncertain (each parameter has a stream of its own, so a sampler that
 * rejects and consumes more words moves no other parameter). The key's second word keeps
 * these numbers apart from the patients' (STREAM_PATIENTS in `src/random/stream.ts`).
 * Slot 0 of draw 0 is exactly `new PhiloxSequence(seed, STREAM_PARAMETERS)`.
 */

import { philox4x32 } from '../random/philox.js';
import { STREAM_PATIENTS } from '../random/stream.js';

/** Second key word of the parameter draws: "PARA". */
export const STREAM_PARAMETERS = 0x50415241;

if ((STREAM_PARAMETERS as number) === STREAM_PATIENTS) throw new Error('parameter and patient streams must differ');

/** Anything that gives 32-bit words one after another (a `PhiloxSequence`, a `ParameterStream`). */
export interface WordSource {
  nextWord(): number;
}

export class ParameterStream implements WordSource {
  private readonly block = new Uint32Array(4);
  private counter = 0;
  private used = 4;

  constructor(private readonly seed: number, private draw: number, private slot: number) {}

  /** The stream of another (draw, slot) of the same seed, from its first word (as a new stream would be). */
  restart(draw: number, slot: number): void {
    this.draw = draw;
    this.slot = slot;
    this.counter = 0;
    this.used = 4;
  }

  nextWord(): number {
    if (this.used === 4) {
      philox4x32(this.counter, this.slot, this.draw, 0, this.seed, STREAM_PARAMETERS, this.block);
      this.counter++;
      this.used = 0;
    }
    return this.block[this.used++];
  }
}
