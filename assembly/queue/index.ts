// The cohort-years engine's exports (a wasm module of its own: its own memory, and the host's
// Math functions imported so that its draws are the TypeScript reference's to the bit).

import { REPLICATE_TALLY, YEARS_PARAMS, layout as lay, runReplicate as run } from './replicate';
import { REPLICATE_TALLY_SIZE, YEARS_PARAMS_SIZE } from './layout';

export function paramsPtr(): usize { return YEARS_PARAMS; }
export function paramsSize(): i32 { return YEARS_PARAMS_SIZE; }
export function tallyPtr(): usize { return REPLICATE_TALLY; }
export function tallySize(): i32 { return REPLICATE_TALLY_SIZE; }
/** Lays out the per-patient arrays for the parameters written at paramsPtr() (grows the memory if needed). */
export function layout(): void { lay(); }
/** The tally of replicate r at tallyPtr(). */
export function runReplicate(r: u32): void { run(r); }
