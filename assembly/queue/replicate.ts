// One replicate of cohort-years (MODEL.md v2, "Manufacturing capacity and queues"): the same
// discrete-event simulation as src/queue/replicate.ts (read its comment), statement for
// statement, on the same words and in the same order of operations, but for how the ready
// attempts are ordered: the first attempts are sorted once (sortFirst) and only the retries go
// through a heap, which takes the attempts in exactly the heap's order. For speed (none of this
// changes a bit of the result): the Philox words that nearly every patient reads are made four
// patients at a time at the start of a replicate; the draws are made in steps over lists of
// patients (the shared draws of the patients referred in either arm, then per arm t_fund of the
// referred, r_1 of the funded, T_log of the manufactured), so that their exponentials and
// logarithms run back to back rather than each behind a branch as good as random; the tally
// keeps its sums in locals (each made over the patients in the reference's order) and decides
// the outcomes without branches.
//
// Arithmetic. Every operation is IEEE float64 as in JavaScript, and sums are made in the same
// order. The disease clock's logarithm (and the wait bins' log2) are the host's own (JSMath:
// imported Math.log), so that every alive-and-fit check compares the reference's own E: with
// fixed durations (no other transcendental function is then used) every count and sum equals
// the reference's to the bit. The normals' log, cos, sin and the durations' exp are
// AssemblyScript's (NativeMath, musl's algorithms, within an ulp or so of the host's): calling
// the host for them made the engine 1.4x slower (measured side by side with the v1 kernel).
// With random durations the engines then agree within Monte Carlo error, not to the bit
// (test/queue.test.ts).
//
// Memory: the parameters and the replicate's tally are static; the per-patient arrays of a
// replicate ((W + 1) N patients) are laid out above the heap base when the parameters are set,
// growing the memory then if needed: nothing is allocated per patient or per replicate.

import { philox4x32 } from '../random/philox';
import { philoxGroup, setKey4 } from '../random/philox4';
import {
  WORD_ADMIN_SLOT_PAIR, WORD_APH, WORD_ARRIVAL, WORD_CLOCK, WORD_CRS, WORD_FUND, WORD_ICANS, WORD_LOG_MFG1_PAIR,
  WORD_MFG_REAPH_PAIRS_2, WORD_MFG_REAPH_PAIRS_3, WORD_MFG_REAPH_PAIRS_4, WORD_OS, WORD_OUT_1, WORD_OUT_2,
  WORD_OUT_3, WORD_OUT_4, WORD_REF, WORD_REL_1, WORD_REL_2, WORD_REL_3, WORD_REL_4, WORD_RESP, WORD_RETRY_1,
  WORD_RETRY_2, WORD_RETRY_3,
} from '../random/words';
import { f64At, setF64, setU8, u8At } from './memory';
import {
  FIRST_P, FIRST_R, HEAP_P, HEAP_R, LINES, before, clearQueues, heapPop, heapPush, heapSize, lineCount, linePush,
  lineReplaceMin, setReadyArrays, sortFirst,
} from './ready';
import {
  ARM_HIST, ARM_SIZE, T_ADVERSE_EVENTS_COST, T_ALIVE_1Y, T_ALIVE_AT_APHERESIS, T_ALIVE_AT_FUNDING, T_APHERESED,
  T_APHERESIS_COST, T_ATTEMPTS, T_BRIDGING_COST, T_COMPLETE_RESPONSES, T_COST, T_COST_X_ALIVE_1Y,
  T_COST_X_COMPLETE_RESPONSE, T_COST_X_INFUSED, T_CRS3, T_FUNDED, T_ICANS3, T_INFUSED, T_INFUSION_COST,
  T_MANUFACTURED, T_OOS_RELEASED, T_PATIENTS, T_PRODUCT_COST, T_PROGRESSION_FREE_1Y, T_REAPHERESES, T_REFERRED,
  T_RESPONSES, T_V2V_SQ, T_V2V_SUM, T_PAID_UNITS, T_PAID_UNITS_SQ, T_ATTEMPTS_X_PAID_UNITS, T_COST_X_REMISSION,
  T_INFUSED_ALIVE_1Y, T_COMPLETE_RESPONSES_ALIVE_1Y, T_COMPLETE_RESPONSES_REMISSION, T_D_COST_X_D_REMISSION, T_STATES,
  T_D_INFUSED_SQ, T_D_COMPLETE_RESPONSES_SQ, T_D_ALIVE_1Y_SQ, T_D_COST, T_D_COST_SQ, T_D_COST_X_D_ALIVE_1Y,
} from '../kernel/layout';
import {
  QUEUE_COMMERCIAL, QUEUE_POC, Q_BUSY_LINE_DAYS, Q_HIST, Q_LOST_WHILE_QUEUED, Q_WAIT_FIRST_COUNT, Q_WAIT_FIRST_SQ,
  Q_WAIT_FIRST_SUM, Q_WAIT_RETRY_COUNT, Q_WAIT_RETRY_SUM, REPLICATE_TALLY_SIZE, WAIT_FINE_BINS, WAIT_FINE_DAYS,
  WAIT_FINE_PER_DAY, WAIT_GEOMETRIC_BINS, WAIT_GEOMETRIC_PER_DOUBLING, WAIT_MAX_DAYS, WAIT_OVERFLOW_BIN,
  YEARS_ARM_PARAMS, YEARS_PARAMS_SIZE, Y_ADMIN, Y_APHERESIS_COST, Y_BRIDGING_COST_PER_DAY, Y_CRS_COST, Y_ICANS_COST,
  Y_INFUSION_COST, Y_LAMBDA, Y_LAMBDA_BRIDGING, Y_LINES, Y_LOGISTICS, Y_MAX_ATTEMPTS, Y_MFG, Y_PATIENTS, Y_PAYMENT,
  Y_PRICE, Y_P_APHERESIS, Y_P_CR, Y_P_CRS3, Y_P_FUNDING, Y_P_ICANS3, Y_P_IN_SPEC, Y_P_IN_SPEC_OR_OOS,
  Y_P_OOS_RELEASED, Y_P_ORR, Y_P_OS1, Y_P_OS1_UNTREATED, Y_P_PFS1, Y_P_REFERRAL, Y_P_RETRY, Y_REAPH, Y_SEED, Y_SLOT,
  Y_WARMUP_YEARS,
} from './layout';

export const YEARS_PARAMS: usize = memory.data(YEARS_PARAMS_SIZE * 8, 16);
export const REPLICATE_TALLY: usize = memory.data(REPLICATE_TALLY_SIZE * 8, 16);

const STREAM_CAPA: u32 = 0x43415041; // "CAPA"
const DAYS_PER_YEAR: f64 = 365;
const TWO_POW_MINUS_32: f64 = 2.3283064365386963e-10;
const TWO_PI: f64 = 6.283185307179586;

// Funnel flags of a patient in one arm.
const REFERRED: u8 = 1;
const ALIVE_AT_FUNDING: u8 = 2;
const FUNDED: u8 = 4;
const ALIVE_AT_APHERESIS: u8 = 8;
const APHERESED: u8 = 16;
const MANUFACTURED: u8 = 32;
const LOST_WHILE_QUEUED: u8 = 64;

// The replicate's arrays (addresses set by `layout`).
let patients: i32 = 0; // (W + 1) N
let WORDS: usize = 0; // 32 u32 per patient, in groups of four patients (word w of group g's patients: the v128 at WORDS + 512 g + 16 w)
let E: usize = 0; // eligibility day, f64
let READY: usize = 0; // relative ready time of the pending attempt, f64
let TA: usize = 0; // relative apheresis time, f64
let END: usize = 0; // relative end of the last attempt, f64
let WAIT_FIRST: usize = 0; // f64
let WAIT_RETRY: usize = 0; // f64
let LIST: usize = 0; // a list of patients, i32 (the heap's memory)
let FLAGS: usize = 0; // u8
let ATTEMPT: usize = 0; // u8: index k of the pending or last attempt
let ATTEMPTS: usize = 0; // u8
let RETRIES: usize = 0; // u8: retries made (waits counted in WAIT_RETRY)
let BLOCKS: usize = 0; // u8: Philox blocks made
let ZMADE: usize = 0; // u8: cached draws made
let CLOCK: usize = 0; // f64
let ZADMIN: usize = 0; // f64
let ZSLOT: usize = 0; // f64
let ZLOG: usize = 0; // f64
let ZMFG1: usize = 0; // f64
let T_LOG: usize = 0; // f64: T_log of a manufactured patient in the arm being tallied (READY's memory)
let PAIR_COST: usize = 0; // f64: a reported patient's cost in the commercial arm (for the pair slots)
let PAIR_STATE: usize = 0; // u8: its one-year state there (bits 0-1: 0 dead, 1 progressed, 2 remission), infused (bit 2), complete response (bit 3)

// @ts-ignore: decorator
@inline function param(i: i32): f64 { return load<f64>(YEARS_PARAMS + (<usize>i << 3)); }
// Blocks 0 to 3 (the first attempt's words and every word the funnel reads) and 6 (U_arr) of
// every patient are made at the start of a replicate, four patients at a time (EAGER_BLOCKS;
// 0 to 3 two at a time); blocks 4, 5 and 7 (the later attempts') when first read: BLOCKS holds
// a bit per block made. Most patients never need them.
const EAGER_BLOCKS: i32 = 0b01001111;
// @ts-ignore: decorator
@inline function wordAt(p: i32, w: i32): usize {
  return WORDS + (<usize>(p >> 2) << 9) + (<usize>w << 4) + (<usize>(p & 3) << 2);
}
// @ts-ignore: decorator
@inline function word(p: i32, w: i32): u32 {
  const block = w >> 2;
  if (((EAGER_BLOCKS >> block) & 1) == 0) {
    const bits = <i32>load<u8>(BLOCKS + <usize>p);
    if ((bits & (1 << block)) == 0) makeBlock(p, block, bits);
  }
  return load<u32>(wordAt(p, w));
}

let seedNow: u32 = 0;
let replicateNow: u32 = 0;
let patientsPerYear: i32 = 1;

const SCALAR_BLOCK: usize = memory.data(16, 16);

/** Block `block` of patient p (scalar), into its lane of its group. */
function scalarBlock(p: i32, block: i32): void {
  const y = p / patientsPerYear;
  const i = p - y * patientsPerYear;
  philox4x32(<u32>block, <u32>i, replicateNow, <u32>y, seedNow, STREAM_CAPA, SCALAR_BLOCK);
  for (let j = 0; j < 4; j++) store<u32>(wordAt(p, 4 * block + j), load<u32>(SCALAR_BLOCK + (<usize>j << 2)));
}

function makeBlock(p: i32, block: i32, bits: i32): void {
  scalarBlock(p, block);
  store<u8>(BLOCKS + <usize>p, <u8>(bits | (1 << block)));
}
// @ts-ignore: decorator
@inline function uniform(p: i32, w: i32): f64 { return <f64>word(p, w) * TWO_POW_MINUS_32; }
// @ts-ignore: decorator
@inline function add(slot: i32, v: f64): void {
  const at = REPLICATE_TALLY + (<usize>slot << 3);
  store<f64>(at, load<f64>(at) + v);
}

// The normals and the clock every journey starts with are made once per patient and replicate
// (both arms read them): the disease clock and T_admin's and T_slot's normals of every patient
// referred in either arm at the start of a replicate (runReplicate: only such patients read
// them), T_log's and the first T_mfg's when first read (ZMADE: 1 when made).
const Z_LOG_MFG1: u8 = 4;

/** The disease clock E = -ln(1 - U) of patient p (as src/distributions/exponential.ts), made in runReplicate. */
// @ts-ignore: decorator
@inline function clock(p: i32): f64 { return f64At(CLOCK, p); }

/** The Box-Muller pair at word `at` into (cosOut, sinOut) of patient p. */
function pairInto(p: i32, at: i32, cosOut: usize, sinOut: usize): void {
  const r = Math.sqrt(-2.0 * NativeMath.log(1.0 - uniform(p, at)));
  const theta = TWO_PI * uniform(p, at + 1);
  // One argument reduction for both (the same kernels as NativeMath.cos and .sin).
  NativeMath.sincos(theta);
  setF64(cosOut, p, r * NativeMath.sincos_cos);
  setF64(sinOut, p, r * NativeMath.sincos_sin);
}

// @ts-ignore: decorator
@inline function cachedPair(p: i32, bit: u8, at: i32, cosOut: usize, sinOut: usize): void {
  const made = load<u8>(ZMADE + <usize>p);
  if ((made & bit) == 0) {
    pairInto(p, at, cosOut, sinOut);
    store<u8>(ZMADE + <usize>p, made | bit);
  }
}

/** Box-Muller (as src/distributions/normal.ts) of the pair at word `at`: the cosine (first) or sine (second) normal. */
function normal(p: i32, at: i32, second: bool): f64 {
  const r = Math.sqrt(-2.0 * NativeMath.log(1.0 - uniform(p, at)));
  const theta = TWO_PI * uniform(p, at + 1);
  return second ? r * NativeMath.sin(theta) : r * NativeMath.cos(theta);
}

/** A log-normal duration (median, mu, sigma at parameter d) from a standard normal z. */
// @ts-ignore: decorator
@inline function logNormal(d: i32, z: f64): f64 {
  const sigma = param(d + 2);
  return sigma == 0 ? param(d) : NativeMath.exp(param(d + 1) + sigma * z);
}

// Normals by word layout (src/random/stream.ts): pairs (4: admin, slot), (6: logistics, mfg 1),
// then (18, 24, 28): mfg k (cos), re-apheresis k - 1 (sin) for k = 2..4.
// @ts-ignore: decorator
@inline function zAdmin(p: i32): f64 { return f64At(ZADMIN, p); }
// @ts-ignore: decorator
@inline function zSlot(p: i32): f64 { return f64At(ZSLOT, p); }
function zLog(p: i32): f64 { cachedPair(p, Z_LOG_MFG1, WORD_LOG_MFG1_PAIR, ZLOG, ZMFG1); return f64At(ZLOG, p); }
function pairOf(k: i32): i32 { return k == 1 ? WORD_MFG_REAPH_PAIRS_2 : k == 2 ? WORD_MFG_REAPH_PAIRS_3 : WORD_MFG_REAPH_PAIRS_4; }
function zMfg(p: i32, k: i32): f64 {
  if (k == 0) {
    cachedPair(p, Z_LOG_MFG1, WORD_LOG_MFG1_PAIR, ZLOG, ZMFG1);
    return f64At(ZMFG1, p);
  }
  return normal(p, pairOf(k), false);
}
function zReaph(p: i32, k: i32): f64 { return normal(p, pairOf(k + 1), true); }
function wOut(k: i32): i32 { return k == 0 ? WORD_OUT_1 : k == 1 ? WORD_OUT_2 : k == 2 ? WORD_OUT_3 : WORD_OUT_4; }
function wRel(k: i32): i32 { return k == 0 ? WORD_REL_1 : k == 1 ? WORD_REL_2 : k == 2 ? WORD_REL_3 : WORD_REL_4; }
function wRetry(k: i32): i32 { return k == 0 ? WORD_RETRY_1 : k == 1 ? WORD_RETRY_2 : WORD_RETRY_3; }

function grow(end: usize): void {
  const have = <usize>memory.size() << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) unreachable();
  }
}

/** Lays out the arrays of a replicate of the parameters' size (call after writing the parameters). */
export function layout(): void {
  patients = (<i32>param(Y_WARMUP_YEARS) + 1) * <i32>param(Y_PATIENTS);
  const n = <usize>patients;
  // At most one line per attempt is ever used: a heap of min(lines, 4 n) free times.
  const most = <f64>(4 * n);
  const lines = <usize>Math.min(most, Math.max(Math.min(param(Y_LINES), most), Math.min(param(YEARS_ARM_PARAMS + Y_LINES), most)));
  let at: usize = (__heap_base + 15) & ~<usize>15;
  WORDS = at; at += ((n + 3) >> 2) << 9;
  E = at; at += n << 3;
  READY = at; at += n << 3;
  TA = at; at += n << 3;
  END = at; at += n << 3;
  WAIT_FIRST = at; at += n << 3;
  WAIT_RETRY = at; at += n << 3;
  CLOCK = at; at += n << 3;
  ZADMIN = at; at += n << 3;
  ZSLOT = at; at += n << 3;
  ZLOG = at; at += n << 3;
  ZMFG1 = at; at += n << 3;
  PAIR_COST = at; at += n << 3;
  const heapR = at; at += n << 3;
  const firstR = at; at += n << 3;
  const lineTimes = at; at += lines << 3;
  const heapP = at; at += n << 2;
  const firstP = at; at += n << 2;
  setReadyArrays(E, heapR, heapP, firstR, firstP, lineTimes);
  // Scratch arrays, each used by steps that never overlap with the other use of its memory:
  // the lists of patients are made and read before the sort of first attempts and after the
  // queue (whose heap is then empty), and T_log is made after the arm's queue, which was the
  // last to read the ready times.
  LIST = heapP;
  T_LOG = READY;
  FLAGS = at; at += n;
  ATTEMPT = at; at += n;
  ATTEMPTS = at; at += n;
  RETRIES = at; at += n;
  BLOCKS = at; at += n;
  ZMADE = at; at += n;
  PAIR_STATE = at; at += n;
  grow(at);
}

/** The queue of the arm at parameter offset `a` over every patient; returns line-days busy in the reported year. */
function simulateArm(a: i32): f64 {
  const lambda = param(Y_LAMBDA);
  const yearStart = DAYS_PER_YEAR * param(Y_WARMUP_YEARS);
  const yearEnd = yearStart + DAYS_PER_YEAR;
  const pReferral = param(a + Y_P_REFERRAL);
  const pFunding = param(a + Y_P_FUNDING);
  const pApheresis = param(a + Y_P_APHERESIS);
  const pInSpec = param(a + Y_P_IN_SPEC);
  const pInSpecOrOos = param(a + Y_P_IN_SPEC_OR_OOS);
  const pOosReleased = param(a + Y_P_OOS_RELEASED);
  const pRetry = param(a + Y_P_RETRY);
  const maxAttempts = <i32>param(a + Y_MAX_ATTEMPTS);
  clearQueues();
  const n = patients;
  memory.fill(FLAGS, 0, <usize>n);
  memory.fill(ATTEMPTS, 0, <usize>n);
  memory.fill(RETRIES, 0, <usize>n);
  memory.fill(WAIT_RETRY, 0, <usize>n << 3);
  // Up to the first attempts, in steps over lists of patients (made without branches), so that
  // the draws' exponentials of one step run back to back, not each behind a branch that is as
  // good as random: the referred patients; their t_fund (in READY until r_1 replaces it); the
  // funding check and decision; r_1 of the funded, who make the list of first attempts.
  let referred = 0;
  for (let p = 0; p < n; p++) {
    store<i32>(LIST + (<usize>referred << 2), p);
    referred += <i32>(uniform(p, WORD_REF) < pReferral);
  }
  for (let j = 0; j < referred; j++) {
    const p = load<i32>(LIST + (<usize>j << 2));
    setF64(READY, p, logNormal(a + Y_ADMIN, zAdmin(p)));
  }
  let firsts = 0;
  for (let j = 0; j < referred; j++) {
    const p = load<i32>(LIST + (<usize>j << 2));
    const aliveAtFunding = clock(p) > lambda * f64At(READY, p);
    const funded = aliveAtFunding && uniform(p, WORD_FUND) < pFunding;
    setU8(FLAGS, p, REFERRED | (aliveAtFunding ? ALIVE_AT_FUNDING : 0) | (funded ? FUNDED : 0));
    store<i32>(FIRST_P + (<usize>firsts << 2), p);
    firsts += <i32>funded;
  }
  for (let j = 0; j < firsts; j++) {
    const p = load<i32>(FIRST_P + (<usize>j << 2));
    const r1 = f64At(READY, p) + logNormal(a + Y_SLOT, zSlot(p));
    setF64(READY, p, r1);
    setU8(ATTEMPT, p, 0);
    setF64(FIRST_R, j, f64At(E, p) + r1);
  }
  // The lines' free times: a heap, and `unused` lines never used yet; without capacity, none
  // (no attempt ever waits: the heap would never be read).
  let unused = param(a + Y_LINES); // +Infinity without capacity
  const unlimited = unused == Infinity;
  let busy: f64 = 0;
  sortFirst(firsts);
  let nextFirst = 0;
  while (nextFirst < firsts || heapSize > 0) {
    // The earlier (by `before`) of the next first attempt and the first retry.
    let r: f64, p: i32;
    if (heapSize > 0 && (nextFirst == firsts
      || before(f64At(HEAP_R, 0), load<i32>(HEAP_P), f64At(FIRST_R, nextFirst), load<i32>(FIRST_P + (<usize>nextFirst << 2))))) {
      r = f64At(HEAP_R, 0);
      p = load<i32>(HEAP_P);
      heapPop();
    } else {
      r = f64At(FIRST_R, nextFirst);
      p = load<i32>(FIRST_P + (<usize>nextFirst << 2));
      nextFirst++;
    }
    const k = <i32>u8At(ATTEMPT, p);
    const free = unused > 0 ? -Infinity : f64At(LINES, 0);
    const waited = free > r;
    const s = waited ? free : r;
    const start = waited ? free - f64At(E, p) : f64At(READY, p);
    const wait = waited ? free - r : 0.0;
    if (k == 0) {
      const E0 = clock(p);
      if (!(E0 > lambda * start)) {
        if (E0 > lambda * f64At(READY, p)) setU8(FLAGS, p, u8At(FLAGS, p) | LOST_WHILE_QUEUED);
        continue;
      }
      setU8(FLAGS, p, u8At(FLAGS, p) | ALIVE_AT_APHERESIS);
      setF64(WAIT_FIRST, p, wait);
      setF64(TA, p, start);
      if (!(uniform(p, WORD_APH) < pApheresis)) continue;
      setU8(FLAGS, p, u8At(FLAGS, p) | APHERESED);
    } else {
      setU8(RETRIES, p, u8At(RETRIES, p) + 1);
      setF64(WAIT_RETRY, p, f64At(WAIT_RETRY, p) + wait);
    }
    const mfg = logNormal(a + Y_MFG, zMfg(p, k));
    const lineFree = s + mfg;
    if (unused > 0) {
      if (!unlimited) {
        unused -= 1;
        linePush(lineFree);
      }
    } else {
      lineReplaceMin(lineFree);
    }
    const overlap = Math.min(lineFree, yearEnd) - Math.max(s, yearStart);
    if (overlap > 0) busy += overlap;
    setU8(ATTEMPTS, p, <u8>(k + 1));
    const end = start + mfg;
    setF64(END, p, end);
    const u = uniform(p, wOut(k));
    if (u < pInSpec || (u < pInSpecOrOos && uniform(p, wRel(k)) < pOosReleased)) {
      setU8(FLAGS, p, u8At(FLAGS, p) | MANUFACTURED);
      continue;
    }
    if (k + 1 < maxAttempts && uniform(p, wRetry(k)) < pRetry) {
      const next = end + logNormal(a + Y_REAPH, zReaph(p, k));
      setF64(READY, p, next);
      setU8(ATTEMPT, p, <u8>(k + 1));
      heapPush(f64At(E, p) + next, p);
    }
  }
  return busy;
}

/**
 * Infusion, outcomes and costs of the reported year's patients (src/model/patient-tally.ts), into arm `arm`'s blocks.
 * The sums are kept in locals and stored at the end: each is made over the patients in the same
 * order as the reference's, and the counts (sums of 0 and 1, or of small integers) are integers,
 * exact in float64 either way.
 */
function tallyArm(arm: i32, busy: f64): void {
  const a = arm * YEARS_ARM_PARAMS;
  const o = arm * ARM_SIZE;
  const q = arm == 0 ? QUEUE_COMMERCIAL : QUEUE_POC;
  const lambda = param(Y_LAMBDA);
  const lambdaBridging = param(Y_LAMBDA_BRIDGING);
  const pOs1Untreated = param(Y_P_OS1_UNTREATED);
  const pInSpec = param(a + Y_P_IN_SPEC);
  const pOrr = param(a + Y_P_ORR);
  const pCr = param(a + Y_P_CR);
  const pOs1 = param(a + Y_P_OS1);
  const pPfs1 = param(a + Y_P_PFS1);
  const pCrs3 = param(a + Y_P_CRS3);
  const pIcans3 = param(a + Y_P_ICANS3);
  const payment = <i32>param(a + Y_PAYMENT);
  const price = param(a + Y_PRICE);
  const apheresisCost = param(a + Y_APHERESIS_COST);
  const bridgingCostPerDay = param(a + Y_BRIDGING_COST_PER_DAY);
  const infusionCost = param(a + Y_INFUSION_COST);
  const crsCost = param(a + Y_CRS_COST);
  const icansCost = param(a + Y_ICANS_COST);
  const N = <i32>param(Y_PATIENTS);
  const from = <i32>param(Y_WARMUP_YEARS) * N;
  // Counts.
  let nReferred = 0, nAliveAtFunding = 0, nFunded = 0, nAliveAtApheresis = 0, nApheresed = 0, nManufactured = 0;
  let nInfused = 0, nResponses = 0, nCompleteResponses = 0, nProgressionFree = 0, nAlive = 0, nCrs = 0, nIcans = 0;
  let sAttempts = 0, sAttemptsSq = 0, sReaphereses = 0, sReapheresesSq = 0, nOosReleased = 0;
  let sPaidUnits = 0, sPaidUnitsSq = 0, sAttemptsXPaidUnits = 0, nInfusedAlive = 0, nCompleteAlive = 0, nCompleteRemission = 0;
  let nLostWhileQueued = 0, nWaitFirst = 0, nRetries = 0;
  // Sums.
  let v2vSum: f64 = 0, v2vSq: f64 = 0;
  let productSum: f64 = 0, productSq: f64 = 0, apheresisSum: f64 = 0, apheresisSq: f64 = 0;
  let bridgingSum: f64 = 0, bridgingSq: f64 = 0, infusionSum: f64 = 0, infusionSq: f64 = 0;
  let adverseSum: f64 = 0, adverseSq: f64 = 0, costSum: f64 = 0, costSq: f64 = 0;
  let costXInfused: f64 = 0, costXComplete: f64 = 0, costXAlive: f64 = 0, costXRemission: f64 = 0;
  let waitFirstSum: f64 = 0, waitFirstSq: f64 = 0, waitRetrySum: f64 = 0;
  // T_log of the manufactured patients first, back to back (a list made without branches).
  let manufacturedCount = 0;
  for (let p = from; p < from + N; p++) {
    store<i32>(LIST + (<usize>manufacturedCount << 2), p);
    manufacturedCount += (<i32>u8At(FLAGS, p) & MANUFACTURED) != 0 ? 1 : 0;
  }
  for (let j = 0; j < manufacturedCount; j++) {
    const p = load<i32>(LIST + (<usize>j << 2));
    setF64(T_LOG, p, logNormal(a + Y_LOGISTICS, zLog(p)));
  }
  for (let p = from; p < from + N; p++) {
    const flags = u8At(FLAGS, p);
    if (flags & LOST_WHILE_QUEUED) nLostWhileQueued++;
    if ((flags & ALIVE_AT_APHERESIS) == 0) {
      // Lost before apheresis: no attempt, no cost, no wait; only the funnel's counts and
      // survival. (The other slots would each get + 0, which changes no sum: skipped.)
      nReferred += <i32>flags & REFERRED;
      nAliveAtFunding += (<i32>flags & ALIVE_AT_FUNDING) >> 1;
      nFunded += (<i32>flags & FUNDED) >> 2;
      const aliveLost = <u8>(uniform(p, WORD_OS) < pOs1Untreated);
      nAlive += <i32>aliveLost;
      // Cost 0, so its economics slots get + 0 (skipped) but for the pair: its state (dead or
      // progressed), and d cost x d remission (poc's cost minus commercial's).
      pairTally(arm, p, 0.0, aliveLost, 0, 0);
      continue;
    }
    // Alive at apheresis, so referred, alive at funding and funded.
    nReferred++;
    nAliveAtFunding++;
    nFunded++;
    nAliveAtApheresis++;
    const apheresed = (flags & APHERESED) != 0;
    const manufactured = (flags & MANUFACTURED) != 0;
    const attempts = <i32>u8At(ATTEMPTS, p);
    const reaphereses = attempts > 0 ? attempts - 1 : 0;
    let oosReleased = 0;
    let infused = 0;
    let v2v: f64 = 0;
    let bridgingDays: f64 = 0;
    if (apheresed) {
      const E0 = clock(p);
      const tA = f64At(TA, p);
      const t = f64At(END, p);
      const k = attempts - 1;
      if (manufactured && !(uniform(p, wOut(k)) < pInSpec)) oosReleased = 1;
      const tP = tA + (E0 - lambda * tA) / lambdaBridging;
      let bridgingEnd = t;
      if (manufactured) {
        const tI = t + f64At(T_LOG, p);
        bridgingEnd = tI;
        const H = lambda * tA + (tI > tA ? lambdaBridging * (tI - tA) : 0.0);
        if (E0 > H) {
          infused = 1;
          v2v = tI - tA;
        }
      }
      bridgingDays = Math.max(0, Math.min(bridgingEnd, tP) - tA);
    }
    if (apheresed) nApheresed++;
    if (manufactured) nManufactured++;
    // Outcomes without branches (they are as good as random): every one 0 unless infused, and
    // a patient not infused adds + 0 to the vein-to-vein sums and histogram (changing nothing).
    const uOs = uniform(p, WORD_OS);
    const uResp = uniform(p, WORD_RESP);
    const response = infused & <i32>(uResp < pOrr);
    const completeResponse = infused & <i32>(uResp < pCr);
    const alive = select<i32>(<i32>(uOs < pOs1), <i32>(uOs < pOs1Untreated), infused != 0);
    const remission = infused & <i32>(uOs < pPfs1);
    const crs = infused & <i32>(uniform(p, WORD_CRS) < pCrs3);
    const icans = infused & <i32>(uniform(p, WORD_ICANS) < pIcans3);
    nInfused += infused;
    const bin = v2v < 180 ? <i32>Math.floor(v2v) : 180;
    add(o + ARM_HIST + bin, <f64>infused);
    v2vSum += v2v;
    v2vSq += v2v * v2v;
    nProgressionFree += remission;
    nResponses += response;
    nCompleteResponses += completeResponse;
    nCrs += crs;
    nIcans += icans;
    nAlive += alive;
    sAttempts += attempts;
    sAttemptsSq += attempts * attempts;
    sReaphereses += reaphereses;
    sReapheresesSq += reaphereses * reaphereses;
    nOosReleased += oosReleased;
    const units = payment == 0 ? infused : payment == 1 ? attempts : response;
    const paidUnits = <f64>units;
    const product = price * paidUnits;
    const apheresis = apheresisCost * (1.0 + <f64>reaphereses);
    const bridging = bridgingCostPerDay * bridgingDays;
    const infusion = infusionCost * <f64>infused;
    const adverseEvents = crsCost * <f64>crs + icansCost * <f64>icans;
    const cost = product + apheresis + bridging + infusion + adverseEvents;
    productSum += product;
    productSq += product * product;
    apheresisSum += apheresis;
    apheresisSq += apheresis * apheresis;
    bridgingSum += bridging;
    bridgingSq += bridging * bridging;
    infusionSum += infusion;
    infusionSq += infusion * infusion;
    adverseSum += adverseEvents;
    adverseSq += adverseEvents * adverseEvents;
    costSum += cost;
    costSq += cost * cost;
    costXInfused += cost * <f64>infused;
    costXComplete += cost * <f64>completeResponse;
    costXAlive += cost * <f64>alive;
    sPaidUnits += units;
    sPaidUnitsSq += units * units;
    sAttemptsXPaidUnits += attempts * units;
    costXRemission += cost * <f64>remission;
    nInfusedAlive += infused * alive;
    nCompleteAlive += completeResponse * alive;
    nCompleteRemission += completeResponse * remission;
    pairTally(arm, p, cost, <u8>(remission ? 2 : alive ? 1 : 0), infused, completeResponse);
    // The queue block (alive at apheresis).
    const w = f64At(WAIT_FIRST, p);
    nWaitFirst++;
    waitFirstSum += w;
    waitFirstSq += w * w;
    add(q + Q_HIST + waitBin(w), 1);
    nRetries += <i32>u8At(RETRIES, p);
    waitRetrySum += f64At(WAIT_RETRY, p);
  }
  add(o + T_REFERRED, <f64>nReferred);
  add(o + T_ALIVE_AT_FUNDING, <f64>nAliveAtFunding);
  add(o + T_FUNDED, <f64>nFunded);
  add(o + T_ALIVE_AT_APHERESIS, <f64>nAliveAtApheresis);
  add(o + T_APHERESED, <f64>nApheresed);
  add(o + T_MANUFACTURED, <f64>nManufactured);
  add(o + T_INFUSED, <f64>nInfused);
  add(o + T_V2V_SUM, v2vSum);
  add(o + T_V2V_SQ, v2vSq);
  add(o + T_RESPONSES, <f64>nResponses);
  add(o + T_COMPLETE_RESPONSES, <f64>nCompleteResponses);
  add(o + T_PROGRESSION_FREE_1Y, <f64>nProgressionFree);
  add(o + T_CRS3, <f64>nCrs);
  add(o + T_ICANS3, <f64>nIcans);
  add(o + T_ALIVE_1Y, <f64>nAlive);
  add(o + T_ATTEMPTS, <f64>sAttempts);
  add(o + T_ATTEMPTS + 1, <f64>sAttemptsSq);
  add(o + T_REAPHERESES, <f64>sReaphereses);
  add(o + T_REAPHERESES + 1, <f64>sReapheresesSq);
  add(o + T_OOS_RELEASED, <f64>nOosReleased);
  add(o + T_OOS_RELEASED + 1, <f64>nOosReleased);
  add(o + T_PRODUCT_COST, productSum);
  add(o + T_PRODUCT_COST + 1, productSq);
  add(o + T_APHERESIS_COST, apheresisSum);
  add(o + T_APHERESIS_COST + 1, apheresisSq);
  add(o + T_BRIDGING_COST, bridgingSum);
  add(o + T_BRIDGING_COST + 1, bridgingSq);
  add(o + T_INFUSION_COST, infusionSum);
  add(o + T_INFUSION_COST + 1, infusionSq);
  add(o + T_ADVERSE_EVENTS_COST, adverseSum);
  add(o + T_ADVERSE_EVENTS_COST + 1, adverseSq);
  add(o + T_COST, costSum);
  add(o + T_COST + 1, costSq);
  add(o + T_COST_X_INFUSED, costXInfused);
  add(o + T_COST_X_COMPLETE_RESPONSE, costXComplete);
  add(o + T_COST_X_ALIVE_1Y, costXAlive);
  add(o + T_PAID_UNITS, <f64>sPaidUnits);
  add(o + T_PAID_UNITS_SQ, <f64>sPaidUnitsSq);
  add(o + T_ATTEMPTS_X_PAID_UNITS, <f64>sAttemptsXPaidUnits);
  add(o + T_COST_X_REMISSION, costXRemission);
  add(o + T_INFUSED_ALIVE_1Y, <f64>nInfusedAlive);
  add(o + T_COMPLETE_RESPONSES_ALIVE_1Y, <f64>nCompleteAlive);
  add(o + T_COMPLETE_RESPONSES_REMISSION, <f64>nCompleteRemission);
  add(q + Q_LOST_WHILE_QUEUED, <f64>nLostWhileQueued);
  add(q + Q_WAIT_FIRST_COUNT, <f64>nWaitFirst);
  add(q + Q_WAIT_FIRST_SUM, waitFirstSum);
  add(q + Q_WAIT_FIRST_SQ, waitFirstSq);
  add(q + Q_WAIT_RETRY_COUNT, <f64>nRetries);
  add(q + Q_WAIT_RETRY_SUM, waitRetrySum);
  store<f64>(REPLICATE_TALLY + (<usize>(q + Q_BUSY_LINE_DAYS) << 3), busy);
}

/**
 * The pair slots of a reported patient (as src/queue/replicate.ts): the commercial arm (tallied
 * first) keeps its cost, one-year state, infusion and complete response; the poc arm adds the
 * differences' sums (version 1's pair slots, d cost x d remission) and the cell of the 3 x 3
 * table of states.
 */
// @ts-ignore: decorator
@inline function pairTally(arm: i32, p: i32, cost: f64, state: u8, infused: i32, completeResponse: i32): void {
  if (arm == 0) {
    setF64(PAIR_COST, p, cost);
    setU8(PAIR_STATE, p, <u8>(<i32>state | (infused << 2) | (completeResponse << 3)));
    return;
  }
  const packed = <i32>u8At(PAIR_STATE, p);
  const com = packed & 3;
  const dInf = <f64>(infused - ((packed >> 2) & 1));
  const dCr = <f64>(completeResponse - ((packed >> 3) & 1));
  const dAlive = <f64>((state == 0 ? 0 : 1) - (com == 0 ? 0 : 1));
  const dCost = cost - f64At(PAIR_COST, p);
  add(T_D_INFUSED_SQ, dInf * dInf);
  add(T_D_COMPLETE_RESPONSES_SQ, dCr * dCr);
  add(T_D_ALIVE_1Y_SQ, dAlive * dAlive);
  add(T_D_COST, dCost);
  add(T_D_COST_SQ, dCost * dCost);
  add(T_D_COST_X_D_ALIVE_1Y, dCost * dAlive);
  add(T_D_COST_X_D_REMISSION, dCost * <f64>((state == 2 ? 1 : 0) - (com == 2 ? 1 : 0)));
  add(T_STATES + 3 * com + <i32>state, 1);
}

/** The bin of a first wait of w days (as src/model/queue-layout.ts). */
function waitBin(w: f64): i32 {
  if (w <= 0) return 0;
  if (w < WAIT_FINE_DAYS) return 1 + <i32>Math.floor(w * WAIT_FINE_PER_DAY);
  if (w >= WAIT_MAX_DAYS) return WAIT_OVERFLOW_BIN;
  const g = <i32>Math.floor(WAIT_GEOMETRIC_PER_DOUBLING * JSMath.log2(w / WAIT_FINE_DAYS));
  return 1 + WAIT_FINE_BINS + min(WAIT_GEOMETRIC_BINS - 1, g);
}

/** The tally of replicate r into REPLICATE_TALLY (parameters written and `layout` called). */
export function runReplicate(r: u32): void {
  const seed = <u32>param(Y_SEED);
  const N = <i32>param(Y_PATIENTS);
  const years = <i32>param(Y_WARMUP_YEARS) + 1;
  seedNow = seed;
  replicateNow = r;
  patientsPerYear = N;
  memory.fill(ZMADE, 0, <usize>patients);
  // The eager blocks of every patient: a group of four patients of one year at once, a group
  // across two years (or past the last patient) lane by lane.
  let keyYear = -1;
  for (let g = 0; g < (patients + 3) >> 2; g++) {
    const p0 = g << 2;
    const y = p0 / N;
    const i0 = p0 - y * N;
    if (i0 + 4 <= N) {
      if (y != keyYear) {
        setKey4(seed, STREAM_CAPA, r, <u32>y);
        keyYear = y;
      }
      philoxGroup(<u32>i0, EAGER_BLOCKS, WORDS + (<usize>g << 9));
    } else {
      for (let p = p0; p < min(p0 + 4, patients); p++) {
        for (let b = 0; b < 8; b++) if ((EAGER_BLOCKS >> b) & 1) scalarBlock(p, b);
      }
    }
  }
  memory.fill(BLOCKS, <u8>EAGER_BLOCKS, <usize>patients);
  for (let y = 0; y < years; y++) {
    for (let p = y * N; p < (y + 1) * N; p++) setF64(E, p, DAYS_PER_YEAR * (<f64>y + uniform(p, WORD_ARRIVAL)));
  }
  // The draws every referred patient's journey starts with (its disease clock, T_admin's and
  // T_slot's normals), made here for the patients referred in either arm, in one loop.
  const referral = Math.max(param(Y_P_REFERRAL), param(YEARS_ARM_PARAMS + Y_P_REFERRAL));
  let referred = 0;
  for (let p = 0; p < patients; p++) {
    store<i32>(LIST + (<usize>referred << 2), p);
    referred += <i32>(uniform(p, WORD_REF) < referral);
  }
  for (let j = 0; j < referred; j++) {
    const p = load<i32>(LIST + (<usize>j << 2));
    setF64(CLOCK, p, 0.0 - JSMath.log(1.0 - uniform(p, WORD_CLOCK)));
    pairInto(p, WORD_ADMIN_SLOT_PAIR, ZADMIN, ZSLOT);
  }
  memory.fill(REPLICATE_TALLY, 0, <usize>REPLICATE_TALLY_SIZE << 3);
  for (let arm = 0; arm < 2; arm++) {
    const busy = simulateArm(arm * YEARS_ARM_PARAMS);
    tallyArm(arm, busy);
  }
  store<f64>(REPLICATE_TALLY + (<usize>T_PATIENTS << 3), <f64>N);
}
