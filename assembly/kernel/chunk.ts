// The kernel: every patient of one chunk through both arms, on the same random numbers.
// Patients go in groups of four, one per lane of a v128. At a group's start, in one straight
// run: Philox blocks 0..3 (words 0..15, which nearly every group uses; the rounds' work that
// does not depend on the patient made once per chunk), the disease clock, Box-Muller pairs 0
// and 1 and the four durations every journey starts with. Then both arms' journeys, inlined in
// one function, on f32x4 / i32x4 lanes with masks, each stage only when some lane reached it
// (V8 keeps no vector register across a call, so the journeys call none); retries, rare, in a
// function of their own that makes the later words and normals on first use. Each patient ends
// as a path code counted in a per-chunk record of its path (most counts and costs are sums
// over paths, made at the chunk's end), without branches, four lanes unrolled.
//
// Precision, chosen by measurement (f32x4 does four patients per instruction where f64x2 does
// two: about twice the speed, measured side by side) and by what the reference can check:
// - Bernoulli events compare the 32-bit words with integer bounds: exactly the reference's U < p.
// - A survival check whose time is fixed (every duration it depends on has sigma = 0) compares
//   the clock word with an integer bound the host worked out on the reference's own float64
//   arithmetic (src/engine/kernel.ts, clockBound): exactly the reference's E > H(t). So with
//   fixed durations every integer count, and the vein-to-vein histogram (from float64 times
//   after k attempts), equal the reference's (test/kernel.test.ts).
// - Otherwise times, the disease clock E and normal draws are float32: their ~1e-7 relative
//   error is far below any Monte Carlo error (the kernel agrees with the reference within
//   MCSE on random scenarios, test/kernel.test.ts).
// - Counts are integers (float64 holds them exactly), sums are float64.
//
// Memory: static areas only (runtime stub, nothing allocated). The host writes PARAMS,
// calls runChunk, and reads TALLY (laid out as src/model/tally.ts).

import { philoxBlockPair4, philoxFirstBlocks4, setPhiloxKey4 } from '../random/philox4';
import { WORDS_PER_PATIENT } from '../random/stream';
import {
  WORD_ADMIN_SLOT_PAIR, WORD_APH, WORD_CLOCK, WORD_CRS, WORD_FUND, WORD_ICANS, WORD_LOG_MFG1_PAIR,
  WORD_MFG_REAPH_PAIRS_2, WORD_MFG_REAPH_PAIRS_3, WORD_MFG_REAPH_PAIRS_4, WORD_OS, WORD_OUT_1, WORD_OUT_2,
  WORD_OUT_3, WORD_OUT_4, WORD_REF, WORD_REL_1, WORD_REL_2, WORD_REL_3, WORD_REL_4, WORD_RESP, WORD_RETRY_1,
  WORD_RETRY_2, WORD_RETRY_3,
} from '../random/words';
import { vcosSinTurn32, vexp2_32, vlog32 } from '../math/vmath32';
import { PARAMS, TALLY, param } from './io';
import { ARM_CODES, CODES, PATHS, SPARE_CODE, pathCosts, tallyPaths } from './paths';
import {
  ADMIN, ARM_HIST, ARM_SIZE, BRIDGING_COST_PER_DAY, FIX_APH, FIX_FUND, FIX_INF, LAMBDA, LAMBDA_BRIDGING,
  LOGISTICS, MAX_ATTEMPTS, MFG, PARAMS_SIZE, P_APHERESIS, P_CR, P_CRS3, P_FUNDING, P_ICANS3, P_IN_SPEC,
  P_IN_SPEC_OR_OOS, P_ORR, P_OOS_RELEASED, P_OS1, P_OS1_UNTREATED, P_PFS1, P_REFERRAL, P_RETRY, REAPH, SLOT,
  TALLY_SIZE, T_ALIVE_1Y, T_BRIDGING_COST, T_D_ALIVE_1Y_SQ, T_D_COMPLETE_RESPONSES_SQ, T_D_COST, T_D_COST_SQ,
  T_D_COST_X_D_ALIVE_1Y, T_D_INFUSED_SQ, T_PATIENTS, T_PROGRESSION_FREE_1Y, T_V2V_SQ, T_V2V_SUM, V2V_BINS,
  W_APH, W_FUND, W_INF, T_D_COST_X_D_REMISSION, T_STATES,
} from './layout';

// The group's words, stored with their sign bit flipped (w ^ 2^31), and the integer bounds
// likewise: then w < bound as unsigned numbers is one signed comparison (i32x4.lt_s), where
// i32x4.lt_u takes V8 four instructions on x64.
const WORDS: usize = memory.data(WORDS_PER_PATIENT * 16, 16);
// Word numbers (assembly/random/words.ts): U_out,k, U_rel,k (k = 1..4), U_retry,k (k = 1..3),
// and the Box-Muller pairs' first words.
// @ts-ignore: decorator
@inline function wOut(k: i32): i32 { return k == 0 ? WORD_OUT_1 : k == 1 ? WORD_OUT_2 : k == 2 ? WORD_OUT_3 : WORD_OUT_4; }
// @ts-ignore: decorator
@inline function wRel(k: i32): i32 { return k == 0 ? WORD_REL_1 : k == 1 ? WORD_REL_2 : k == 2 ? WORD_REL_3 : WORD_REL_4; }
// @ts-ignore: decorator
@inline function wRetry(k: i32): i32 { return k == 0 ? WORD_RETRY_1 : k == 1 ? WORD_RETRY_2 : WORD_RETRY_3; }
// @ts-ignore: decorator
@inline function wPair(pair: i32): i32 {
  return pair == 0 ? WORD_ADMIN_SLOT_PAIR : pair == 1 ? WORD_LOG_MFG1_PAIR
    : pair == 2 ? WORD_MFG_REAPH_PAIRS_2 : pair == 3 ? WORD_MFG_REAPH_PAIRS_3 : WORD_MFG_REAPH_PAIRS_4;
}

// The group's normals (f32x4), by draw: admin, slot, logistics, mfg 1..4, re-apheresis 1..3;
// and the Box-Muller pair that makes each (pair 0: admin, slot; 1: logistics, mfg 1;
// k = 2..4: mfg k, re-apheresis k - 1).
const Z_ADMIN: i32 = 0;
const Z_SLOT: i32 = 1;
const Z_LOG: i32 = 2;
const Z_MFG: i32 = 3; // 4 of them
const Z_REAPH: i32 = 7; // 3 of them
const Z32: usize = memory.data(10 * 16, 16);
const TRIG: usize = memory.data(64, 16);
const TWO_POW_32: f64 = 4294967296.0;
const SIGN_BIT: u32 = 0x80000000;
const SIGN_BITS: usize = memory.data<u32>([SIGN_BIT, SIGN_BIT, SIGN_BIT, SIGN_BIT], 16);

// v128 constants are read from memory (one load each): V8 builds a v128.const from immediates
// in several instructions at every use (measured: loads are faster here). PREP holds, per
// chunk, the splatted float32 parameters: per arm and duration (median, mu log2 e,
// sigma log2 e: a draw is 2^(mu log2 e + sigma log2 e z) = exp(mu + sigma z)), and the
// cohort's lambda and lambda hr.
const PREP: usize = memory.data(2 * 16 * 16 + 2 * 16, 16);
const PREP_LAMBDA: usize = PREP + 2 * 16 * 16;
const K: usize = memory.data<f32>([
  1.0, 1.0, 1.0, 1.0,
  -2.0, -2.0, -2.0, -2.0,
  5.9604644775390625e-8, 5.9604644775390625e-8, 5.9604644775390625e-8, 5.9604644775390625e-8,
  <f32>(V2V_BINS - 1), <f32>(V2V_BINS - 1), <f32>(V2V_BINS - 1), <f32>(V2V_BINS - 1),
  12582912.0, 12582912.0, 12582912.0, 12582912.0,
], 16);
const K_ONE: i32 = 0;
const K_MINUS_TWO: i32 = 1;
const K_TWO_POW_MINUS_24: i32 = 2;
const K_LAST_BIN: i32 = 3;
const K_MAGIC: i32 = 4; // 1.5 2^23
const LANE_INDEX: usize = memory.data<i32>([0, 1, 2, 3], 16);
// @ts-ignore: decorator
@inline function kf(i: i32): v128 {
  return v128.load(K + (<usize>i << 4));
}
/** Entry e (3 i + 0, 1, 2: median, mu log2 e, sigma log2 e of duration i) of an arm's PREP. */
// @ts-ignore: decorator
@inline function prep(arm: i32, e: i32): v128 {
  return v128.load(PREP + (<usize>(arm * 16 + e) << 4));
}

// Per arm, as integers (read per group): which survival checks have fixed times, and maxAttempts.
const ARM_INTS: usize = memory.data(2 * 8, 16);
const FIXED_FUNDING: i32 = 1;
const FIXED_APHERESIS: i32 = 2;
const FIXED_INFUSION: i32 = 4;

function prepare(): void {
  for (let arm = 0; arm < 2; arm++) {
    store<i32>(ARM_INTS + (<usize>arm << 3), (param(arm, FIX_FUND) != 0.0 ? FIXED_FUNDING : 0)
      | (param(arm, FIX_APH) != 0.0 ? FIXED_APHERESIS : 0) | (param(arm, FIX_INF) != 0.0 ? FIXED_INFUSION : 0));
    store<i32>(ARM_INTS + (<usize>arm << 3), <i32>param(arm, MAX_ATTEMPTS), 4);
    for (let e = 0; e < 15; e++) v128.store(PREP + (<usize>(arm * 16 + e) << 4), f32x4.splat(<f32>(param(arm, ADMIN + e) * (e % 3 == 0 ? 1.0 : 1.4426950408889634))));
  }
  v128.store(PREP_LAMBDA, f32x4.splat(<f32>load<f64>(PARAMS + (<usize>LAMBDA << 3))));
  v128.store(PREP_LAMBDA, f32x4.splat(<f32>load<f64>(PARAMS + (<usize>LAMBDA_BRIDGING << 3))), 16);
}

// @ts-ignore: decorator
@inline function addSlot(slot: i32, x: f64): void {
  const at = TALLY + (<usize>slot << 3);
  store<f64>(at, load<f64>(at) + x);
}

// Integer bounds, splatted once per chunk: a lane's word w is "below" when w < bound (as u32)
// or the bound is 2^32 (the "always" mask). Per arm (and arm 2: the cohort) 24 entries of
// (bound, always) v128 pairs: probability slots 0..13 (U < p, bound ceil(p 2^32)), then the
// clock bounds of the fixed survival checks (dead when below): funding, apheresis, infusion
// after k = 1..4 attempts.
const BOUNDS: usize = memory.data(3 * 24 * 32, 16);
const B_FUND: i32 = 14;
const B_APH: i32 = 15;
const B_INF: i32 = 16; // 4 of them

function setBound(t: f64, arm: i32, slot: i32): void {
  const at = BOUNDS + (<usize>(arm * 24 + slot) << 5);
  v128.store(at, i32x4.splat((t >= TWO_POW_32 ? 0 : <i32><u32>t) ^ SIGN_BIT));
  v128.store(at, i32x4.splat(t >= TWO_POW_32 ? -1 : 0), 16);
}

/** Fills BOUNDS from the parameters (once per chunk). */
function bounds(): void {
  for (let arm = 0; arm < 2; arm++) {
    for (let slot = 0; slot <= P_ICANS3; slot++) setBound(Math.ceil(param(arm, slot) * TWO_POW_32), arm, slot);
    setBound(param(arm, W_FUND), arm, B_FUND);
    setBound(param(arm, W_APH), arm, B_APH);
    for (let k = 0; k < 4; k++) setBound(param(arm, W_INF + k), arm, B_INF + k);
  }
  setBound(Math.ceil(load<f64>(PARAMS + (<usize>P_OS1_UNTREATED << 3)) * TWO_POW_32), 2, 0);
}

/**
 * The lanes whose word w is below bound `slot` of `arm`, as an i32x4 mask. Words 0..15 (block
 * pairs 0 and 1) are made at the group's start; later words on first use (`belowLazy`). The
 * journey proper calls no function: V8 keeps no vector register across a call, so a call
 * anywhere in it (even one not taken) made it spill its vectors to the stack.
 */
// @ts-ignore: decorator
@inline function below(w: i32, arm: i32, slot: i32): v128 {
  const at = BOUNDS + (<usize>(arm * 24 + slot) << 5);
  return v128.or(i32x4.lt_s(v128.load(WORDS + (<usize>w << 4)), v128.load(at)), v128.load(at, 16));
}

// @ts-ignore: decorator
@inline function belowLazy(w: i32, arm: i32, slot: i32): v128 {
  ensureWords(w);
  return below(w, arm, slot);
}

// The current group of four patients, and which of its Philox block pairs are computed.
let group: u32 = 0;
let blockPairsDone: i32 = 0;
let normalsDone: i32 = 0; // Box-Muller pairs made for the group (bit = pair)
let eagerNormals: bool = false;

/** Words 8 q .. 8 q + 7 of the current group, computed on first use. */
// @ts-ignore: decorator
@inline function ensureWords(w: i32): void {
  const q = w >> 3;
  if (!(blockPairsDone & (1 << q))) {
    blockPairsDone |= 1 << q;
    philoxBlockPair4(group, <u32>(2 * q), WORDS, SIGN_BIT);
  }
}

/** 24-bit uniforms (w >>> 8) 2^-24 of the group's four patients from word w, as f32x4 (exact). */
// @ts-ignore: decorator
@inline function uniforms24(w: i32): v128 {
  ensureWords(w);
  const x = i32x4.shr_u(v128.xor(v128.load(WORDS + (<usize>w << 4)), v128.load(SIGN_BITS)), 8);
  return f32x4.mul(f32x4.convert_i32x4_s(x), kf(K_TWO_POW_MINUS_24));
}

/**
 * Box-Muller pair `pair` for the group: r cos(2 pi u2) and r sin(2 pi u2), r = sqrt(-2 ln(1 - u1)).
 * Inlined where pairs 0 and 1 are made together (with their own `trig` scratch), so that the
 * two long chains of dependent operations overlap; called for the later pairs.
 */
// @ts-ignore: decorator
@inline function boxMullerAt(pair: i32, trig: usize): void {
  const w = wPair(pair);
  const a = pair == 0 ? Z_ADMIN : pair == 1 ? Z_LOG : Z_MFG + pair - 1;
  const b = pair == 0 ? Z_SLOT : pair == 1 ? Z_MFG : Z_REAPH + pair - 2;
  const u1 = uniforms24(w);
  const u2 = uniforms24(w + 1);
  const r = f32x4.sqrt(f32x4.mul(kf(K_MINUS_TWO), vlog32(f32x4.sub(kf(K_ONE), u1))));
  vcosSinTurn32(u2, trig);
  v128.store(Z32 + (<usize>a << 4), f32x4.mul(r, v128.load(trig)));
  v128.store(Z32 + (<usize>b << 4), f32x4.mul(r, v128.load(trig, 16)));
}

function boxMuller32(pair: i32): void {
  boxMullerAt(pair, TRIG);
}

/**
 * Duration `d` of `arm` for the group, f32x4: the median when fixed, else exp(mu + sigma z) (as 2^x),
 * z the group's normal `z`. Normals of Box-Muller pairs 0 and 1 (admin, slot, logistics,
 * mfg 1) are made at the group's start; those of later pairs (retries) on first use (`lazy`).
 */
// @ts-ignore: decorator
@inline function duration(arm: i32, d: i32, pair: i32, z: i32, lazy: bool): v128 {
  const e = d - ADMIN;
  if (param(arm, d + 2) == 0.0) return prep(arm, e);
  if (lazy && !(normalsDone & (1 << pair))) {
    normalsDone |= 1 << pair;
    boxMuller32(pair);
  }
  const zv = v128.load(Z32 + (<usize>z << 4));
  return vexp2_32(f32x4.add(prep(arm, e + 1), f32x4.mul(prep(arm, e + 2), zv)));
}

// The durations every journey starts with (admin, slot, mfg 1, logistics), per arm, made at
// the group's start in one straight run: eight independent exp chains overlap there, where
// inside the journey each waited on the checks before it.
const FIRST: usize = memory.data(2 * 4 * 16, 16);
// @ts-ignore: decorator
@inline function firstDuration(arm: i32, i: i32): v128 {
  return v128.load(FIRST + (<usize>(arm * 4 + i) << 4));
}
// @ts-ignore: decorator
@inline function firstDurations(arm: i32): void {
  const at = FIRST + (<usize>(arm * 4) << 4);
  v128.store(at, duration(arm, ADMIN, 0, Z_ADMIN, false));
  v128.store(at, duration(arm, SLOT, 0, Z_SLOT, false), 16);
  v128.store(at, duration(arm, MFG, 1, Z_MFG, false), 32);
  v128.store(at, duration(arm, LOGISTICS, 1, Z_LOG, false), 48);
}

// What one arm's journey leaves for the differences between the arms: per arm, the patients'
// costs (f64, per lane), their alive-at-one-year and remission masks, and bit masks of the
// lanes infused, in complete response, alive at one year and in remission.
const LANE_COST: usize = memory.data(2 * 4 * 8, 16);
const LANE_ALIVE: usize = memory.data(2 * 16, 16);
const LANE_REMISSION: usize = memory.data(2 * 16, 16);
// float64x2 accumulators of the chunk: per arm bridging cost squared, vein-to-vein time and its
// square; then the differences' cost, cost squared, cost times alive and cost times remission.
const ACC_COUNT: i32 = 10;
const ACC: usize = memory.data(ACC_COUNT * 16, 16);
let infusedBits0: i32 = 0;
let infusedBits1: i32 = 0;
let crBits0: i32 = 0;
let crBits1: i32 = 0;
let aliveBits0: i32 = 0;
let aliveBits1: i32 = 0;
let remissionBits0: i32 = 0;
let remissionBits1: i32 = 0;
// The chunk's counts of lanes whose infusion, complete response or survival differ between the arms.
let dInfused: i32 = 0;
let dCompleteResponses: i32 = 0;
let dAlive: i32 = 0;
// Economics: the chunk's counts of lanes alive (commercial) and in remission (poc), in remission
// (commercial) and alive (poc), in remission in both; with the arms' counts they make the 3 x 3
// table of one-year states at the chunk's end (statesTable).
let aliveRemission: i32 = 0;
let remissionAlive: i32 = 0;
let remissionRemission: i32 = 0;

// The state of the attempts, for moreAttempts: the time, the lanes retrying, attempts, OOS
// releases and released lanes.
let tries: v128 = f32x4.splat(0.0);
let triesTrying: v128 = i32x4.splat(0);
let triesAttempts: v128 = i32x4.splat(0);
let triesOos: v128 = i32x4.splat(0);
let triesReleased: v128 = i32x4.splat(0);

/** Attempts 2 .. maxAttempts of an arm, for the lanes retrying after attempt 1 (a new apheresis first). */
function moreAttempts(arm: i32, maxAttempts: i32): void {
  let t = tries;
  let trying = triesTrying;
  let attempts = triesAttempts;
  let oosReleased = triesOos;
  let released = triesReleased;
  for (let k = 1; k < maxAttempts && anyLane(trying); k++) {
    t = v128.bitselect(f32x4.add(t, duration(arm, REAPH, k + 1, Z_REAPH + k - 1, true)), t, trying);
    attempts = i32x4.sub(attempts, trying);
    t = v128.bitselect(f32x4.add(t, duration(arm, MFG, k + 1, Z_MFG + k, true)), t, trying);
    const inSpec = belowLazy(wOut(k), arm, P_IN_SPEC);
    const oos = v128.andnot(v128.and(belowLazy(wOut(k), arm, P_IN_SPEC_OR_OOS), belowLazy(wRel(k), arm, P_OOS_RELEASED)), inSpec);
    const ok = v128.and(trying, v128.or(inSpec, oos));
    oosReleased = i32x4.sub(oosReleased, v128.and(trying, oos));
    released = v128.or(released, ok);
    const failed = v128.andnot(trying, ok);
    trying = k + 1 < maxAttempts && anyLane(failed) ? v128.and(failed, belowLazy(wRetry(k), arm, P_RETRY)) : i32x4.splat(0);
  }
  tries = t;
  triesAttempts = attempts;
  triesOos = oosReleased;
  triesReleased = released;
}

/**
 * Counts one patient of path `c`: adds (1, b) (`oneB`; b its bridging cost) to the path's
 * (patients, bridging cost); returns the patient's cost, the path's cost plus b.
 */
// @ts-ignore: decorator
@inline function countPath(paths: usize, c: i32, oneB: v128): f64 {
  const at = paths + (<usize>c << 5);
  v128.store(at, f64x2.add(v128.load(at), oneB));
  return load<f64>(at, 16) + f64x2.extract_lane(oneB, 1);
}

/** Adds `n` (0 or 1: infused or not) to vein-to-vein bin `bin`. */
// @ts-ignore: decorator
@inline function countBin(hist: usize, bin: i32, n: i32): void {
  const at = hist + (<usize>bin << 3);
  store<f64>(at, load<f64>(at) + <f64>n);
}

/**
 * Whether some lane of mask m (lanes all ones or all zeros) is set: its sign bits, one movmskps
 * (v128.any_true is a ptest and a setnz before the branch in V8's code).
 */
// @ts-ignore: decorator
@inline function anyLane(m: v128): bool {
  return i32x4.bitmask(m) != 0;
}

/** One arm's journey (MODEL.md) for the group; `active` masks real patients, E is the disease clock (f32x4). */
// @ts-ignore: decorator
@inline function journey(arm: i32, active: v128, E: v128): void {
  const lambda = v128.load(PREP_LAMBDA);
  const lambdaB = v128.load(PREP_LAMBDA, 16);
  const zero = f32x4.splat(0.0);
  const none = i32x4.splat(0);
  const flags = load<i32>(ARM_INTS + (<usize>arm << 3));
  const fixFund = (flags & FIXED_FUNDING) != 0;
  const fixAph = (flags & FIXED_APHERESIS) != 0;
  const fixInf = (flags & FIXED_INFUSION) != 0;

  // Every stage runs only when some lane reached it (lanes that did not are masked off); so a
  // duration is drawn (exp) and a Philox block pair computed only when needed.
  let aliveAtFunding = none;
  let funded = none;
  let aliveAtApheresis = none;
  let apheresed = none;
  let released = none;
  let infused = none;
  let attempts = none; // i32 counts
  let oosReleased = none; // i32 counts
  let v2v = zero;
  let bridgingDays = zero;

  // 1. Referral. 2. Funding at t_fund = T_admin (H(t) = lambda t before apheresis).
  const referred = v128.and(active, below(WORD_REF, arm, P_REFERRAL));
  if (anyLane(referred)) {
    const tFund = firstDuration(arm, 0);
    const aliveF = fixFund ? v128.not(below(WORD_CLOCK, arm, B_FUND)) : f32x4.gt(E, f32x4.mul(lambda, tFund));
    aliveAtFunding = v128.and(referred, aliveF);
    if (anyLane(aliveAtFunding)) funded = v128.and(aliveAtFunding, below(WORD_FUND, arm, P_FUNDING));
    if (anyLane(funded)) {
      // 3. Apheresis at t_a = t_fund + T_slot.
      const tA = f32x4.add(tFund, firstDuration(arm, 1));
      const aliveA = fixAph ? v128.not(below(WORD_CLOCK, arm, B_APH)) : f32x4.gt(E, f32x4.mul(lambda, tA));
      aliveAtApheresis = v128.and(funded, aliveA);
      if (anyLane(aliveAtApheresis)) apheresed = v128.and(aliveAtApheresis, below(WORD_APH, arm, P_APHERESIS));
      if (anyLane(apheresed)) {
        // 4. Manufacturing attempts: the first here, retries (rare) in moreAttempts.
        const maxAttempts = load<i32>(ARM_INTS + (<usize>arm << 3), 4);
        attempts = i32x4.sub(none, apheresed);
        let t = v128.bitselect(f32x4.add(tA, firstDuration(arm, 2)), tA, apheresed);
        const inSpec = below(wOut(0), arm, P_IN_SPEC);
        const oos = v128.andnot(v128.and(below(wOut(0), arm, P_IN_SPEC_OR_OOS), below(wRel(0), arm, P_OOS_RELEASED)), inSpec);
        released = v128.and(apheresed, v128.or(inSpec, oos));
        oosReleased = i32x4.sub(none, v128.and(apheresed, oos));
        const failed = v128.andnot(apheresed, released);
        if (maxAttempts > 1 && anyLane(failed)) {
          const retry = v128.and(failed, below(wRetry(0), arm, P_RETRY));
          if (anyLane(retry)) {
            tries = t;
            triesTrying = retry;
            triesAttempts = attempts;
            triesOos = oosReleased;
            triesReleased = released;
            moreAttempts(arm, maxAttempts);
            t = tries;
            attempts = triesAttempts;
            oosReleased = triesOos;
            released = triesReleased;
          }
        }

        // 5. Infusion at t_i = t + T_log; the check uses H(t_i) = lambda t_a + lambda hr (t_i - t_a).
        let end = t; // a lost product: bridging until the end of the last attempt
        if (anyLane(released)) {
          const tI = f32x4.add(t, firstDuration(arm, 3));
          let alive: v128;
          if (fixInf) {
            // The clock bound after the lane's number of attempts.
            let at = BOUNDS + (<usize>(arm * 24 + B_INF) << 5);
            let bound = v128.load(at);
            let always = v128.load(at, 16);
            for (let k = 2; k <= maxAttempts; k++) {
              at += 32;
              const m = i32x4.eq(attempts, i32x4.splat(k));
              bound = v128.bitselect(v128.load(at), bound, m);
              always = v128.bitselect(v128.load(at, 16), always, m);
            }
            alive = v128.not(v128.or(i32x4.lt_s(v128.load(WORDS + (<usize>WORD_CLOCK << 4)), bound), always));
          } else {
            const after = v128.and(f32x4.gt(tI, tA), f32x4.mul(lambdaB, f32x4.sub(tI, tA)));
            alive = f32x4.gt(E, f32x4.add(f32x4.mul(lambda, tA), after));
          }
          infused = v128.and(released, alive);
          v2v = f32x4.sub(tI, tA);
          end = v128.bitselect(tI, t, released);
        }
        // Bridging from t_a to the earlier of the end and progression t_p = H^-1(E).
        const tP = f32x4.add(tA, f32x4.div(f32x4.sub(E, f32x4.mul(lambda, tA)), lambdaB));
        // pmin/pmax (one instruction each): masked-off lanes may hold NaN or infinities, which the mask drops.
        bridgingDays = v128.and(apheresed, f32x4.pmax(zero, f32x4.sub(f32x4.pmin(end, tP), tA)));
      }
    }
  }

  // 6. After infusion; 7. not infused.
  let response = none;
  let completeResponse = none;
  let pfs = none;
  let crs = none;
  let icans = none;
  let aliveInfused = none;
  if (anyLane(infused)) {
    response = v128.and(infused, below(WORD_RESP, arm, P_ORR));
    completeResponse = v128.and(infused, below(WORD_RESP, arm, P_CR));
    aliveInfused = v128.and(infused, below(WORD_OS, arm, P_OS1));
    pfs = v128.and(infused, below(WORD_OS, arm, P_PFS1));
    crs = v128.and(infused, below(WORD_CRS, arm, P_CRS3));
    icans = v128.and(infused, below(WORD_ICANS, arm, P_ICANS3));
  }
  const alive = v128.or(aliveInfused, v128.andnot(v128.and(active, below(WORD_OS, 2, 0)), infused));

  // What the patient's path was, as one integer per lane: the funnel stage reached (the
  // masks are nested and -1 where true, so minus their sum is the stage: 0 not referred ..
  // 7 infused), attempts, OOS release, response, one-year state, CRS and ICANS. Counting
  // paths (one increment per patient) replaces some thirty sums per patient; every count and
  // every cost component but bridging is a function of the path, summed at the chunk's end.
  const stage = i32x4.sub(i32x4.sub(i32x4.sub(i32x4.sub(i32x4.sub(i32x4.sub(i32x4.sub(none,
    referred), aliveAtFunding), funded), aliveAtApheresis), apheresed), released), infused);
  const respLevel = i32x4.sub(i32x4.sub(none, response), completeResponse);
  const osLevel = i32x4.sub(i32x4.sub(none, alive), pfs);
  const events = i32x4.sub(i32x4.sub(none, crs), i32x4.shl(icans, 1));
  // (x * 3 as x + 2x, x * 5 as x + 4x: no constants.)
  let code = i32x4.add(osLevel, i32x4.add(events, i32x4.shl(events, 1)));
  code = i32x4.add(respLevel, i32x4.add(code, i32x4.shl(code, 1)));
  code = i32x4.add(oosReleased, i32x4.shl(code, 1));
  code = i32x4.add(attempts, i32x4.add(code, i32x4.shl(code, 2)));
  code = i32x4.add(stage, i32x4.shl(code, 3));
  const infusedBits = i32x4.bitmask(infused);
  if (arm == 0) {
    infusedBits0 = infusedBits;
    crBits0 = i32x4.bitmask(completeResponse);
    aliveBits0 = i32x4.bitmask(alive);
    remissionBits0 = i32x4.bitmask(pfs);
  } else {
    infusedBits1 = infusedBits;
    crBits1 = i32x4.bitmask(completeResponse);
    aliveBits1 = i32x4.bitmask(alive);
    remissionBits1 = i32x4.bitmask(pfs);
  }
  v128.store(LANE_ALIVE + (<usize>arm << 4), alive);
  v128.store(LANE_REMISSION + (<usize>arm << 4), pfs);

  // Per lane, unrolled and without branches: the path's count and bridging cost, the patient's
  // cost, and (times not fixed) the vein-to-vein histogram; sums of squares and vein-to-vein
  // sums in float64x2 accumulators, added up at the chunk's end. Lanes past the chunk's end
  // count in a spare path (code CODES) of cost 0, and have no bridging and no infusion.
  code = v128.bitselect(code, v128.load(SPARE_CODE), active);
  const perDay = f64x2.splat(param(arm, BRIDGING_COST_PER_DAY));
  const bridgingLo = f64x2.mul(f64x2.promote_low_f32x4(bridgingDays), perDay);
  const bridgingHi = f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<i32>(bridgingDays, bridgingDays, 2, 3, 2, 3)), perDay);
  const acc = ACC + (<usize>arm * 48);
  v128.store(acc, f64x2.add(v128.load(acc), f64x2.add(f64x2.mul(bridgingLo, bridgingLo), f64x2.mul(bridgingHi, bridgingHi))));
  const paths = PATHS + (<usize>(arm * ARM_CODES) << 5);
  const one = v128.load(ONE);
  const cost0 = countPath(paths, i32x4.extract_lane(code, 0), v128.shuffle<f64>(one, bridgingLo, 0, 2));
  const cost1 = countPath(paths, i32x4.extract_lane(code, 1), v128.shuffle<f64>(one, bridgingLo, 0, 3));
  const cost2 = countPath(paths, i32x4.extract_lane(code, 2), v128.shuffle<f64>(one, bridgingHi, 0, 2));
  const cost3 = countPath(paths, i32x4.extract_lane(code, 3), v128.shuffle<f64>(one, bridgingHi, 0, 3));
  const costs = LANE_COST + (<usize>arm << 5);
  v128.store(costs, f64x2.replace_lane(f64x2.splat(cost0), 1, cost1));
  v128.store(costs, f64x2.replace_lane(f64x2.splat(cost2), 1, cost3), 16);
  // Vein-to-vein sums and histogram (times not fixed), in groups with some lane infused.
  if (!fixInf && infusedBits != 0) {
    const v = v128.and(v2v, infused);
    const vLo = f64x2.promote_low_f32x4(v);
    const vHi = f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 2, 3));
    v128.store(acc, f64x2.add(v128.load(acc, 16), f64x2.add(vLo, vHi)), 16);
    v128.store(acc, f64x2.add(v128.load(acc, 32), f64x2.add(f64x2.mul(vLo, vLo), f64x2.mul(vHi, vHi))), 32);
    // The bin of each lane's time: floor(v) (v >= 0), the last bin from V2V_BINS - 1 days; made an
    // integer by adding 1.5 2^23 (exact here) and subtracting its bits.
    const bin = i32x4.sub(f32x4.add(f32x4.floor(f32x4.pmin(v, kf(K_LAST_BIN))), kf(K_MAGIC)), kf(K_MAGIC));
    const hist = TALLY + (<usize>(arm * ARM_SIZE + ARM_HIST) << 3);
    countBin(hist, i32x4.extract_lane(bin, 0), infusedBits & 1);
    countBin(hist, i32x4.extract_lane(bin, 1), (infusedBits >> 1) & 1);
    countBin(hist, i32x4.extract_lane(bin, 2), (infusedBits >> 2) & 1);
    countBin(hist, i32x4.extract_lane(bin, 3), infusedBits >> 3);
  }
}

/**
 * Both arms' journeys and their differences, for the group: one function, the two journeys
 * inlined in it (measured 4.6% faster on the whole kernel than a call per journey, which made
 * V8 save and reload the group's vectors around each call; inlined in runChunk as well, the
 * register pressure made it 15% slower).
 */
function journeys(active: v128, E: v128): void {
  journey(0, active, E);
  journey(1, active, E);
  pair();
}

/** Differences between the arms for the group just run. */
// @ts-ignore: decorator
@inline function pair(): void {
  dInfused += popcnt(infusedBits0 ^ infusedBits1);
  dCompleteResponses += popcnt(crBits0 ^ crBits1);
  dAlive += popcnt(aliveBits0 ^ aliveBits1);
  aliveRemission += popcnt(aliveBits0 & remissionBits1);
  remissionAlive += popcnt(remissionBits0 & aliveBits1);
  remissionRemission += popcnt(remissionBits0 & remissionBits1);
  const dLo = f64x2.sub(v128.load(LANE_COST, 32), v128.load(LANE_COST));
  const dHi = f64x2.sub(v128.load(LANE_COST, 48), v128.load(LANE_COST, 16));
  // alive (poc) - alive (commercial): the masks are -1 where alive.
  const dAlive = i32x4.sub(v128.load(LANE_ALIVE), v128.load(LANE_ALIVE, 16));
  const dAliveLo = f64x2.convert_low_i32x4_s(dAlive);
  const dAliveHi = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(dAlive, dAlive, 2, 3, 2, 3));
  const acc = ACC + 96;
  v128.store(acc, f64x2.add(v128.load(acc), f64x2.add(dLo, dHi)));
  v128.store(acc, f64x2.add(v128.load(acc, 16), f64x2.add(f64x2.mul(dLo, dLo), f64x2.mul(dHi, dHi))), 16);
  v128.store(acc, f64x2.add(v128.load(acc, 32), f64x2.add(f64x2.mul(dLo, dAliveLo), f64x2.mul(dHi, dAliveHi))), 32);
  // remission (poc) - remission (commercial), likewise.
  const dRemission = i32x4.sub(v128.load(LANE_REMISSION), v128.load(LANE_REMISSION, 16));
  const dRemissionLo = f64x2.convert_low_i32x4_s(dRemission);
  const dRemissionHi = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(dRemission, dRemission, 2, 3, 2, 3));
  v128.store(acc, f64x2.add(v128.load(acc, 48), f64x2.add(f64x2.mul(dLo, dRemissionLo), f64x2.mul(dHi, dRemissionHi))), 48);
}

/** Adds the two lanes of accumulator `i` (of ACC) to tally slot `slot`. */
function flush(i: i32, slot: i32): void {
  const a = v128.load(ACC + (<usize>i << 4));
  addSlot(slot, f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1));
}

// The records' counts are zeroed as tallyPaths reads them, so the next chunk finds them clean.
let pathsClean = true;
// The per-chunk tables (path costs, bounds, splatted parameters) are made again only when the
// parameters differ from those they were made for (PARAMS_MADE): most chunks share them.
const PARAMS_MADE: usize = memory.data(PARAMS_SIZE * 8, 16);
let tablesMade = false;
const ONE: usize = memory.data<f64>([1.0, 1.0], 16);

/**
 * The 3 x 3 table of one-year states (commercial's, poc's) of the chunk's `count` patients,
 * from each arm's counts alive and in remission (remission implies alive) and the chunk's
 * joint counts: alive in both (from the lanes whose survival differs), alive x remission,
 * remission x alive, remission in both. Dead is not alive; progressed is alive, not in remission.
 */
function statesTable(count: i32): void {
  const a0 = load<f64>(TALLY + (<usize>T_ALIVE_1Y << 3));
  const r0 = load<f64>(TALLY + (<usize>T_PROGRESSION_FREE_1Y << 3));
  const a1 = load<f64>(TALLY + (<usize>(ARM_SIZE + T_ALIVE_1Y) << 3));
  const r1 = load<f64>(TALLY + (<usize>(ARM_SIZE + T_PROGRESSION_FREE_1Y) << 3));
  const aa = (a0 + a1 - <f64>dAlive) * 0.5;
  const ar = <f64>aliveRemission;
  const ra = <f64>remissionAlive;
  const rr = <f64>remissionRemission;
  // (c, p) with 0 dead, 1 progressed, 2 remission.
  const rp = ra - rr;
  const pr = ar - rr;
  const pp = aa - ar - ra + rr;
  const rd = r0 - ra;
  const pd = a0 - r0 - aa + ra;
  const dr = r1 - ar;
  const dp = a1 - r1 - aa + ar;
  const dd = <f64>count - a0 - a1 + aa;
  const at = TALLY + (<usize>T_STATES << 3);
  store<f64>(at, dd);
  store<f64>(at, dp, 8);
  store<f64>(at, dr, 16);
  store<f64>(at, pd, 24);
  store<f64>(at, pp, 32);
  store<f64>(at, pr, 40);
  store<f64>(at, rd, 48);
  store<f64>(at, rp, 56);
  store<f64>(at, rr, 64);
}

/**
 * Tallies patients 0 .. count-1 of chunk `chunk` of the run with `seed` into TALLY (zeroed
 * first). Lane sums are added lane 0 + lane 1 at the end, into the tally's slots.
 */
export function runChunk(seed: u32, chunk: u32, count: i32): void {
  memory.fill(TALLY, 0, TALLY_SIZE * 8);
  memory.fill(ACC, 0, ACC_COUNT * 16);
  dInfused = 0;
  dCompleteResponses = 0;
  dAlive = 0;
  aliveRemission = 0;
  remissionAlive = 0;
  remissionRemission = 0;
  if (!pathsClean) {
    // A chunk did not finish (a trap): clear every record, costs included.
    memory.fill(PATHS, 0, 2 * ARM_CODES * 32);
    tablesMade = false;
  }
  pathsClean = false;
  if (!tablesMade || memory.compare(PARAMS, PARAMS_MADE, PARAMS_SIZE * 8) != 0) {
    pathCosts();
    bounds();
    prepare();
    memory.copy(PARAMS_MADE, PARAMS, PARAMS_SIZE * 8);
    tablesMade = true;
  }
  // Box-Muller pairs 0 and 1 (admin, slot; logistics, mfg 1) at each group's start, unless
  // neither arm draws any of those durations at random.
  eagerNormals = false;
  for (let arm = 0; arm < 2; arm++) {
    for (let d = ADMIN; d <= LOGISTICS; d += 3) if (d != REAPH && param(arm, d + 2) != 0.0) eagerNormals = true;
  }
  setPhiloxKey4(seed, chunk);
  for (let i0 = 0; i0 < count; i0 += 4) {
    group = <u32>i0;
    philoxFirstBlocks4(group, WORDS, SIGN_BIT);
    blockPairsDone = 3;
    normalsDone = 0;
    if (eagerNormals) {
      boxMullerAt(0, TRIG);
      boxMullerAt(1, TRIG + 32);
      normalsDone = 3;
    }
    firstDurations(0);
    firstDurations(1);
    const lanes = min(4, count - i0);
    const active = i32x4.lt_s(v128.load(LANE_INDEX), i32x4.splat(lanes));
    // The disease clock E = -ln(1 - U), U from the word's top 24 bits (1 - U exact in f32).
    const E = f32x4.neg(vlog32(f32x4.sub(kf(K_ONE), uniforms24(WORD_CLOCK))));
    journeys(active, E);
  }
  for (let arm = 0; arm < 2; arm++) {
    const t = arm * ARM_SIZE;
    v128.store(PATHS + (<usize>(arm * ARM_CODES + CODES) << 5), i32x4.splat(0)); // the spare path
    flush(arm * 3, t + T_BRIDGING_COST + 1);
    flush(arm * 3 + 1, t + T_V2V_SUM);
    flush(arm * 3 + 2, t + T_V2V_SQ);
    tallyPaths(arm);
  }
  flush(6, T_D_COST);
  addSlot(T_D_INFUSED_SQ, <f64>dInfused);
  addSlot(T_D_COMPLETE_RESPONSES_SQ, <f64>dCompleteResponses);
  addSlot(T_D_ALIVE_1Y_SQ, <f64>dAlive);
  flush(7, T_D_COST_SQ);
  flush(8, T_D_COST_X_D_ALIVE_1Y);
  flush(9, T_D_COST_X_D_REMISSION);
  statesTable(count);
  store<f64>(TALLY + (<usize>T_PATIENTS << 3), <f64>count);
  pathsClean = true;
}
