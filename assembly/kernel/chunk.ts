// The kernel: every patient of one chunk through both arms, on the same random numbers,
// four patients per Philox call and two per f64x2 journey, with branch-free lane masks.
//
// Precision: f64 lanes. The reference (src/reference) is f64, and with f64 lanes the
// kernel reproduces its integer funnel counts exactly wherever durations are fixed (the
// only differences left are the last bits of exp/log, see math/vmath.ts), so the reference
// can hold it to account bit for bit on counts. f32 lanes would double the lanes per v128
// but move the alive-and-fit comparisons E > H(t) by ~1e-7 relative, breaking that.
//
// Memory: static areas only (runtime stub, nothing allocated). The host writes PARAMS,
// calls runChunk, and reads TALLY (laid out as src/engine/tally.ts).

import { patientWords4 } from '../random/philox4';
import { WORDS_PER_PATIENT } from '../random/stream';
import { vcosSinTurn, vexp, vlog } from '../math/vmath';
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
// One patient pair's decoded draws (f64x2 each).
const D_REF: i32 = 0;
const D_FUND: i32 = 1;
const D_APH: i32 = 2;
const D_CLOCK: i32 = 3;
const D_Z_ADMIN: i32 = 4;
const D_Z_SLOT: i32 = 5;
const D_Z_LOG: i32 = 6;
const D_Z_MFG: i32 = 7; // 4
const D_Z_REAPH: i32 = 11; // 3
const D_OUT: i32 = 14; // 4
const D_REL: i32 = 18; // 4
const D_RETRY: i32 = 22; // 3
const D_RESP: i32 = 25;
const D_OS: i32 = 26;
const D_CRS: i32 = 27;
const D_ICANS: i32 = 28;
const DRAWS: usize = memory.data(29 * 16, 16);
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
// @ts-ignore: decorator
@inline function below(u: v128, p: f64): v128 {
  return f64x2.lt(u, f64x2.splat(p));
}

// Box-Muller pairs already made for the current pair of patients (bit j: words 4 + 2j, 5 + 2j).
let pairsDone: i32 = 0;
let half: i32 = 0;

/** The standard normal in draw slot `slot`, from Box-Muller pair `pair` (made on first use). */
// @ts-ignore: decorator
@inline function normal(pair: i32, slot: i32): v128 {
  if (!(pairsDone & (1 << pair))) {
    pairsDone |= 1 << pair;
    if (pair == 0) boxMuller(4, half, D_Z_ADMIN, D_Z_SLOT);
    else if (pair == 1) boxMuller(6, half, D_Z_LOG, D_Z_MFG);
    else boxMuller(4 + 2 * pair, half, D_Z_MFG + pair - 1, D_Z_REAPH + pair - 2);
  }
  return draw(slot);
}

/** A duration draw: the median itself when fixed, else exp(mu + sigma z), z the normal in `slot` of Box-Muller pair `pair`. */
// @ts-ignore: decorator
@inline function duration(arm: i32, d: i32, pair: i32, slot: i32): v128 {
  const sigma = param(arm, d + 2);
  if (sigma == 0.0) return f64x2.splat(param(arm, d));
  return vexp(f64x2.add(f64x2.splat(param(arm, d + 1)), f64x2.mul(f64x2.splat(sigma), normal(pair, slot))));
}

/** Uniforms of patients (2h, 2h + 1) of the group from word w. */
// @ts-ignore: decorator
@inline function uniformsOf(w: i32, h: i32): v128 {
  let x = v128.load(WORDS + (<usize>w << 4));
  if (h) x = v128.shuffle<i32>(x, x, 2, 3, 2, 3);
  return f64x2.mul(f64x2.convert_low_i32x4_u(x), f64x2.splat(TWO_POW_MINUS_32));
}

/** Box-Muller of words (w, w + 1): z1 = r cos(2 pi u2) into slot a, z2 = r sin(2 pi u2) into slot b. */
// @ts-ignore: decorator
@inline function boxMuller(w: i32, h: i32, a: i32, b: i32): void {
  const u1 = uniformsOf(w, h);
  const u2 = uniformsOf(w + 1, h);
  const r = f64x2.sqrt(f64x2.mul(f64x2.splat(-2.0), vlog(f64x2.sub(f64x2.splat(1.0), u1))));
  vcosSinTurn(u2, TRIG);
  setDraw(a, f64x2.mul(r, v128.load(TRIG)));
  setDraw(b, f64x2.mul(r, v128.load(TRIG, 16)));
}

/** Decodes the draws of patients (2h, 2h + 1) of the group (order: src/random/stream.ts). */
export function decode(h: i32): void {
  setDraw(D_REF, uniformsOf(0, h));
  setDraw(D_FUND, uniformsOf(1, h));
  setDraw(D_APH, uniformsOf(2, h));
  setDraw(D_CLOCK, f64x2.sub(f64x2.splat(0.0), vlog(f64x2.sub(f64x2.splat(1.0), uniformsOf(3, h)))));
  // Normals are made on first use (normal()), once per pair: a pair no lane of either arm
  // needs is never transformed. The values do not depend on whether or when that happens.
  pairsDone = 0;
  half = h;
  for (let k = 0; k < 4; k++) {
    setDraw(D_OUT + k, uniformsOf(14 + k, h));
    setDraw(D_REL + k, uniformsOf(18 + k, h));
  }
  for (let k = 0; k < 3; k++) setDraw(D_RETRY + k, uniformsOf(22 + k, h));
  setDraw(D_RESP, uniformsOf(25, h));
  setDraw(D_OS, uniformsOf(26, h));
  setDraw(D_CRS, uniformsOf(27, h));
  setDraw(D_ICANS, uniformsOf(28, h));
}

/** One arm's journey (MODEL.md) for the two patients of DRAWS; `active` masks real patients. */
export function journey(arm: i32, active: v128): void {
  const a = arm * ARM_SLOTS;
  const E = draw(D_CLOCK);
  const lambda = f64x2.splat(load<f64>(PARAMS + (<usize>LAMBDA << 3)));
  const lambdaB = f64x2.splat(load<f64>(PARAMS + (<usize>LAMBDA_BRIDGING << 3)));
  const zero = f64x2.splat(0.0);

  // 1. Referral. 2. Funding at t_fund = T_admin. 3. Apheresis at t_a = t_fund + T_slot.
  // A duration is drawn (exp) only when some lane of the pair needs it: lanes that do not
  // are masked off below, and most patients leave the funnel early.
  const referred = v128.and(active, below(draw(D_REF), param(arm, P_REFERRAL)));
  const tFund = v128.any_true(referred) ? duration(arm, ADMIN, 0, D_Z_ADMIN) : zero;
  const aliveAtFunding = v128.and(referred, f64x2.gt(E, f64x2.mul(lambda, tFund)));
  const funded = v128.and(aliveAtFunding, below(draw(D_FUND), param(arm, P_FUNDING)));
  const tA = v128.any_true(funded) ? f64x2.add(tFund, duration(arm, SLOT, 0, D_Z_SLOT)) : tFund;
  const aliveAtApheresis = v128.and(funded, f64x2.gt(E, f64x2.mul(lambda, tA)));
  const apheresed = v128.and(aliveAtApheresis, below(draw(D_APH), param(arm, P_APHERESIS)));

  // 4. Manufacturing attempts.
  const maxAttempts = <i32>param(arm, MAX_ATTEMPTS);
  const pInSpec = param(arm, P_IN_SPEC);
  const pInSpecOrOos = param(arm, P_IN_SPEC_OR_OOS);
  const pOosReleased = param(arm, P_OOS_RELEASED);
  const pRetry = param(arm, P_RETRY);
  let t = tA;
  let trying = apheresed;
  let released = v128.splat<i64>(0);
  let attempts = zero;
  let reaphereses = zero;
  let oosReleased = zero;
  for (let k = 0; k < maxAttempts && v128.any_true(trying); k++) {
    attempts = f64x2.add(attempts, ones(trying));
    t = v128.bitselect(f64x2.add(t, duration(arm, MFG, k + 1, D_Z_MFG + k)), t, trying);
    const u = draw(D_OUT + k);
    const inSpec = below(u, pInSpec);
    const oos = v128.andnot(v128.and(below(u, pInSpecOrOos), below(draw(D_REL + k), pOosReleased)), inSpec);
    const ok = v128.and(trying, v128.or(inSpec, oos));
    oosReleased = f64x2.add(oosReleased, ones(v128.and(trying, oos)));
    released = v128.or(released, ok);
    if (k + 1 < maxAttempts) {
      const retry = v128.and(v128.andnot(trying, ok), below(draw(D_RETRY + k), pRetry));
      if (v128.any_true(retry)) {
        reaphereses = f64x2.add(reaphereses, ones(retry));
        t = v128.bitselect(f64x2.add(t, duration(arm, REAPH, k + 2, D_Z_REAPH + k)), t, retry);
      }
      trying = retry;
    }
  }

  // 5. Infusion at t_i = t + T_log; the check uses H(t_i) = lambda t_a + lambda hr (t_i - t_a).
  const tI = v128.any_true(released) ? f64x2.add(t, duration(arm, LOGISTICS, 1, D_Z_LOG)) : t;
  const after = v128.bitselect(f64x2.mul(lambdaB, f64x2.sub(tI, tA)), zero, f64x2.gt(tI, tA));
  const H = f64x2.add(f64x2.mul(lambda, tA), after);
  const infused = v128.and(released, f64x2.gt(E, H));
  const v2v = f64x2.sub(tI, tA);
  // Bridging from t_a to the earlier of the end (infusion, or the last attempt's end) and t_p.
  const tP = f64x2.add(tA, f64x2.div(f64x2.sub(E, f64x2.mul(lambda, tA)), lambdaB));
  const end = v128.bitselect(tI, t, released);
  // pmin/pmax (one instruction each): masked-off lanes may hold NaN or infinities, which the mask drops.
  const bridgingDays = v128.and(apheresed, f64x2.pmax(zero, f64x2.sub(f64x2.pmin(end, tP), tA)));

  // 6. After infusion; 7. not infused.
  const resp = draw(D_RESP);
  const os = draw(D_OS);
  const response = v128.and(infused, below(resp, param(arm, P_ORR)));
  const completeResponse = v128.and(infused, below(resp, param(arm, P_CR)));
  const alive = v128.or(
    v128.and(infused, below(os, param(arm, P_OS1))),
    v128.andnot(v128.and(active, below(os, load<f64>(PARAMS + (<usize>P_OS1_UNTREATED << 3)))), infused),
  );
  const pfs = v128.and(infused, below(os, param(arm, P_PFS1)));
  const crs = v128.and(infused, below(draw(D_CRS), param(arm, P_CRS3)));
  const icans = v128.and(infused, below(draw(D_ICANS), param(arm, P_ICANS3)));

  acc(a + T_REFERRED, ones(referred));
  acc(a + T_ALIVE_AT_FUNDING, ones(aliveAtFunding));
  acc(a + T_FUNDED, ones(funded));
  acc(a + T_ALIVE_AT_APHERESIS, ones(aliveAtApheresis));
  acc(a + T_APHERESED, ones(apheresed));
  acc(a + T_MANUFACTURED, ones(released));
  const infusedOnes = ones(infused);
  acc(a + T_INFUSED, infusedOnes);
  acc(a + T_RESPONSES, ones(response));
  const crOnes = ones(completeResponse);
  acc(a + T_COMPLETE_RESPONSES, crOnes);
  acc(a + T_PROGRESSION_FREE_1Y, ones(pfs));
  const aliveOnes = ones(alive);
  acc(a + T_ALIVE_1Y, aliveOnes);
  acc(a + T_CRS3, ones(crs));
  acc(a + T_ICANS3, ones(icans));
  acc(a + T_ATTEMPTS, attempts);
  acc(a + T_ATTEMPTS + 1, f64x2.mul(attempts, attempts));
  acc(a + T_REAPHERESES, reaphereses);
  acc(a + T_REAPHERESES + 1, f64x2.mul(reaphereses, reaphereses));
  acc(a + T_OOS_RELEASED, oosReleased);
  acc(a + T_OOS_RELEASED + 1, f64x2.mul(oosReleased, oosReleased));
  const v2vInfused = v128.and(infused, v2v);
  acc(a + T_V2V_SUM, v2vInfused);
  acc(a + T_V2V_SQ, f64x2.mul(v2vInfused, v2vInfused));
  // Histogram of vein-to-vein days: one-day bins, then >= 180.
  const hist = TALLY + (<usize>(arm * ARM_SIZE + ARM_HIST) << 3);
  if (i64x2.extract_lane(infused, 0) != 0) {
    const d = f64x2.extract_lane(v2v, 0);
    const bin = d < <f64>(V2V_BINS - 1) ? <i32>d : V2V_BINS - 1;
    store<f64>(hist + (<usize>bin << 3), load<f64>(hist + (<usize>bin << 3)) + 1.0);
  }
  if (i64x2.extract_lane(infused, 1) != 0) {
    const d = f64x2.extract_lane(v2v, 1);
    const bin = d < <f64>(V2V_BINS - 1) ? <i32>d : V2V_BINS - 1;
    store<f64>(hist + (<usize>bin << 3), load<f64>(hist + (<usize>bin << 3)) + 1.0);
  }

  // Costs.
  const payment = <i32>param(arm, PAYMENT);
  const units = payment == 0 ? infusedOnes : payment == 1 ? attempts : ones(response);
  const product = f64x2.mul(f64x2.splat(param(arm, PRICE)), units);
  const apheresis = f64x2.mul(f64x2.splat(param(arm, APHERESIS_COST)), f64x2.add(ones(aliveAtApheresis), reaphereses));
  const bridging = f64x2.mul(f64x2.splat(param(arm, BRIDGING_COST_PER_DAY)), bridgingDays);
  const infusion = f64x2.mul(f64x2.splat(param(arm, INFUSION_COST)), infusedOnes);
  const adverse = f64x2.add(
    f64x2.mul(f64x2.splat(param(arm, CRS_COST)), ones(crs)),
    f64x2.mul(f64x2.splat(param(arm, ICANS_COST)), ones(icans)),
  );
  const cost = f64x2.add(f64x2.add(f64x2.add(f64x2.add(product, apheresis), bridging), infusion), adverse);
  acc(a + T_PRODUCT_COST, product);
  acc(a + T_PRODUCT_COST + 1, f64x2.mul(product, product));
  acc(a + T_APHERESIS_COST, apheresis);
  acc(a + T_APHERESIS_COST + 1, f64x2.mul(apheresis, apheresis));
  acc(a + T_BRIDGING_COST, bridging);
  acc(a + T_BRIDGING_COST + 1, f64x2.mul(bridging, bridging));
  acc(a + T_INFUSION_COST, infusion);
  acc(a + T_INFUSION_COST + 1, f64x2.mul(infusion, infusion));
  acc(a + T_ADVERSE_EVENTS_COST, adverse);
  acc(a + T_ADVERSE_EVENTS_COST + 1, f64x2.mul(adverse, adverse));
  acc(a + T_COST, cost);
  acc(a + T_COST + 1, f64x2.mul(cost, cost));
  acc(a + T_COST_X_INFUSED, v128.and(infused, cost));
  acc(a + T_COST_X_COMPLETE_RESPONSE, v128.and(completeResponse, cost));
  acc(a + T_COST_X_ALIVE_1Y, v128.and(alive, cost));

  const out = OUT + (<usize>arm << 6);
  v128.store(out, infusedOnes);
  v128.store(out, crOnes, 16);
  v128.store(out, aliveOnes, 32);
  v128.store(out, cost, 48);
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
  const lanes = f64x2(0.0, 1.0);
  for (let i0 = 0; i0 < count; i0 += 4) {
    patientWords4(seed, chunk, <u32>i0, WORDS);
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
  }
  // The pair's accumulators are in the tally's order: dInfusedSq, dCompleteResponsesSq, dAlive1ySq, dCost, dCostSq, dCostXdAlive1y.
  for (let j = 0; j < 6; j++) {
    const v = v128.load(ACC + (<usize>(2 * ARM_SLOTS + j) << 4));
    store<f64>(TALLY + (<usize>(PAIR + j) << 3), f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
  }
  store<f64>(TALLY + (<usize>T_PATIENTS << 3), <f64>count);
}
