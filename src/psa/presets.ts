/**
 * The uncertainty of a preset, from the sample sizes of its sources.
 *
 * Outcomes (seed paper's Table 2): each outcome probability of an arm (pOrr, pCr, pOs1, pPfs1,
 * pCrs3, pIcans3) becomes `{ "value": p, "n": n }`, n being the patient count of the trial or
 * series its source names (`... 1297 pts`, `35 enrolled, 30 infused` -> 30, the infused patients
 * who carry the outcomes). An outcome whose source names no count (an assumption, such as an ORR
 * taken equal to the CRR) takes the count of its arm's trial: its uncertainty is at least that
 * of the arm's data. An outcome of the poc arm that the preset takes equal to the commercial
 * arm's ("assumed equal", "taken equal to", with the same value) becomes `"same"`, so both arms
 * draw it together.
 *
 * Access and manufacturing (pReferral, pFunding, pApheresis, pInSpec, pOos, pOosReleased,
 * pRetry, and the durations adminDays, slotWaitDays, mfgDays, reapheresisDays, logisticsDays):
 * the sample size n of the parameter's source, the first of
 *   1. a count its source names (`2 of 35` -> 35, `981 LBCL patients`, `73 pts`);
 *   2. for a number the preset keeps from the default arms, the data MODEL.md cites for it
 *      (`DEFAULT_SAMPLE_SIZES`: the commercial arm's manufacturing, the UK National CAR-T Panel's
 *      981 LBCL patients);
 *   3. for an assumption, `ASSUMPTION_SAMPLE_SIZE`;
 *   4. the counts of the series its source cites first by reference number (`ref. 25` -> 255,
 *      from the preset sources that name that reference with a count; `refs. 29, 30, 39`: the
 *      sum, the series pooled);
 *   5. otherwise (a source without a count) `ASSUMPTION_SAMPLE_SIZE`.
 * A probability strictly between 0 and 1 becomes a Beta `{ value, n }` (0 and 1, such as "no
 * out-of-specification split", stay fixed). A duration's median is scaled by a log-normal factor
 * whose spread is that of the median of n draws of the duration: the duration's log-sd
 * s = ln(p90 / median) / 1.2816, the log-median's standard error sqrt(pi / 2) s / sqrt(n), and
 * the factor's 90th percentile exp(1.2816 x that) (a duration with p90 = median, or median 0,
 * stays fixed). A poc parameter with the commercial arm's value and the same source (the same
 * assumption, such as pApheresis 0.95 in both arms) becomes `"same"`. maxAttempts (an integer),
 * capacity and the costs stay fixed.
 *
 * Presets themselves, `presets` and point runs are unchanged (the central values are the
 * preset's): this only builds the PSA scenario that `psa --preset` and the explorer run.
 */

import { presets as allPresets, type Preset } from '../presets/index.js';
import type { ArmName } from '../scenario/types.js';
import { resolvePsaScenario, type PsaScenario } from './validate.js';

const OUTCOMES = ['pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3'] as const;
/** Access and manufacturing probabilities given a Beta (MODEL.md's arm table, in its order). */
export const PROCESS_PROBABILITIES = ['pReferral', 'pFunding', 'pApheresis', 'pInSpec', 'pOos', 'pOosReleased', 'pRetry'] as const;
/** Access and manufacturing durations given a scale factor. */
export const PROCESS_DURATIONS = ['adminDays', 'slotWaitDays', 'mfgDays', 'reapheresisDays', 'logisticsDays'] as const;

/**
 * The effective sample size of a number that is an assumption (or whose source names no count):
 * as uncertain as a series of 50 patients. An assumption of ours, stated in the view and the
 * README; a file of one's own (`uncertainty`) replaces it.
 */
export const ASSUMPTION_SAMPLE_SIZE = 50;

/**
 * Sample sizes of the data MODEL.md cites for numbers of the default arms, by path: used while
 * a preset keeps the default's number (its source is the default's).
 */
export const DEFAULT_SAMPLE_SIZES: Readonly<Record<string, { n: number; source: string }>> = Object.freeze({
  'arms.commercial.pInSpec': { n: 981, source: 'UK National CAR-T Panel, 981 LBCL patients (MODEL.md defaults)' },
  'arms.commercial.pOos': { n: 981, source: 'UK National CAR-T Panel, 981 LBCL patients (MODEL.md defaults)' },
  'arms.commercial.pRetry': { n: 981, source: 'UK National CAR-T Panel, 981 LBCL patients (MODEL.md defaults)' },
});

/** The patient count a source string names, or undefined. */
export function patientCount(source: string): number | undefined {
  const infused = /(\d+) infused/.exec(source);
  if (infused) return Number(infused[1]);
  const m = /(\d+) (?:[A-Za-z]+ )?(?:pts|patients)\b/.exec(source);
  return m ? Number(m[1]) : undefined;
}

/** The count of a manufacturing or access source: `N of M` -> M (the attempts), else `patientCount`. */
function processCount(source: string): number | undefined {
  const of = /\b\d+ of (\d+)\b/.exec(source);
  return of ? Number(of[1]) : patientCount(source);
}

/** The sum of the distinct patient counts named with each reference, over every preset's sources. */
function referenceCounts(): Map<number, number> {
  const counts = new Map<number, Set<number>>();
  for (const p of allPresets) {
    for (const source of Object.values(p.sources)) {
      const m = /\bref\. (\d+) \(([^)]*)\)/.exec(source);
      const n = m ? patientCount(m[2]) : undefined;
      if (!m || n === undefined) continue;
      const ref = Number(m[1]);
      if (!counts.has(ref)) counts.set(ref, new Set());
      counts.get(ref)!.add(n);
    }
  }
  return new Map([...counts].map(([ref, ns]) => [ref, [...ns].reduce((a, b) => a + b, 0)]));
}

let refCounts: Map<number, number> | undefined;

/** The references a source cites first (`ref. 36`, `refs. 29, 30, 39`); later ones only corroborate. */
function citedRefs(source: string): number[] {
  const m = /\brefs?\. ((?:\d+(?:, | and )?)+)/.exec(source);
  return m ? [...new Set([...m[1].matchAll(/\d+/g)].map((d) => Number(d[0])))] : [];
}

/** The most frequent count among an arm's outcome sources (the first one on a tie). */
function armCount(preset: Preset, arm: ArmName): number | undefined {
  const counts = new Map<number, number>();
  for (const k of OUTCOMES) {
    const n = patientCount(preset.sources[`arms.${arm}.${k}`] ?? '');
    if (n !== undefined) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [n, c] of counts) if (c > bestCount) [best, bestCount] = [n, c];
  return best;
}

/** The sample size of an access or manufacturing parameter, and why (see the file's comment). */
export function processSampleSize(preset: Preset, path: string): { n: number; why: string } {
  const source = preset.sources[path] ?? '';
  const own = processCount(source);
  if (own !== undefined) return { n: own, why: `the count its source names (${source})` };
  const known = DEFAULT_SAMPLE_SIZES[path];
  const defaults = allPresets.find((p) => p.name === 'default');
  if (known && defaults && defaults.sources[path] === source) return { n: known.n, why: known.source };
  const assumed = { n: ASSUMPTION_SAMPLE_SIZE, why: `an assumption: as uncertain as a series of ${ASSUMPTION_SAMPLE_SIZE} patients (its source names no count: ${source})` };
  if (/^assumption\b/.test(source)) return assumed;
  refCounts ??= referenceCounts();
  const refs = citedRefs(source).filter((r) => refCounts!.has(r));
  if (refs.length > 0) {
    const n = refs.reduce((t, r) => t + refCounts!.get(r)!, 0);
    return { n, why: `the patients of the series its source cites (${refs.map((r) => `ref. ${r}: ${refCounts!.get(r)}`).join(', ')}; ${source})` };
  }
  return assumed;
}

/** The z-score of the 90th percentile. */
const Z90 = 1.2815515655446004;

/**
 * The 90th percentile of the factor that scales a duration's median: the spread of the median
 * of n draws of a log-normal duration with this median and p90 (1 when it has no spread).
 */
export function durationFactorP90(median: number, p90: number, n: number): number {
  if (!(median > 0) || !(p90 > median)) return 1;
  const s = Math.log(p90 / median) / Z90;
  return Math.exp((Z90 * Math.sqrt(Math.PI / 2) * s) / Math.sqrt(n));
}

export interface PresetUncertainty {
  /** A scenario file (to lay onto the preset's scenario) with the uncertain parameters. */
  file: { arms: Record<ArmName, Record<string, unknown>> };
  /** Where each uncertainty comes from, by path. */
  notes: Record<string, string>;
  /** The same in a few words, by path (`UK National CAR-T Panel, 981 LBCL patients`, `an assumption`), for a list on screen. */
  basis: Record<string, string>;
}

/** The uncertain parameters of a preset, as a scenario file to lay onto its scenario. */
export function presetUncertaintyFile(preset: Preset): PresetUncertainty {
  const file: PresetUncertainty['file'] = { arms: { commercial: {}, poc: {} } };
  const notes: Record<string, string> = {};
  const basis: Record<string, string> = {};
  const arms = preset.scenario.arms;
  for (const arm of ['commercial', 'poc'] as const) {
    const fallback = armCount(preset, arm);
    for (const k of OUTCOMES) {
      const path = `arms.${arm}.${k}`;
      const source = preset.sources[path] ?? '';
      const value = arms[arm][k];
      if (arm === 'poc' && /assumed equal|taken equal to/.test(source) && value === arms.commercial[k] && typeof file.arms.commercial[k] === 'object') {
        file.arms.poc[k] = 'same';
        notes[path] = 'same as the commercial arm in every draw (the preset assumes equal efficacy and safety)';
        continue;
      }
      const own = patientCount(source);
      const n = own ?? fallback;
      if (n === undefined || !(value > 0 && value < 1)) continue;
      file.arms[arm][k] = { value, n };
      basis[path] = own !== undefined ? 'the patients of its trial or series' : 'the patients of its arm\'s trial (its own source names none)';
      notes[path] = own !== undefined
        ? `Beta with n = ${n}, the patient count of its source (${source})`
        : `Beta with n = ${n}, the patient count of the arm's trial (its own source names none: ${source})`;
    }
    for (const k of [...PROCESS_PROBABILITIES, ...PROCESS_DURATIONS]) {
      const path = `arms.${arm}.${k}`;
      const value = arms[arm][k];
      if (arm === 'poc' && preset.sources[path] === preset.sources[`arms.commercial.${k}`]
        && JSON.stringify(value) === JSON.stringify(arms.commercial[k]) && file.arms.commercial[k] !== undefined) {
        file.arms.poc[k] = 'same';
        notes[path] = 'same as the commercial arm in every draw (the same number from the same source)';
        continue;
      }
      const { n, why } = processSampleSize(preset, path);
      basis[path] = why.startsWith('an assumption') ? 'an assumption'
        : why.startsWith('the count its source') ? 'the patients its source counts'
          : why.startsWith('the patients of the series') ? `the series its source cites (${why.slice(why.indexOf('(') + 1, why.indexOf(';'))})`
            : why;
      if (typeof value === 'number') {
        if (!(value > 0 && value < 1)) continue;
        file.arms[arm][k] = { value, n };
        notes[path] = `Beta with n = ${n}: ${why}`;
      } else {
        const d = value as { median: number; p90: number };
        const factor = durationFactorP90(d.median, d.p90, n);
        if (!(factor > 1)) continue;
        file.arms[arm][k] = { median: d.median, p90: d.p90, uncertainty: { p90: d.median * factor } };
        notes[path] = `median scaled by a log-normal factor with 90th percentile ${factor.toFixed(3)}, the spread of the median of ${n} patients: ${why}`;
      }
    }
  }
  return { file, notes, basis };
}

/** The PSA scenario of a preset: its scenario with the uncertain parameters of `presetUncertaintyFile`. */
export function presetUncertainty(preset: Preset): PsaScenario {
  return resolvePsaScenario(presetUncertaintyFile(preset).file, preset.scenario);
}
