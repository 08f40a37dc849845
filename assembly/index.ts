// The cgt-access wasm kernel's exports. For now: the bit generator, so that the TypeScript
// side can check that the kernel draws the same words as the reference.

import { philox4x32 as philox } from './random/philox';
import { patientWords as words, WORDS_PER_PATIENT } from './random/stream';

// A static scratch buffer for words read back by the host.
const SCRATCH: usize = memory.data(WORDS_PER_PATIENT * 4, 16);

/** Address of the scratch buffer (32 u32 words). */
export function scratch(): usize {
  return SCRATCH;
}

/** Philox4x32-10 of (counter, key) into the scratch buffer's first four words. */
export function philox4x32(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  philox(c0, c1, c2, c3, k0, k1, SCRATCH);
}

/** The 32 words of patient `i` of chunk `chunk` into the scratch buffer. */
export function patientWords(seed: u32, chunk: u32, i: u32): void {
  words(seed, chunk, i, SCRATCH);
}
