// The kernel: every patient of one chunk through both arms, on the same random numbers.
// Patients go in groups of four (one Philox call per block of words, computed only when a
// patient of the group needs it); the journey runs on pairs of patients (f64x2) with lane
// masks, each stage only when some lane reached it.
//
// Precision, chosen by measurement and by what the reference can check:
// - Bernoulli events compare the 32-bit words with integer bounds (exactly the reference's
//   U < p); the disease clock E and all times are float64 (f64x2), so with fixed durations the
//   kernel's integer counts equal the reference's (test/kernel.test.ts).
// - Normal draws and random durations are float32 (f32x4, four patients at once): they were
//   most of the arithmetic, and their ~1e-7 relative error is far below any Monte Carlo error.
//   A whole f32 journey would be faster still, but would move E > H(t) comparisons and break
//   the exact agreement with the reference on fixed durations.
// - Counts are integers (float64 holds them exactly), sums are float64.
//
// Memory: static areas only (runtime stub, nothing allocated). The host writes PARAMS,
// calls runChunk, and reads TALLY (laid out as src/engine/tally.ts).

import { philoxBlockPair4 } from '../random/philox4';
import { WORDS_PER_PATIENT } from '../random/stream';
import { vlog } from '../math/vmath';
import { vcosSinTurn32, vexp32, vlog32 } from '../math/vmath32';
import {
  ADMIN, APHERESIS_COST, ARM_HIST, ARM_PARAMS, ARM_SIZE, ARM_SLOTS, BRIDGING_COST_PER_DAY, CRS_COST,
  ICANS_COST, INFUSION_COST, LAMBDA, LAMBDA_BRIDGING, LOGISTICS, MAX_ATTEMPTS, MFG, PAIR, PARAMS_SIZE,
  PAYMENT, PRICE, P_APHERESIS, P_CR, P_CRS3, P_FUNDING, P_ICANS3, P_IN_SPEC, P_IN_SPEC_OR_OOS, P_ORR,
  P_OOS_RELEASED, P_OS1, P_OS1_UNTREATED, P_PFS1, P_REFERRAL, P_RETRY, REAPH, SLOT, TALLY_SIZE,
  T_ADVERSE_EVENTS_COST, T_ALIVE_1Y, T_ALIVE_AT_APHERESIS, T_ALIVE_AT_FUNDING, T_APHERESED,
  T_APHERESIS_COST, T_ATTEMPTS, T_BRIDGING_COST, T_COMPLETE_RESPONSES, T_COST, T_COST_X_ALIVE_1Y,
  T_COST_X_COMPLETE_RESPONSE, T_COST_X_INFUSED, T_CRS3, T_FUNDED, T_ICANS3, T_INFUSED,
  T_INFUSION_COST, T_MANUFACTURED, T_OOS_RELEASED, T_PATIENTS, T_PRODUCT_COST, T_PROGRESSION_FREE_1Y,
  T_REAPHERESES, T_REFERRED, T_RESPONSES, T_V2V_SQ, T_V2V_SUM, V2V_BINS,
} from './layout';

export const PARAMS: usize = memory.data(PARAMS_SIZE * 8, 16);
export const TALLY: usize = memory.data(TALLY_SIZE * 8, 16);
// Vector accumulators: per arm ARM_SLOTS f64x2 (the tally's slot order), then 6 for the pair.
const ACC_SLOTS: i32 = 2 * ARM_SLOTS + 6;
const ACC: usize = memory.data(ACC_SLOTS * 16, 16);
const WORDS: usize = memory.data(WORDS_PER_PATIENT * 16, 16);
// Word numbers of src/random/stream.ts.
const W_REF: i32 = 0;
const W_FUND: i32 = 1;
const W_CLOCK: i32 = 2;
const W_OS: i32 = 3;
const W_APH: i32 = 8;
const W_RESP: i32 = 9;
const W_CRS: i32 = 10;
const W_ICANS: i32 = 11;
// U_out,k, U_rel,k (k = 1..4), U_retry,k (k = 1..3), and the Box-Muller pairs' first words.
// @ts-ignore: decorator
@inline function wOut(k: i32): i32 { return k == 0 ? 12 : k == 1 ? 15 : k == 2 ? 20 : 23; }
// @ts-ignore: decorator
@inline function wRel(k: i32): i32 { return k == 0 ? 13 : k == 1 ? 16 : k == 2 ? 21 : 26; }
// @ts-ignore: decorator
@inline function wRetry(k: i32): i32 { return k == 0 ? 14 : k == 1 ? 17 : 22; }
// @ts-ignore: decorator
@inline function wPair(pair: i32): i32 { return pair == 0 ? 4 : pair == 1 ? 6 : pair == 2 ? 18 : pair == 3 ? 24 : 28; }

// The disease clock of the current pair of patients (f64x2), and the slots of the normals (see Z32).
const D_CLOCK: i32 = 0;
const D_Z_ADMIN: i32 = 1;
const D_Z_SLOT: i32 = 2;
const D_Z_LOG: i32 = 3;
const D_Z_MFG: i32 = 4; // 4 of them
const D_Z_REAPH: i32 = 8; // 3 of them
const DRAWS: usize = memory.data(16, 16);
const TRIG: usize = memory.data(32, 16);
// Per arm, what the pair needs: infused, complete response, alive at 1 year, cost (f64x2 each).
const OUT: usize = memory.data(2 * 4 * 16, 16);

const TWO_POW_MINUS_32: f64 = 2.3283064365386963e-10;

// @ts-ignore: decorator
@inline function param(arm: i32, slot: i32): f64 {
  return load<f64>(PARAMS + (<usize>(arm * ARM_PARAMS + slot) << 3));
}
// @ts-ignore: decorator
@inline function draw(slot: i32): v128 {
  return v128.load(DRAWS + (<usize>slot << 4));
}
// @ts-ignore: decorator
@inline function setDraw(slot: i32, v: v128): void {
  v128.store(DRAWS + (<usize>slot << 4), v);
}
// @ts-ignore: decorator
@inline function acc(slot: i32, v: v128): void {
  const at = ACC + (<usize>slot << 4);
  v128.store(at, f64x2.add(v128.load(at), v));
}
// 1.0 in the lanes of a mask, 0.0 elsewhere.
// @ts-ignore: decorator
@inline function ones(mask: v128): v128 {
  return v128.and(mask, f64x2.splat(1.0));
}
// Bernoulli events on the 32-bit words themselves: U = w 2^-32 < p exactly when
// w < ceil(p 2^32), so comparing integers gives the reference's events bit for bit, four
// patients per instruction. THRESHOLDS holds, per arm and probability slot, that bound as a
// u32 and an "always" mask for p > 1 - 2^-32 (bound 2^32, beyond u32).
const THRESHOLDS: usize = memory.data(3 * 16 * 8, 16); // [arm 0, arm 1, cohort] x 16 slots x (u32 bound, i32 always)
const TWO_POW_32: f64 = 4294967296.0;

function thresholdOf(p: f64, at: usize): void {
  const t = Math.ceil(p * TWO_POW_32);
  store<u32>(at, t >= TWO_POW_32 ? 0 : <u32>t);
  store<i32>(at, t >= TWO_POW_32 ? -1 : 0, 4);
}

/** Fills THRESHOLDS from the parameters (once per chunk). */
function thresholds(): void {
  for (let arm = 0; arm < 2; arm++) {
    for (let slot = 0; slot <= P_ICANS3; slot++) thresholdOf(param(arm, slot), THRESHOLDS + (<usize>(arm * 16 + slot) << 3));
  }
  thresholdOf(load<f64>(PARAMS + (<usize>P_OS1_UNTREATED << 3)), THRESHOLDS + (<usize>(2 * 16) << 3));
}

/** The event U_w < p (p: probability slot `slot` of `arm`; arm 2: the cohort's pOs1Untreated) for the current pair of patients, as an i64x2 mask. */
// @ts-ignore: decorator
@inline function event(w: i32, arm: i32, slot: i32): v128 {
  ensureWords(w);
  const at = THRESHOLDS + (<usize>(arm * 16 + slot) << 3);
  const x = v128.load(WORDS + (<usize>w << 4));
  const m = v128.or(i32x4.lt_u(x, i32x4.splat(load<u32>(at))), i32x4.splat(load<i32>(at, 4)));
  return half ? i64x2.extend_high_i32x4_s(m) : i64x2.extend_low_i32x4_s(m);
}

// The current group of four patients, and which of its Philox block pairs are computed.
let seed_: u32 = 0;
let chunk_: u32 = 0;
let group: u32 = 0;
let blockPairsDone: i32 = 0;

/** Words 8 q .. 8 q + 7 of the current group, computed on first use. */
// @ts-ignore: decorator
@inline function ensureWords(w: i32): void {
  const q = w >> 3;
  if (!(blockPairsDone & (1 << q))) {
    blockPairsDone |= 1 << q;
    philoxBlockPair4(seed_, chunk_, group, <u32>(2 * q), WORDS);
  }
}

/** Uniforms U = w 2^-32 of patients (2h, 2h + 1) of the group from word w. */
// @ts-ignore: decorator
@inline function uniformsOf(w: i32, h: i32): v128 {
  ensureWords(w);
  let x = v128.load(WORDS + (<usize>w << 4));
  if (h) x = v128.shuffle<i32>(x, x, 2, 3, 2, 3);
  return f64x2.mul(f64x2.convert_low_i32x4_u(x), f64x2.splat(TWO_POW_MINUS_32));
}

// Normals and durations in single precision, four patients (the whole group) at a time.
// Why: they are the bulk of the arithmetic (Box-Muller's log, sqrt, cos, sin; one exp per
// random duration), f32x4 does four patients per instruction where f64x2 does two, and a
// float32 duration (relative error ~1e-7) is far below any Monte Carlo error. Everything
// the funnel decides with stays float64: Bernoulli events compare the same 32-bit uniforms
// as the reference, the disease clock E and the times are float64, and a fixed duration is
// its float64 median exactly, so with fixed durations the kernel's integer counts equal the
// reference's (test/kernel.test.ts).
const Z32: usize = memory.data(10 * 16, 16); // the group's normals, f32x4, in draw-slot order
const DUR32: usize = memory.data(2 * 10 * 16, 16); // per arm, the group's random durations, f32x4
let normalsDone: i32 = 0; // Box-Muller pairs made for the group (bit = pair)
let durationsDone: i32 = 0; // durations made for the group (bit = 10 arm + id)
let half: i32 = 0;

/** 24-bit uniforms (w >>> 8) 2^-24 of the group's four patients from word w, as f32x4 (exact). */
// @ts-ignore: decorator
@inline function uniforms24(w: i32): v128 {
  ensureWords(w);
  const x = i32x4.shr_u(v128.load(WORDS + (<usize>w << 4)), 8);
  return f32x4.mul(f32x4.convert_i32x4_s(x), f32x4.splat(<f32>5.9604644775390625e-8));
}

/** Box-Muller pair `pair` for the group: r cos(2 pi u2) and r sin(2 pi u2), r = sqrt(-2 ln(1 - u1)). */
function boxMuller32(pair: i32): void {
  const w = wPair(pair);
  const a = pair == 0 ? D_Z_ADMIN : pair == 1 ? D_Z_LOG : D_Z_MFG + pair - 1;
  const b = pair == 0 ? D_Z_SLOT : pair == 1 ? D_Z_MFG : D_Z_REAPH + pair - 2;
  const u1 = uniforms24(w);
  const u2 = uniforms24(w + 1);
  const r = f32x4.sqrt(f32x4.mul(f32x4.splat(-2.0), vlog32(f32x4.sub(f32x4.splat(1.0), u1))));
  vcosSinTurn32(u2, TRIG);
  v128.store(Z32 + (<usize>(a - D_Z_ADMIN) << 4), f32x4.mul(r, v128.load(TRIG)));
  v128.store(Z32 + (<usize>(b - D_Z_ADMIN) << 4), f32x4.mul(r, v128.load(TRIG, 16)));
}

/**
 * A duration draw for the current pair of patients, as f64x2: the float64 median itself when
 * fixed, else exp(mu + sigma z) made in f32x4 for the whole group on first use, z the normal in
 * draw slot `slot` of Box-Muller pair `pair`; `id` (0..9) names the arm's duration in the cache.
 */
// @ts-ignore: decorator
@inline function duration(arm: i32, d: i32, pair: i32, slot: i32, id: i32): v128 {
  const sigma = param(arm, d + 2);
  if (sigma == 0.0) return f64x2.splat(param(arm, d));
  const bit = 1 << (10 * arm + id);
  const at = DUR32 + (<usize>(10 * arm + id) << 4);
  if (!(durationsDone & bit)) {
    durationsDone |= bit;
    if (!(normalsDone & (1 << pair))) {
      normalsDone |= 1 << pair;
      boxMuller32(pair);
    }
    const z = v128.load(Z32 + (<usize>(slot - D_Z_ADMIN) << 4));
    v128.store(at, vexp32(f32x4.add(f32x4.splat(<f32>param(arm, d + 1)), f32x4.mul(f32x4.splat(<f32>sigma), z))));
  }
  const v = v128.load(at);
  return f64x2.promote_low_f32x4(half ? v128.shuffle<i32>(v, v, 2, 3, 2, 3) : v);
}

/** Starts the pair of patients (2h, 2h + 1) of the group: their disease clock; normals on first use. */
function decode(h: i32): void {
  half = h;
  setDraw(D_CLOCK, f64x2.sub(f64x2.splat(0.0), vlog(f64x2.sub(f64x2.splat(1.0), uniformsOf(W_CLOCK, h)))));
}


/** One arm's journey (MODEL.md) for the two patients of DRAWS; `active` masks real patients. */
function journey(arm: i32, active: v128): void {
  const a = arm * ARM_SLOTS;
  const E = draw(D_CLOCK);
  const lambda = f64x2.splat(load<f64>(PARAMS + (<usize>LAMBDA << 3)));
  const lambdaB = f64x2.splat(load<f64>(PARAMS + (<usize>LAMBDA_BRIDGING << 3)));
  const zero = f64x2.splat(0.0);

  // Every stage runs only when some lane of the pair reached it (lanes that did not are
  // masked off); so a duration is drawn (exp) and a Philox block computed only when needed.
  const none = v128.splat<i64>(0);
  let aliveAtFunding = none;
  let funded = none;
  let aliveAtApheresis = none;
  let apheresed = none;
  let released = none;
  let infused = none;
  let attempts = zero;
  let oosReleased = zero;
  let v2v = zero;
  let bridgingDays = zero;

  // 1. Referral. 2. Funding at t_fund = T_admin (H(t) = lambda t before apheresis).
  const referred = v128.and(active, event(W_REF, arm, P_REFERRAL));
  if (v128.any_true(referred)) {
    const tFund = duration(arm, ADMIN, 0, D_Z_ADMIN, 0);
    aliveAtFunding = v128.and(referred, f64x2.gt(E, f64x2.mul(lambda, tFund)));
    if (v128.any_true(aliveAtFunding)) funded = v128.and(aliveAtFunding, event(W_FUND, arm, P_FUNDING));
    if (v128.any_true(funded)) {
      // 3. Apheresis at t_a = t_fund + T_slot.
      const tA = f64x2.add(tFund, duration(arm, SLOT, 0, D_Z_SLOT, 1));
      aliveAtApheresis = v128.and(funded, f64x2.gt(E, f64x2.mul(lambda, tA)));
      if (v128.any_true(aliveAtApheresis)) apheresed = v128.and(aliveAtApheresis, event(W_APH, arm, P_APHERESIS));
      if (v128.any_true(apheresed)) {
        // 4. Manufacturing attempts.
        const maxAttempts = <i32>param(arm, MAX_ATTEMPTS);
        let t = tA;
        let trying = apheresed;
        for (let k = 0; k < maxAttempts && v128.any_true(trying); k++) {
          attempts = f64x2.add(attempts, ones(trying));
          t = v128.bitselect(f64x2.add(t, duration(arm, MFG, k + 1, D_Z_MFG + k, 3 + k)), t, trying);
          const inSpec = event(wOut(k), arm, P_IN_SPEC);
          const oos = v128.andnot(v128.and(event(wOut(k), arm, P_IN_SPEC_OR_OOS), event(wRel(k), arm, P_OOS_RELEASED)), inSpec);
          const ok = v128.and(trying, v128.or(inSpec, oos));
          oosReleased = f64x2.add(oosReleased, ones(v128.and(trying, oos)));
          released = v128.or(released, ok);
          const failed = v128.andnot(trying, ok);
          if (k + 1 < maxAttempts && v128.any_true(failed)) {
            const retry = v128.and(failed, event(wRetry(k), arm, P_RETRY));
            if (v128.any_true(retry)) {
              t = v128.bitselect(f64x2.add(t, duration(arm, REAPH, k + 2, D_Z_REAPH + k, 7 + k)), t, retry);
            }
            trying = retry;
          } else {
            trying = none;
          }
        }

        // 5. Infusion at t_i = t + T_log; the check uses H(t_i) = lambda t_a + lambda hr (t_i - t_a).
        let end = t; // a lost product: bridging until the end of the last attempt
        if (v128.any_true(released)) {
          const tI = f64x2.add(t, duration(arm, LOGISTICS, 1, D_Z_LOG, 2));
          const after = v128.bitselect(f64x2.mul(lambdaB, f64x2.sub(tI, tA)), zero, f64x2.gt(tI, tA));
          const H = f64x2.add(f64x2.mul(lambda, tA), after);
          infused = v128.and(released, f64x2.gt(E, H));
          v2v = f64x2.sub(tI, tA);
          end = v128.bitselect(tI, t, released);
        }
        // Bridging from t_a to the earlier of the end and progression t_p = H^-1(E).
        const tP = f64x2.add(tA, f64x2.div(f64x2.sub(E, f64x2.mul(lambda, tA)), lambdaB));
        // pmin/pmax (one instruction each): masked-off lanes may hold NaN or infinities, which the mask drops.
        bridgingDays = v128.and(apheresed, f64x2.pmax(zero, f64x2.sub(f64x2.pmin(end, tP), tA)));
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
  if (v128.any_true(infused)) {
    response = v128.and(infused, event(W_RESP, arm, P_ORR));
    completeResponse = v128.and(infused, event(W_RESP, arm, P_CR));
    aliveInfused = v128.and(infused, event(W_OS, arm, P_OS1));
    pfs = v128.and(infused, event(W_OS, arm, P_PFS1));
    crs = v128.and(infused, event(W_CRS, arm, P_CRS3));
    icans = v128.and(infused, event(W_ICANS, arm, P_ICANS3));
  }
  const alive = v128.or(
    aliveInfused,
    v128.andnot(v128.and(active, event(W_OS, 2, 0)), infused),
  );

  // What the patient's path was, as one integer per lane: the funnel stage reached (the
  // masks are nested, so their sum is the stage: 0 not referred .. 7 infused), attempts,
  // OOS release, response, one-year state, CRS and ICANS. Counting paths (one histogram
  // increment per patient) replaces some thirty vector sums per patient; every count and
  // every cost component but bridging is a function of the path, summed at the chunk's end.
  const stage = f64x2.add(f64x2.add(f64x2.add(ones(referred), ones(aliveAtFunding)), f64x2.add(ones(funded), ones(aliveAtApheresis))),
    f64x2.add(f64x2.add(ones(apheresed), ones(released)), ones(infused)));
  const respLevel = f64x2.add(ones(response), ones(completeResponse));
  const osLevel = f64x2.add(ones(alive), ones(pfs));
  const events = f64x2.add(ones(crs), f64x2.mul(f64x2.splat(2.0), ones(icans)));
  let code = f64x2.add(osLevel, f64x2.mul(f64x2.splat(3.0), events));
  code = f64x2.add(respLevel, f64x2.mul(f64x2.splat(3.0), code));
  code = f64x2.add(oosReleased, f64x2.mul(f64x2.splat(2.0), code));
  code = f64x2.add(attempts, f64x2.mul(f64x2.splat(5.0), code));
  code = f64x2.add(stage, f64x2.mul(f64x2.splat(8.0), code));
  const bridging = f64x2.mul(f64x2.splat(param(arm, BRIDGING_COST_PER_DAY)), bridgingDays);
  const paths = PATHS + (<usize>(arm * CODES) << 3);
  const pathBridging = PATH_BRIDGING + (<usize>(arm * CODES) << 3);
  const table = PATH_COST + (<usize>(arm * CODES) << 3);
  // 2^52 + code holds the integer code in its low mantissa bits: no float-to-integer conversion.
  const codeBits = f64x2.add(code, f64x2.splat(4503599627370496.0));
  const c0 = <usize>(<u32>i64x2.extract_lane(codeBits, 0)) << 3;
  const c1 = <usize>(<u32>i64x2.extract_lane(codeBits, 1)) << 3;
  if (i64x2.extract_lane(active, 0) != 0) {
    store<f64>(paths + c0, load<f64>(paths + c0) + 1.0);
    store<f64>(pathBridging + c0, load<f64>(pathBridging + c0) + f64x2.extract_lane(bridging, 0));
  }
  if (i64x2.extract_lane(active, 1) != 0) {
    store<f64>(paths + c1, load<f64>(paths + c1) + 1.0);
    store<f64>(pathBridging + c1, load<f64>(pathBridging + c1) + f64x2.extract_lane(bridging, 1));
  }
  const cost = f64x2.add(f64x2.replace_lane(f64x2.splat(load<f64>(table + c0)), 1, load<f64>(table + c1)), bridging);
  acc(a + T_BRIDGING_COST + 1, f64x2.mul(bridging, bridging));
  const v2vInfused = v128.and(infused, v2v);
  acc(a + T_V2V_SUM, v2vInfused);
  acc(a + T_V2V_SQ, f64x2.mul(v2vInfused, v2vInfused));
  // Histogram of vein-to-vein days: one-day bins, then >= 180.
  const hist = TALLY + (<usize>(arm * ARM_SIZE + ARM_HIST) << 3);
  if (v128.any_true(infused)) {
    // min(floor(v2v), 180) in the low mantissa bits of 2^52 + bin (v2v >= 0 where infused).
    const bins = f64x2.add(f64x2.pmin(f64x2.floor(v2v), f64x2.splat(<f64>(V2V_BINS - 1))), f64x2.splat(4503599627370496.0));
    if (i64x2.extract_lane(infused, 0) != 0) {
      const at = hist + (<usize>(<u32>i64x2.extract_lane(bins, 0)) << 3);
      store<f64>(at, load<f64>(at) + 1.0);
    }
    if (i64x2.extract_lane(infused, 1) != 0) {
      const at = hist + (<usize>(<u32>i64x2.extract_lane(bins, 1)) << 3);
      store<f64>(at, load<f64>(at) + 1.0);
    }
  }

  const out = OUT + (<usize>arm << 6);
  v128.store(out, ones(infused));
  v128.store(out, ones(completeResponse), 16);
  v128.store(out, ones(alive), 32);
  v128.store(out, cost, 48);
}

// ---- paths: code = stage + 8 (attempts + 5 (oos + 2 (resp + 3 (os + 3 (crs + 2 icans))))) ----
const CODES: i32 = 8 * 5 * 2 * 3 * 3 * 2 * 2;
const PATHS: usize = memory.data(2 * CODES * 8, 16); // per arm: patients per path
const PATH_BRIDGING: usize = memory.data(2 * CODES * 8, 16); // per arm: bridging cost per path
const PATH_COST: usize = memory.data(2 * CODES * 8, 16); // per arm: the cost of a path but bridging

/** A path's parts, from its code. */
// @ts-ignore: decorator
@inline function pathStage(c: i32): i32 { return c % 8; }
// @ts-ignore: decorator
@inline function pathAttempts(c: i32): i32 { return (c / 8) % 5; }
// @ts-ignore: decorator
@inline function pathOos(c: i32): i32 { return (c / 40) % 2; }
// @ts-ignore: decorator
@inline function pathResp(c: i32): i32 { return (c / 80) % 3; }
// @ts-ignore: decorator
@inline function pathOs(c: i32): i32 { return (c / 240) % 3; }
// @ts-ignore: decorator
@inline function pathCrs(c: i32): i32 { return (c / 720) % 2; }
// @ts-ignore: decorator
@inline function pathIcans(c: i32): i32 { return c / 1440; }

/** The cost components of a path of an arm (product, apheresis, infusion, adverse events). */
function pathProduct(arm: i32, c: i32): f64 {
  const payment = <i32>param(arm, PAYMENT);
  const units = payment == 0 ? (pathStage(c) == 7 ? 1 : 0) : payment == 1 ? pathAttempts(c) : (pathResp(c) >= 1 ? 1 : 0);
  return param(arm, PRICE) * <f64>units;
}
function pathApheresis(arm: i32, c: i32): f64 {
  const a = pathAttempts(c);
  const procedures = (pathStage(c) >= 4 ? 1 : 0) + (a > 0 ? a - 1 : 0);
  return param(arm, APHERESIS_COST) * <f64>procedures;
}
function pathInfusion(arm: i32, c: i32): f64 {
  return pathStage(c) == 7 ? param(arm, INFUSION_COST) : 0.0;
}
function pathAdverse(arm: i32, c: i32): f64 {
  return param(arm, CRS_COST) * <f64>pathCrs(c) + param(arm, ICANS_COST) * <f64>pathIcans(c);
}

/** Fills PATH_COST from the parameters (once per chunk): nested loops in code order, no division. */
function pathCosts(): void {
  for (let arm = 0; arm < 2; arm++) {
    const payment = <i32>param(arm, PAYMENT);
    const price = param(arm, PRICE);
    const aphCost = param(arm, APHERESIS_COST);
    const infCost = param(arm, INFUSION_COST);
    const crsCost = param(arm, CRS_COST);
    const icansCost = param(arm, ICANS_COST);
    let at = PATH_COST + (<usize>(arm * CODES) << 3);
    for (let icans = 0; icans < 2; icans++) {
      for (let crs = 0; crs < 2; crs++) {
        const adverse = crsCost * <f64>crs + icansCost * <f64>icans;
        for (let os = 0; os < 3; os++) {
          for (let resp = 0; resp < 3; resp++) {
            for (let oos = 0; oos < 2; oos++) {
              for (let a = 0; a < 5; a++) {
                for (let stage = 0; stage < 8; stage++) {
                  const units = payment == 0 ? (stage == 7 ? 1 : 0) : payment == 1 ? a : (resp >= 1 ? 1 : 0);
                  const procedures = (stage >= 4 ? 1 : 0) + (a > 0 ? a - 1 : 0);
                  const d = price * <f64>units + aphCost * <f64>procedures + (stage == 7 ? infCost : 0.0) + adverse;
                  store<f64>(at, d);
                  at += 8;
                }
              }
            }
          }
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline function addTo(t: usize, slot: i32, x: f64): void {
  store<f64>(t + (<usize>slot << 3), load<f64>(t + (<usize>slot << 3)) + x);
}

/** The tally slots of one arm from its paths (and the vector sums already in the tally). */
function tallyPaths(arm: i32): void {
  const t = TALLY + (<usize>(arm * ARM_SIZE) << 3);
  for (let c = 0; c < CODES; c++) {
    const n = load<f64>(PATHS + (<usize>(arm * CODES + c) << 3));
    if (n == 0.0) continue;
    const bridging = load<f64>(PATH_BRIDGING + (<usize>(arm * CODES + c) << 3));
    const stage = pathStage(c);
    const a = <f64>pathAttempts(c);
    const reaph = a > 0 ? a - 1 : 0.0;
    const oos = <f64>pathOos(c);
    const resp = pathResp(c);
    const os = pathOs(c);
    const crs = pathCrs(c);
    const icans = pathIcans(c);
    for (let k = 1; k <= stage; k++) addTo(t, T_REFERRED + k - 1, n); // referred .. infused are stages 1 .. 7
    if (resp >= 1) addTo(t, T_RESPONSES, n);
    if (resp == 2) addTo(t, T_COMPLETE_RESPONSES, n);
    if (os == 2) addTo(t, T_PROGRESSION_FREE_1Y, n);
    if (os >= 1) addTo(t, T_ALIVE_1Y, n);
    if (crs) addTo(t, T_CRS3, n);
    if (icans) addTo(t, T_ICANS3, n);
    addTo(t, T_ATTEMPTS, n * a);
    addTo(t, T_ATTEMPTS + 1, n * a * a);
    addTo(t, T_REAPHERESES, n * reaph);
    addTo(t, T_REAPHERESES + 1, n * reaph * reaph);
    addTo(t, T_OOS_RELEASED, n * oos);
    addTo(t, T_OOS_RELEASED + 1, n * oos * oos);
    const product = pathProduct(arm, c);
    const apheresis = pathApheresis(arm, c);
    const infusion = pathInfusion(arm, c);
    const adverse = pathAdverse(arm, c);
    addTo(t, T_PRODUCT_COST, n * product);
    addTo(t, T_PRODUCT_COST + 1, n * product * product);
    addTo(t, T_APHERESIS_COST, n * apheresis);
    addTo(t, T_APHERESIS_COST + 1, n * apheresis * apheresis);
    addTo(t, T_INFUSION_COST, n * infusion);
    addTo(t, T_INFUSION_COST + 1, n * infusion * infusion);
    addTo(t, T_ADVERSE_EVENTS_COST, n * adverse);
    addTo(t, T_ADVERSE_EVENTS_COST + 1, n * adverse * adverse);
    addTo(t, T_BRIDGING_COST, bridging);
    // cost = D + b per patient: sum n D + B, sum of squares n D^2 + 2 D B (+ sum of b^2, added below).
    const d = product + apheresis + infusion + adverse;
    const sum = n * d + bridging;
    addTo(t, T_COST, sum);
    addTo(t, T_COST + 1, n * d * d + 2.0 * d * bridging);
    if (stage == 7) addTo(t, T_COST_X_INFUSED, sum);
    if (resp == 2) addTo(t, T_COST_X_COMPLETE_RESPONSE, sum);
    if (os >= 1) addTo(t, T_COST_X_ALIVE_1Y, sum);
  }
  store<f64>(t + (<usize>(T_COST + 1) << 3), load<f64>(t + (<usize>(T_COST + 1) << 3)) + load<f64>(t + (<usize>(T_BRIDGING_COST + 1) << 3)));
}

/** Differences between the arms for the pair of patients just run. */
function pair(): void {
  const p = 2 * ARM_SLOTS;
  const dInf = f64x2.sub(v128.load(OUT + 64), v128.load(OUT));
  const dCr = f64x2.sub(v128.load(OUT + 64, 16), v128.load(OUT, 16));
  const dAlive = f64x2.sub(v128.load(OUT + 64, 32), v128.load(OUT, 32));
  const dCost = f64x2.sub(v128.load(OUT + 64, 48), v128.load(OUT, 48));
  acc(p + 0, f64x2.mul(dInf, dInf));
  acc(p + 1, f64x2.mul(dCr, dCr));
  acc(p + 2, f64x2.mul(dAlive, dAlive));
  acc(p + 3, dCost);
  acc(p + 4, f64x2.mul(dCost, dCost));
  acc(p + 5, f64x2.mul(dCost, dAlive));
}

/**
 * Tallies patients 0 .. count-1 of chunk `chunk` of the run with `seed` into TALLY (zeroed
 * first). Lane sums are added lane 0 + lane 1 at the end, into the tally's slots.
 */
export function runChunk(seed: u32, chunk: u32, count: i32): void {
  memory.fill(TALLY, 0, TALLY_SIZE * 8);
  memory.fill(ACC, 0, ACC_SLOTS * 16);
  memory.fill(PATHS, 0, 2 * CODES * 8);
  memory.fill(PATH_BRIDGING, 0, 2 * CODES * 8);
  pathCosts();
  thresholds();
  const lanes = f64x2(0.0, 1.0);
  seed_ = seed;
  chunk_ = chunk;
  for (let i0 = 0; i0 < count; i0 += 4) {
    group = <u32>i0;
    blockPairsDone = 0;
    normalsDone = 0;
    durationsDone = 0;
    for (let h = 0; h < 2; h++) {
      const first = i0 + 2 * h;
      if (first >= count) break;
      const active = f64x2.lt(f64x2.add(lanes, f64x2.splat(<f64>first)), f64x2.splat(<f64>count));
      decode(h);
      journey(0, active);
      journey(1, active);
      pair();
    }
  }
  for (let arm = 0; arm < 2; arm++) {
    for (let s = 0; s < ARM_SLOTS; s++) {
      const v = v128.load(ACC + (<usize>(arm * ARM_SLOTS + s) << 4));
      store<f64>(TALLY + (<usize>(arm * ARM_SIZE + s) << 3), f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
    }
    tallyPaths(arm);
  }
  // The pair's accumulators are in the tally's order: dInfusedSq, dCompleteResponsesSq, dAlive1ySq, dCost, dCostSq, dCostXdAlive1y.
  for (let j = 0; j < 6; j++) {
    const v = v128.load(ACC + (<usize>(2 * ARM_SLOTS + j) << 4));
    store<f64>(TALLY + (<usize>(PAIR + j) << 3), f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
  }
  store<f64>(TALLY + (<usize>T_PATIENTS << 3), <f64>count);
}
