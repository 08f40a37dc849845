// Layouts shared with the TypeScript side: the parameter block of src/queue/params.ts and the
// replicate tally of src/queue/layout.ts (version 1's tally, then a queue block per arm).
// test/queue-engine.test.ts checks that both sides agree.

import { TALLY_SIZE } from '../kernel/layout';

// ---- parameters (f64), per arm at 0 and YEARS_ARM_PARAMS, then the cohort and the run ----
export const Y_P_REFERRAL: i32 = 0;
export const Y_P_FUNDING: i32 = 1;
export const Y_P_APHERESIS: i32 = 2;
export const Y_P_IN_SPEC: i32 = 3;
export const Y_P_IN_SPEC_OR_OOS: i32 = 4;
export const Y_P_OOS_RELEASED: i32 = 5;
export const Y_P_RETRY: i32 = 6;
export const Y_MAX_ATTEMPTS: i32 = 7;
export const Y_P_ORR: i32 = 8;
export const Y_P_CR: i32 = 9;
export const Y_P_OS1: i32 = 10;
export const Y_P_PFS1: i32 = 11;
export const Y_P_CRS3: i32 = 12;
export const Y_P_ICANS3: i32 = 13;
export const Y_PAYMENT: i32 = 14; // 0 perInfusion, 1 perAttempt, 2 perResponse
export const Y_PRICE: i32 = 15;
export const Y_APHERESIS_COST: i32 = 16;
export const Y_BRIDGING_COST_PER_DAY: i32 = 17;
export const Y_INFUSION_COST: i32 = 18;
export const Y_CRS_COST: i32 = 19;
export const Y_ICANS_COST: i32 = 20;
// durations: (median, mu, sigma) each
export const Y_ADMIN: i32 = 21;
export const Y_SLOT: i32 = 24;
export const Y_MFG: i32 = 27;
export const Y_REAPH: i32 = 30;
export const Y_LOGISTICS: i32 = 33;
export const Y_LINES: i32 = 36; // +Infinity without capacity
export const YEARS_ARM_PARAMS: i32 = 37;
export const YEARS_COHORT: i32 = 2 * YEARS_ARM_PARAMS;
export const Y_LAMBDA: i32 = YEARS_COHORT;
export const Y_LAMBDA_BRIDGING: i32 = YEARS_COHORT + 1;
export const Y_P_OS1_UNTREATED: i32 = YEARS_COHORT + 2;
export const Y_SEED: i32 = YEARS_COHORT + 3;
export const Y_PATIENTS: i32 = YEARS_COHORT + 4;
export const Y_WARMUP_YEARS: i32 = YEARS_COHORT + 5;
export const Y_REPLICATES: i32 = YEARS_COHORT + 6;
export const YEARS_PARAMS_SIZE: i32 = YEARS_COHORT + 7;

// ---- a replicate's tally (f64): version 1's tally, then per arm a queue block ----
export const Q_LOST_WHILE_QUEUED: i32 = 0;
export const Q_WAIT_FIRST_COUNT: i32 = 1;
export const Q_WAIT_FIRST_SUM: i32 = 2;
export const Q_WAIT_FIRST_SQ: i32 = 3;
export const Q_WAIT_RETRY_COUNT: i32 = 4;
export const Q_WAIT_RETRY_SUM: i32 = 5;
export const Q_BUSY_LINE_DAYS: i32 = 6;
export const Q_HIST: i32 = 7;
// Bins of the first wait: 0 exactly, 1/16 day up to 16 days, then 2^(1/64) steps up to 16384 days, overflow.
export const WAIT_FINE_PER_DAY: f64 = 16;
export const WAIT_FINE_DAYS: f64 = 16;
export const WAIT_FINE_BINS: i32 = 256;
export const WAIT_GEOMETRIC_PER_DOUBLING: f64 = 64;
export const WAIT_GEOMETRIC_BINS: i32 = 640;
export const WAIT_MAX_DAYS: f64 = 16384;
export const WAIT_OVERFLOW_BIN: i32 = 1 + WAIT_FINE_BINS + WAIT_GEOMETRIC_BINS;
export const WAIT_BINS: i32 = WAIT_OVERFLOW_BIN + 1;
export const QUEUE_SIZE: i32 = Q_HIST + WAIT_BINS;
export const QUEUE_COMMERCIAL: i32 = TALLY_SIZE;
export const QUEUE_POC: i32 = TALLY_SIZE + QUEUE_SIZE;
export const REPLICATE_TALLY_SIZE: i32 = TALLY_SIZE + 2 * QUEUE_SIZE;
