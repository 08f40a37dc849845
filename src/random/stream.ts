/**
 * The random numbers of one patient: which Philox words, in which order, mean what.
 *
 * A run of `patients` patients is cut into chunks of CHUNK_PATIENTS patients
 * (the last one may be shorter). Patient i of chunk c (global index c * CHUNK_PATIENTS + i)
 * takes its WORDS_PER_PATIENT = 32 words from eight Philox4x32-10 blocks:
 *
 *   block j (0..7) = Philox4x32-10(counter = [j, i, c, 0], key = [seed, STREAM_PATIENTS])
 *
 * so the numbers depend on (seed, c, i) only: never on how many workers run, which
 * worker takes which chunk, or in which order chunks are computed. CHUNK_PATIENTS is
 * part of this definition (it fixes where a patient's numbers come from); it is not
 * a tuning knob. How chunks are grouped into batches of work is free and does not
 * change any result.
 *
 * Every word is drawn for every patient, used or not, so that both arms and every
 * branch of the journey stay on the same numbers (common random numbers). In the
 * terms of MODEL.md, a word w becomes U = w * 2^-32 in [0, 1) (exact in float64; an event
 * of probability p happens when U < p, i.e. when w < ceil(p * 2^32)), and:
 *
 *   block 0  word  0      U_ref                referral
 *            word  1      U_fund               funding
 *            word  2      U_E                  disease clock E = -ln(1 - U_E) ~ Exp(1)
 *            word  3      U_os (= U_pfs)       alive / progression-free at one year
 *   block 1  words 4, 5   Box-Muller pair  ->  z_admin (cos), z_slot (sin)
 *            words 6, 7   Box-Muller pair  ->  z_log (cos), z_mfg,1 (sin)
 *   block 2  word  8      U_aph                apheresis (cells collected)
 *            word  9      U_resp               overall / complete response
 *            word  10     U_crs                grade >= 3 CRS
 *            word  11     U_icans              grade >= 3 ICANS
 *   block 3  words 12-15  U_out,1  U_rel,1  U_retry,1  U_out,2
 *   block 4  words 16-19  U_rel,2  U_retry,2  Box-Muller pair -> z_mfg,2 (cos), z_reaph,1 (sin)
 *   block 5  words 20-23  U_out,3  U_rel,3  U_retry,3  U_out,4
 *   block 6  words 24-27  Box-Muller pair -> z_mfg,3 (cos), z_reaph,2 (sin); U_rel,4; reserved
 *   block 7  words 28-31  Box-Muller pair -> z_mfg,4 (cos), z_reaph,3 (sin); reserved; reserved
 *
 * (U_out,k: outcome of manufacturing attempt k; U_rel,k: release of its out-of-specification
 * product; U_retry,k: retry after a failed attempt k; z_reaph,k: the re-apheresis wait after
 * it.) Attempt-level numbers exist for all four attempts that `maxAttempts` allows, whatever
 * each arm's `maxAttempts`, so arms with different `maxAttempts` still share every number.
 * Each z is a standard normal; a log-normal duration is exp(mu + sigma * z).
 *
 * The blocks follow the funnel: a patient who is never referred uses block 0 only, one who
 * is not collected blocks 0 to 2, one whose first attempt succeeds blocks 0 to 3. The words
 * are the same whether or not an engine computes the blocks nobody uses (the wasm kernel
 * computes a block for four patients only when one of them needs it).
 */

import { philox4x32 } from './philox.js';

/** Patients per chunk: a chunk's numbers come from the stream (seed, chunk index) alone. */
export const CHUNK_PATIENTS = 65536;
/** Philox words per patient (eight blocks of four). */
export const WORDS_PER_PATIENT = 32;
/** Second key word of the patient streams; other domains (e.g. parameter draws) use others. */
export const STREAM_PATIENTS = 0x50415449; // "PATI"

export const WORD = {
  ref: 0,
  fund: 1,
  clock: 2,
  os: 3,
  adminSlotPair: 4,
  logMfg1Pair: 6,
  aph: 8,
  resp: 9,
  crs: 10,
  icans: 11,
  /** U_out,k for k = 1..4. */
  out: [12, 15, 20, 23],
  /** U_rel,k for k = 1..4. */
  rel: [13, 16, 21, 26],
  /** U_retry,k for k = 1..3. */
  retry: [14, 17, 22],
  /** Box-Muller pairs of attempt k = 2..4: z_mfg,k (cos) and z_reaph,k-1 (sin). */
  mfgReaphPairs: [18, 24, 28],
} as const;

/** Fills `out` (length >= 32) with the 32 words of patient i of chunk c of the run with `seed`. */
export function patientWords(seed: number, chunk: number, i: number, out: Uint32Array): void {
  for (let block = 0; block < WORDS_PER_PATIENT / 4; block++) {
    philox4x32(block, i, chunk, 0, seed, STREAM_PATIENTS, out, block * 4);
  }
}

/** Number of chunks of a run of `patients` patients. */
export function chunkCount(patients: number): number {
  return Math.ceil(patients / CHUNK_PATIENTS);
}

/** Number of patients in chunk `chunk` of a run of `patients` patients. */
export function chunkSize(patients: number, chunk: number): number {
  return Math.min(CHUNK_PATIENTS, patients - chunk * CHUNK_PATIENTS);
}
