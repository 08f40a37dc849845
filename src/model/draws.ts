/**
 * A patient's random numbers, decoded from the 32 Philox words of `random/stream.ts`
 * (the layout and order are documented there). Both arms read the same object.
 */

import { boxMuller, standardExponential, uniform } from '../distributions/index.js';
import { WORD } from '../random/stream.js';

export const MAX_ATTEMPTS = 4;

export class PatientDraws {
  uRef = 0;
  uFund = 0;
  uAph = 0;
  /** The disease clock E ~ Exp(1). */
  clock = 0;
  zAdmin = 0;
  zSlot = 0;
  zLog = 0;
  readonly zMfg = new Float64Array(MAX_ATTEMPTS);
  /** z of the re-apheresis wait after a failed attempt k (k = 1..3). */
  readonly zReaph = new Float64Array(MAX_ATTEMPTS - 1);
  readonly uOut = new Float64Array(MAX_ATTEMPTS);
  readonly uRel = new Float64Array(MAX_ATTEMPTS);
  readonly uRetry = new Float64Array(MAX_ATTEMPTS - 1);
  uResp = 0;
  uOs = 0;
  uCrs = 0;
  uIcans = 0;

  private readonly pair = new Float64Array(2);

  /** Decodes the 32 words of one patient. */
  decode(w: Uint32Array): void {
    this.uRef = uniform(w[WORD.ref]);
    this.uFund = uniform(w[WORD.fund]);
    this.uAph = uniform(w[WORD.aph]);
    this.clock = standardExponential(uniform(w[WORD.clock]));
    const z = this.pair;
    boxMuller(uniform(w[WORD.adminSlotPair]), uniform(w[WORD.adminSlotPair + 1]), z, 0);
    this.zAdmin = z[0];
    this.zSlot = z[1];
    boxMuller(uniform(w[WORD.logMfg1Pair]), uniform(w[WORD.logMfg1Pair + 1]), z, 0);
    this.zLog = z[0];
    this.zMfg[0] = z[1];
    for (let k = 1; k < MAX_ATTEMPTS; k++) {
      const at = WORD.mfgReaphPairs[k - 1];
      boxMuller(uniform(w[at]), uniform(w[at + 1]), z, 0);
      this.zMfg[k] = z[0];
      this.zReaph[k - 1] = z[1];
    }
    for (let k = 0; k < MAX_ATTEMPTS; k++) {
      this.uOut[k] = uniform(w[WORD.out[k]]);
      this.uRel[k] = uniform(w[WORD.rel[k]]);
    }
    for (let k = 0; k < MAX_ATTEMPTS - 1; k++) this.uRetry[k] = uniform(w[WORD.retry[k]]);
    this.uResp = uniform(w[WORD.resp]);
    this.uOs = uniform(w[WORD.os]);
    this.uCrs = uniform(w[WORD.crs]);
    this.uIcans = uniform(w[WORD.icans]);
  }
}
