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
 * terms of MODEL.md, a word w becomes U = w * 2^-32 in [0, 1), and:
 *
 *   word  0       U_ref                 referral
 *   word  1       U_fund                funding
 *   word  2       U_aph                 apheresis (cells collected)
 *   word  3       U_E                   disease clock E = -ln(1 - U_E) ~ Exp(1)
 *   words 4, 5    Box-Muller pair  ->  z_admin (cos), z_slot (sin)
 *   words 6, 7    Box-Muller pair  ->  z_log (cos), z_mfg,1 (sin)
 *   words 8, 9    Box-Muller pair  ->  z_mfg,2 (cos), z_reaph,1 (sin)
 *   words 10, 11  Box-Muller pair  ->  z_mfg,3 (cos), z_reaph,2 (sin)
 *   words 12, 13  Box-Muller pair  ->  z_mfg,4 (cos), z_reaph,3 (sin)
 *   words 14..17  U_out,k   k = 1..4    manufacturing outcome of attempt k
 *   words 18..21  U_rel,k   k = 1..4    release of an out-of-specification product
 *   words 22..24  U_retry,k k = 1..3    retry after a failed attempt k
 *   word  25      U_resp                overall / complete response
 *   word  26      U_os (= U_pfs)        alive / progression-free at one year
 *   word  27      U_crs                 grade >= 3 CRS
 *   word  28      U_icans               grade >= 3 ICANS
 *   words 29..31  reserved (drawn, unused)
 *
 * Attempt-level numbers exist for all four attempts that `maxAttempts` allows (and a
 * retry and a re-apheresis wait after each of the first three), whatever each arm's
 * `maxAttempts`, so arms with different `maxAttempts` still share every number.
 * Each z is a standard normal; a log-normal duration is exp(mu + sigma * z). The pairs are
 * ordered so that attempt k's numbers come with pair k + 1: an engine may skip turning into
 * normals the words that no arm of the scenario can use (every word is still drawn).
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
  aph: 2,
  clock: 3,
  adminSlotPair: 4,
  logMfg1Pair: 6,
  /** Pairs of attempt k + 1 = 2, 3, 4 (z_mfg,k+1 by cos, z_reaph,k by sin): words 8, 10, 12. */
  mfgReaphPairs: 8,
  out: 14,
  rel: 18,
  retry: 22,
  resp: 25,
  os: 26,
  crs: 27,
  icans: 28,
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
