// The per-patient stream of src/random/stream.ts (layout documented there): patient i of
// chunk c takes 8 Philox blocks, block j at counter [j, i, c, 0] and key [seed, STREAM_PATIENTS].

import { philox4x32 } from './philox';

export const WORDS_PER_PATIENT: i32 = 32;
export const STREAM_PATIENTS: u32 = 0x50415449; // "PATI"

/** Writes the 32 words of patient `i` of chunk `chunk` at `out`. */
export function patientWords(seed: u32, chunk: u32, i: u32, out: usize): void {
  for (let block: u32 = 0; block < <u32>WORDS_PER_PATIENT / 4; block++) {
    philox4x32(block, i, chunk, 0, seed, STREAM_PATIENTS, out + (<usize>block << 4));
  }
}
