// Memory layout shared with the TypeScript side (src/engine/kernel-layout.ts and
// src/engine/tally.ts): the parameters the host writes, the tally the kernel writes.
// test/kernel.test.ts checks that both sides agree.

// ---- parameters: f64 slots, per arm (commercial at 0, poc at ARM_PARAMS), then the cohort ----
export const P_REFERRAL: i32 = 0;
export const P_FUNDING: i32 = 1;
export const P_APHERESIS: i32 = 2;
export const P_IN_SPEC: i32 = 3;
export const P_IN_SPEC_OR_OOS: i32 = 4;
export const P_OOS_RELEASED: i32 = 5;
export const P_RETRY: i32 = 6;
export const MAX_ATTEMPTS: i32 = 7;
export const P_ORR: i32 = 8;
export const P_CR: i32 = 9;
export const P_OS1: i32 = 10;
export const P_PFS1: i32 = 11;
export const P_CRS3: i32 = 12;
export const P_ICANS3: i32 = 13;
export const PAYMENT: i32 = 14; // 0 perInfusion, 1 perAttempt, 2 perResponse
export const PRICE: i32 = 15;
export const APHERESIS_COST: i32 = 16;
export const BRIDGING_COST_PER_DAY: i32 = 17;
export const INFUSION_COST: i32 = 18;
export const CRS_COST: i32 = 19;
export const ICANS_COST: i32 = 20;
// durations: (median, mu, sigma) each
export const ADMIN: i32 = 21;
export const SLOT: i32 = 24;
export const MFG: i32 = 27;
export const REAPH: i32 = 30;
export const LOGISTICS: i32 = 33;
// Survival checks whose times are fixed (every duration they depend on has sigma = 0), worked
// out by the host in float64 exactly as the reference does: 1 when fixed, then the least clock
// word w with E(w) > H(t) (as f64; 2^32 when none), for the funding and apheresis checks and the
// infusion check after k = 1..4 attempts, and the vein-to-vein time after k attempts.
export const FIX_FUND: i32 = 36;
export const FIX_APH: i32 = 37;
export const FIX_INF: i32 = 38;
export const W_FUND: i32 = 39;
export const W_APH: i32 = 40;
export const W_INF: i32 = 41; // 4 of them
export const V2V_K: i32 = 45; // 4 of them
export const ARM_PARAMS: i32 = 49;
export const COHORT: i32 = 2 * ARM_PARAMS;
export const LAMBDA: i32 = COHORT;
export const LAMBDA_BRIDGING: i32 = COHORT + 1;
export const P_OS1_UNTREATED: i32 = COHORT + 2;
export const PARAMS_SIZE: i32 = COHORT + 3;

// ---- tally: f64 slots (the order of ARM_SLOTS in src/engine/tally.ts) ----
export const T_REFERRED: i32 = 0;
export const T_ALIVE_AT_FUNDING: i32 = 1;
export const T_FUNDED: i32 = 2;
export const T_ALIVE_AT_APHERESIS: i32 = 3;
export const T_APHERESED: i32 = 4;
export const T_MANUFACTURED: i32 = 5;
export const T_INFUSED: i32 = 6;
export const T_RESPONSES: i32 = 7;
export const T_COMPLETE_RESPONSES: i32 = 8;
export const T_PROGRESSION_FREE_1Y: i32 = 9;
export const T_ALIVE_1Y: i32 = 10;
export const T_CRS3: i32 = 11;
export const T_ICANS3: i32 = 12;
export const T_ATTEMPTS: i32 = 13;
export const T_REAPHERESES: i32 = 15;
export const T_OOS_RELEASED: i32 = 17;
export const T_V2V_SUM: i32 = 19;
export const T_V2V_SQ: i32 = 20;
export const T_PRODUCT_COST: i32 = 21;
export const T_APHERESIS_COST: i32 = 23;
export const T_BRIDGING_COST: i32 = 25;
export const T_INFUSION_COST: i32 = 27;
export const T_ADVERSE_EVENTS_COST: i32 = 29;
export const T_COST: i32 = 31;
export const T_COST_X_INFUSED: i32 = 33;
export const T_COST_X_COMPLETE_RESPONSE: i32 = 34;
export const T_COST_X_ALIVE_1Y: i32 = 35;
// Economics (MODEL.md v2): units paid, their squares, attempts x units paid, cost x remission,
// infused alive at one year, complete responses alive and in remission at one year.
export const T_PAID_UNITS: i32 = 36;
export const T_PAID_UNITS_SQ: i32 = 37;
export const T_ATTEMPTS_X_PAID_UNITS: i32 = 38;
export const T_COST_X_REMISSION: i32 = 39;
export const T_INFUSED_ALIVE_1Y: i32 = 40;
export const T_COMPLETE_RESPONSES_ALIVE_1Y: i32 = 41;
export const T_COMPLETE_RESPONSES_REMISSION: i32 = 42;
export const ARM_SLOTS: i32 = 43;
export const V2V_BINS: i32 = 181;
export const ARM_HIST: i32 = ARM_SLOTS;
export const ARM_SIZE: i32 = ARM_SLOTS + V2V_BINS;
export const PAIR: i32 = 2 * ARM_SIZE;
export const T_D_INFUSED_SQ: i32 = PAIR;
export const T_D_COMPLETE_RESPONSES_SQ: i32 = PAIR + 1;
export const T_D_ALIVE_1Y_SQ: i32 = PAIR + 2;
export const T_D_COST: i32 = PAIR + 3;
export const T_D_COST_SQ: i32 = PAIR + 4;
export const T_D_COST_X_D_ALIVE_1Y: i32 = PAIR + 5;
// Economics (MODEL.md v2): d cost x d remission, then the 3 x 3 table of one-year states
// (commercial's state c, poc's state p, at T_STATES + 3 c + p; 0 dead, 1 progressed, 2 remission).
export const T_D_COST_X_D_REMISSION: i32 = PAIR + 6;
export const T_STATES: i32 = PAIR + 7;
export const T_PATIENTS: i32 = PAIR + 16;
export const TALLY_SIZE: i32 = PAIR + 17;
