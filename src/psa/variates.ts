/**
 * Uniforms in the open interval (0, 1) and standard normals from a word source, for the
 * samplers of the parameter draws (the patients' numbers are laid out in `src/random/stream.ts`).
 */

import { boxMuller } from '../distributions/normal.js';
import { TWO_POW_MINUS_32 } from '../distributions/uniform.js';
import type { WordSource } from './stream.js';

/** U = (w + 1/2) 2^-32: in (0, 1), never 0 (log U is finite) and never 1. */
export function openUniform(src: WordSource): number {
  return (src.nextWord() + 0.5) * TWO_POW_MINUS_32;
}

/**
 * Standard normals by Box-Muller from two words at a time (both of the pair are used, the
 * second one on the next call). One per parameter stream.
 */
export class NormalSource {
  private readonly pair = new Float64Array(2);
  private spare = false;

  constructor(private readonly src: WordSource) {}

  /** Forgets the spare normal (for a source whose words start afresh, as a new one would). */
  restart(): void {
    this.spare = false;
  }

  next(): number {
    if (this.spare) {
      this.spare = false;
      return this.pair[1];
    }
    const u1 = this.src.nextWord() * TWO_POW_MINUS_32;
    const u2 = this.src.nextWord() * TWO_POW_MINUS_32;
    boxMuller(u1, u2, this.pair, 0);
    this.spare = true;
    return this.pair[0];
  }

  uniform(): number {
    return openUniform(this.src);
  }
}
