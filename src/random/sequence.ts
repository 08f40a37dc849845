/**
 * A plain sequential stream of 32-bit words from Philox4x32-10: counter [n, 0, 0, 0]
 * for n = 0, 1, 2, ..., key [seed, stream]. Used where numbers are wanted one after
 * another (tests of the distributions, parameter draws); the patient journey uses the
 * fixed per-patient layout of `stream.ts` instead.
 */

import { philox4x32 } from './philox.js';

export class PhiloxSequence {
  private readonly block = new Uint32Array(4);
  private counter = 0;
  private used = 4;

  constructor(private readonly seed: number, private readonly stream = 0) {}

  /** The next 32-bit word. */
  nextWord(): number {
    if (this.used === 4) {
      philox4x32(this.counter, Math.floor(this.counter / 4294967296), 0, 0, this.seed, this.stream, this.block);
      this.counter++;
      this.used = 0;
    }
    return this.block[this.used++];
  }
}
