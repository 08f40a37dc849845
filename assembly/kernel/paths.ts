// A chunk's journeys by path: each lane of each arm ends on one of CODES paths (its stage, the
// attempts, OOS release, response, one-year state, CRS and ICANS), counted with its bridging
// cost in the path's record (chunk.ts, countPath); at the chunk's end each path's counts and
// costs are added to the tally at once (tallyPaths), from the paths' costs worked out from the
// parameters (pathCosts).

import { TALLY, param } from './io';
import {
  APHERESIS_COST, ARM_HIST, ARM_SIZE, CRS_COST, FIX_INF, ICANS_COST, INFUSION_COST, PAYMENT, PRICE,
  T_ADVERSE_EVENTS_COST, T_ALIVE_1Y, T_APHERESIS_COST, T_ATTEMPTS, T_ATTEMPTS_X_PAID_UNITS, T_BRIDGING_COST,
  T_COMPLETE_RESPONSES, T_COMPLETE_RESPONSES_ALIVE_1Y, T_COMPLETE_RESPONSES_REMISSION, T_COST,
  T_COST_X_ALIVE_1Y, T_COST_X_COMPLETE_RESPONSE, T_COST_X_INFUSED, T_COST_X_REMISSION, T_CRS3, T_ICANS3,
  T_INFUSED_ALIVE_1Y, T_INFUSION_COST, T_OOS_RELEASED, T_PAID_UNITS, T_PAID_UNITS_SQ, T_PRODUCT_COST,
  T_PROGRESSION_FREE_1Y, T_REAPHERESES, T_REFERRED, T_RESPONSES, T_V2V_SQ, T_V2V_SUM, V2V_BINS, V2V_K,
} from './layout';

// ---- paths: code = stage + 8 (attempts + 5 (oos + 2 (resp + 3 (os + 3 (crs + 2 icans))))) ----
export const CODES: i32 = 8 * 5 * 2 * 3 * 3 * 2 * 2;
// Per arm, the paths and a spare one (code CODES: lanes past the chunk's end), and one more for alignment.
export const ARM_CODES: i32 = CODES + 2;
export const SPARE_CODE: usize = memory.data<i32>([CODES, CODES, CODES, CODES], 16);
// Per arm and path, one 32-byte record (f64): patients, their bridging cost, and the cost of one
// patient of the path but bridging (set per chunk). One record per path keeps what a patient
// touches in one cache line.
export const PATHS: usize = memory.data(2 * ARM_CODES * 32, 16);
const COST240: usize = memory.data(240 * 8, 16);

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
/** Units paid on a path of an arm: infusions, attempts or responses, by the arm's payment. */
function pathUnits(arm: i32, c: i32): i32 {
  const payment = <i32>param(arm, PAYMENT);
  return payment == 0 ? (pathStage(c) == 7 ? 1 : 0) : payment == 1 ? pathAttempts(c) : (pathResp(c) >= 1 ? 1 : 0);
}
function pathProduct(arm: i32, c: i32): f64 {
  return param(arm, PRICE) * <f64>pathUnits(arm, c);
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

/**
 * Sets the paths' costs from the parameters (once per chunk). The cost of a path depends on its
 * stage, attempts and response (the first 240 codes, worked out), not on its OOS release or
 * one-year state, plus the adverse events' cost.
 */
export function pathCosts(): void {
  for (let arm = 0; arm < 2; arm++) {
    const payment = <i32>param(arm, PAYMENT);
    const price = param(arm, PRICE);
    const aphCost = param(arm, APHERESIS_COST);
    const infCost = param(arm, INFUSION_COST);
    let at = COST240;
    for (let resp = 0; resp < 3; resp++) {
      for (let oos = 0; oos < 2; oos++) {
        for (let a = 0; a < 5; a++) {
          for (let stage = 0; stage < 8; stage++) {
            const units = payment == 0 ? (stage == 7 ? 1 : 0) : payment == 1 ? a : (resp >= 1 ? 1 : 0);
            const procedures = (stage >= 4 ? 1 : 0) + (a > 0 ? a - 1 : 0);
            store<f64>(at, price * <f64>units + aphCost * <f64>procedures + (stage == 7 ? infCost : 0.0));
            at += 8;
          }
        }
      }
    }
    let record = PATHS + (<usize>(arm * ARM_CODES) << 5) + 16;
    for (let events = 0; events < 4; events++) {
      // crs + 2 icans = events: 720 codes each (three one-year states of the 240).
      const adverse = param(arm, CRS_COST) * <f64>(events & 1) + param(arm, ICANS_COST) * <f64>(events >> 1);
      for (let os = 0; os < 3; os++) {
        for (let i: usize = 0; i < 240 * 8; i += 8) {
          store<f64>(record, load<f64>(COST240 + i) + adverse);
          record += 32;
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
export function tallyPaths(arm: i32): void {
  const t = TALLY + (<usize>(arm * ARM_SIZE) << 3);
  for (let c = 0; c < CODES; c++) {
    const record = v128.load(PATHS + (<usize>(arm * ARM_CODES + c) << 5));
    const n = f64x2.extract_lane(record, 0);
    if (n == 0.0) continue; // most paths never occur
    v128.store(PATHS + (<usize>(arm * ARM_CODES + c) << 5), i32x4.splat(0)); // clean for the next chunk
    const bridging = f64x2.extract_lane(record, 1);
    const stage = pathStage(c);
    const a = <f64>pathAttempts(c);
    const reaph = a > 0 ? a - 1 : 0.0;
    const oos = <f64>pathOos(c);
    const resp = pathResp(c);
    const os = pathOs(c);
    const crs = pathCrs(c);
    const icans = pathIcans(c);
    for (let k = 1; k <= stage; k++) addTo(t, T_REFERRED + k - 1, n); // referred .. infused are stages 1 .. 7
    if (stage == 7 && param(arm, FIX_INF) != 0.0) {
      // Fixed times: the vein-to-vein time after a attempts, in float64 as the reference has it.
      const v = param(arm, V2V_K + <i32>a - 1);
      addTo(t, T_V2V_SUM, n * v);
      addTo(t, T_V2V_SQ, n * v * v);
      addTo(t, ARM_HIST + (v < <f64>(V2V_BINS - 1) ? <i32>Math.floor(v) : V2V_BINS - 1), n);
    }
    if (resp >= 1) addTo(t, T_RESPONSES, n);
    if (resp == 2) addTo(t, T_COMPLETE_RESPONSES, n);
    if (os == 2) addTo(t, T_PROGRESSION_FREE_1Y, n);
    if (os >= 1) addTo(t, T_ALIVE_1Y, n);
    if (os >= 1 && stage == 7) addTo(t, T_INFUSED_ALIVE_1Y, n);
    if (os >= 1 && resp == 2) addTo(t, T_COMPLETE_RESPONSES_ALIVE_1Y, n);
    if (os == 2 && resp == 2) addTo(t, T_COMPLETE_RESPONSES_REMISSION, n);
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
    const units = <f64>pathUnits(arm, c);
    addTo(t, T_PAID_UNITS, n * units);
    addTo(t, T_PAID_UNITS_SQ, n * units * units);
    addTo(t, T_ATTEMPTS_X_PAID_UNITS, n * a * units);
    addTo(t, T_BRIDGING_COST, bridging);
    // cost = D + b per patient: sum n D + B, sum of squares n D^2 + 2 D B (+ sum of b^2, added below).
    const d = product + apheresis + infusion + adverse;
    const sum = n * d + bridging;
    addTo(t, T_COST, sum);
    addTo(t, T_COST + 1, n * d * d + 2.0 * d * bridging);
    if (stage == 7) addTo(t, T_COST_X_INFUSED, sum);
    if (resp == 2) addTo(t, T_COST_X_COMPLETE_RESPONSE, sum);
    if (os >= 1) addTo(t, T_COST_X_ALIVE_1Y, sum);
    if (os == 2) addTo(t, T_COST_X_REMISSION, sum);
  }
  store<f64>(t + (<usize>(T_COST + 1) << 3), load<f64>(t + (<usize>(T_COST + 1) << 3)) + load<f64>(t + (<usize>(T_BRIDGING_COST + 1) << 3)));
}
